"""Read queries, and the folding of the append-only annotation log into current state."""

from __future__ import annotations

import json
import sqlite3
from typing import NamedTuple

from analysis.store import actor_edits
from analysis.store.records import AnnotationRecord, DocumentRecord, ModelRecord, PassageRecord

_DOC_COLUMNS = "d.id, d.file, d.part, d.title, d.author, d.date, d.source, d.format, d.origin"


def documents(conn: sqlite3.Connection) -> list[DocumentRecord]:
    rows = conn.execute(
        f"SELECT {_DOC_COLUMNS}, (SELECT count(*) FROM passages p WHERE p.document_id = d.id)"
        " FROM documents d ORDER BY d.file, d.part"
    )
    return [DocumentRecord(*row) for row in rows]


def document(conn: sqlite3.Connection, document_id: int) -> DocumentRecord:
    row = conn.execute(
        f"SELECT {_DOC_COLUMNS}, (SELECT count(*) FROM passages p WHERE p.document_id = d.id)"
        " FROM documents d WHERE d.id = ?",
        (document_id,),
    ).fetchone()
    if row is None:
        raise KeyError(document_id)
    return DocumentRecord(*row)


class _Manual:
    """Latest manual value per field for one passage while folding the log."""

    __slots__ = ("label", "boilerplate", "actor", "issues")

    def __init__(self) -> None:
        self.label = self.boilerplate = self.actor = self.issues = None


def _fold_annotations(conn: sqlite3.Connection, where: str, args: tuple) -> dict[int, _Manual]:
    state: dict[int, _Manual] = {}
    for pid, label, boiler, actor, issues in conn.execute(
        "SELECT a.passage_id, a.label, a.boilerplate, a.actor, a.issues FROM annotations a"
        f" {where} ORDER BY a.id",
        args,
    ):
        m = state.get(pid)
        if m is None:
            m = state[pid] = _Manual()
        if label is not None:
            m.label = label or None
        if boiler is not None:
            m.boilerplate = None if boiler < 0 else bool(boiler)  # -1: automatic again
        if actor is not None:
            m.actor = actor or None
        if issues is not None:
            m.issues = tuple(json.loads(issues)) if issues else None  # '': automatic again
    return state


def passages(
    conn: sqlite3.Connection,
    document_id: int | None,
    passage_ids: list[int] | None = None,
    light: bool = False,
) -> list[PassageRecord]:
    """``light``: without text and evidence (empty), for whole-corpus aggregates."""
    where, args = "", ()
    if passage_ids is not None:
        marks = ",".join("?" * len(passage_ids))
        where, args = f"WHERE p.id IN ({marks})", tuple(passage_ids)
    elif document_id is not None:
        where, args = "WHERE p.document_id = ?", (document_id,)
    model = conn.execute("SELECT max(id) FROM models WHERE active = 1").fetchone()[0]
    rows = conn.execute(
        "SELECT p.id, p.document_id, p.seq, p.start, p.end,"
        " '', p.boilerplate,"
        " pr.label, pr.p_centralist, pr.p_neutral, pr.p_localist,"
        + (" NULL," if light else " pr.evidence,")
        + " at.actor, at.method"
        " FROM passages p"
        " LEFT JOIN predictions pr ON pr.passage_id = p.id AND pr.model_id = ?"
        " LEFT JOIN attributions at ON at.passage_id = p.id"
        f" {where} ORDER BY p.document_id, p.seq",
        (model, *args),
    ).fetchall()
    ann_where = (
        where.replace("p.id", "a.passage_id")
        if passage_ids is not None
        else "WHERE a.passage_id IS NOT NULL"
    )
    if document_id is not None and passage_ids is None:
        ann_where = "JOIN passages p ON p.id = a.passage_id WHERE p.document_id = ?"
    manual = _fold_annotations(conn, ann_where, args)
    issue_rows = conn.execute(
        "SELECT pi.passage_id, pi.issue FROM passage_issues pi"
        + (" JOIN passages p ON p.id = pi.passage_id " + where if where else "")
        + " ORDER BY pi.passage_id, pi.issue",
        args,
    )
    auto_issues: dict[int, list[str]] = {}
    for pid, issue in issue_rows:
        auto_issues.setdefault(pid, []).append(issue)
    if not light:
        rows = _with_text(conn, rows)
    records = [_record(row, manual.get(row[0]), auto_issues.get(row[0], ())) for row in rows]
    return actor_edits.apply_to_records(conn, records)


class PassageSpan(NamedTuple):
    """Where a passage sits, and whether it is page noise: all that classifying it needs."""

    id: int
    document_id: int
    seq: int
    start: int
    end: int
    boilerplate: bool


