"""The project session: the window's only writer and its cache of what the project holds.

Every edit is committed by :meth:`ProjectSession.write` (one SQLite transaction per edit, so
a killed app loses nothing) before its undo command goes on the stack, and ``changed``
carries the store's :class:`Changes`, so each view refreshes only what the edit touched. A
write that fails is never silent: nothing is shown as saved, no command is kept, and
``write_failed`` carries a sentence saying what to do. Bulk reads after long tasks are done
in the worker (:func:`read_snapshot`) and swapped in here, so the GUI thread never walks
thousands of rows.
"""

from __future__ import annotations

import gc
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from analysis.corpus import LABELS
from analysis.stance.rank import rank_for_labelling
from analysis.stance.real_text import with_known_check
from analysis.store import Changes, DocumentRecord, PassageRecord, Project, ProjectError
from gui.undo import AnnotateCommand, previous_values

WRITE_TIMEOUT = 2.0


def open_project_file(path, read_only: bool = False) -> Project:
    """The window's own connection: short busy wait, checkpoints left to background work."""
    return Project(path, create=False, read_only=read_only, timeout=WRITE_TIMEOUT, interactive=True)


"""Seconds a label may wait for another process's write; background writers commit every
few hundred rows, so in practice a label waits milliseconds. Beyond this the user is told."""

ADVICE = {
    "busy": "the project file is busy: another program is writing to it. Try again in a moment",
    "read-only": "the project file is read-only. Open a copy saved in a writable folder",
    "disk full": "the disk is full. Free some space, then try again",
    "damaged": "the project file is damaged. Close StanceMap and open the backup (.bak)",
    "gone": "this passage is no longer in the project (its document was imported again). "
    "Reopen the project to see the current passages",
}


def failure_text(error: Exception, what: str = "label") -> str:
    """A plain sentence for a failed save, never SQLite's own words."""
    reason = "gone" if isinstance(error, KeyError) else getattr(error, "reason", None)
    advice = ADVICE.get(
        reason, "the project file could not be written. Check the disk and try again"
    )
    return f"Could not save your {what}: {advice}. Nothing was changed."


@dataclass
class Snapshot:
    """Everything the views show, read in one go (in a worker for big projects)."""

    documents: list[DocumentRecord] = field(default_factory=list)
    passages: list[PassageRecord] = field(default_factory=list)
    models: list = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    records: dict[int, PassageRecord] = field(default_factory=dict)
    by_document: dict[int, list[int]] = field(default_factory=dict)
    mixes: dict[int, Counter] = field(default_factory=dict)
    manual: int | None = None  # passages coded by hand, counted where the snapshot was read

    def index(self) -> Snapshot:
        """Build the lookups once, where the snapshot was read (a worker, for big projects)."""
        self.records = {p.id: p for p in self.passages}
        self.by_document = {}
        for p in self.passages:
            self.by_document.setdefault(p.document_id, []).append(p.id)
        self.mixes = {
            doc: document_mix(self.records[i] for i in ids) for doc, ids in self.by_document.items()
        }
        self.manual = sum(1 for p in self.passages if p.source == "manual")
        return self


def read_snapshot(project: Project) -> Snapshot:
    """Read documents, passages, model history and vocabularies from ``project``."""
    issues: list[str] = []
    codebook = project.codebook()
    if codebook:
        issues = [i.get("name", "") for i in codebook.get("issues", []) if i.get("name")]
    passages = project.passages()
    actors = set(project.actors()) | {p.actor for p in passages if p.actor}
    models = [
        (
            m.id,
            m.created_at,
            m.name,
            m.training_size,
            with_known_check(m.params, m.arrays, m.metrics) if m.active else m.metrics,
            m.active,
        )
        for m in project.models()
    ]
    return Snapshot(project.documents(), passages, models, sorted(actors), issues).index()


def document_mix(records) -> Counter:
    """Stance counts of a document's passages, page noise apart; 'manual' counts coded ones."""
    mix: Counter = Counter()
    for r in records:
        if r.boilerplate:
            mix["boilerplate"] += 1
            continue
        mix[r.label or "unclassified"] += 1
        if r.source == "manual":
            mix["manual"] += 1
    return mix


