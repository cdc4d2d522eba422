"""The positions matrix: aggregation, overrides, intervals and the export contract."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

from analysis.positions import build_matrix, log_odds
from analysis.positions.export import matrix_json, write_csv
from analysis.store.records import DocumentRecord, PassageRecord

ISSUES = ["money", "boards"]
DOCS = [
    DocumentRecord(1, "one.txt", 0, "One", "Ann Author", "", "", "txt", 0),
    DocumentRecord(2, "two.txt", 0, "", "", "", "Care Weekly", "txt", 0),
]
_PROBS = {"localist": (0.1, 0.1, 0.8), "neutral": (0.2, 0.6, 0.2), "centralist": (0.7, 0.2, 0.1)}


def _p(pid, label, actor="", issues=(), doc=1, manual=None, boilerplate=False):
    pc, pn, pl = _PROBS[label]
    return PassageRecord(
        id=pid,
        document_id=doc,
        seq=pid,
        start=0,
        end=1,
        text="",
        boilerplate=boilerplate,
        auto_boilerplate=boilerplate,
        label=manual or label,
        source="manual" if manual else "model",
        p_centralist=pc,
        p_neutral=pn,
        p_localist=pl,
        predicted_label=label,
        manual_label=manual,
        actor=actor,
        issues=tuple(issues),
    )


def _sample():
    return [
        _p(1, "localist", "Kim Lee", ["money"]),
        _p(2, "localist", "Kim Lee", ["money", "boards"]),
        _p(3, "neutral", "Kim Lee"),
        _p(4, "centralist", "Rob Hart", ["boards"]),
        _p(5, "centralist", "Rob Hart", ["money"], manual="localist"),
        _p(6, "localist", "", doc=1),
        _p(7, "localist", "", doc=2),
        _p(8, "localist", "Rob Hart", boilerplate=True),
    ]


def test_cells_hold_mean_count_and_passages():
    m = build_matrix(_sample(), DOCS, ISSUES, n_boot=200)
    kim = m.row("Kim Lee")
    assert kim.n == 3 and kim.score == pytest.approx((0.7 + 0.7 + 0.0) / 3)
    assert kim.cells["money"].n == 2 and kim.cells["boards"].n == 1
    assert kim.passage_ids["money"] == [1, 2] and sorted(kim.passage_ids["all"]) == [1, 2, 3]
    assert kim.counts == {"L": 2, "N": 1, "C": 0}


def test_manual_label_overrides_and_boilerplate_never_counts():
    rob = build_matrix(_sample(), DOCS, ISSUES, n_boot=200).row("Rob Hart")
    assert rob.n == 2  # passage 8 is boilerplate
    assert rob.cells["money"].score == 1.0  # manual localist beats the centralist prediction
    assert rob.score == pytest.approx((-0.6 + 1.0) / 2)
    assert rob.counts == {"L": 1, "N": 0, "C": 1}


def test_unattributed_passages_go_to_author_or_source():
    m = build_matrix(_sample(), DOCS, ISSUES, n_boot=200)
    assert m.row("Ann Author").n == 1 and m.row("Care Weekly").n == 1


def test_document_rows_and_sorting_by_score():
    m = build_matrix(_sample(), DOCS, ISSUES, rows="documents", n_boot=200)
    assert {r.file for r in m.rows} == {"one.txt", "two.txt"}
    scores = [r.score for r in m.rows]
    assert scores == sorted(scores)
    with pytest.raises(ValueError, match="rows must be one of"):
        build_matrix(_sample(), DOCS, ISSUES, rows="issues")


def test_log_odds_position():
    kim = build_matrix(_sample(), DOCS, ISSUES, n_boot=200).row("Kim Lee")
    assert kim.position == pytest.approx(math.log(2.5 / 0.5))
    assert kim.position_low <= kim.position <= kim.position_high
    assert log_odds(0, 0) == 0.0


def _many(n=60):
    labels = ["localist", "neutral", "centralist", "localist"]
    return [_p(i, labels[i % 4], f"Actor {i % 3}", ISSUES[: i % 3]) for i in range(1, n + 1)]


def test_bootstrap_is_reproducible_and_intervals_contain_the_mean():
    a = build_matrix(_many(30), DOCS, ISSUES, n_boot=500, seed=7)  # small cells: resampled
    b = build_matrix(_many(30), DOCS, ISSUES, n_boot=500, seed=7)
    assert matrix_json(a) == matrix_json(b)
    for row in a.rows:
        for cell in row.cells.values():
            if cell.n:
                assert cell.low <= cell.score <= cell.high
                assert -1.0 <= cell.low and cell.high <= 1.0
        assert row.position_low <= row.position <= row.position_high
    c = build_matrix(_many(30), DOCS, ISSUES, n_boot=500, seed=8)
    assert [r.low for r in c.rows] != [r.low for r in a.rows]


def test_intervals_do_not_depend_on_how_many_rows_are_drawn_at_once(monkeypatch):
    """Draws are made in blocks to bound memory; a block's size must not change a figure."""
    from analysis.positions import bootstrap

    rng = np.random.default_rng(11)
    sizes = rng.integers(6, 40, size=300)  # resampled cells and large log-odds rows
    group = np.repeat(np.arange(300), sizes)
    values = rng.choice([-1.0, 0.0, 1.0], size=len(group))
    loc = rng.binomial(sizes, 0.4)
    cen = rng.binomial(sizes - loc, 0.5)

    def figures():
        means = bootstrap.grouped_mean_intervals(group, values, 300, 200, np.random.default_rng(5))
        odds = bootstrap.log_odds_intervals(sizes, loc, cen, 200, np.random.default_rng(5))
        return np.concatenate([*means, *odds])

    whole = figures()
    monkeypatch.setattr(bootstrap, "_BLOCK", 7 * 200)  # seven rows a block
    assert np.array_equal(figures(), whole, equal_nan=True)


