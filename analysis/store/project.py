"""The project session: every write is its own short committed transaction.

Writes return a :class:`Changes` so that the window can refresh only what an edit touched
(the Anki ``OpChanges`` idea). No write holds the lock for long: a label typed while a
retrain or an import runs in another process must commit in milliseconds, so long verbs
write in small batches (see :mod:`analysis.workflow`) and a new model's predictions stay
invisible until one tiny transaction switches it on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from analysis.corpus import LABELS, Document, Passage
from analysis.store import queries, reimport
from analysis.store.connection import BUSY_TIMEOUT, backup, connect
from analysis.store.errors import ProjectError, ProjectInUse
from analysis.store.model_store import ModelStore
from analysis.store.records import AnnotationRecord, Changes, DocumentRecord, PassageRecord
from analysis.store.transactions import Transactions

try:  # advisory lock so a second window is warned; released by the OS if we are killed
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
try:
    import msvcrt
except ImportError:
    msvcrt = None


def _timestamp(given: str | None) -> str:
    """A given ISO 8601 time in UTC, or now when none (or nothing readable) is given."""
    if given:
        try:
            moment = datetime.fromisoformat(given.replace("Z", "+00:00"))
        except ValueError:
            return now()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return now()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Project(ModelStore, Transactions):
    """A StanceMap project file (or an in-memory project for a corpus given on the command line)."""

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        *,
        create: bool = True,
        read_only: bool = False,
        timeout: float = BUSY_TIMEOUT,
        interactive: bool = False,
    ) -> None:
        """``read_only`` is forced on for a file on read-only media; ``timeout`` is how long
        a write waits for another process's transaction (seconds). An ``interactive``
        connection (the window's) never folds the write-ahead log into the file as part of
        a commit, which would make one label wait for it; background writers and
        :meth:`checkpoint` do that instead."""
        self.path = Path(path) if path not in (None, ":memory:") else None
        self.created = self.path is not None and not (
            self.path.is_file() and self.path.stat().st_size > 0
        )
        self._conn, self.read_only = connect(
            self.path, create=create, read_only=read_only, timeout=timeout
        )
        self._depth = 0
        self._lock_handle = None
        self._interactive = interactive and not self.read_only
        self._timeout = timeout
        if self._interactive:
            self._conn.execute("PRAGMA wal_autocheckpoint = 0")
            # We wait for the write lock ourselves (see _begin): SQLite's own busy handler
            # backs off to 100 ms naps and keeps missing the gaps between a retrain's batches.
            self._conn.execute("PRAGMA busy_timeout = 0")
        if not self.read_only and self.get_setting("created_at") is None:
            self.set_setting("created_at", now())

    # -- lifecycle ---------------------------------------------------------------------
    def close(self) -> None:
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def discard(self) -> None:
        """Close, and delete the file if this instance created it (a failed first import)."""
        path, created = self.path, self.created
        self.close()
        if path is not None and created:
            for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
                Path(str(path) + suffix).unlink(missing_ok=True)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def lock(self) -> None:
        """Claim the project for editing in this process; raise if another window has it.

        The lock is a separate ``.lock`` file, never the database itself: closing any
        descriptor of the database would drop SQLite's own locks in this process.
        """
        if self.path is None or self.read_only or self._lock_handle is not None:
            return
        if fcntl is None and msvcrt is None:  # pragma: no cover - no locking available
            return
        handle = open(self.path.with_name(self.path.name + ".lock"), "a+")  # noqa: SIM115
        try:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover - Windows
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
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

    def checkpoint(self, *, passive: bool = False) -> None:
        """Fold the write-ahead log into the main file, e.g. before the file is moved.

        ``passive`` does what it can without waiting for anyone, so a background reader can
        keep the log short while the window writes labels.
        """
        if self.path is not None and not self.read_only:
            mode = "PASSIVE" if passive else "TRUNCATE"
            self._conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()

    @property
    def name(self) -> str:
        return self.path.stem if self.path else "Untitled"

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
        """Store a document and its passages; re-importing the same file part updates it."""
        return self.import_document(document, passages).document_id

    def import_document(
        self, document: Document, passages: list[Passage]
    ) -> reimport.DocumentUpdate:
        """Add a new document or update the stored one of the same file and part.

        An unchanged text keeps its passages, ids and annotations; a changed one gets new
        passages and every annotation is re-anchored by its text, or kept in the log
        unplaced. One short transaction per document.
        """
        with self.transaction():
            return reimport.store_document(self._conn, document, passages, now())

    def import_documents(
        self, items: list[tuple[Document, list[Passage]]]
    ) -> list[reimport.DocumentUpdate]:
        """:meth:`import_document` for a few documents in one short transaction: an import
        of thousands of small files commits (and waits for the disk) once a batch, not once
        a file. Callers keep a batch to about ``WRITE_BATCH`` passages."""
        stamp = now()
        with self.transaction():
            return [reimport.store_document(self._conn, d, p, stamp) for d, p in items]

    def delete_documents(self, document_ids: Iterable[int]) -> None:
        """Remove documents (an import being undone); their annotations stay in the log."""
        ids = list(document_ids)
        for start in range(0, len(ids), 50):
            with self.transaction():
                self._conn.executemany(
                    "DELETE FROM documents WHERE id = ?", [(i,) for i in ids[start : start + 50]]
                )

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

    def passages(
        self, document_id: int | None = None, *, light: bool = False
    ) -> list[PassageRecord]:
        return queries.passages(self._conn, document_id, light=light)

    def passage_spans(self) -> list[queries.PassageSpan]:
        return queries.passage_spans(self._conn)

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
        no_issues: bool = False,
        created_at: str | None = None,
    ) -> Changes:
        """Append one annotation row and commit it before returning.

        None leaves a field as it is; an empty string (or empty issue list) clears the
        manual value so the automatic one shows again. ``boilerplate=""`` likewise goes
        back to the automatic page-noise flag, and ``no_issues=True`` says by hand that
        the passage is about no issue at all. ``created_at`` keeps the time a label was
        really made when it arrives from another tool (a REFI-QDA coding's timestamp).
        """
        _check_fields(label, boilerplate)
        doc = self._conn.execute(
            "SELECT document_id FROM passages WHERE id = ?", (passage_id,)
        ).fetchone()
        if doc is None:
            raise KeyError(f"no passage with id {passage_id}")
        with self.transaction():
            self._conn.execute(
                "INSERT INTO annotations (passage_id, coder, label, boilerplate, actor, issues,"
                " created_at, file, part, start, end, text)"
                " SELECT p.id, ?, ?, ?, ?, ?, ?, d.file, d.part, p.start, p.end, ?"
                " FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.id = ?",
                (
                    coder or "anonymous",
                    label,
                    _boilerplate_value(boilerplate),
                    actor,
                    _issues_value(issues, no_issues),
                    _timestamp(created_at),
                    queries.passage_text(self._conn, passage_id),
                    passage_id,
                ),
            )
        return Changes(passages={passage_id}, documents={doc[0]})

    def unplaced_annotations(self) -> int:
        """Annotations kept in the log whose passage a re-import could not find again."""
        return self._conn.execute(
            "SELECT count(*) FROM annotations WHERE passage_id IS NULL"
        ).fetchone()[0]

    def history(self, passage_id: int | None = None) -> list[AnnotationRecord]:
        return queries.annotations(self._conn, passage_id)

    def coders(self) -> list[str]:
        return [
            r[0] for r in self._conn.execute("SELECT DISTINCT coder FROM annotations ORDER BY 1")
        ]

    def coder_labels(self) -> dict[str, dict[int, str]]:
        """Each coder's current label per passage (their latest, clears removed)."""
        return queries.coder_labels(self._conn)

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
        rows = list(dict(rows).items())  # a passage given twice keeps its last tags
        with self.transaction():
            self._conn.executemany(
                "DELETE FROM passage_issues WHERE passage_id = ?", [(pid,) for pid, _ in rows]
            )
            self._conn.executemany(
                "INSERT INTO passage_issues (passage_id, issue) VALUES (?, ?)",
                [(pid, issue) for pid, issues in rows for issue in sorted(set(issues))],
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


def _check_fields(label: str | None, boilerplate) -> None:
    if label is not None and label not in ("", *LABELS):
        raise ValueError(f"unknown label {label!r}; use one of {', '.join(LABELS)}")
    if boilerplate not in (None, "", True, False):
        raise ValueError(f"boilerplate must be true, false or empty, not {boilerplate!r}")


def _boilerplate_value(boilerplate: bool | str | None) -> int | None:
    if boilerplate is None:
        return None
    return -1 if boilerplate == "" else int(bool(boilerplate))


def _issues_value(issues: Iterable[str] | None, no_issues: bool) -> str | None:
    """JSON list of manual issues; '' clears them (automatic again); '[]' is "none"."""
    if no_issues:
        return "[]"
    if issues is None:
        return None
    chosen = sorted(set(issues))
    return json.dumps(chosen) if chosen else ""