class ProjectSession(QObject):
    changed = Signal(object)  # Changes
    opened = Signal()
    closed = Signal()
    annotated = Signal()  # one new label by hand; drives automatic retraining
    write_failed = Signal(str)  # a plain sentence: the edit was not saved, and what to do

    def __init__(self, coder: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.coder = coder
        self.project: Project | None = None
        self.read_only = False
        self.undo_stack = QUndoStack(self)
        self._records: dict[int, PassageRecord] = {}
        self._manual: int | None = None
        self._by_doc: dict[int, list[int]] = {}
        self.snapshot = Snapshot()
        self.written: set[int] = set()  # passages written since a worker took its snapshot
        self.failures = 0  # writes that did not reach the file, so callers can tell
        self._fresh_mixes: set[int] = set()

    # -- lifecycle -----------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.project.path if self.project else None

    def open(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        snapshot: Snapshot | None = None,
        project: Project | None = None,
    ) -> None:
        """Open and lock ``path``; ProjectInUse / ProjectError propagate for the dialog.

        ``snapshot`` is what a worker just read from the same file, which saves re-reading
        a large project on the GUI thread; ``project``: the file already opened (and
        checked) by that worker, which saves its integrity check here.
        """
        project = project or open_project_file(path, read_only)
        try:
            if not read_only:
                project.lock()
        except BaseException:
            project.close()
            raise
        self.close()
        self.project, self.read_only = project, read_only or project.read_only
        self.load(snapshot if snapshot is not None else read_snapshot(project))
        self.opened.emit()

    def close(self) -> None:
        if self.project is not None:
            self.project.close()
            self.project = None
            self.undo_stack.clear()
            self.load(Snapshot())
            self.closed.emit()

    def load(self, snapshot: Snapshot, *, dirty: set[int] | None = None) -> None:
        """Swap in a fresh snapshot; ``dirty`` passages written meanwhile are re-read."""
        gc.disable()  # indexing tens of thousands of records must not trigger full collections
        try:
            self._index(snapshot, dirty)
        finally:
            gc.enable()
        self.changed.emit(Changes(structure=True, model=True))

    def _index(self, snapshot: Snapshot, dirty: set[int] | None) -> None:
        if snapshot.passages and not snapshot.records:
            snapshot.index()
        self.snapshot = snapshot
        self._records = dict(snapshot.records) if dirty else snapshot.records
        self._manual = snapshot.manual if not dirty else None
        self._by_doc = snapshot.by_document
        self._fresh_mixes = set(snapshot.mixes)
        if dirty and self.project is not None:
            for pid in dirty:
                if pid in self._records:
                    self._records[pid] = self.project.passage(pid)
                    self._fresh_mixes.discard(self._records[pid].document_id)

    # -- reading -------------------------------------------------------------------
    def documents(self) -> list[DocumentRecord]:
        return self.snapshot.documents

    def document(self, document_id: int) -> DocumentRecord | None:
        return next((d for d in self.snapshot.documents if d.id == document_id), None)

    def document_text(self, document_id: int) -> str:
        return self.project.document_text(document_id) if self.project else ""

    def passages(self, document_id: int | None = None) -> list[PassageRecord]:
        if document_id is None:
            return [self._records[p] for ids in self._by_doc.values() for p in ids]
        return [self._records[p] for p in self._by_doc.get(document_id, [])]

    def passage(self, passage_id: int) -> PassageRecord | None:
        return self._records.get(passage_id)

    def mix(self, document_id: int) -> Counter:
        """A document's stance counts; precomputed ones are used until an edit touches it."""
        if document_id in self._fresh_mixes:
            return self.snapshot.mixes[document_id]
        return document_mix(self.passages(document_id))

    def passage_count(self) -> int:
        return len(self._records)

    def history(self, passage_id: int):
        return self.project.history(passage_id) if self.project else []

    def most_uncertain(self, candidates=None) -> PassageRecord | None:
        """The uncoded passage whose label would teach the model most (uncertainty sampling)."""
        pool = candidates if candidates is not None else self._records.values()
        open_ = [
            p
            for p in pool
            if p.source == "model" and not p.boilerplate and p.confidence is not None
        ]
        order = rank_for_labelling(open_, [p.text for p in open_], limit=1)
        return open_[order[0]] if order else None

    def manual_count(self) -> int:
        if self._manual is None:  # counted once, then kept up to date by ``write``
            self._manual = sum(1 for p in self._records.values() if p.source == "manual")
        return self._manual

    # -- writing -------------------------------------------------------------------
    def annotate(self, passage_id: int, **fields) -> bool:
        """Commit an edit, then keep it as an undoable command.

        False if nothing would change or the write failed (``write_failed`` then says why);
        the command is pushed only once the edit is in the file.
        """
        record = self._records.get(passage_id)
        if record is None or self.project is None or self.read_only:
            return False
        if fields.get("issues") == [] and record.auto_issues:
            fields = {"no_issues": True}  # unticking every issue means "about none"
        old = previous_values(record, fields)
        new = {k: (list(v) if k == "issues" else v) for k, v in fields.items()}
        if new == old or not self.write(passage_id, new):
            return False
        self.undo_stack.push(AnnotateCommand(self, passage_id, new, old, done=True))
        return True

    def write(self, passage_id: int, fields: dict) -> bool:
        """Commit one edit now and tell the views; False (and ``write_failed``) if it failed."""
        try:
            changes = self.project.annotate(passage_id, self.coder or "anonymous", **fields)
        except (ProjectError, sqlite3.Error, KeyError) as exc:  # ProjectWriteError among them
            self.failures += 1
            self.write_failed.emit(failure_text(exc, "label" if "label" in fields else "edit"))
            return False
        old = self._records.get(passage_id)
        self._records[passage_id] = self.project.passage(passage_id)
        if self._manual is not None:
            self._manual += (self._records[passage_id].source == "manual") - (
                old is not None and old.source == "manual"
            )
        self._fresh_mixes.discard(self._records[passage_id].document_id)
        self.written.add(passage_id)
        if fields.get("label") in LABELS:
            self.annotated.emit()
        self.changed.emit(changes)
        return True
