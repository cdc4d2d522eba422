"""Seeded, vectorised bootstrap intervals for many groups at once.

The window recomputes the matrix after every annotation, so the whole matrix (thousands of
cells, up to 100,000 passages) must take well under a second. Resampling every passage of
every cell a thousand times is ~10^8 draws, too slow; so each cell uses the cheapest method
that gives the bootstrap's answer:

* small cells (n ≤ ``EXACT_MAX``) are resampled for real, all cells of one size in one
  batched draw of indices, because there the bootstrap distribution is lumpy and skewed and
  no formula describes it well;
* larger cells use the Cornish–Fisher (Edgeworth) expansion of the same bootstrap
  distribution of the mean — its mean, variance m2/n and skewness from the cell's own
  moments — which is what resampling converges to, without Monte Carlo noise;
* the log-odds position only depends on how many localist, neutral and centralist passages
  a resample holds, so resampling passages is exactly a multinomial draw of those counts:
  two binomial draws per replicate instead of n index draws.
"""

from __future__ import annotations

import numpy as np

EXACT_MAX = 15
"""Cells up to this size are resampled. Above it the expansion's error in the interval ends
(~0.01 on the [-1, 1] scale) is below the Monte Carlo noise of 1,000 replicates itself."""

LEVEL = 0.95
_Z = 1.959963984540054  # standard normal quantile for a two-sided 95% interval
_CHUNK = 4_000_000  # index draws per batch, to bound memory


def grouped_mean_intervals(
    group: np.ndarray, values: np.ndarray, n_groups: int, n_boot: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(count, mean, low, high) per group id in ``range(n_groups)``; NaN where a group is empty."""
    group = np.asarray(group, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    counts = np.bincount(group, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.bincount(group, weights=values, minlength=n_groups) / counts
    low = means.copy()
    high = means.copy()
    order = np.argsort(group, kind="stable")
    ordered = values[order]
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    _resampled(ordered, starts, counts, means, n_boot, rng, low, high)
    _expanded(group, values, ordered, starts, counts, means, low, high)
    # Percentile intervals of very skewed cells can, in rare cases, exclude the mean itself.
    low = np.minimum(low, means)
    high = np.maximum(high, means)
    return counts, means, low, high


def _resampled(ordered, starts, counts, means, n_boot, rng, low, high) -> None:
    if n_boot < 1:
        return
    q = [50 * (1 - LEVEL), 50 * (1 + LEVEL)]
    for n in np.unique(counts[(counts >= 2) & (counts <= EXACT_MAX)]):
        cells = np.flatnonzero(counts == n)
        block = ordered[starts[cells][:, None] + np.arange(n)]  # (cells, n)
        step = max(1, _CHUNK // (n_boot * n))
        for lo in range(0, len(cells), step):
            part = block[lo:lo + step]
            idx = rng.integers(0, n, size=(len(part), n_boot, n), dtype=np.uint8)
            flat = idx + (np.arange(len(part)) * n)[:, None, None]
            boot = part.ravel()[flat].mean(axis=2)  # (cells, n_boot)
            bounds = np.percentile(boot, q, axis=1)
            low[cells[lo:lo + step]] = bounds[0]
            high[cells[lo:lo + step]] = bounds[1]


def _expanded(group, values, ordered, starts, counts, means, low, high) -> None:
    big = counts > EXACT_MAX
    if not big.any():
        return
    n = counts.astype(np.float64)
    dev = values - np.nan_to_num(means)[group]
    with np.errstate(invalid="ignore", divide="ignore"):
        m2 = np.bincount(group, weights=dev**2, minlength=len(counts)) / n
        m3 = np.bincount(group, weights=dev**3, minlength=len(counts)) / n
        sd = np.sqrt(m2 / n)
        skew = np.where(m2 > 0, m3 / (m2**1.5 * np.sqrt(n)), 0.0)
    nonempty = counts > 0
    lo_val = np.full(len(counts), np.nan)
    hi_val = np.full(len(counts), np.nan)
    lo_val[nonempty] = np.minimum.reduceat(ordered, starts[nonempty])
    hi_val[nonempty] = np.maximum.reduceat(ordered, starts[nonempty])
    for z, out in ((-_Z, low), (_Z, high)):
        q = means + sd * (z + skew / 6.0 * (z * z - 1.0))
        out[big] = np.clip(q, lo_val, hi_val)[big]


def log_odds(localist: np.ndarray, centralist: np.ndarray) -> np.ndarray:
    """Lowe et al.'s empirical logit, with the 0.5 that keeps one-sided rows finite."""
    return np.log((localist + 0.5) / (centralist + 0.5))


def log_odds_intervals(
    n: np.ndarray, localist: np.ndarray, centralist: np.ndarray, n_boot: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(position, low, high) per row; resampling passages = a multinomial draw of the counts."""
    n = np.asarray(n, dtype=np.int64)
    loc = np.asarray(localist, dtype=np.int64)
    cen = np.asarray(centralist, dtype=np.int64)
    position = log_odds(loc, cen).astype(np.float64)
    low, high = position.copy(), position.copy()
    rows = np.flatnonzero(n >= 2)
    if n_boot < 1 or len(rows) == 0:
        return position, low, high
    nr, lr, cr = n[rows], loc[rows], cen[rows]
    p_loc = lr / nr
    rest = nr - lr
    p_cen = np.divide(cr, rest, out=np.zeros(len(rows)), where=rest > 0)
    draws_l = rng.binomial(nr[:, None], p_loc[:, None], size=(len(rows), n_boot))
    draws_c = rng.binomial(nr[:, None] - draws_l, p_cen[:, None])
    q = [50 * (1 - LEVEL), 50 * (1 + LEVEL)]
    bounds = np.percentile(log_odds(draws_l, draws_c), q, axis=1)
    low[rows] = np.minimum(bounds[0], position[rows])
    high[rows] = np.maximum(bounds[1], position[rows])
    return position, low, high
