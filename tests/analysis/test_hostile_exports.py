"""Spreadsheet exports fed hostile names and text: formulas stay text, XLSX never fails."""

from __future__ import annotations

import csv
import io

import pytest

from analysis.corpus import Document, Passage
from analysis.exports import (
    XLSX_CELL_LIMIT,
    matrix_table,
    spreadsheet_safe,
    write_matrix,
    write_passages,
    xml_safe,
)
from analysis.positions.export import write_csv
from analysis.store import Project
from analysis.workflow import build_positions, refresh_structure

EVIL_ISSUE = "=cmd|' /C calc'!A0"
FULLWIDTH_ISSUE = "＝SUM(A1:A9)"
CONTROL_TEXT = "Care\x00 budgets\x01 moved\x0b to\x1f the \x7fcouncil today."


@pytest.fixture
def project():
    project = Project(":memory:")
    texts = [
        "Councils should run care budgets themselves.",
        "The NHS must set national standards for care.",
        CONTROL_TEXT,
        "x" * (XLSX_CELL_LIMIT + 100),
    ]
    text = "\n\n".join(texts)
    passages, pos = [], 0
    for seq, chunk in enumerate(texts):
        passages.append(Passage(pos, pos + len(chunk), chunk, seq=seq))
        pos += len(chunk) + 2
    doc = Document(file="+hostile.txt", text=text, title="@title", author="－minus author")
    project.add_document(doc, passages)
    project.save_codebook(
        {
            "issue": [
                {"name": EVIL_ISSUE, "stems": ["care"]},
                {"name": FULLWIDTH_ISSUE, "stems": ["council"]},
            ]
        }
    )
    refresh_structure(project)
    yield project
    project.close()


@pytest.mark.parametrize(
    "value", ["＝1+1", "＋44", "－5", "＠SUM(A1)", "\tTAB", "\rCR", "\nLF", EVIL_ISSUE]
)
def test_fullwidth_and_whitespace_formula_starts_are_guarded(value):
    assert spreadsheet_safe(value) == "'" + value


def test_xml_safe_replaces_illegal_characters_and_caps_length():
    assert xml_safe("a\x00b\x1fc\ufffed") == "a\ufffdb\ufffdc\ufffdd"
    assert len(xml_safe("y" * 100_000)) == XLSX_CELL_LIMIT
    assert xml_safe(3.5) == 3.5


def test_issue_names_in_every_matrix_header_are_guarded(project, tmp_path):
    from openpyxl import load_workbook

    matrix = build_positions(project, rows="documents", n_boot=20)
    assert EVIL_ISSUE in matrix.issues
    header = matrix_table(matrix)[0]
    assert f"'{EVIL_ISSUE} n" in header and f"'{FULLWIDTH_ISSUE} score" in header
    assert not any(str(cell).startswith(("=", "＝")) for cell in header)

    out = io.StringIO()
    write_csv(matrix, out)
    first = next(csv.reader(io.StringIO(out.getvalue())))
    assert f"'{EVIL_ISSUE} n" in first and not any(c.startswith(("=", "＝")) for c in first)

    target = tmp_path / "matrix.xlsx"
    write_matrix(matrix, "xlsx", target)
    sheet = load_workbook(target)["Positions"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert "f" not in {c.data_type for c in cells}
    assert f"'{EVIL_ISSUE} n" in [c.value for c in cells]


def test_xlsx_export_survives_control_characters_and_giant_cells(project, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "passages.xlsx"
    assert write_passages(project, "xlsx", target) == 4
    sheet = load_workbook(target)["Passages"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    texts = [row[6] for row in rows[1:]]
    assert any(t.startswith("Care\ufffd budgets\ufffd") for t in texts)
    assert max(len(t) for t in texts) == XLSX_CELL_LIMIT
    issues = {row[15] for row in rows[1:]}
    assert any(i and i.startswith("'=cmd") for i in issues)
    assert "f" not in {c.data_type for row in sheet.iter_rows() for c in row}


def test_csv_export_guards_file_title_author_and_issue_cells(project):
    out = io.StringIO()
    write_passages(project, "csv", out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    body = rows[1:]
    assert {r[1] for r in body} == {"'@title"}
    assert {r[2] for r in body} == {"'+hostile.txt"}
    assert {r[3] for r in body} == {"'－minus author"}
    assert any(r[15].startswith("'=cmd") for r in body)


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("Budgets\nand funding", "control character or line break"),
        ("Red\x1b[31m", "control character"),
        ("x" * 81, "81 characters long; at most 80"),
    ],
)
def test_codebook_refuses_issue_names_with_control_characters_or_too_long(name, phrase):
    from analysis.issues import Codebook, CodebookError

    with pytest.raises(CodebookError, match=phrase):
        Codebook.from_dict({"issue": [{"name": name, "stems": ["fund"]}]})


def test_codebook_keeps_a_formula_like_name_for_the_export_guard():
    from analysis.issues import Codebook

    assert Codebook.from_dict({"issue": [{"name": EVIL_ISSUE, "stems": ["x"]}]}).names == [
        EVIL_ISSUE
    ]
