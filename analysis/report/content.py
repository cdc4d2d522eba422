"""The report as plain data: what it says, in order, before anyone decides how it looks.

A renderer walks this tree; it never goes back to the project. That keeps the words and
numbers testable without Qt, and lets the same content become a PDF today and something
else (HTML, a slide) later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SECTIONS = ("summary", "matrix", "strip", "documents", "evidence", "method", "codebook")
"""Section keys in reading order; the cover is always there."""

SECTION_TITLES = {
    "summary": "Summary",
    "matrix": "Positions by issue",
    "strip": "Positions on the axis",
    "documents": "Stance by document",
    "evidence": "Evidence",
    "method": "Method",
    "codebook": "Appendix: codebook",
}


@dataclass
class Heading:
    """A sub-heading inside a section; renderers nest it under the section's bookmark."""

    text: str
    level: int = 2


@dataclass
class Paragraph:
    text: str
    style: str = "body"
    """body, lead (larger opening words), note (small print), bullet."""


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    caption: str = ""
    align: str = ""
    """One letter per column: l(eft), r(ight) or c(entre); missing letters mean left."""
    widths: list[float] = field(default_factory=list)
    """Relative column widths; empty means share the width by content."""
    width: float = 1.0
    """Share of the text width; small tables of figures read better narrow."""


@dataclass
class Figure:
    """Data for one chart. ``kind`` names the drawing routine: matrix, strip or stance_bars."""

    kind: str
    caption: str
    data: Any
    height: float = 0.5
    """Preferred height as a fraction of the text block's height."""


@dataclass
class StanceCounts:
    """One document's passages by effective label, for the stacked stance bars."""

    name: str
    centralist: int
    neutral: int
    localist: int
    manual: int = 0

    @property
    def total(self) -> int:
        return self.centralist + self.neutral + self.localist


@dataclass
class TermSpan:
    start: int
    end: int
    term: str
    weight: float
    """Positive pushes towards localist, negative towards centralist."""


@dataclass
class EvidenceItem:
    passage_id: int
    text: str
    score: float
    label: str
    manual: bool
    document: str
    terms: list[TermSpan] = field(default_factory=list)
    confidence: float = 1.0
    """The model's top probability (1 for hand-coded passages); the screen fades by it."""
    issues: list[str] = field(default_factory=list)
    """Every issue the passage is tagged with: it is shown once, not once per issue."""


@dataclass
class EvidenceGroup:
    """The passages behind one actor's (or document's) position.

    ``issue`` is empty for a group that covers a whole row (each item then lists its own
    issues); a renderer then titles the group with ``row`` and ``kind``.
    """

    row: str
    issue: str
    summary: str
    items: list[EvidenceItem] = field(default_factory=list)
    kind: str = ""
    """person, organisation, outlet, unattributed author, document; empty when unknown."""
    more: str = ""
    """What was left out and where to find it, said after the items."""

    @property
    def title(self) -> str:
        return f"{self.row} ({self.kind})" if self.kind else self.row


@dataclass
class Section:
    key: str
    title: str
    blocks: list = field(default_factory=list)


@dataclass
class Report:
    title: str
    project: str
    corpus: str
    date: str
    model_version: str
    rows: str = "actors"
    sections: list[Section] = field(default_factory=list)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def text(self) -> str:
        """All the words of the report, for tests and for a plain-text fallback."""
        parts = [self.title, self.project, self.corpus, self.date, self.model_version]
        for section in self.sections:
            parts.append(section.title)
            for block in section.blocks:
                parts.extend(block_words(block))
        return "\n".join(p for p in parts if p)


def block_words(block) -> list[str]:
    if isinstance(block, (Heading, Paragraph)):
        return [block.text]
    if isinstance(block, Table):
        return [block.caption, " ".join(block.columns)] + [" ".join(r) for r in block.rows]
    if isinstance(block, Figure):
        return [block.caption]
    if isinstance(block, EvidenceGroup):
        items = [w for i in block.items for w in (", ".join(i.issues), i.text) if w]
        return [block.title, block.issue, block.summary, *items, block.more]
    return []
