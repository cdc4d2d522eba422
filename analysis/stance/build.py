"""Train the shipped stance model on the bootstrap set and write ``resources/model/``.

``python -m analysis.stance.build`` — deterministic: the same training files give the same
model files byte for byte. The bootstrap layer is fitted on our own passages only; its
temperature is fitted on held-out real text when the development corpus is present (the
*tuning* part of ``tests/data/split.json``, never the locked part), otherwise on the
bootstrap cross-validation. A new model then needs its published-text measurement,
``benchmarks/real_text_check.py`` (:mod:`analysis.stance.real_text`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from analysis.corpus import LABELS
from analysis.resources import resource_path
from analysis.stance.calibration import ece, fit_temperature
from analysis.stance.model import SHIPPED_JSON, SHIPPED_NPZ, load_shipped
from analysis.stance.training import DEFAULTS, load_bootstrap, train

ROOT = Path(__file__).resolve().parents[2]


def tuning_units() -> list[dict]:
    """The tuning part of the development set with its text, or [] without the corpus."""
    sys.path.insert(0, str(ROOT))
    try:
        from tests.data.devset import load_split

        return load_split()[0]
    except (ImportError, FileNotFoundError, OSError):
        return []


def main(argv: list[str] | None = None) -> int:  # noqa: ARG001 - no options yet
    texts, labels = load_bootstrap()
    if not texts:
        print("no bootstrap training passages under resources/training", file=sys.stderr)
        return 1
    settings = {**DEFAULTS, "bootstrap_size": len(texts)}
    try:
        model, metrics = train(texts, labels, settings=settings, name=f"bootstrap-{len(texts)}")
    except ValueError as error:
        print(f"cannot train: {error}", file=sys.stderr)
        return 1
    units = tuning_units()
    if units:
        held = [u["text"] for u in units]
        true = [LABELS.index(u["label"]) for u in units]
        model.temperature = fit_temperature(model.base.logits(model.base.transform(held)), true)
        metrics["temperature_from"] = f"{len(units)} held-out tuning units of real text"
        metrics["tuning_ece"] = ece(model.predict_proba(held), true)
    metrics["temperature"] = model.temperature
    model.metrics = metrics
    params, arrays = model.to_payload()
    json_path, npz_path = resource_path(*SHIPPED_JSON), resource_path(*SHIPPED_NPZ)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(
        json.dumps(params, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    npz_path.write_bytes(arrays)
    load_shipped.cache_clear()
    size = json_path.stat().st_size + npz_path.stat().st_size
    print(
        f"trained on {len(texts)} passages; cross-validated macro-F1 "
        f"{metrics['macro_f1']:.3f} ({metrics['folds']} folds); temperature "
        f"{model.temperature:.2f} ({metrics.get('temperature_from', 'bootstrap CV')})"
    )
    print(f"wrote {json_path.name} and {npz_path.name} ({size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
