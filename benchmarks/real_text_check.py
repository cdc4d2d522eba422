"""Measure the shipped model on the locked part of the development set and record it for the
researcher (``resources/model/real_text_check.json``, read by the Model tab and the report).

This is a locked reading: run it once after a change to the shipped model, when the locked
figure is read anyway, and never to choose a setting. The figures are those of
``eval_dev.py --locked --adapt`` (each unit's probabilities adapted to the part's estimated
stance mix, as the window adapts a corpus); the file names the model by its fingerprint.

Run: .venv/bin/python benchmarks/real_text_check.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.resources import resource_path  # noqa: E402
from analysis.stance.model import StanceModel, read_shipped_payload  # noqa: E402
from analysis.stance.priors import MAX_RATIO, STRENGTH  # noqa: E402
from analysis.stance.real_text import CHECK_FILE, fingerprint  # noqa: E402
from benchmarks.eval_dev import CORPUS, adapter, report, unit_probabilities  # noqa: E402
from tests.data.devset import load_split  # noqa: E402

SOURCE = "{documents} published posts and articles on health and care"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print("reference corpus not found", file=sys.stderr)
        return 1
    params, arrays = read_shipped_payload()
    model = StanceModel.from_payload(params, arrays)
    _, locked = load_split(args.corpus)
    true = [u["label"] for u in locked]
    proba = unit_probabilities(model, locked, args.corpus)
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        metrics = report("LOCKED part", true, proba, adapter(STRENGTH, MAX_RATIO))
    print(printed.getvalue(), end="")
    documents = len({u["doc"] for u in locked})
    check = {
        "model_sha256": fingerprint(params, arrays),
        "model": model.name,
        "measured": date.today().isoformat(),
        "units": len(locked),
        "documents": documents,
        "source": SOURCE.format(documents=documents),
        "adapted_to_corpus": True,
        **{k: metrics[k] for k in ("macro_f1", "accuracy", "ece", "per_class", "confusion")},
        "reliability": metrics["reliability"],
        "balanced_macro_f1": metrics["balanced_macro_f1"],
        "balanced_ece": metrics["balanced_ece"],
    }
    path = resource_path(*CHECK_FILE)
    path.write_text(json.dumps(check, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)} for model {model.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
