"""Who stands where: stance per actor (or document) and issue, with uncertainty.

Rows are sorted by their mean stance, most centralist first, so that reading a table or
the heatmap from top to bottom follows the axis from national to local control.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis.positions.bootstrap import grouped_mean_intervals, log_odds_intervals
from analysis.store.records import DocumentRecord, PassageRecord

ALL = "all"
"""Column key for all of a row's passages, whatever their issues."""

ROW_KINDS = ("actors", "documents")
_LABEL_CODE = {"centralist": 0, "neutral": 1, "localist": 2}


@dataclass(slots=True)
class Cell:
    n: int
    score: float | None
    low: float | None
    high: float | None


@dataclass(slots=True)
class Row:
    key: str
    name: str
    file: str | None
    n: int
    score: float | None
    low: float | None
    high: float | None
    position: float | None
    position_low: float | None
    position_high: float | None
    counts: dict[str, int]
    cells: dict[str, Cell] = field(default_factory=dict)
    passage_ids: dict[str, list[int]] = field(default_factory=dict)
    kind: str = ""
    """For actor rows: "person", "organisation", "outlet" or "unattributed" ("" if unknown)."""


@dataclass
class PositionsMatrix:
    issues: list[str]
    rows: list[Row]
    row_kind: str
    n_boot: int = 1000
    seed: int = 0

    def __reduce__(self):
        """Sent to the window from a child process as plain tuples, rebuilt in a Python loop:
        unpickling thousands of dataclasses is one long C call that holds the interpreter
        lock (a visible freeze of the window); a loop lets the window's thread run between
        rows."""
        flat = [
            (
                r.key,
                r.name,
                r.file,
                r.n,
                r.score,
                r.low,
                r.high,
                r.position,
                r.position_low,
                r.position_high,
                r.counts,
                [(c, x.n, x.score, x.low, x.high) for c, x in r.cells.items()],
                r.passage_ids,
                r.kind,
            )
            for r in self.rows
        ]
        return _rebuild, (self.issues, flat, self.row_kind, self.n_boot, self.seed)

    def row(self, key_or_name: str) -> Row | None:
        wanted = key_or_name.casefold()
        for row in self.rows:
            if row.key.casefold() == wanted or row.name.casefold() == wanted:
                return row
        return None


def _rebuild(issues, flat, row_kind, n_boot, seed) -> PositionsMatrix:
    rows = []
    for *head, counts, cells, ids, kind in flat:
        row = Row(*head, counts, {c: Cell(*v) for c, *v in cells}, ids, kind)
        rows.append(row)
    return PositionsMatrix(issues, rows, row_kind, n_boot, seed)


UNATTRIBUTED = "Unattributed"
"""The row of passages whose document names neither an author nor a source: a title is
never an actor, and such text has no speaker to place."""


def _fallback_actor(doc: DocumentRecord | None) -> tuple[str, str]:
    """Whose view an unattributed passage carries, and what kind of actor that is."""
    from analysis.actors.names import is_outlet

    if doc is not None and doc.author.strip():
        return doc.author.strip(), "person"
    if doc is not None and doc.source.strip():
        return doc.source.strip(), "outlet" if is_outlet(doc.source) else "organisation"
    return UNATTRIBUTED, "unattributed"


def _row_keys(passages, docs: dict[int, DocumentRecord], rows: str, kinds: dict[str, str]):
    """Per passage a row index, plus (key, name, file, kind) per row, first seen first."""
    index: dict[str, int] = {}
    meta: list[tuple[str, str, str | None, str]] = []
    out = np.empty(len(passages), dtype=np.int64)
    for i, p in enumerate(passages):
        doc = docs.get(p.document_id)
        if rows == "documents":
            key = f"doc:{p.document_id}"
            name = doc.display_title if doc else key
            file, kind = (doc.file if doc else None), ""
        else:
            name = (p.actor or "").strip()
            kind = kinds.get(name.casefold(), "")
            if not name:
                name, kind = _fallback_actor(doc)
            key, file = name.casefold(), None
        r = index.get(key)
        if r is None:
            r = index[key] = len(meta)
            meta.append((key, name, file, kind))
        out[i] = r
    return out, meta


