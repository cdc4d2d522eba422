"""Storing a document that may already be in the project, without losing annotations.

Importing a folder again is an update, never a delete: a document is matched by file and
part and compared by its text. An unchanged one keeps its passages (and so their ids and
annotations); a changed one gets new passages, and each annotation is moved to the passage
that now holds its text, found by the text snapshot every annotation row keeps. One that
cannot be placed keeps its row, unattached, and may find its place at a later import.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from analysis.corpus import Document, Passage


@dataclass
class DocumentUpdate:
    document_id: int
    status: str  # "new", "unchanged" or "changed"
    kept: int = 0  # annotated passages whose annotations are attached after the import
    unplaced: int = 0  # annotated passages of this file that could not be placed


def store_document(
    conn: sqlite3.Connection, document: Document, passages: list[Passage], stamp: str
) -> DocumentUpdate:
    """Insert or update ``document``; the caller holds the transaction."""
    row = conn.execute(
        "SELECT id, text FROM documents WHERE file = ? AND part = ?",
        (document.file, document.part),
    ).fetchone()
    if row is None:
        doc_id = _insert(conn, document, stamp)
        _insert_passages(conn, doc_id, passages)
        placed, unplaced = _reanchor(conn, doc_id, document)
        return DocumentUpdate(doc_id, "new", placed, unplaced)
    doc_id, old_text = row
    _update(conn, doc_id, document, stamp)
    if old_text == document.text:
        return DocumentUpdate(doc_id, "unchanged", _annotated(conn, doc_id), 0)
    conn.execute("DELETE FROM passages WHERE document_id = ?", (doc_id,))  # annotations: SET NULL
    _insert_passages(conn, doc_id, passages)
    placed, unplaced = _reanchor(conn, doc_id, document)
    return DocumentUpdate(doc_id, "changed", placed, unplaced)


_META = ("title", "author", "date", "source", "format", "origin")


def _insert(conn: sqlite3.Connection, document: Document, stamp: str) -> int:
    cur = conn.execute(
        "INSERT INTO documents (file, part, title, author, date, source, format, origin,"
        " text, byline_spans, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            document.file,
            document.part,
            *(getattr(document, k) for k in _META),
            document.text,
            json.dumps(document.byline_spans),
            stamp,
        ),
    )
    return cur.lastrowid


def _update(conn: sqlite3.Connection, doc_id: int, document: Document, stamp: str) -> None:
    conn.execute(
        "UPDATE documents SET title = ?, author = ?, date = ?, source = ?, format = ?,"
        " origin = ?, text = ?, byline_spans = ?, imported_at = ? WHERE id = ?",
        (
            *(getattr(document, k) for k in _META),
            document.text,
            json.dumps(document.byline_spans),
            stamp,
            doc_id,
        ),
    )


def _insert_passages(conn: sqlite3.Connection, doc_id: int, passages: list[Passage]) -> None:
    conn.executemany(
        "INSERT INTO passages (document_id, seq, start, end, boilerplate) VALUES (?,?,?,?,?)",
        [(doc_id, i, p.start, p.end, int(p.boilerplate)) for i, p in enumerate(passages)],
    )


def _annotated(conn: sqlite3.Connection, doc_id: int) -> int:
    return conn.execute(
        "SELECT count(DISTINCT a.passage_id) FROM annotations a"
        " JOIN passages p ON p.id = a.passage_id WHERE p.document_id = ?",
        (doc_id,),
    ).fetchone()[0]


def _reanchor(conn: sqlite3.Connection, doc_id: int, document: Document) -> tuple[int, int]:
    """Attach this file's unattached annotations to the passages that hold their text.

    Returns (passages kept, passages that could not be placed), counting each former
    passage once however many annotation rows it had.
    """
    loose = conn.execute(
        "SELECT id, start, end, text FROM annotations"
        " WHERE passage_id IS NULL AND file = ? AND part = ?",
        (document.file, document.part),
    ).fetchall()
    if not loose:
        return _annotated(conn, doc_id), 0
    new = [
        (pid, start, end, document.text[start:end])
        for pid, start, end in conn.execute(
            "SELECT id, start, end FROM passages WHERE document_id = ? ORDER BY seq", (doc_id,)
        )
    ]
    lost: set[tuple] = set()
    for ann_id, start, end, text in loose:
        target = _place(new, document.text, start, text)
        if target is None:
            lost.add((start, end, text))
            continue
        pid, p_start, p_end, p_text = target
        conn.execute(
            "UPDATE annotations SET passage_id = ?, start = ?, end = ?, text = ? WHERE id = ?",
            (pid, p_start, p_end, p_text, ann_id),
        )
    return _annotated(conn, doc_id), len(lost)


def _place(new: list[tuple], text: str, start: int | None, snippet: str) -> tuple | None:
    """The new passage for an annotation made on ``snippet`` at offset ``start``.

    Same text first (the nearest to the old offset when it repeats); else the passage
    that contains the snippet where it now occurs nearest the old offset.
    """
    if not snippet.strip():
        return None
    start = start or 0
    same = [p for p in new if p[3] == snippet]
    if same:
        return min(same, key=lambda p: abs(p[1] - start))
    found, at = None, text.find(snippet)
    while at != -1:
        if found is None or abs(at - start) < abs(found - start):
            found = at
        at = text.find(snippet, at + 1)
    if found is None:
        return None
    stop = found + len(snippet)
    overlap = [(min(p[2], stop) - max(p[1], found), p) for p in new]
    best = max(overlap, key=lambda item: item[0], default=(0, None))
    return best[1] if best[0] > 0 else None
