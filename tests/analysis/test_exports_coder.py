"""Passage exports say who gave each hand label and when; model labels carry neither."""

from __future__ import annotations

import csv
import io
import json

from analysis.corpus import Document, Passage, Prediction
from analysis.exports import PASSAGE_FIELDS, write_passages
from analysis.store import Project


def _project() -> tuple[Project, list[int]]:
    project = Project(":memory:")
    chunks = ["One passage here.", "Another passage there.", "A third one."]
    text, parts, pos = "\n\n".join(chunks), [], 0
    for seq, chunk in enumerate(chunks):
        parts.append(Passage(pos, pos + len(chunk), chunk, seq=seq))
        pos += len(chunk) + 2
    doc = project.add_document(Document(file="a.txt", text=text, title="A"), parts)
    model = project.save_model("m", {}, b"", 0, {})
    ids = [r.id for r in project.passages(doc)]
    project.save_predictions(model, [(i, Prediction("neutral", 0.2, 0.6, 0.2)) for i in ids])
    project.annotate(ids[0], "Ann", label="localist")
    project.annotate(ids[0], "Bob", label="centralist")  # the later label is the current one
    project.annotate(ids[1], "Ann", label="neutral")
    project.annotate(ids[1], "Ann", label="")  # cleared: back to the model's label
    return project, ids


def test_jsonl_records_carry_coder_and_time_of_the_current_hand_label():
    project, ids = _project()
    out = io.StringIO()
    write_passages(project, "jsonl", out)
    records = {r["id"]: r for r in map(json.loads, out.getvalue().splitlines())}
    first = records[ids[0]]
    assert first["coder"] == "Bob" and first["label"] == "centralist"
    assert first["annotated_at"].startswith("20") and "T" in first["annotated_at"]
    assert records[ids[0]]["annotated_at"] >= project.history(ids[0])[0].created_at
    for pid in ids[1:]:
        assert records[pid]["source"] == "model"
        assert records[pid]["coder"] is None and records[pid]["annotated_at"] is None


def test_csv_has_coder_and_annotated_at_columns():
    project, ids = _project()
    out = io.StringIO()
    write_passages(project, "csv", out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][-2:] == ["coder", "annotated_at"] == PASSAGE_FIELDS[-2:]
    by_id = {int(r[0]): r for r in rows[1:]}
    assert by_id[ids[0]][-2] == "Bob" and by_id[ids[0]][-1]
    assert by_id[ids[2]][-2:] == ["", ""]
