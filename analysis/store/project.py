"""The project session: every write is its own committed transaction and says what changed.

Writes return a :class:`Changes` so that the window can refresh only what an edit touched
(the Anki ``OpChanges`` idea). Long imports wrap many writes in :meth:`Project.transaction`
so that cancelling leaves the project exactly as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from analysis.corpus import LABELS, Document, Passage, Prediction
from analysis.store import queries
from analysis.store.connection import backup, connect
from analysis.store.errors import ProjectError, ProjectInUse
from analysis.store.records import AnnotationRecord, DocumentRecord, ModelRecord, PassageRecord

try:  # advisory lock so a second window is warned; released by the OS if we are killed
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


@dataclass
class Changes:
    """What one write touched; views refresh only these."""

    passages: set[int] = field(default_factory=set)
    documents: set[int] = field(default_factory=set)
    structure: bool = False  # documents added or removed
    model: bool = False  # a new model or new predictions

    def __bool__(self) -> bool:
        return bool(self.passages or self.documents or self.structure or self.model)

    def merge(self, other: Changes) -> Changes:
        return Changes(
            self.passages | other.passages,
            self.documents | other.documents,
            self.structure or other.structure,
            self.model or other.model,
        )


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Project:
    """A StanceMap project file (or an in-memory project for a corpus given on the command line)."""

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True) -> None:
        self.path = Path(path) if path not in (None, ":memory:") else None
        self._conn: sqlite3.Connection = connect(self.path, create=create)
        self._depth = 0
        self._lock_handle = None
        if self.get_setting("created_at") is None:
            with self.transaction():
                self.set_setting("created_at", now())

    # -- lifecycle ---------------------------------------------------------------------
    def close(self) -> None:
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def lock(self) -> None:
        """Claim the project for editing in this process; raise if another window has it."""
        if self.path is None or fcntl is None or self._lock_handle is not None:
            return
        handle = open(self.path.with_name(self.path.name + ".lock"), "a+")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise ProjectInUse(
                f"{self.path.name} is open in another StanceMap window; "
                "close it there first, or open a copy"
            ) from None
        self._lock_handle = handle

    def backup(self, destination: str | os.PathLike | None = None) -> Path:
        if destination is None:
            if self.path is None:
                raise ProjectError("an unsaved project has no backup location")
            destination = self.path.with_name(self.path.name + ".bak")
        return backup(self._conn, Path(destination))

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the main file, e.g. before the file is moved."""
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def name(self) -> str:
        return self.path.stem if self.path else "Untitled"

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit: nested uses join the outermost; any exception rolls back."""
        if self._depth == 0:
            self._conn.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._conn.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            self._conn.execute("COMMIT")

    # -- settings ----------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- documents and passages --------------------------------------------------------
    def add_document(self, document: Document, passages: list[Passage]) -> int:
        """Store a document and its passages; re-importing the same file part replaces it."""
        with self.transaction():
            self._conn.execute(
                "DELETE FROM documents WHERE file = ? AND part = ?", (document.file, document.part)
            )
            cur = self._conn.execute(
                "INSERT INTO documents (file, part, title, author, date, source, format, origin,"
                " text, byline_spans, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    document.file,
                    document.part,
                    document.title,
                    document.author,
                    document.date,
                    document.source,
                    document.format,
                    document.origin,
                    document.text,
                    json.dumps(document.byline_spans),
                    now(),
                ),
            )
            doc_id = cur.lastrowid
            self._conn.executemany(
                "INSERT INTO passages (document_id, seq, start, end, text, boilerplate)"
                " VALUES (?,?,?,?,?,?)",
                [
                    (doc_id, i, p.start, p.end, p.text, int(p.boilerplate))
                    for i, p in enumerate(passages)
                ],
            )
        return doc_id

    def documents(self) -> list[DocumentRecord]:
        return queries.documents(self._conn)

    def document(self, document_id: int) -> DocumentRecord:
        return queries.document(self._conn, document_id)

    def document_text(self, document_id: int) -> str:
        row = self._conn.execute(
            "SELECT text FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise KeyError(document_id)
        return row[0]

    def byline_spans(self, document_id: int) -> list[tuple[int, int]]:
        row = self._conn.execute(
            "SELECT byline_spans FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return [tuple(s) for s in json.loads(row[0])] if row else []

    def passages(self, document_id: int | None = None, *, light: bool = False
                 ) -> list[PassageRecord]:
        return queries.passages(self._conn, document_id, light=light)

    def passage(self, passage_id: int) -> PassageRecord:
        found = queries.passages(self._conn, None, passage_ids=[passage_id])
        if not found:
            raise KeyError(passage_id)
        return found[0]

    def passage_ids(self) -> list[int]:
        return [r[0] for r in self._conn.execute("SELECT id FROM passages ORDER BY id")]

    def count_passages(self) -> int:
        return self._conn.execute("SELECT count(*) FROM passages").fetchone()[0]

    # -- annotations (append-only) -----------------------------------------------------
    def annotate(
        self,
        passage_id: int,
        coder: str,
        *,
        label: str | None = None,
        boilerplate: bool | None = None,
        actor: str | None = None,
        issues: Iterable[str] | None = None,
    ) -> Changes:
        """Append one annotation row and commit it before returning.

        None leaves a field as it is; an empty string (or empty issue list) clears the
        manual value so the automatic one shows again.
        """
        if label is not None and label not in ("", *LABELS):
            raise ValueError(f"unknown label {label!r}; use one of {', '.join(LABELS)}")
        doc = self._conn.execute(
            "SELECT document_id FROM passages WHERE id = ?", (passage_id,)
        ).fetchone()
        if doc is None:
            raise KeyError(f"no passage with id {passage_id}")
        issues_json = None if issues is None else json.dumps(sorted(set(issues)))
        with self.transaction():
            self._conn.execute(
                "INSERT INTO annotations (passage_id, coder, label, boilerplate, actor, issues,"
                " created_at) VALUES (?,?,?,?,?,?,?)",
                (
                    passage_id,
                    coder or "anonymous",
                    label,
                    None if boilerplate is None else int(boilerplate),
                    actor,
                    issues_json,
                    now(),
                ),
            )
        return Changes(passages={passage_id}, documents={doc[0]})

    def history(self, passage_id: int | None = None) -> list[AnnotationRecord]:
        return queries.annotations(self._conn, passage_id)

    def coders(self) -> list[str]:
        return [
            r[0] for r in self._conn.execute("SELECT DISTINCT coder FROM annotations ORDER BY 1")
        ]

    def coder_labels(self) -> dict[str, dict[int, str]]:
        """Each coder's current label per passage (their latest, clears removed)."""
        return queries.coder_labels(self._conn)

    # -- models and predictions --------------------------------------------------------
    def save_model(
        self,
        name: str,
        params: dict,
        arrays: bytes,
        training_size: int,
        metrics: dict,
        *,
        activate: bool = True,
    ) -> int:
        with self.transaction():
            if activate:
                self._conn.execute("UPDATE models SET active = 0")
            cur = self._conn.execute(
                "INSERT INTO models (created_at, name, params, arrays, training_size, metrics,"
                " active) VALUES (?,?,?,?,?,?,?)",
                (
                    now(),
                    name,
                    json.dumps(params),
                    arrays,
                    training_size,
                    json.dumps(metrics),
                    int(activate),
                ),
            )
        return cur.lastrowid

    def models(self) -> list[ModelRecord]:
        return queries.models(self._conn)

    def active_model(self) -> ModelRecord | None:
        found = [m for m in self.models() if m.active]
        return found[-1] if found else None

    def save_predictions(self, model_id: int, rows: Iterable[tuple[int, Prediction]]) -> Changes:
        with self.transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO predictions (passage_id, model_id, label, p_centralist,"
                " p_neutral, p_localist, evidence) VALUES (?,?,?,?,?,?,?)",
                [
                    (
                        pid,
                        model_id,
                        p.label,
                        p.p_centralist,
                        p.p_neutral,
                        p.p_localist,
                        json.dumps([[t, round(w, 4)] for t, w in p.evidence]),
                    )
                    for pid, p in rows
                ],
            )
        return Changes(model=True)

    # -- speakers and issues (automatic) -----------------------------------------------
    def save_attributions(self, rows: Iterable[tuple[int, str, str, float]]) -> None:
        """(passage_id, actor, method, confidence) from the automatic attribution."""
        with self.transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO attributions (passage_id, actor, method, confidence)"
                " VALUES (?,?,?,?)",
                list(rows),
            )

    def save_actors(self, rows: Iterable[tuple[str, str, list[str]]]) -> None:
        """(canonical name, kind, aliases) for every actor the attribution found."""
        with self.transaction():
            self._conn.executemany(
                "INSERT INTO actors (name, kind, aliases) VALUES (?,?,?) ON CONFLICT(name)"
                " DO UPDATE SET kind = excluded.kind, aliases = excluded.aliases",
                [(n, k, json.dumps(sorted(set(a)))) for n, k, a in rows],
            )

    def actors(self) -> dict[str, tuple[str, list[str]]]:
        return {
            name: (kind, json.loads(aliases))
            for name, kind, aliases in self._conn.execute("SELECT name, kind, aliases FROM actors")
        }

    def save_issue_tags(self, rows: Iterable[tuple[int, Iterable[str]]]) -> None:
        with self.transaction():
            for pid, issues in rows:
                self._conn.execute("DELETE FROM passage_issues WHERE passage_id = ?", (pid,))
                self._conn.executemany(
                    "INSERT INTO passage_issues (passage_id, issue) VALUES (?, ?)",
                    [(pid, issue) for issue in sorted(set(issues))],
                )

    def save_codebook(self, content: dict) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO codebook (id, content) VALUES (1, ?)",
                (json.dumps(content),),
            )

    def codebook(self) -> dict | None:
        row = self._conn.execute("SELECT content FROM codebook WHERE id = 1").fetchone()
        return json.loads(row[0]) if row else None
