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

from functools import lru_cache
from itertools import combinations_with_replacement
from math import factorial

import numpy as np

EXACT_MAX = 15
"""Cells up to this size are resampled. Above it the expansion's error in the interval ends
(~0.01 on the [-1, 1] scale) is below the Monte Carlo noise of 1,000 replicates itself."""

ENUMERATE_MAX = 5
"""Cells up to this size get the exact bootstrap distribution: every resample (126 distinct
ones at n = 5) with its multinomial probability. Most cells of a large matrix are this small,
and enumerating them is both exact and cheaper than drawing 1,000 resamples."""

LEVEL = 0.95
_Z = 1.959963984540054  # standard normal quantile for a two-sided 95% interval
_BLOCK = 500_000
"""Numbers per block of bootstrap draws (4 MB of float64), to bound memory."""


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
    """Small cells, resampled for real: one draw of resample weights per cell size.

    Drawing with replacement is a multinomial count per position, so a resample's mean is
    ``values @ weights / n``; all cells of one size share the weight draws (common random
    numbers), which turns the whole batch into one matrix product. Each cell's interval is
    still its own bootstrap; only the Monte Carlo noise is shared between cells.
    """
    if n_boot < 1:
        return
    for n in np.unique(counts[(counts >= 2) & (counts <= EXACT_MAX)]):
        cells = np.flatnonzero(counts == n)
        block = ordered[starts[cells][:, None] + np.arange(n)]  # (cells, n)
        if n <= ENUMERATE_MAX:
            low[cells], high[cells] = _enumerated(block, int(n))
            continue
        weights = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).T / n  # (n, n_boot)
        for part in _parts(len(cells), n_boot):
            boot = _product(block[part], weights)  # (cells, n_boot)
            low[cells[part]], high[cells[part]] = _interval(boot)


