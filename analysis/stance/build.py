"""Train the shipped stance model on the bootstrap set and write ``resources/model/``.

``python -m analysis.stance.build`` — deterministic: the same training files give the same
model files byte for byte, so a change in the shipped model always shows up in review.
"""

from __future__ import annotations

import json
import sys

from analysis.resources import resource_path
from analysis.stance.model import SHIPPED_JSON, SHIPPED_NPZ, load_shipped
from analysis.stance.pipeline import Settings
from analysis.stance.training import load_bootstrap, train

SHIPPED_SETTINGS = Settings()


def main(argv: list[str] | None = None) -> int:  # noqa: ARG001 - no options yet
    texts, labels = load_bootstrap()
    if not texts:
        print("no bootstrap training passages under resources/training", file=sys.stderr)
        return 1
    try:
        model, metrics = train(texts, labels, settings=SHIPPED_SETTINGS,
                               name=f"bootstrap-{len(texts)}")
    except ValueError as error:
        print(f"cannot train: {error}", file=sys.stderr)
        return 1
    params, arrays = model.to_payload()
    json_path, npz_path = resource_path(*SHIPPED_JSON), resource_path(*SHIPPED_NPZ)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(params, ensure_ascii=False, separators=(",", ":")) + "\n",
                         encoding="utf-8")
    npz_path.write_bytes(arrays)
    load_shipped.cache_clear()
    size = json_path.stat().st_size + npz_path.stat().st_size
    print(f"trained on {len(texts)} passages; cross-validated macro-F1 "
          f"{metrics['macro_f1']:.3f} ({metrics['folds']} folds)")
    for label, row in metrics["per_class"].items():
        print(f"  {label:<11} P {row['precision']:.3f}  R {row['recall']:.3f}  "
              f"F1 {row['f1']:.3f}  n={row['support']}")
    print(f"wrote {json_path.name} and {npz_path.name} ({size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
