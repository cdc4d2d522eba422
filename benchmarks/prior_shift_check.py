"""Does adapting to a corpus's estimated class mix help across mixes, and never hurt badly?

Out-of-fold posteriors of the bootstrap layer over our own bootstrap set, grouped by file
(a file's passages never inform their own prediction), temperature fitted on those
out-of-fold logits. Batches are then drawn at fixed class mixes (the sizes and mixes of
the two hidden sets among them) and scored with and without
:func:`analysis.stance.priors.adapt`: macro-F1 and ECE, mean over draws, and the worst
drop in macro-F1 over all draws.

Run: .venv/bin/python benchmarks/prior_shift_check.py [--draws 40] [--strength S --ratio R]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.corpus import LABELS  # noqa: E402
from analysis.stance.calibration import ece, fit_temperature  # noqa: E402
from analysis.stance.model import softmax  # noqa: E402
from analysis.stance.priors import MAX_RATIO, STRENGTH, adapt  # noqa: E402
from analysis.stance.training import fit_layer, load_bootstrap_records, metrics_for  # noqa: E402

# (name, C/N/L shares, batch size)
MIXES = [
    ("customer corpus 9/304/57", (9, 304, 57), 370),
    ("balanced articles 55/68/55", (55, 68, 55), 178),
    ("even thirds", (1, 1, 1), 300),
    ("90% neutral", (5, 90, 5), 300),
    ("mostly centralist", (60, 25, 15), 200),
    ("mostly localist", (10, 25, 65), 200),
    ("bootstrap mix", (1417, 2292, 1521), 300),
    ("small, neutral-heavy", (2, 20, 4), 26),
    ("40 passages, 80% neutral", (4, 32, 4), 40),
]


def grouped_oof() -> tuple[np.ndarray, np.ndarray]:
    """Calibrated out-of-fold posteriors and true class indices, folds grouped by file."""
    from sklearn.model_selection import GroupKFold

    records = load_bootstrap_records()
    texts = [r["text"] for r in records]
    truth = np.array([LABELS.index(r["label"]) for r in records])
    groups = [r["file"] for r in records]
    logits = np.zeros((len(texts), len(LABELS)))
    for train_idx, test_idx in GroupKFold(n_splits=5).split(texts, truth, groups):
        layer = fit_layer([texts[i] for i in train_idx], [records[i]["label"] for i in train_idx])
        logits[test_idx] = layer.logits(layer.transform([texts[i] for i in test_idx]))
    temperature = fit_temperature(logits, truth)
    return softmax(logits / temperature), truth


def draw(truth: np.ndarray, shares, size: int, rng) -> np.ndarray:
    shares = np.asarray(shares, dtype=float) / sum(shares)
    counts = np.floor(shares * size).astype(int)
    counts[np.argmax(shares)] += size - counts.sum()
    return np.concatenate(
        [
            rng.choice(np.flatnonzero(truth == k), size=c, replace=False)
            for k, c in enumerate(counts)
        ]
    )


def score(proba: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    true = [LABELS[k] for k in truth]
    predicted = [LABELS[k] for k in proba.argmax(axis=1)]
    return metrics_for(true, predicted)["macro_f1"], ece(proba, truth)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=40)
    parser.add_argument("--strength", type=float, default=STRENGTH)
    parser.add_argument("--ratio", type=float, default=MAX_RATIO)
    args = parser.parse_args(argv)
    proba, truth = grouped_oof()
    print(
        f"grouped out-of-fold posteriors over {len(truth)} bootstrap passages; "
        f"strength {args.strength}, max ratio {args.ratio}"
    )
    print(f"{'mix':<28} {'n':>4} | macro-F1 before → after (worst drop) | ECE before → after")
    for name, shares, size in MIXES:
        rng = np.random.default_rng(0)
        rows = []
        for _ in range(args.draws):
            pick = draw(truth, shares, size, rng)
            after, _ = adapt(proba[pick], strength=args.strength, max_ratio=args.ratio)
            rows.append(score(proba[pick], truth[pick]) + score(after, truth[pick]))
        r = np.array(rows)
        worst = float((r[:, 2] - r[:, 0]).min())
        print(
            f"{name:<28} {size:>4} | {r[:, 0].mean():.3f} → {r[:, 2].mean():.3f} "
            f"({worst:+.3f}) | {r[:, 1].mean():.3f} → {r[:, 3].mean():.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
