"""Does the model learn a register it was not trained on? A simulated coder on our own data.

The development set is small and mostly neutral (9 centralist units in all), so a learning
curve on it moves in steps of one unit. This simulation has the statistical power that one
lacks, at the price of being our own writing: one family of bootstrap files (``longform_*``
by default, the closest to published articles) is held out and plays the researcher's
corpus; the bootstrap layer is fitted on the others (or on a smaller set, for a weaker
starting model, as on real articles). Per seed the held-out family is split at random: a
coder labels 25, 50, 100 and 200 passages of one part in the order of the app's
uncertainty queue, the app's retrain runs (``train`` with the project's labels last), and
the other part is scored as the app shows it (through ``StanceModel.adapt``).

Run: .venv/bin/python benchmarks/learning_register.py [--family longform]
     [--base-families gaps,news] [--seeds 2] [--sided-share 0.2]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.corpus import LABELS  # noqa: E402
from analysis.stance.rank import rank_for_labelling  # noqa: E402
from analysis.stance.training import (  # noqa: E402
    DEFAULTS,
    load_bootstrap_records,
    metrics_for,
    train,
)

STEPS = (0, 25, 50, 100, 200)


def family(record: dict) -> str:
    return record["file"].split("_")[0]


def scored(model, texts: list[str], truth: list[str]) -> dict:
    predictions, _ = model.adapt(model.predict(texts))
    proba = np.array([[p.p_centralist, p.p_neutral, p.p_localist] for p in predictions])
    return metrics_for(truth, [LABELS[k] for k in proba.argmax(axis=1)], proba)


def simulate(base, base_texts, base_labels, corpus: list[dict], seed: int) -> list[dict]:
    """One coder on one random split of ``corpus``: a row of figures per step."""
    order = np.random.default_rng(seed).permutation(len(corpus))
    cut = int(0.6 * len(order))
    pool = [corpus[i] for i in order[:cut]]
    held = [corpus[i] for i in order[cut:]]
    held_texts, truth = [r["text"] for r in held], [r["label"] for r in held]
    model, labelled, rows = base, [], []
    for step in STEPS:
        took = 0.0
        if step:
            rest = [i for i in range(len(pool)) if i not in set(labelled)]
            texts = [pool[i]["text"] for i in rest]
            ranked = rank_for_labelling(model.predict_proba(texts), texts)
            labelled += [rest[k] for k in ranked[: step - len(labelled)]]
            start = time.perf_counter()
            model, _ = train(
                base_texts + [pool[i]["text"] for i in labelled],
                base_labels + [pool[i]["label"] for i in labelled],
                project_size=len(labelled),
                reuse=base,
            )
            took = time.perf_counter() - start
        m = scored(model, held_texts, truth)
        rows.append({"metrics": m, "took": took, "weight": model.project_weight})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", default="longform")
    parser.add_argument(
        "--base-families", default="", help="comma-separated families for the bootstrap layer"
    )
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument(
        "--sided-share",
        type=float,
        default=None,
        help="keep this share of the held-out family's sided passages (e.g. 0.2: a corpus "
        "about four-fifths neutral, like real ones)",
    )
    args = parser.parse_args(argv)
    records = load_bootstrap_records()
    wanted = set(filter(None, args.base_families.split(",")))
    base_records = [
        r for r in records if family(r) != args.family and (not wanted or family(r) in wanted)
    ]
    corpus = [r for r in records if family(r) == args.family]
    if args.sided_share is not None:
        keep = np.random.default_rng(7).random(len(corpus)) < args.sided_share
        corpus = [r for r, k in zip(corpus, keep, strict=True) if r["label"] == "neutral" or k]
    if not corpus or not base_records:
        print("no such family in resources/training", file=sys.stderr)
        return 1
    base_texts = [r["text"] for r in base_records]
    base_labels = [r["label"] for r in base_records]
    base, _ = train(
        base_texts, base_labels, settings={**DEFAULTS, "bootstrap_size": len(base_texts)}
    )
    mix = "/".join(str(sum(r["label"] == label for r in corpus)) for label in LABELS)
    print(
        f"held-out family {args.family!r}: {len(corpus)} passages (C/N/L {mix}); bootstrap "
        f"layer on {len(base_texts)} passages; {args.seeds} random splits (60% to label, "
        "40% scored)"
    )
    runs = [simulate(base, base_texts, base_labels, corpus, seed) for seed in range(args.seeds)]
    header = f"{'labels':>6}  {'macro-F1':>16}  {'C / N / L F1':>18}  {'ECE':>5}"
    print(f"{header}  {'retrain s':>9}  weight")
    first = float(np.mean([run[0]["metrics"]["macro_f1"] for run in runs]))
    for k, step in enumerate(STEPS):
        rows = [run[k] for run in runs]
        f1 = float(np.mean([r["metrics"]["macro_f1"] for r in rows]))
        per = " / ".join(
            f"{np.mean([r['metrics']['per_class'][c]['f1'] for r in rows]):.2f}" for c in LABELS
        )
        print(
            f"{step:>6}  {f1:>8.3f} ({f1 - first:+.3f})  {per:>18}  "
            f"{np.mean([r['metrics']['ece'] for r in rows]):.3f}  "
            f"{np.mean([r['took'] for r in rows]):>9.2f}  "
            f"{np.mean([r['weight'] for r in rows]):.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