def passage_spans(conn: sqlite3.Connection) -> list[PassageSpan]:
    """Every passage's span in reading order, with page-noise corrections applied: a fifth
    of the time of reading full records, which join predictions, speakers and issues."""
    manual = _fold_annotations(
        conn, "WHERE a.passage_id IS NOT NULL AND a.boilerplate IS NOT NULL", ()
    )
    out = []
    for pid, doc, seq, start, end, boiler in conn.execute(
        "SELECT id, document_id, seq, start, end, boilerplate FROM passages"
        " ORDER BY document_id, seq"
    ):
        m = manual.get(pid)
        if m is not None and m.boilerplate is not None:
            boiler = m.boilerplate
        out.append(PassageSpan(pid, doc, seq, start, end, bool(boiler)))
    return out


def _with_text(conn: sqlite3.Connection, rows: list[tuple]) -> list[tuple]:
    """Each row with its passage text cut from its document's text, which is stored once.

    Cut in Python, not with SQL ``substr``: both count characters, but SQLite's text
    functions stop at a NUL character, which an imported file may hold."""
    texts = document_texts(conn, {row[1] for row in rows})
    return [(*row[:5], texts[row[1]][row[3] : row[4]], *row[6:]) for row in rows]


def document_texts(conn: sqlite3.Connection, ids) -> dict[int, str]:
    ids, out = sorted(ids), {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        out.update(
            conn.execute(
                f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
        )
    return out


def passage_text(conn: sqlite3.Connection, passage_id: int) -> str | None:
    row = conn.execute(
        "SELECT d.text, p.start, p.end FROM passages p JOIN documents d"
        " ON d.id = p.document_id WHERE p.id = ?",
        (passage_id,),
    ).fetchone()
    return None if row is None else row[0][row[1] : row[2]]


def _record(row: tuple, m: _Manual | None, auto_issues) -> PassageRecord:
    (pid, doc, seq, start, end, text, boiler, plabel, pc, pn, pl, evidence, actor, method) = row
    manual_label = m.label if m else None
    if manual_label:
        label, source = manual_label, "manual"
    elif plabel is not None:
        label, source = plabel, "model"
    else:
        label, source = None, None
    eff_boiler = m.boilerplate if m and m.boilerplate is not None else bool(boiler)
    if m and m.actor:
        actor, method = m.actor, "manual"
    auto_issues = tuple(auto_issues)
    issues = m.issues if m and m.issues is not None else auto_issues
    return PassageRecord(
        id=pid,
        document_id=doc,
        seq=seq,
        start=start,
        end=end,
        text=text,
        boilerplate=eff_boiler,
        auto_boilerplate=bool(boiler),
        label=label,
        source=source,
        p_centralist=pc,
        p_neutral=pn,
        p_localist=pl,
        predicted_label=plabel,
        evidence=tuple((t, w) for t, w in json.loads(evidence)) if evidence else (),
        manual_label=manual_label,
        actor=actor or "",
        actor_method=method or "",
        issues=tuple(issues),
        auto_issues=auto_issues,
        manual_boilerplate=m.boilerplate if m else None,
        manual_issues=m.issues if m else None,
    )


def annotations(conn: sqlite3.Connection, passage_id: int | None) -> list[AnnotationRecord]:
    where, args = ("WHERE passage_id = ?", (passage_id,)) if passage_id is not None else ("", ())
    out = []
    for aid, pid, coder, label, boiler, actor, issues, created in conn.execute(
        "SELECT id, passage_id, coder, label, boilerplate, actor, issues, created_at"
        f" FROM annotations {where} ORDER BY id",
        args,
    ):
        out.append(
            AnnotationRecord(
                aid,
                pid,
                coder,
                label,
                None if boiler is None or boiler < 0 else bool(boiler),
                actor,
                None if issues is None else tuple(json.loads(issues or "[]")),
                created,
            )
        )
    return out


def coder_labels(conn: sqlite3.Connection) -> dict[str, dict[int, str]]:
    out: dict[str, dict[int, str]] = {}
    for coder, pid, label in conn.execute(
        "SELECT coder, passage_id, label FROM annotations"
        " WHERE label IS NOT NULL AND passage_id IS NOT NULL ORDER BY id"
    ):
        labels = out.setdefault(coder, {})
        if label:
            labels[pid] = label
        else:
            labels.pop(pid, None)
    return {c: labels for c, labels in out.items() if labels}


def models(conn: sqlite3.Connection) -> list[ModelRecord]:
    return [
        ModelRecord(
            mid, created, name, json.loads(params), arrays, size, json.loads(metrics), bool(active)
        )
        for mid, created, name, params, arrays, size, metrics, active in conn.execute(
            "SELECT id, created_at, name, params, arrays, training_size, metrics, active"
            " FROM models WHERE pending = 0 ORDER BY id"
        )
    ]
