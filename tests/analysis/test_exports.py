"""Passage and matrix exports: the DESIGN.md record shape, and no formulas in spreadsheets."""

from __future__ import annotations

import csv
import io
import json

import pytest

from analysis.corpus import Document, Passage, Prediction
from analysis.exports import (
    PASSAGE_FIELDS,
    matrix_table,
    spreadsheet_safe,
    write_matrix,
    write_passages,
)
from analysis.store import Project
from tests.support.sample_project import fill_sample_project

HOSTILE = ["=1+2", "+44 1234", "-5 percent of the budget", "@council says"]


@pytest.fixture
def project():
    project = Project(":memory:")
    fill_sample_project(project, passages=40, documents=4, coders=2)
    text = "\n\n".join(HOSTILE)
    parts, pos = [], 0
    for seq, chunk in enumerate(HOSTILE):
        parts.append(Passage(pos, pos + len(chunk), chunk, seq=seq))
        pos += len(chunk) + 2
    doc_id = project.add_document(
        Document(file="hostile.txt", text=text, title="=HYPERLINK()"), parts
    )
    model = project.active_model().id
    ids = [r.id for r in project.passages(doc_id)]
    project.save_predictions(model, [(pid, Prediction("neutral", 0.2, 0.6, 0.2)) for pid in ids])
    project.annotate(ids[0], "coder A", label="localist", actor="=evil()")
    yield project
    project.close()


@pytest.mark.parametrize("value", HOSTILE + ["\tTAB", "\rCR"])
def test_spreadsheet_safe_prefixes_formula_starts(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["council", "", 3, -0.5, None, " =not at start"])
def test_spreadsheet_safe_leaves_other_values(value):
    assert spreadsheet_safe(value) == value


def test_jsonl_keeps_text_exact_and_has_every_field(project):
    out = io.StringIO()
    count = write_passages(project, "jsonl", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(records) == project.count_passages()
    assert all(list(r) == PASSAGE_FIELDS for r in records)
    texts = {r["text"] for r in records}
    assert set(HOSTILE) <= texts  # JSON is not a spreadsheet: no prefix
    manual = [r for r in records if r["text"] == HOSTILE[0]][0]
    assert manual["source"] == "manual" and manual["label"] == "localist"
    assert manual["score"] == 1.0 and isinstance(manual["issues"], list)


def test_csv_escapes_formula_cells(project):
    out = io.StringIO()
    write_passages(project, "csv", out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == PASSAGE_FIELDS
    texts = [r[PASSAGE_FIELDS.index("text")] for r in rows[1:]]
    for value in HOSTILE:
        assert "'" + value in texts and value not in texts
    assert "'=HYPERLINK()" in [r[1] for r in rows[1:]]
    assert {r[PASSAGE_FIELDS.index("boilerplate")] for r in rows[1:]} == {"true", "false"}


def test_xlsx_cells_are_text_not_formulas(project, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "passages.xlsx"
    write_passages(project, "xlsx", target)
    sheet = load_workbook(target)["Passages"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    types = {c.data_type for row in sheet.iter_rows() for c in row}
    assert values[0] == PASSAGE_FIELDS
    assert "f" not in types
    texts = [row[PASSAGE_FIELDS.index("text")] for row in values[1:]]
    assert "'=1+2" in texts and "=1+2" not in texts


def test_xlsx_needs_a_file(project):
    with pytest.raises(ValueError, match="XLSX needs an output file"):
        write_passages(project, "xlsx", io.StringIO())


def test_unknown_format_is_refused(project):
    with pytest.raises(ValueError, match="unknown export format"):
        write_passages(project, "ods", io.StringIO())


def test_matrix_csv_and_xlsx_escape_row_names(project, tmp_path):
    from openpyxl import load_workbook

    from analysis.workflow import build_positions

    matrix = build_positions(project, rows="actors", n_boot=50)
    table = matrix_table(matrix)
    assert table[0][:7] == ["name", "file", "n", "score", "low", "high", "position"]
    assert len(table) == len(matrix.rows) + 1
    assert "'=evil()" in [row[0] for row in table[1:]]
    out = io.StringIO()
    write_matrix(matrix, "csv", out)
    assert "'=evil()" in out.getvalue()
    target = tmp_path / "matrix.xlsx"
    write_matrix(matrix, "xlsx", target)
    sheet = load_workbook(target)["Positions"]
    assert "f" not in {c.data_type for row in sheet.iter_rows() for c in row}
    assert sheet.max_row == len(matrix.rows) + 1
