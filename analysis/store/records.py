"""Read-only views of stored rows, shaped for the views and the analysis that use them."""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.corpus import LABEL_SCORE


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    file: str
    part: int
    title: str
    author: str
    date: str
    source: str
    format: str
    origin: int
    passage_count: int = 0

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        name = self.file.replace("\\", "/").rsplit("/", 1)[-1]
        return f"{name} ({self.part + 1})" if self.part else name


@dataclass(frozen=True)
class PassageRecord:
    """A passage with its current state folded from predictions and the annotation log.

    ``label`` is the effective label: the latest manual label if any (``source`` "manual"),
    else the active model's (``source`` "model"), else None.
    """

    id: int
    document_id: int
    seq: int
    start: int
    end: int
    text: str
    boilerplate: bool
    auto_boilerplate: bool
    label: str | None
    source: str | None
    p_centralist: float | None = None
    p_neutral: float | None = None
    p_localist: float | None = None
    predicted_label: str | None = None
    evidence: tuple[tuple[str, float], ...] = ()
    manual_label: str | None = None
    actor: str = ""
    actor_method: str = ""
    issues: tuple[str, ...] = ()
    auto_issues: tuple[str, ...] = ()
    manual_boilerplate: bool | None = None  # None: the automatic flag applies
    manual_issues: tuple[str, ...] | None = None  # None: the automatic tags apply

    @property
    def score(self) -> float | None:
        """Position on the axis: manual labels count as certain, predictions as p_L − p_C."""
        if self.source == "manual":
            return LABEL_SCORE[self.label]
        if self.p_localist is None:
            return None
        return self.p_localist - self.p_centralist

    @property
    def confidence(self) -> float | None:
        if self.source == "manual":
            return 1.0
        if self.p_localist is None:
            return None
        return max(self.p_centralist, self.p_neutral, self.p_localist)


@dataclass(frozen=True)
class AnnotationRecord:
    id: int
    passage_id: int | None  # None: kept in the log, its passage was not found at a re-import
    coder: str
    label: str | None
    boilerplate: bool | None
    actor: str | None
    issues: tuple[str, ...] | None
    created_at: str


@dataclass(frozen=True)
class ModelRecord:
    id: int
    created_at: str
    name: str
    params: dict
    arrays: bytes
    training_size: int
    metrics: dict = field(default_factory=dict)
    active: bool = False


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