def _cells(row_of, scores, passages, issues, n_rows):
    """Flat (cell id, value, passage id) triples for the "all" column and each issue column."""
    col = {name: j for j, name in enumerate(issues)}
    n_cols = len(issues) + 1
    pid = np.fromiter((p.id for p in passages), dtype=np.int64, count=len(passages))
    at, column = array("q"), array("q")  # per issue tag: its passage's index, its column
    for i, p in enumerate(passages):
        for issue in p.issues:
            j = col.get(issue)
            if j is not None:
                at.append(i)
                column.append(j)
    at = np.asarray(at, dtype=np.int64)
    cell = np.concatenate([row_of * n_cols + len(issues), row_of[at] * n_cols + column])
    return (
        cell,
        np.concatenate([scores, scores[at]]),
        np.concatenate([pid, pid[at]]),
        n_rows * n_cols,
    )


def build_matrix(
    passages: Sequence[PassageRecord],
    documents: Sequence[DocumentRecord],
    issues: Sequence[str],
    rows: str = "actors",
    n_boot: int = 1000,
    seed: int = 0,
    kinds: dict[str, str] | None = None,
) -> PositionsMatrix:
    """Aggregate scored, non-boilerplate passages into the positions matrix.

    ``kinds``: actor name -> kind ("person", "organisation", "outlet"), from the project's
    actors, so the window and the report can keep outlets apart from speakers.

    Manual labels count as certain (−1, 0, +1) through ``PassageRecord.score``; passages
    with neither a label nor a prediction have no stance and are left out.
    """
    if rows not in ROW_KINDS:
        raise ValueError(f"rows must be one of {', '.join(ROW_KINDS)}, not {rows!r}")
    issues = list(dict.fromkeys(issues))
    kept = [
        p for p in passages if not p.boilerplate and p.label in _LABEL_CODE and p.score is not None
    ]
    docs = {d.id: d for d in documents}
    kinds = {k.casefold(): v for k, v in (kinds or {}).items()}
    row_of, meta = _row_keys(kept, docs, rows, kinds)
    scores = np.fromiter((p.score for p in kept), dtype=np.float64, count=len(kept))
    labels = np.fromiter((_LABEL_CODE[p.label] for p in kept), dtype=np.int64, count=len(kept))
    rng = np.random.default_rng(seed)
    n_rows = len(meta)
    counts = np.zeros((n_rows, 3), dtype=np.int64)
    np.add.at(counts, (row_of, labels), 1)
    position = log_odds_intervals(counts.sum(1), counts[:, 2], counts[:, 0], n_boot, rng)
    cell_of, values, pids, n_cells = _cells(row_of, scores, kept, issues, n_rows)
    stats = grouped_mean_intervals(cell_of, values, n_cells, n_boot, rng)
    members = _members(cell_of, pids, n_cells)
    columns = [*issues, ALL]
    plain = tuple(a.tolist() for a in stats)  # Python numbers: fast to index per cell
    pos = [a.tolist() for a in position]
    count_rows = counts.tolist()
    out = [
        _row(r, meta[r], columns, plain, members, count_rows[r], (pos[0][r], pos[1][r], pos[2][r]))
        for r in range(n_rows)
    ]
    out.sort(key=lambda row: (row.score is None, row.score or 0.0, row.name.casefold()))
    return PositionsMatrix(issues, out, rows, n_boot, seed)


def _members(cell_of, pids, n_cells) -> list[list[int]]:
    order = np.argsort(cell_of, kind="stable")
    ends = np.cumsum(np.bincount(cell_of, minlength=n_cells)).tolist()
    ids = pids[order].tolist()
    return [ids[a:b] for a, b in zip([0, *ends], ends, strict=False)]


def _opt(x: float) -> float | None:
    return None if x != x else x  # NaN: an empty cell


def _row(r, meta, columns, stats, members, counts, position) -> Row:
    key, name, file, kind = meta
    n_counts, means, lows, highs = stats
    base = r * len(columns)
    cells, ids = {}, {}
    for j, col in enumerate(columns):
        c = base + j
        n = int(n_counts[c])
        cells[col] = (
            Cell(n, _opt(means[c]), _opt(lows[c]), _opt(highs[c]))
            if n
            else Cell(0, None, None, None)
        )
        ids[col] = members[c]
    whole = cells[ALL]
    pos, pos_low, pos_high = position
    return Row(
        key=key,
        name=name,
        file=file,
        n=whole.n,
        score=whole.score,
        low=whole.low,
        high=whole.high,
        position=pos,
        position_low=pos_low,
        position_high=pos_high,
        counts={"L": counts[2], "N": counts[1], "C": counts[0]},
        cells=cells,
        passage_ids=ids,
        kind=kind,
    )
