"""Measure the stance model on the hand-labelled development set (real third-party articles).

Cross-validation on our own writing flatters a model; this is the figure that counts. Each
labelled unit of ``tests/data/dev_stance.jsonl`` is mapped to our passages of the same file
by overlap, and gets the overlap-weighted mean of their probabilities, after the passages of
each file have been smoothed with their neighbours exactly as ``classify_project`` does. Two
figures: macro-F1 on all units (mostly neutral, like the shared corpus) and the mean over
random draws of all sided units plus half as many neutral ones (closer to a test set split
evenly between the three stances). The development labels
are for measuring only: the shipped model never trains on them or on the corpus text.

Run: .venv/bin/python benchmarks/eval_dev.py [--fresh] [--set NAME=VALUE ...] [--errors]
                                             [--context W] [--doc-context W]
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
from analysis.stance.context import DOCUMENT_WEIGHT, NEIGHBOUR_WEIGHT, smooth  # noqa: E402
from analysis.stance.model import StanceModel, load_shipped  # noqa: E402
from analysis.stance.pipeline import Settings  # noqa: E402
from analysis.stance.training import fit, load_bootstrap, metrics_for  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "corpus"
DEV_FILE = ROOT / "tests" / "data" / "dev_stance.jsonl"


def load_units(path: Path = DEV_FILE) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def unit_probabilities(model: StanceModel, units: list[dict], corpus: Path,
                       context: float | None = NEIGHBOUR_WEIGHT,
                       doc_context: float = DOCUMENT_WEIGHT) -> np.ndarray:
    """(n_units, 3) probabilities from the passages each unit overlaps, after the same
    context smoothing the app applies (``context=None`` or 0 turns it off)."""
    out = np.zeros((len(units), len(LABELS)))
    for name in sorted({u["file"] for u in units}):
        text = (corpus / name).read_text(encoding="utf-8")
        passages = segment(Document(file=name, text=text))
        proba = model.predict_proba([p.text for p in passages])
        if context or doc_context:
            proba = smooth(proba, [0] * len(passages), context or 0.0, doc_context)
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


def evaluate(model: StanceModel, corpus: Path = CORPUS, units: list[dict] | None = None,
             **context):
    units = units if units is not None else load_units()
    proba = unit_probabilities(model, units, corpus, **context)
    predicted = [LABELS[k] for k in proba.argmax(axis=1)]
    return metrics_for([u["label"] for u in units], predicted), proba


def balanced_f1(true: list[str], predicted: list[str], seeds: int = 200) -> tuple[float, float]:
    """Mean and spread of macro-F1 on every centralist and localist unit plus an equally
    large random draw of neutral ones: an estimate for a test set split about evenly, as a
    set of passages picked from articles on this debate would be."""
    true, predicted = np.asarray(true), np.asarray(predicted)
    sided = np.flatnonzero(true != "neutral")
    neutral = np.flatnonzero(true == "neutral")
    size = min(len(neutral), round(len(sided) / 2))
    scores = []
    for seed in range(seeds):
        pick = np.random.default_rng(seed).choice(neutral, size=size, replace=False)
        rows = np.concatenate([sided, pick])
        scores.append(metrics_for(list(true[rows]), list(predicted[rows]))["macro_f1"])
    return float(np.mean(scores)), float(np.std(scores))


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
    parser.add_argument("--context", type=float, default=NEIGHBOUR_WEIGHT,
                        help="weight of the neighbouring passages (0: no smoothing)")
    parser.add_argument("--doc-context", type=float, default=DOCUMENT_WEIGHT,
                        help="weight of the document mean")
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
    metrics, proba = evaluate(model, args.corpus, units, context=args.context,
                              doc_context=args.doc_context)
    print_metrics(metrics, f"development set ({len(units)} units, model {model.name}, "
                           f"trained on {model.training_size})")
    true = [u["label"] for u in units]
    mean, spread = balanced_f1(true, [LABELS[k] for k in proba.argmax(axis=1)])
    print(f"  balanced resample (all sided units + as many neutral as half of them): "
          f"macro-F1 {mean:.3f} (sd {spread:.3f})")
    print("  mean probabilities: " + ", ".join(
        f"{label} {v:.2f}" for label, v in zip(LABELS, proba.mean(axis=0), strict=True)))
    if args.errors:
        print_errors(units, proba, args.corpus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
