"""A hand-made positions matrix, so drawing can be tested without the analysis pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

ISSUES = [
    "budgets and funding",
    "commissioning",
    "accountability and democracy",
    "integration of health and social care",
]


@dataclass
class FakeCell:
    n: int
    score: float
    low: float
    high: float


@dataclass
class FakeRow:
    name: str
    n: int
    score: float
    low: float
    high: float
    position: float
    position_low: float
    position_high: float
    file: str = ""
    counts: dict = field(default_factory=dict)
    cells: dict = field(default_factory=dict)
    passage_ids: dict = field(default_factory=dict)


@dataclass
class FakeMatrix:
    issues: list
    rows: list


def fake_matrix(n_rows: int = 5) -> FakeMatrix:
    rows = []
    for i in range(n_rows):
        score = -0.8 + 1.6 * i / max(1, n_rows - 1)
        cells = {
            issue: FakeCell(j + i + 1, score * (1 - 0.2 * j), score - 0.3, score + 0.3)
            for j, issue in enumerate(ISSUES)
            if (i + j) % 3
        }
        rows.append(
            FakeRow(
                f"Speaker number {i + 1}",
                10 + i,
                score,
                score - 0.2,
                score + 0.2,
                score * 2,
                score * 2 - 0.7,
                score * 2 + 0.7,
                cells=cells,
                passage_ids={
                    "all": [i * 10 + k for k in range(3)],
                    **{issue: [i * 10 + 1] for issue in cells},
                },
            )
        )
    return FakeMatrix(list(ISSUES), rows)
