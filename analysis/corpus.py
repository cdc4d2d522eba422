"""Plain records that flow from files to passages.

They are deliberately dumb dataclasses: every stage of the pipeline (reading, cleaning,
segmenting, classifying, attributing) is a function from one of these to the next, so each
stage can be tested and run from the command line on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LABELS = ("centralist", "neutral", "localist")
"""The stance classes, in axis order: the index of a label is its column in probability arrays."""

LABEL_SCORE = {"centralist": -1.0, "neutral": 0.0, "localist": 1.0}


@dataclass
class RawDocument:
    """A file's decoded text before any cleaning.

    ``records`` is used by tabular formats (CSV) that carry several texts in one file; each
    record becomes its own document.
    """

    path: str
    text: str
    format: str
    encoding: str = "utf-8"
    title: str = ""
    records: list[dict] = field(default_factory=list)
    author: str = ""
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    """Spans the reader already knows are page furniture (an HTML ``<nav>``, ``<footer>``)."""


@dataclass
class Document:
    """One article, post or speech, with page noise marked rather than removed.

    ``boilerplate`` holds (start, end) character spans of ``text`` that are navigation,
    comment forms, adverts and the like. ``part`` numbers the posts of a page that held
    several (a blog archive); ``origin`` is where this document's text starts in the file.
    """

    file: str
    text: str
    title: str = ""
    author: str = ""
    date: str = ""
    source: str = ""
    part: int = 0
    origin: int = 0
    format: str = "txt"
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    byline_spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Passage:
    """The unit that gets a stance: a paragraph or a window of 1–3 sentences.

    ``start``/``end`` are offsets into the owning document's ``text`` so that views can
    highlight exactly this span.
    """

    start: int
    end: int
    text: str
    boilerplate: bool = False
    seq: int = 0


@dataclass
class Prediction:
    """What the stance model says of one passage.

    ``evidence`` lists (term, weight) pairs: positive weights pushed toward the predicted
    label, so a view can mark the words that drove the decision.
    """

    label: str
    p_centralist: float
    p_neutral: float
    p_localist: float
    evidence: list[tuple[str, float]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.p_localist - self.p_centralist


@dataclass
class ReadError:
    """A file that could not be imported, and why, in words a user understands."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
