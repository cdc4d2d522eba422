"""Everything the report reads from a project, read once.

A 20,000-passage project takes a noticeable moment to fold its annotation log, so the
sections share one snapshot instead of each asking the store again. The snapshot keeps of
each passage only what the report's counts and matrices use (:class:`PassageBrief`, a
quarter of a record's memory); the few passages the report quotes are read in full on
demand.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter
from dataclasses import dataclass, field

from analysis.store import DocumentRecord, ModelRecord, PassageRecord, Project

MIN_PASSAGES = 3
"""Rows with fewer passages are shown but never named as 'the most localist'."""
APART = ("outlet", "unattributed")
"""Actor kinds that hold no view of their own: an outlet publishes what others say, and
unattributed text has no speaker. They are charted apart and never ranked."""


READ_TRIES = 3
"""Reads of the passages before accepting one during which the active model changed."""


class PassageBrief:
    """The fields of a :class:`PassageRecord` the report aggregates, and nothing else.

    A light record takes about 770 bytes and a brief about 200 (100,000 passages: 77 MB
    against 20 MB), labels, actor names and issue tuples being shared between passages
    rather than repeated."""

    __slots__ = (
        "id",
        "document_id",
        "boilerplate",
        "label",
        "source",
        "score",
        "predicted_label",
        "actor",
        "issues",
    )

    def __init__(self, record: PassageRecord, shared: dict) -> None:
        self.id = record.id
        self.document_id = record.document_id
        self.boilerplate = record.boilerplate
        self.label = shared.setdefault(record.label, record.label)
        self.source = shared.setdefault(record.source, record.source)
        self.score = record.score
        self.predicted_label = shared.setdefault(record.predicted_label, record.predicted_label)
        self.actor = shared.setdefault(record.actor, record.actor)
        self.issues = shared.setdefault(record.issues, record.issues)


def read_passages(project: Project) -> tuple[ModelRecord | None, list[PassageBrief]]:
    """The active model (without its weights) and every passage as a brief, in the store's
    order (document, then position).

    One read of the store, each record replaced by its brief as soon as it is made, so the
    full records are never held twice over. (Reading a document at a time would hold less,
    but each read repeats the store's fixed work: 12 s instead of 0.7 s for 30,000
    one-passage documents.) Should a retrain activate a new model meanwhile, the read is
    made again, so the report never names one model beside another's predictions."""
    for _ in range(READ_TRIES):
        model = without_weights(project.active_model())
        passages: list = project.passages(light=True)
        shared: dict = {}
        for i, record in enumerate(passages):
            passages[i] = PassageBrief(record, shared)
        if _id(project.active_model()) == _id(model):
            break
    return model, passages


def _id(model: ModelRecord | None) -> int | None:
    return None if model is None else model.id


def without_weights(model: ModelRecord | None) -> ModelRecord | None:
    """The model's name, date and metrics for the method section; its parameters and arrays
    (megabytes) are not kept for the length of the report."""
    if model is None:
        return None
    from analysis.stance.real_text import with_known_check

    metrics = with_known_check(model.params, model.arrays, model.metrics)
    return dataclasses.replace(model, params={}, arrays=b"", metrics=metrics)


@dataclass
class ReportInputs:
    project: Project
    documents: list[DocumentRecord]
    passages: list[PassageBrief]
    model: ModelRecord | None
    matrices: dict = field(default_factory=dict)
    """rows kind ("actors" / "documents") -> PositionsMatrix."""

    _index: dict = field(default_factory=dict, init=False, repr=False)
    _full: dict = field(default_factory=dict, init=False, repr=False)

    @property
    def by_id(self) -> dict[int, PassageBrief]:
        if not self._index:
            self._index = {p.id: p for p in self.passages}
        return self._index

    def full(self, passage_id: int) -> PassageRecord:
        """A passage with its text and evidence: ``passages`` is read without them, since
        only the few passages the report quotes need them (a fraction of the memory)."""
        found = self._full.get(passage_id)
        if found is None:
            found = self._full[passage_id] = self.project.passage(passage_id)
        return found

    @property
    def substantive(self) -> list[PassageBrief]:
        return [p for p in self.passages if not p.boilerplate]

    def label_counts(self) -> Counter:
        return Counter(p.label for p in self.substantive if p.label)

    def manual_count(self) -> int:
        return sum(1 for p in self.passages if p.source == "manual")


def rows_of(matrix) -> list:
    return list(getattr(matrix, "rows", []) or [])


def is_speaker(row) -> bool:
    return getattr(row, "kind", "") not in APART


def speakers_apart(rows: list, kind: str) -> list[tuple[str, list]]:
    """(noun, rows) parts to chart separately: actors split into speakers and the rest."""
    if kind != "actors":
        return [(kind, list(rows))]
    parts = [
        ("actors", [r for r in rows if is_speaker(r)]),
        ("outlets and unattributed passages", [r for r in rows if not is_speaker(r)]),
    ]
    return [part for part in parts if part[1]] or [("actors", [])]


def placed(rows: list) -> list:
    """Rows with a position, preferring those with enough passages to be named."""
    usable = [r for r in rows if getattr(r, "position", None) is not None and r.n > 0]
    sturdy = [r for r in usable if r.n >= MIN_PASSAGES]
    return sturdy or usable


def largest(rows: list, limit: int) -> list:
    """The ``limit`` rows with most passages (ties: the more decided first), in their order."""
    if len(rows) <= limit:
        return list(rows)
    ranked = sorted(rows, key=lambda r: (-r.n, -abs(getattr(r, "position", None) or 0.0)))
    keep = {id(r) for r in ranked[:limit]}
    return [r for r in rows if id(r) in keep]


def with_rows(matrix, rows: list):
    """A copy of ``matrix`` showing only ``rows``, whether or not it is a frozen dataclass."""
    if dataclasses.is_dataclass(matrix):
        try:
            return dataclasses.replace(matrix, rows=list(rows))
        except TypeError:
            pass
    clone = copy.copy(matrix)
    clone.rows = list(rows)
    return clone


def cell(row, issue: str):
    cells = getattr(row, "cells", None) or {}
    found = cells.get(issue)
    return found if found is not None and getattr(found, "n", 0) else None


def row_passage_ids(row, issue: str = "all") -> list[int]:
    ids = getattr(row, "passage_ids", None) or {}
    return list(ids.get(issue, ()))
