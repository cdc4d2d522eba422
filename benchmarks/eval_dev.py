"""Measure the stance model on the hand-labelled development set (real third-party articles).

The set is split by document (``tests/data/split.json``): the *tuning* part may be looked at
as often as needed; the *locked* part is printed only with ``--locked``, once per change,
so that no setting is ever chosen by the figure we report. Each unit of
``tests/data/dev_stance.jsonl`` gets the overlap-weighted mean of the probabilities of our
passages of the same file (segmented as the app does). Every figure comes with per-class
precision/recall/F1, the confusion matrix, the expected calibration error and a
reliability table; a balanced resample (every sided unit plus as many neutral ones) comes
closer to a test set split evenly between the stances.

With ``--adapt`` the posteriors of each evaluated part (and of each balanced resample)
are adjusted to that part's own estimated class mix, as the app does over a corpus.

Run: .venv/bin/python benchmarks/eval_dev.py [--locked] [--fresh] [--errors] [--adapt]
     [--sweep]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.corpus import LABELS, Document  # noqa: E402
from analysis.segment import segment  # noqa: E402
from analysis.stance.calibration import ece, reliability  # noqa: E402
from analysis.stance.model import StanceModel, load_shipped  # noqa: E402
from analysis.stance.training import metrics_for  # noqa: E402
from tests.data.devset import load_split  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "corpus"


def unit_probabilities(model: StanceModel, units: list[dict], corpus: Path = CORPUS):
    """(n_units, 3) probabilities from the passages each unit overlaps."""
    out = np.zeros((len(units), len(LABELS)))
    for name in sorted({u["file"] for u in units}):
        text = (corpus / name).read_text(encoding="utf-8")
        passages = segment(Document(file=name, text=text))
        proba = model.predict_proba([p.text for p in passages])
        for i, unit in enumerate(units):
            if unit["file"] != name:
                continue
            overlap = np.array(
                [max(0, min(unit["end"], p.end) - max(unit["start"], p.start)) for p in passages],
                dtype=float,
            )
            if overlap.sum() == 0:
                out[i] = model.predict_proba([text[unit["start"] : unit["end"]]])[0]
            else:
                out[i] = overlap @ proba / overlap.sum()
    return out


def balanced_rows(true: list[str], seeds: int = 200):
    """Row sets of every sided unit plus an equally large random draw of neutral ones."""
    true = np.asarray(true)
    sided, neutral = np.flatnonzero(true != "neutral"), np.flatnonzero(true == "neutral")
    size = min(len(neutral), len(sided))
    for seed in range(seeds):
        pick = np.random.default_rng(seed).choice(neutral, size=size, replace=False)
        yield np.concatenate([sided, pick])


def report(title: str, true: list[str], proba: np.ndarray, adapt=None) -> dict:
    """Print and return the figures; with ``adapt`` (posteriors -> adjusted posteriors)
    the part and every balanced resample are each adapted to their own class mix."""
    raw = proba
    if adapt is not None:
        proba = adapt(raw)
        title += f" (adapted; estimated shares C/N/L {_shares(raw, adapt)})"
    predicted = [LABELS[k] for k in proba.argmax(axis=1)]
    metrics = metrics_for(true, predicted, proba)
    index = [LABELS.index(t) for t in true]
    print(
        f"{title}: macro-F1 {metrics['macro_f1']:.3f}  accuracy {metrics['accuracy']:.3f}  "
        f"ECE {metrics['ece']:.3f}  (n={len(true)})"
    )
    for label, row in metrics["per_class"].items():
        print(
            f"  {label:<11} P {row['precision']:.3f}  R {row['recall']:.3f}  "
            f"F1 {row['f1']:.3f}  n={row['support']}"
        )
    print("  confusion (rows true, columns predicted: " + ", ".join(LABELS) + ")")
    for label, row in zip(LABELS, metrics["confusion"], strict=True):
        print(f"    {label:<11} " + " ".join(f"{v:5d}" for v in row))
    print("  reliability (confidence bin: n, mean confidence, accuracy)")
    for row in reliability(proba, index):
        print(
            f"    {row['low']:.1f}-{row['high']:.1f}: {row['n']:4d}  "
            f"{row['confidence']:.2f}  {row['accuracy']:.2f}"
        )
    f1s, eces = [], []
    for rows in balanced_rows(true):
        sub_true = [true[r] for r in rows]
        sub = raw[rows] if adapt is None else adapt(raw[rows])
        f1s.append(metrics_for(sub_true, [LABELS[k] for k in sub.argmax(axis=1)])["macro_f1"])
        eces.append(ece(sub, [index[r] for r in rows]))
    print(
        f"  balanced resample: macro-F1 {np.mean(f1s):.3f} (sd {np.std(f1s):.3f})  "
        f"ECE {np.mean(eces):.3f}"
    )
    metrics["log_loss"] = _log_loss(proba, index)
    metrics["balanced_log_loss"] = float(
        np.mean(
            [
                _log_loss(
                    raw[rows] if adapt is None else adapt(raw[rows]), [index[r] for r in rows]
                )
                for rows in balanced_rows(true, seeds=50)
            ]
        )
    )
    metrics["balanced_macro_f1"] = float(np.mean(f1s))
    metrics["balanced_ece"] = float(np.mean(eces))
    return metrics


def _log_loss(proba: np.ndarray, index: list[int]) -> float:
    """Mean negative log-likelihood: a proper score, steadier than macro-F1 when a class has
    two units."""
    return float(-np.mean(np.log(np.clip(proba[np.arange(len(index)), index], 1e-12, 1))))


def _shares(raw: np.ndarray, adapt) -> str:
    from analysis.stance.priors import estimate_priors

    prior = estimate_priors(raw, **getattr(adapt, "options", {}))
    return "/".join(f"{v:.2f}" for v in prior)


def adapter(strength: float, max_ratio: float):
    """Posteriors -> posteriors adjusted to the batch's own estimated class mix."""
    from analysis.stance.priors import adapt

    def run(proba: np.ndarray) -> np.ndarray:
        return adapt(proba, **run.options)[0]

    run.options = {"strength": strength, "max_ratio": max_ratio}
    return run


