"""The positions matrix in the shapes the command line promises (DESIGN.md contract)."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, TextIO

from analysis.spreadsheet import spreadsheet_safe

if TYPE_CHECKING:
    from analysis.positions.matrix import Cell, PositionsMatrix, Row


def _num(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits)


def _cell_json(cell: Cell) -> dict:
    return {"n": cell.n, "score": _num(cell.score), "low": _num(cell.low), "high": _num(cell.high)}


def _row_json(row: Row, issues: list[str], documents: bool) -> dict:
    out = {"name": row.name}
    if documents:
        out["file"] = row.file
    else:
        out["kind"] = row.kind  # person, organisation, ... so a reader can filter rows
    out.update(
        n=row.n,
        score=_num(row.score),
        low=_num(row.low),
        high=_num(row.high),
        position=_num(row.position),
        position_low=_num(row.position_low),
        position_high=_num(row.position_high),
        counts=dict(row.counts),
        cells={issue: _cell_json(row.cells[issue]) for issue in issues},
    )
    return out


def matrix_json(matrix: PositionsMatrix) -> dict:
    documents = matrix.row_kind == "documents"
    return {
        "issues": list(matrix.issues),
        "rows": [_row_json(r, matrix.issues, documents) for r in matrix.rows],
        "row_kind": matrix.row_kind,
        "n_boot": matrix.n_boot,
        "seed": matrix.seed,
    }


def _text(value: str | None) -> str:
    """Names are data, never formulas: spreadsheets must show them as typed."""
    return spreadsheet_safe(value or "")


def _csv_num(x: float | int | None) -> str:
    if x is None:
        return ""
    return str(x) if isinstance(x, int) else f"{x:.4f}"


def write_csv(matrix: PositionsMatrix, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    header = ["name", "file", "n", "score", "low", "high", "position", "kind"]
    for issue in matrix.issues:
        header += [f"{issue} n", f"{issue} score", f"{issue} low", f"{issue} high"]
    writer.writerow([_text(name) for name in header])
    for row in matrix.rows:
        line = [_text(row.name), _text(row.file)]
        line += [_csv_num(v) for v in (row.n, row.score, row.low, row.high, row.position)]
        line.append(_text(row.kind))
        for issue in matrix.issues:
            c = row.cells[issue]
            line += [_csv_num(v) for v in (c.n, c.score, c.low, c.high)]
        writer.writerow(line)
