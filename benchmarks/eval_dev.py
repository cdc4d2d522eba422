"""Measure the stance model on the hand-labelled development set (real third-party articles).

Cross-validation on our own writing flatters a model; this is the figure that counts. Each
labelled unit of ``tests/data/dev_stance.jsonl`` is mapped to our passages of the same file
by overlap, and gets the overlap-weighted mean of their probabilities. The development labels
are for measuring only: the shipped model never trains on them or on the corpus text.

Run: .venv/bin/python benchmarks/eval_dev.py [--fresh] [--set NAME=VALUE ...] [--errors]
  --fresh   train a model on the bootstrap set now (with --set overrides) instead of loading
            the shipped one, to try settings before rebuilding the shipped model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.corpus import LABELS, Document  # noqa: E402
from analysis.segment import segment  # noqa: E402
from analysis.stance.model import StanceModel, load_shipped  # noqa: E402
from analysis.stance.pipeline import Settings  # noqa: E402
from analysis.stance.training import fit, load_bootstrap, metrics_for  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "corpus"
DEV_FILE = ROOT / "tests" / "data" / "dev_stance.jsonl"


def load_units(path: Path = DEV_FILE) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def unit_probabilities(model: StanceModel, units: list[dict], corpus: Path) -> np.ndarray:
    """(n_units, 3) probabilities from the passages each unit overlaps."""
    out = np.zeros((len(units), len(LABELS)))
    for name in sorted({u["file"] for u in units}):
        text = (corpus / name).read_text(encoding="utf-8")
        passages = segment(Document(file=name, text=text))
        proba = model.predict_proba([p.text for p in passages])
        for i, unit in enumerate(units):
            if unit["file"] != name:
                continue
            overlap = np.array([max(0, min(unit["end"], p.end) - max(unit["start"], p.start))
                                for p in passages], dtype=float)
            if overlap.sum() == 0:
                out[i] = model.predict_proba([text[unit["start"]:unit["end"]]])[0]
            else:
                out[i] = overlap @ proba / overlap.sum()
    return out


def evaluate(model: StanceModel, corpus: Path = CORPUS, units: list[dict] | None = None):
    units = units if units is not None else load_units()
    proba = unit_probabilities(model, units, corpus)
    predicted = [LABELS[k] for k in proba.argmax(axis=1)]
    return metrics_for([u["label"] for u in units], predicted), proba


def print_metrics(metrics: dict, title: str) -> None:
    print(f"{title}: macro-F1 {metrics['macro_f1']:.3f}")
    for label, row in metrics["per_class"].items():
        print(f"  {label:<11} P {row['precision']:.3f}  R {row['recall']:.3f}  "
              f"F1 {row['f1']:.3f}  n={row['support']}")
    print("  confusion (rows true, columns predicted; " + ", ".join(LABELS) + ")")
    for label, row in zip(LABELS, metrics["confusion"], strict=True):
        print(f"    {label:<11} " + " ".join(f"{v:5d}" for v in row))


def print_errors(units: list[dict], proba: np.ndarray, corpus: Path) -> None:
    for unit, p in zip(units, proba, strict=True):
        guess = LABELS[int(p.argmax())]
        if guess != unit["label"]:
            text = (corpus / unit["file"]).read_text(encoding="utf-8")[unit["start"]:unit["end"]]
            print(f"- {unit['file'][:3]} {unit['start']:>6} true {unit['label']:<10} "
                  f"pred {guess:<10} p={np.round(p, 2)} | {text[:150]}")


def parse_overrides(pairs: list[str]) -> dict:
    overrides = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key not in Settings.__dataclass_fields__:
            raise SystemExit(f"unknown setting: {key}")
        overrides[key] = type(getattr(Settings(), key))(json.loads(value))
    return overrides


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not DEV_FILE.is_file() or not args.corpus.is_dir():
        print("development set or corpus not found", file=sys.stderr)
        return 1
    if args.fresh:
        settings = Settings(**parse_overrides(args.set))
        texts, labels = load_bootstrap()
        model = StanceModel(fit(texts, labels, None, settings), settings,
                            training_size=len(texts))
    else:
        model = load_shipped()
    units = load_units()
    metrics, proba = evaluate(model, args.corpus, units)
    print_metrics(metrics, f"development set ({len(units)} units, model {model.name}, "
                           f"trained on {model.training_size})")
    print("  mean probabilities: " + ", ".join(
        f"{label} {v:.2f}" for label, v in zip(LABELS, proba.mean(axis=0), strict=True)))
    if args.errors:
        print_errors(units, proba, args.corpus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
