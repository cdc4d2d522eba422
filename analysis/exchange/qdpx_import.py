"""Bringing a .qdpx into a project: sources become documents, coders' codings manual labels.

Our segmenter cuts each source into passages; a coding lands on every passage its selection
covers (at least half of the passage, or at least half of the selection when the selection
sits inside one passage). When one coder's selections give a passage different stances, the
one covering most of it wins. Codings by :data:`MODEL_USER` are the model's guesses, not a
person's judgement, so they are never imported as manual labels; the imported project is
classified afresh instead. The whole import is one transaction: all or nothing.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from analysis.corpus import LABELS, Document
from analysis.exchange.qdpx_export import DESCRIPTION_KEYS
from analysis.exchange.qdpx_model import MODEL_USER, STANCE_CODE, QdaProject, QdpxError, Source
from analysis.exchange.qdpx_reader import issue_parent, read_qdpx
from analysis.progress import CancelToken, Progress, no_progress, sub_progress
from analysis.store import Project

UNKNOWN_CODER = "imported coder"


@dataclass
class QdpxImportSummary:
    documents: int = 0
    passages: int = 0
    labels: int = 0
    issue_tags: int = 0
    coders: list[str] = field(default_factory=list)
    model_codings: int = 0
    other_codings: int = 0
    unplaced: int = 0
    skipped_sources: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)

    def describe(self) -> str:
        text = (
            f"imported {self.documents} document(s), {self.passages} passage(s), "
            f"{self.labels} label(s) and {self.issue_tags} issue tag(s) by "
            f"{len(self.coders)} coder(s)"
        )
        notes = []
        if self.model_codings:
            notes.append(f"{self.model_codings} model coding(s) left out")
        if self.other_codings:
            notes.append(f"{self.other_codings} coding(s) with codes other than stance or issues")
        if self.unplaced:
            notes.append(f"{self.unplaced} coding(s) that cover no passage")
        if self.skipped_sources:
            notes.append(f"{len(self.skipped_sources)} source(s) skipped")
        return text + (f"; not imported: {', '.join(notes)}" if notes else "")


@dataclass
class _Vote:
    """One coder's codings on one passage."""

    label: str | None = None
    label_weight: tuple[int, str] = (-1, "")  # (overlap, time): the larger wins
    issues: set[str] = field(default_factory=set)
    created: str = ""


def import_qdpx(
    project: Project,
    path: str | Path,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    *,
    classify: bool = True,
) -> QdpxImportSummary:
    """Read ``path`` (raises QdpxError with a one-line reason) and add it to ``project``."""
    from analysis.workflow import classify_project, refresh_structure

    cancel = cancel or CancelToken()
    progress(0.02, "Reading the .qdpx")
    qda = read_qdpx(path)
    if not qda.sources:
        why = f" ({qda.skipped_sources[0]})" if qda.skipped_sources else ""
        raise QdpxError(f"{Path(path).name}: no text source to import{why}")
    summary = QdpxImportSummary(skipped_sources=list(qda.skipped_sources))
    codes = _code_meanings(qda)
    votes: dict[tuple[int, str], _Vote] = defaultdict(_Vote)
    with project.transaction():
        taken = {(d.file, d.part) for d in project.documents()}
        for i, source in enumerate(qda.sources):
            cancel.check()
            doc_id = project.add_document(_document(source, taken), _segment(source))
            summary.document_ids.append(doc_id)
            summary.documents += 1
            spans = [(r.id, r.start, r.end) for r in project.passages(doc_id)]
            summary.passages += len(spans)
            _vote(source, spans, qda, codes, votes, summary)
            progress(0.05 + 0.35 * (i + 1) / max(1, len(qda.sources)), "Splitting passages")
        _write_votes(project, votes, summary)
        if summary.documents:
            refresh_structure(project, sub_progress(progress, 0.4, 0.6), cancel)
            if classify:
                classify_project(project, sub_progress(progress, 0.6, 1.0), cancel)
    progress(1.0, summary.describe())
    return summary


def _code_meanings(qda: QdaProject) -> dict[str, tuple[str, str]]:
    """Code GUID -> ("label", label) or ("issue", name); other codes are not ours to read."""
    out = {}
    for guid, code in qda.codes.items():
        name = code.name.casefold()
        under_stance = code.parent is None or code.parent.casefold() == STANCE_CODE.casefold()
        if name in LABELS and under_stance:
            out[guid] = ("label", name)
        elif issue_parent(code) and code.name:
            out[guid] = ("issue", code.name)
    return out


def _document(source: Source, taken: set[tuple[str, int]]) -> Document:
    """A document named after the source; never replaces one the project already holds."""
    fields = {}
    for line in source.description.splitlines():
        key, sep, value = line.partition(": ")
        if sep and key in DESCRIPTION_KEYS and value.strip():
            fields[key] = value.strip()
    file = fields.get("file") or source.name
    part = int(fields["part"]) if fields.get("part", "").isdigit() else 0
    while (file, part) in taken:
        part += 1
    taken.add((file, part))
    return Document(
        file=file,
        text=source.text or "",
        title=source.name,
        author=fields.get("author", ""),
        date=fields.get("date", ""),
        source=fields.get("source", ""),
        part=part,
        format="qdpx",
    )


def _segment(source: Source):
    from analysis.segment import segment

    return segment(Document(file=source.name, text=source.text or ""))


def _vote(source, spans, qda, codes, votes, summary) -> None:
    ends = [b for _, _, b in spans]
    for selection in source.selections:
        covered = _covered(selection.start, selection.end, spans, ends)
        for coding in selection.codings:
            meaning = codes.get(coding.code)
            user = qda.users.get(coding.user or "", UNKNOWN_CODER)
            if user == MODEL_USER:
                summary.model_codings += 1
            elif meaning is None:
                summary.other_codings += 1
            elif not covered:
                summary.unplaced += 1
            else:
                for pid, overlap in covered:
                    _add_vote(votes[(pid, user)], meaning, overlap, coding.created)


def _covered(start: int, end: int, spans, ends: list[int]) -> list[tuple[int, int]]:
    """(passage id, overlap) for each passage the selection ``start:end`` covers.

    ``spans`` are in text order and do not overlap, so ``ends`` is sorted and the search
    starts at the first passage that ends after ``start``.
    """
    out = []
    length = end - start
    if length <= 0:
        return out
    for pid, a, b in spans[bisect.bisect_right(ends, start) :]:
        if a >= end:
            break
        overlap = min(end, b) - max(start, a)
        if overlap > 0 and (2 * overlap >= b - a or 2 * overlap >= length):
            out.append((pid, overlap))
    return out


def _add_vote(vote: _Vote, meaning, overlap: int, created: str) -> None:
    kind, value = meaning
    if kind == "label" and (overlap, created) > vote.label_weight:
        vote.label, vote.label_weight = value, (overlap, created)
    elif kind == "issue":
        vote.issues.add(value)
    vote.created = max(vote.created, created)


def _write_votes(project: Project, votes: dict, summary: QdpxImportSummary) -> None:
    """Annotate in the order the codings were made, so the latest still reads as latest."""
    coders = set()
    for (pid, coder), vote in sorted(votes.items(), key=lambda kv: (kv[1].created, kv[0])):
        project.annotate(
            pid,
            coder,
            label=vote.label,
            issues=sorted(vote.issues) if vote.issues else None,
            created_at=vote.created or None,
        )
        coders.add(coder)
        summary.labels += vote.label is not None
        summary.issue_tags += len(vote.issues)
    summary.coders = sorted(coders)