def test_large_cells_have_intervals_close_to_resampling():
    import numpy as np

    from analysis.positions.bootstrap import grouped_mean_intervals

    rng = np.random.default_rng(3)
    values = rng.choice([-1.0, 0.0, 1.0], size=400, p=[0.2, 0.5, 0.3])
    _, mean, low, high = grouped_mean_intervals(np.zeros(400, int), values, 1, 0, rng)
    boot = values[rng.integers(0, 400, size=(4000, 400))].mean(1)
    ref = np.percentile(boot, [2.5, 97.5])
    assert abs(low[0] - ref[0]) < 0.01 and abs(high[0] - ref[1]) < 0.01


def test_single_and_empty_cells():
    m = build_matrix([_p(1, "localist", "Solo", ["money"])], DOCS, ISSUES, n_boot=100)
    row = m.rows[0]
    assert row.low == row.score == row.high == pytest.approx(0.7)
    assert row.cells["boards"].n == 0 and row.cells["boards"].score is None


def test_json_contract_shape():
    data = matrix_json(build_matrix(_sample(), DOCS, ISSUES, rows="documents", n_boot=100))
    json.dumps(data)
    assert data["issues"] == ISSUES
    row = data["rows"][0]
    assert {"name", "file", "n", "score", "low", "high", "position", "cells"} <= set(row)
    assert set(row["cells"]) == set(ISSUES)
    assert set(row["cells"]["money"]) == {"n", "score", "low", "high"}
    actor_rows = matrix_json(build_matrix(_sample(), DOCS, ISSUES, n_boot=100))["rows"]
    assert "file" not in actor_rows[0]


def test_csv_contract_shape_and_formula_safety():
    passages = _sample() + [_p(9, "neutral", "=HYPERLINK(1)")]
    out = io.StringIO()
    write_csv(build_matrix(passages, DOCS, ISSUES, n_boot=100), out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == [
        "name",
        "file",
        "n",
        "score",
        "low",
        "high",
        "position",
        "kind",
        "money n",
        "money score",
        "money low",
        "money high",
        "boards n",
        "boards score",
        "boards low",
        "boards high",
    ]
    assert all(len(r) == len(rows[0]) for r in rows)
    assert "'=HYPERLINK(1)" in [r[0] for r in rows]


def test_json_and_csv_carry_each_actor_rows_kind():
    kinds = {"solo": "organisation"}
    matrix = build_matrix(
        [_p(1, "localist", "Solo", ["money"])], DOCS, ISSUES, n_boot=100, kinds=kinds
    )
    assert matrix_json(matrix)["rows"][0]["kind"] == "organisation"
    out = io.StringIO()
    write_csv(matrix, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1][rows[0].index("kind")] == "organisation"


def test_empty_input_gives_empty_matrix():
    m = build_matrix([], [], ISSUES)
    assert m.rows == [] and matrix_json(m)["rows"] == []


def test_small_cells_get_the_exact_bootstrap_interval():
    """Tiny cells are enumerated, not sampled: the ends match a long resampling run."""
    from analysis.positions.bootstrap import (
        _exact_log_odds,
        grouped_mean_intervals,
        log_odds_intervals,
    )

    rng = np.random.default_rng(3)
    values = np.array([-0.9, 0.2, 0.7, -0.1, 0.5])
    _, _, low, high = grouped_mean_intervals(np.zeros(5, dtype=np.int64), values, 1, 100, rng)
    boot = values[rng.integers(0, 5, size=(400_000, 5))].mean(1)
    ref = np.percentile(boot, [2.5, 97.5])
    assert abs(low[0] - ref[0]) < 0.02 and abs(high[0] - ref[1]) < 0.02
    (lo,), (hi,) = _exact_log_odds(np.array([[6, 3, 1]]), 6)
    draws = rng.multinomial(6, [3 / 6, 2 / 6, 1 / 6], size=400_000)
    ref = np.percentile(np.log((draws[:, 0] + 0.5) / (draws[:, 2] + 0.5)), [2.5, 97.5])
    assert abs(lo - ref[0]) < 1e-9 and abs(hi - ref[1]) < 1e-9
    pos, low, high = log_odds_intervals(np.array([6]), np.array([3]), np.array([1]), 100, rng)
    assert low[0] <= min(lo, pos[0]) and high[0] >= max(hi, pos[0])  # never narrower


def test_a_one_sided_row_of_four_passages_has_no_clear_position():
    """Resampling four centralist passages gives four centralist passages every time; the
    analytic interval keeps such a row from reading as a firm position."""
    from analysis.positions.bootstrap import log_odds_intervals

    rng = np.random.default_rng(0)
    pos, low, high = log_odds_intervals(np.array([4]), np.array([0]), np.array([4]), 1000, rng)
    assert pos[0] < 0 and low[0] < pos[0] and high[0] > 0
    pos, low, high = log_odds_intervals(np.array([60]), np.array([2]), np.array([40]), 1000, rng)
    assert high[0] < 0  # a long, one-sided record is still clearly placed