@lru_cache(maxsize=ENUMERATE_MAX + 1)
def _resamples(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Every distinct resample of n items as (counts (k, n), probability (k,))."""
    picks = np.array(list(combinations_with_replacement(range(n), n)))
    counts = np.stack([np.bincount(row, minlength=n) for row in picks])
    ways = np.array([factorial(n) / np.prod([factorial(c) for c in row]) for row in counts])
    return counts.astype(np.float64), ways / float(n) ** n


def _enumerated(block: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact bootstrap percentile interval of the mean for each row of ``block`` (cells, n)."""
    counts, prob = _resamples(n)
    means = _product(block, counts.T) / n
    return _discrete_interval(means, np.broadcast_to(prob, (len(block), len(prob))))


def _product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b without BLAS: these products are small and many, and BLAS threads fighting for
    two busy cores cost three times the arithmetic."""
    return np.einsum("cn,nb->cb", a, b, optimize=False)


def _discrete_interval(values: np.ndarray, prob: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the 2.5% and 97.5% quantiles of a discrete distribution (values, prob)."""
    order = np.argsort(values, axis=1, kind="stable")
    cdf = np.cumsum(np.take_along_axis(prob, order, axis=1), axis=1)
    ends = []
    for q in (0.5 * (1 - LEVEL), 0.5 * (1 + LEVEL)):
        first = np.argmax(cdf >= q - 1e-12, axis=1)
        at = np.take_along_axis(order, first[:, None], axis=1)
        ends.append(np.take_along_axis(values, at, axis=1)[:, 0])
    return ends[0], ends[1]


def _interval(boot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval along axis 1, as ``np.percentile`` (linear), by one partition."""
    m = boot.shape[1]
    ends = []
    for q in (0.5 * (1 - LEVEL), 0.5 * (1 + LEVEL)):
        h = (m - 1) * q
        ends.append((int(np.floor(h)), min(int(np.floor(h)) + 1, m - 1), h - np.floor(h)))
    kth = sorted({k for lo, hi, _ in ends for k in (lo, hi)})
    part = np.partition(boot, kth, axis=1)
    return tuple(part[:, lo] + f * (part[:, hi] - part[:, lo]) for lo, hi, f in ends)


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
    n: np.ndarray,
    localist: np.ndarray,
    centralist: np.ndarray,
    n_boot: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(position, low, high) per row; resampling passages = a multinomial draw of the counts."""
    n = np.asarray(n, dtype=np.int64)
    loc = np.asarray(localist, dtype=np.int64)
    cen = np.asarray(centralist, dtype=np.int64)
    position = log_odds(loc, cen).astype(np.float64)
    low, high = analytic_log_odds_interval(position, loc, cen)
    rows = np.flatnonzero(n >= 2)
    if n_boot < 1 or len(rows) == 0:
        return position, low, high
    # Rows with the same counts have the same bootstrap distribution: one per triple.
    triples, inverse = np.unique(
        np.stack([n[rows], loc[rows], cen[rows]], axis=1), axis=0, return_inverse=True
    )
    lows = np.empty(len(triples))
    highs = np.empty(len(triples))
    small = triples[:, 0] <= EXACT_MAX
    for size in np.unique(triples[small, 0]):
        pick = np.flatnonzero(triples[:, 0] == size)
        lows[pick], highs[pick] = _exact_log_odds(triples[pick], int(size))
    big = np.flatnonzero(~small)
    if len(big):
        lows[big], highs[big] = _drawn_log_odds(triples[big], n_boot, rng)
    inverse = inverse.ravel()
    low[rows] = np.minimum(lows[inverse], low[rows])
    high[rows] = np.maximum(highs[inverse], high[rows])
    return position, low, high


def _drawn_log_odds(triples: np.ndarray, n_boot: int, rng: np.random.Generator):
    """Bootstrap interval of the log-odds for rows of (n, L, C) by multinomial draws.

    Drawn a block of rows at a time so thousands of large rows never hold several
    (rows, n_boot) arrays at once; every localist count is drawn before any centralist one,
    in the same order as one whole-matrix draw, so the intervals do not depend on the
    block size."""
    nr, lr, cr = triples[:, 0], triples[:, 1], triples[:, 2]
    p_loc = lr / nr
    rest = nr - lr
    p_cen = np.divide(cr, rest, out=np.zeros(len(triples)), where=rest > 0)
    parts = _parts(len(triples), n_boot)
    draws_l = np.empty((len(triples), n_boot), dtype=np.int32)  # half the int64 draws
    for p in parts:
        draws_l[p] = rng.binomial(nr[p, None], p_loc[p, None], size=draws_l[p].shape)
    lows, highs = np.empty(len(triples)), np.empty(len(triples))
    for p in parts:
        draws_c = rng.binomial(nr[p, None] - draws_l[p], p_cen[p, None])
        lows[p], highs[p] = _interval(log_odds(draws_l[p], draws_c))
    return lows, highs


def _parts(rows: int, width: int) -> list[slice]:
    """Consecutive blocks of ``rows`` holding about ``_BLOCK`` numbers of ``width`` each."""
    step = max(1, _BLOCK // max(1, width))
    return [slice(a, min(a + step, rows)) for a in range(0, rows, step)]


def analytic_log_odds_interval(
    position: np.ndarray, localist: np.ndarray, centralist: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Lowe et al.'s analytic interval, position ± z·sqrt(1/(L+.5) + 1/(C+.5)).

    The bootstrap alone collapses for a one-sided row: four centralist passages resample to
    four centralist passages every time, a zero-width interval that would call a speaker
    "clearly centralist" on four sentences. Each row keeps the wider of the two intervals, so
    small or one-sided rows are as uncertain as their counts say, and large rows (where both
    agree) are unchanged.
    """
    se = np.sqrt(1.0 / (localist + 0.5) + 1.0 / (centralist + 0.5))
    return position - _Z * se, position + _Z * se


def _exact_log_odds(triples: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact bootstrap interval of the log-odds for rows of ``n`` passages: every (L, C) a
    resample can hold, with its multinomial probability."""
    grid = np.array([(a, b) for a in range(n + 1) for b in range(n + 1 - a)])
    gl, gc = grid[:, 0], grid[:, 1]
    fact = np.array([factorial(i) for i in range(n + 1)], dtype=np.float64)
    ways = factorial(n) / (fact[gl] * fact[gc] * fact[n - gl - gc])
    p = triples[:, 1:2] / n, triples[:, 2:3] / n
    p_neu = 1.0 - p[0] - p[1]
    with np.errstate(invalid="ignore"):
        prob = ways * p[0] ** gl * p[1] ** gc * np.clip(p_neu, 0, 1) ** (n - gl - gc)
    values = np.broadcast_to(log_odds(gl, gc).astype(np.float64), prob.shape)
    return _discrete_interval(values, np.nan_to_num(prob))
