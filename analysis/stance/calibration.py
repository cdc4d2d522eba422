"""Whether probabilities mean what they say: expected calibration error, a reliability
table, and the temperature that makes held-out probabilities honest.

The temperature is fitted on *held-out* predictions (passages the layer was not fitted on),
never on the training fit, which is always overconfident. It is one plain number in the
model file.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

BINS = 10


def reliability(proba: np.ndarray, true: Sequence[int], bins: int = BINS) -> list[dict]:
    """Per confidence bin: count, mean confidence, accuracy (of the top label)."""
    proba = np.asarray(proba, dtype=float)
    conf = proba.max(axis=1)
    hit = proba.argmax(axis=1) == np.asarray(true)
    index = np.minimum((conf * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        mask = index == b
        if mask.any():
            rows.append(
                {
                    "low": b / bins,
                    "high": (b + 1) / bins,
                    "n": int(mask.sum()),
                    "confidence": float(conf[mask].mean()),
                    "accuracy": float(hit[mask].mean()),
                }
            )
    return rows


def when_sure(rows: Sequence[dict], threshold: float = 0.8) -> tuple[int, float] | None:
    """Of the passages whose label the model gave at least ``threshold`` probability,
    how many there were and the share it got right, from a stored reliability table; None
    when there were none. A researcher reads "when it says 80% or more, it is right 78% of
    the time" more readily than an ECE."""
    picked = [r for r in rows or [] if r.get("low", 0.0) >= threshold - 1e-9 and r.get("n")]
    n = sum(int(r["n"]) for r in picked)
    if not n:
        return None
    return n, sum(r["n"] * r["accuracy"] for r in picked) / n


def stored_interval(metrics: dict) -> tuple[float, float] | None:
    """The agreement figure's interval as a model's metrics keep it, or None when they
    hold none (a bootstrap-only model, or one trained before intervals were stored)."""
    interval = metrics.get("macro_f1_interval")
    if not isinstance(interval, (list, tuple)) or len(interval) != 2:
        return None
    return float(interval[0]), float(interval[1])


def ece(proba: np.ndarray, true: Sequence[int], bins: int = BINS) -> float:
    """Expected calibration error: the count-weighted gap between confidence and accuracy."""
    return ece_of(reliability(proba, true, bins))


def ece_of(rows: Sequence[dict]) -> float:
    """The expected calibration error of a reliability table already worked out."""
    n = sum(r["n"] for r in rows)
    return float(sum(r["n"] * abs(r["confidence"] - r["accuracy"]) for r in rows) / max(n, 1))


def fit_temperature(logits: np.ndarray, true: Sequence[int]) -> float:
    """The temperature minimising the negative log-likelihood of held-out logits (a grid
    then a refinement: one parameter, no optimiser needed)."""
    logits, true = np.asarray(logits, dtype=float), np.asarray(true)
    if len(true) == 0:
        return 1.0

    def nll(t: float) -> float:
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(true)), true].mean())

    grid = np.exp(np.linspace(np.log(0.1), np.log(10.0), 61))
    best = min(grid, key=nll)
    fine = best * np.exp(np.linspace(-0.08, 0.08, 17))
    return float(min(fine, key=nll))
