"""Agreement coefficients against values worked out by hand or published with the method."""

from __future__ import annotations

import pytest

from analysis.agreement import (
    cohen_kappa,
    krippendorff_alpha_nominal,
    pairable_units,
    summarise,
)


def _from_pairs(pairs):
    first = {i: a for i, (a, _) in enumerate(pairs)}
    second = {i: b for i, (_, b) in enumerate(pairs)}
    return first, second


def test_cohen_kappa_textbook_yes_no_table():
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po = 0.7, pe = 0.5, kappa = 0.4.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(*_from_pairs(pairs)) == pytest.approx(0.4)


def test_cohen_kappa_three_labels_by_hand():
    a = "c c c n n l l l l n".split()
    b = "c c n n n l l l c n".split()
    # po = 8/10; marginals a: c3 n3 l4, b: c3 n4 l3 -> pe = (9 + 12 + 12) / 100 = 0.33
    expected = (0.8 - 0.33) / (1 - 0.33)
    assert cohen_kappa(dict(enumerate(a)), dict(enumerate(b))) == pytest.approx(expected)


def test_cohen_kappa_only_counts_shared_units():
    a = {1: "c", 2: "l", 3: "n", 4: "l"}
    b = {1: "c", 2: "l", 3: "n", 99: "c"}
    assert cohen_kappa(a, b) == pytest.approx(1.0)


def test_cohen_kappa_undefined_cases():
    assert cohen_kappa({1: "c"}, {1: "c"}) is None  # one shared unit
    assert cohen_kappa({1: "c", 2: "c"}, {1: "c", 2: "c"}) is None  # chance agreement is 1


def test_krippendorff_alpha_published_nominal_example():
    # Krippendorff's reliability data example (4 coders, 12 units, gaps): alpha = 0.743.
    rows = {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    }
    coders = {c: {u: v for u, v in enumerate(vals) if v is not None} for c, vals in rows.items()}
    assert krippendorff_alpha_nominal(coders) == pytest.approx(0.743, abs=0.0005)
    assert pairable_units(coders) == 11  # the last unit was coded once


def test_krippendorff_alpha_equals_perfect_agreement_and_undefined():
    same = {"A": {1: "c", 2: "l"}, "B": {1: "c", 2: "l"}, "C": {1: "c", 2: "l"}}
    assert krippendorff_alpha_nominal(same) == pytest.approx(1.0)
    assert krippendorff_alpha_nominal({"A": {1: "c"}, "B": {2: "l"}}) is None


def test_summarise_pairs_alpha_and_model():
    coders = {
        "ann": {1: "c", 2: "l", 3: "n", 4: "l"},
        "bob": {1: "c", 2: "l", 3: "l", 4: "l"},
        "cy": {1: "c", 2: "n", 4: "l", 5: ""},
    }
    model = {1: "c", 2: "l", 3: "n", 4: "c", 5: "n"}
    summary = summarise(coders, model)
    assert summary.coders == {"ann": 4, "bob": 4, "cy": 3}  # empty label = cleared, not counted
    assert [(p.first, p.second) for p in summary.pairs] == [
        ("ann", "bob"),
        ("ann", "cy"),
        ("bob", "cy"),
    ]
    assert summary.pairs[0].shared == 4 and summary.pairs[0].observed == pytest.approx(0.75)
    assert summary.alpha is not None
    assert [p.first for p in summary.versus_model] == ["ann", "bob", "cy"]
    assert summary.versus_model[0].observed == pytest.approx(0.75)


def test_summarise_two_coders_has_no_alpha():
    summary = summarise({"a": {1: "c", 2: "l"}, "b": {1: "c", 2: "n"}})
    assert summary.alpha is None and len(summary.pairs) == 1 and summary.versus_model == []
