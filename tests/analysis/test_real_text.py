"""The shipped model's measurement on published text: tied to exactly that model, never
trusted from a damaged or foreign file, and said the same way in the Model tab and the report."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pytest

from analysis.report.content import Paragraph, Table
from analysis.report.method import model_blocks
from analysis.resources import resource_path
from analysis.stance.model import load_shipped, read_shipped_payload
from analysis.stance.real_text import (
    CHECK_FILE,
    check_of,
    fingerprint,
    read_check,
    real_text_sentence,
    reliability_rows,
)
from analysis.stance.training import load_bootstrap, train


def _check(**changes) -> dict:
    per_class = {
        "centralist": {"precision": 0.5, "recall": 0.6, "f1": 0.55, "support": 7},
        "neutral": {"precision": 0.9, "recall": 0.8, "f1": 0.85, "support": 120},
        "localist": {"precision": 0.7, "recall": 0.5, "f1": 0.58, "support": 30},
    }
    check = {
        "model_sha256": "ab" * 32,
        "units": 157,
        "documents": 6,
        "source": "6 published posts",
        "macro_f1": 0.66,
        "accuracy": 0.77,
        "ece": 0.08,
        "per_class": per_class,
    }
    check.update(changes)
    return check


def test_the_shipped_check_belongs_to_the_shipped_model():
    # A rebuilt model without a new measurement fails here: run benchmarks/real_text_check.py.
    check = load_shipped().metrics.get("real_text")
    assert check is not None, "resources/model/real_text_check.json names another model"
    assert check["units"] >= 100 and 0.0 < check["macro_f1"] < 1.0
    assert sum(c["support"] for c in check["per_class"].values()) == check["units"]


def test_fingerprint_follows_what_predicts_not_the_metrics():
    params, arrays = read_shipped_payload()
    base = fingerprint(params, arrays)
    assert fingerprint({**params, "metrics": {"macro_f1": 0.1}}, arrays) == base
    assert fingerprint({**params, "temperature": params["temperature"] * 1.01}, arrays) != base
    assert fingerprint(params, arrays + b"\0") != base


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "\udcff".encode("utf-8", "surrogatepass"),
        "[]",
        json.dumps(_check(model_sha256=None)),
        json.dumps(_check(macro_f1="0.9")),
        json.dumps(_check(ece=1.5)),
        json.dumps(_check(units=0)),
        json.dumps(_check(source="x" * 5000)),
        json.dumps({**_check(), "per_class": {"neutral": {}}}),
        json.dumps(_check(accuracy=math.nan)),
    ],
)
def test_a_damaged_check_file_is_ignored(tmp_path, content):
    path = tmp_path / "check.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert read_check("ab" * 32, path) is None


def test_a_check_of_another_model_is_ignored(tmp_path):
    path = tmp_path / "check.json"
    path.write_text(json.dumps(_check()), encoding="utf-8")
    assert read_check("cd" * 32, path) is None
    found = read_check("ab" * 32, path)
    assert found is not None and "model_sha256" not in found and found["units"] == 157
    assert read_check("ab" * 32, tmp_path / "missing.json") is None


def test_the_sentence_flags_the_tags_more_often_wrong_than_right():
    text = real_text_sentence(_check())
    assert "157 hand-coded passages of 6 published posts" in text
    assert "macro-F1 0.66" in text and "calibration error 0.08" in text
    assert "50% of its centralist tags and 70% of its localist tags were right" in text
    assert "check its centralist tags" in text and "localist tags before" not in text
    sure = _check()
    sure["per_class"]["centralist"]["precision"] = 0.8
    assert "check" not in real_text_sentence(sure)
    both = _check()
    both["per_class"]["localist"]["precision"] = 0.4
    assert real_text_sentence(both).endswith("were right: check both before you rely on them")


def test_metrics_from_a_shared_project_never_carry_a_malformed_check():
    assert check_of({"real_text": _check()})["units"] == 157
    assert check_of({"bootstrap": {"real_text": _check()}})["units"] == 157
    for hostile in (None, [], {"real_text": "0.99"}, {"bootstrap": [1]}, {"real_text": {}}):
        assert check_of(hostile) is None


def test_a_retrain_carries_the_check_and_both_views_say_it():
    from gui.views.model_view import summary_line

    shipped = load_shipped()
    texts, labels = load_bootstrap()
    mine = [
        ("Councils should decide how the care budget is spent here.", "localist"),
        ("The minister set out a timetable for the new board.", "neutral"),
        ("Only a national service can guarantee the same care everywhere.", "centralist"),
    ] * 3
    model, metrics = train(
        texts + [t for t, _ in mine],
        labels + [y for _, y in mine],
        project_size=len(mine),
        reuse=shipped,
    )
    assert metrics["bootstrap"]["real_text"] == shipped.metrics["real_text"]
    line = summary_line(metrics, None)
    assert "Agreement with your 9 labels" in line and "On published text" not in line
    before = summary_line(shipped.metrics, None)
    assert before.startswith("On published text") and "flatters" in before
    assert f"macro\u2011F1 <b>{shipped.metrics['real_text']['macro_f1']:.2f}</b>" in before
    stored = SimpleNamespace(
        name=model.name, training_size=model.training_size, created_at="2026-12-07", metrics=metrics
    )
    blocks = model_blocks(SimpleNamespace(model=stored))
    assert any(isinstance(b, Paragraph) and "On published text" in b.text for b in blocks)
    table = next(b for b in blocks if isinstance(b, Table) and "kept apart" in b.caption)
    assert [row[0] for row in table.rows] == ["centralist", "neutral", "localist", "macro average"]
    assert table.rows[-1][3] == f"{shipped.metrics['real_text']['macro_f1']:.2f}"
    bins = next(b for b in blocks if isinstance(b, Table) and "same published text" in b.caption)
    stored = shipped.metrics["real_text"]["reliability"]
    assert sum(int(row[1]) for row in bins.rows) == sum(r["n"] for r in stored)


def test_a_malformed_reliability_table_is_left_out():
    assert reliability_rows(_check()) == []
    rows = [{"low": 0.9, "high": 1.0, "n": 5, "confidence": 0.95, "accuracy": 0.8}]
    assert reliability_rows(_check(reliability=rows)) == rows
    for bad in ("rows", [{"low": 0.9}], [{**rows[0], "n": "5"}], [{**rows[0], "accuracy": 2}]):
        assert reliability_rows(_check(reliability=bad)) == []


def test_the_check_file_is_shipped_where_the_app_reads_it():
    assert resource_path(*CHECK_FILE).is_file()


def test_a_project_saved_before_the_check_still_shows_it_for_the_shipped_model():
    from analysis.stance.real_text import with_known_check

    params, arrays = read_shipped_payload()
    old_metrics = {"macro_f1": 0.82}
    found = with_known_check(params, arrays, old_metrics)
    assert found["real_text"]["units"] == load_shipped().metrics["real_text"]["units"]
    assert found["macro_f1"] == 0.82 and "real_text" not in old_metrics
    # Another model, a payload that is not one, or metrics that are not a dict: unchanged.
    assert "real_text" not in with_known_check(params, arrays[:-1], old_metrics)
    assert with_known_check({"x": {1, 2}}, arrays, old_metrics) is old_metrics
    assert with_known_check(params, "arrays", old_metrics) is old_metrics
    assert with_known_check(params, arrays, None) is None


def test_the_report_of_an_older_project_still_measures_its_shipped_model(tmp_path):
    from analysis.report.inputs import read_passages
    from analysis.store import Project

    params, arrays = read_shipped_payload()
    with Project(tmp_path / "older.stancemap") as project:
        project.save_model("shipped", params, arrays, 5759, {"macro_f1": 0.82})
        model, _ = read_passages(project)
    assert model.arrays == b"" and model.metrics["real_text"]["units"] > 0
    assert any(
        "kept apart" in getattr(b, "caption", "")
        for b in model_blocks(SimpleNamespace(model=model))
    )