def sweep(true: list[str], proba: np.ndarray) -> None:
    """Tuning-part figures for a grid of adaptation settings (never the locked part)."""
    import contextlib
    import io

    grid = [(None, None)] + [
        (s, r) for s in (0.0, 10.0, 30.0, 100.0, 300.0) for r in (1.5, 2.0, 3.0, 5.0, float("inf"))
    ]
    print("strength ratio | macro-F1  acc  ECE  NLL | balanced macro-F1  ECE  NLL")
    for strength, ratio in grid:
        adapt = None if strength is None else adapter(strength, ratio)
        with contextlib.redirect_stdout(io.StringIO()):
            m = report("", true, proba, adapt)
        print(
            f"{strength!s:>8} {ratio!s:>5} | {m['macro_f1']:.3f} {m['accuracy']:.3f} "
            f"{m['ece']:.3f} {m['log_loss']:.3f} | {m['balanced_macro_f1']:.3f}  "
            f"{m['balanced_ece']:.3f} {m['balanced_log_loss']:.3f}"
        )


def print_errors(units: list[dict], proba: np.ndarray) -> None:
    for unit, p in zip(units, proba, strict=True):
        guess = LABELS[int(p.argmax())]
        if guess != unit["label"]:
            print(
                f"- {unit['doc']:<30} true {unit['label']:<10} pred {guess:<10} "
                f"p={np.round(p, 2)} | {unit['text'][:150]}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--locked", action="store_true", help="also report the locked part (once per change)"
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="train on the bootstrap set now instead of loading the shipped model",
    )
    parser.add_argument("--errors", action="store_true", help="list tuning-part errors")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--adapt",
        action="store_true",
        help="adapt the posteriors to each evaluated part's estimated class "
        "mix (analysis.stance.priors, shipped settings)",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="tuning part only: figures for a grid of adaptation settings",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print("reference corpus not found", file=sys.stderr)
        return 1
    if args.fresh:
        from analysis.stance.training import load_bootstrap, train

        model = train(*load_bootstrap(), settings={"fresh": True})[0]
    else:
        model = load_shipped()
    tuning, locked = load_split(args.corpus)
    print(
        f"model {model.name}, trained on {model.training_size}, temperature {model.temperature:.2f}"
    )
    proba = unit_probabilities(model, tuning, args.corpus)
    adapt = None
    if args.adapt:
        from analysis.stance.priors import MAX_RATIO, STRENGTH

        adapt = adapter(STRENGTH, MAX_RATIO)
    if args.sweep:
        sweep([u["label"] for u in tuning], proba)
        return 0
    report("TUNING part", [u["label"] for u in tuning], proba, adapt)
    if args.errors:
        print_errors(tuning, proba if adapt is None else adapt(proba))
    if args.locked:
        report(
            "LOCKED part",
            [u["label"] for u in locked],
            unit_probabilities(model, locked, args.corpus),
            adapt,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
