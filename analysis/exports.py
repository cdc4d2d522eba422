"""Passage and matrix exports for spreadsheets and scripts.

Spreadsheet programs execute a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula; a passage quoted from a hostile page could carry one, and so could an issue name in
a codebook someone sent. Every text cell we write to CSV or XLSX, header cells included,
goes through :func:`spreadsheet_safe`. Some spreadsheets read the fullwidth forms
(``＝＋－＠``) as the ASCII ones, and skip leading spaces, tabs and line breaks before deciding,
so those count too.

XLSX is XML, which cannot hold most control characters: a passage carrying one (they do
arrive in scraped text) is written with each such character as U+FFFD instead of failing the
whole export, and a cell is cut at the 32,767 characters a spreadsheet cell can hold.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from analysis.spreadsheet import XLSX_CELL_LIMIT as XLSX_CELL_LIMIT  # part of what we promise
from analysis.spreadsheet import spreadsheet_safe, xml_safe
from analysis.store import Project

PASSAGE_FIELDS = [
    "id",
    "document",
    "file",
    "author",
    "start",
    "end",
    "text",
    "boilerplate",
    "label",
    "p_centralist",
    "p_neutral",
    "p_localist",
    "score",
    "source",
    "actor",
    "issues",
    "coder",
    "annotated_at",
]


def manual_label_origins(project: Project) -> dict[int, tuple[str, str]]:
    """Who gave each passage its current hand label, and when (the log's latest label row)."""
    origins: dict[int, tuple[str, str]] = {}
    for row in project.history():
        if row.label:
            origins[row.passage_id] = (row.coder, row.created_at)
        elif row.label == "":
            origins.pop(row.passage_id, None)
    return origins


def passage_records(project: Project) -> Iterable[dict]:
    documents = {d.id: d for d in project.documents()}
    origins = manual_label_origins(project)
    for p in project.passages():
        doc = documents[p.document_id]
        coder, annotated_at = (
            origins.get(p.id, (None, None)) if p.source == "manual" else (None, None)
        )
        yield {
            "id": p.id,
            "document": doc.display_title,
            "file": doc.file,
            "author": doc.author,
            "start": p.start,
            "end": p.end,
            "text": p.text,
            "boilerplate": p.boilerplate,
            "label": p.label,
            "p_centralist": p.p_centralist,
            "p_neutral": p.p_neutral,
            "p_localist": p.p_localist,
            "score": None if p.score is None else round(p.score, 6),
            "source": p.source,
            "actor": p.actor,
            "issues": list(p.issues),
            "coder": coder,
            "annotated_at": annotated_at,
        }


def _flat(record: dict) -> list:
    row = []
    for key in PASSAGE_FIELDS:
        value = record[key]
        if key == "issues":
            value = "; ".join(value)
        elif key == "boilerplate":
            value = "true" if value else "false"
        elif value is None:
            value = ""
        row.append(spreadsheet_safe(value))
    return row


def write_passages(project: Project, fmt: str, out: Path | io.TextIOBase) -> int:
    """Write one record per passage; returns how many were written."""
    records = list(passage_records(project))
    if fmt == "jsonl":
        _write_text(out, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    elif fmt == "csv":
        _write_text(out, _csv_text([_header(PASSAGE_FIELDS)] + [_flat(r) for r in records]))
    elif fmt == "xlsx":
        write_xlsx(out, "Passages", [_header(PASSAGE_FIELDS)] + [_flat(r) for r in records])
    else:
        raise ValueError(f"unknown export format {fmt!r} (use jsonl, csv or xlsx)")
    return len(records)


def matrix_table(matrix) -> list[list]:
    """The positions matrix as a header row plus one row per actor or document."""
    header = ["name", "file", "n", "score", "low", "high", "position"]
    for issue in matrix.issues:
        header += [f"{issue} n", f"{issue} score", f"{issue} low", f"{issue} high"]
    table = [_header(header)]
    for row in matrix.rows:
        line = [row.name, row.file or "", row.n, row.score, row.low, row.high, row.position]
        for issue in matrix.issues:
            cell = row.cells.get(issue)
            line += [cell.n, cell.score, cell.low, cell.high] if cell else [0, None, None, None]
        table.append([spreadsheet_safe(_rounded(v)) for v in line])
    return table


def _header(names: list[str]) -> list[str]:
    return [spreadsheet_safe(name) for name in names]


def _rounded(value):
    if value is None:
        return ""
    return round(value, 4) if isinstance(value, float) else value


def write_matrix(matrix, fmt: str, out: Path | io.TextIOBase) -> None:
    from analysis.positions.export import matrix_json, write_csv

    if fmt == "json":
        _write_text(out, json.dumps(matrix_json(matrix), indent=2, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        write_csv(matrix, buffer)
        _write_text(out, buffer.getvalue())
    elif fmt == "xlsx":
        write_xlsx(out, "Positions", matrix_table(matrix))
    else:
        raise ValueError(f"unknown matrix format {fmt!r} (use json, csv or xlsx)")


def _csv_text(rows: list[list]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _write_text(out, text: str) -> None:
    if isinstance(out, (str, Path)):
        Path(out).write_text(text, encoding="utf-8")
    else:
        out.write(text)


def write_xlsx(out, sheet: str, rows: list[list]) -> None:
    from openpyxl import Workbook

    if not isinstance(out, (str, Path)):
        raise ValueError("XLSX needs an output file (-o FILE.xlsx)")
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    for row in rows:
        ws.append([xml_safe(value) for value in row])
    book.save(str(out))
