"""The positions matrix: mean stance per actor or document and issue, with intervals."""

from analysis.positions.bootstrap import log_odds
from analysis.positions.matrix import (
    ALL,
    ROW_KINDS,
    Cell,
    PositionsMatrix,
    Row,
    build_matrix,
)

__all__ = ["ALL", "ROW_KINDS", "Cell", "PositionsMatrix", "Row", "build_matrix", "log_odds"]
