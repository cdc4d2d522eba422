"""How far coders agree with each other and with the model, beyond chance.

A committee reading a stance map wants to know whether a second reader would have coded the
passages the same way. Raw percentage agreement flatters a corpus where most passages are
neutral, so we report chance-corrected coefficients: Cohen's kappa for a pair of coders (or a
coder and the model) and Krippendorff's alpha (nominal) when three or more coders overlap,
since alpha copes with units that not every coder saw.

All functions return ``None`` when the coefficient is undefined (too few shared passages,
or every label the same so that chance agreement is already perfect).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations

from sklearn.metrics import cohen_kappa_score


@dataclass(frozen=True)
class PairAgreement:
    first: str
    second: str
    shared: int
    observed: float | None
    kappa: float | None


@dataclass(frozen=True)
class AgreementSummary:
    coders: dict[str, int]
    pairs: list[PairAgreement] = field(default_factory=list)
    alpha: float | None = None
    alpha_units: int = 0
    versus_model: list[PairAgreement] = field(default_factory=list)


def cohen_kappa(first: Mapping, second: Mapping) -> float | None:
    """Cohen's kappa over the units both coders labelled, by scikit-learn.

    scikit-learn answers NaN (with a warning) where kappa is undefined; we answer None, as
    every coefficient here does.
    """
    shared = [u for u in first if u in second]
    if len(shared) < 2:
        return None
    left = [first[u] for u in shared]
    right = [second[u] for u in shared]
    if len(set(left) | set(right)) < 2:  # one label throughout: chance agreement is perfect
        return None
    return float(cohen_kappa_score(left, right))


def krippendorff_alpha_nominal(coders: Mapping[str, Mapping]) -> float | None:
    """Krippendorff's alpha for nominal data from ``{coder: {unit: label}}``.

    Built from the coincidence matrix: each unit with m >= 2 values contributes every
    ordered pair of its values with weight 1 / (m - 1); units coded once carry no
    information about agreement and are left out.
    """
    units: dict = {}
    for labels in coders.values():
        for unit, label in labels.items():
            if label is not None:
                units.setdefault(unit, []).append(label)
    coincidences: Counter = Counter()
    for values in units.values():
        m = len(values)
        if m < 2:
            continue
        for i, j in ((i, j) for i in range(m) for j in range(m) if i != j):
            coincidences[values[i], values[j]] += 1.0 / (m - 1)
    n = sum(coincidences.values())
    if n <= 1:
        return None
    totals: Counter = Counter()
    for (c, _), weight in coincidences.items():
        totals[c] += weight
    disagreement = 1.0 - sum(w for (c, k), w in coincidences.items() if c == k) / n
    expected = 1.0 - sum(t * (t - 1) for t in totals.values()) / (n * (n - 1))
    if expected <= 0.0:
        return None
    return 1.0 - disagreement / expected


def pairable_units(coders: Mapping[str, Mapping]) -> int:
    """Units labelled by at least two coders: the ones agreement can be measured on."""
    seen = Counter(unit for labels in coders.values() for unit in labels)
    return sum(1 for count in seen.values() if count >= 2)


def _pair(first: str, second: str, a: Mapping, b: Mapping) -> PairAgreement:
    shared = [u for u in a if u in b]
    observed = sum(a[u] == b[u] for u in shared) / len(shared) if shared else None
    return PairAgreement(first, second, len(shared), observed, cohen_kappa(a, b))


def summarise(
    coder_labels: Mapping[str, Mapping], model_labels: Mapping | None = None
) -> AgreementSummary:
    """Everything the report's method section says about agreement, in one pass.

    ``model_labels`` maps unit to the model's own prediction (not the effective label,
    which a coder's annotation would have overridden).
    """
    coder_labels = {c: {u: v for u, v in labels.items() if v} for c, labels in coder_labels.items()}
    counts = {coder: len(labels) for coder, labels in coder_labels.items()}
    pairs = [
        _pair(a, b, coder_labels[a], coder_labels[b])
        for a, b in combinations(sorted(coder_labels), 2)
    ]
    alpha = None
    if len(coder_labels) >= 3:
        alpha = krippendorff_alpha_nominal(coder_labels)
    versus = []
    if model_labels:
        versus = [
            _pair(coder, "model", coder_labels[coder], model_labels)
            for coder in sorted(coder_labels)
            if coder_labels[coder]
        ]
    return AgreementSummary(counts, pairs, alpha, pairable_units(coder_labels), versus)
