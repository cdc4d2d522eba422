"""Per-class cross-validated figures of the current model, and what changed them.

ΔF1 compares figures of one kind only. Once the project has labels, each class's
agreement with them is set beside the bootstrap model's agreement with the same labels:
what the researcher's coding changed. Before that, it is the change in cross-validation
over our training passages since the previous model. A project-agreement figure is never
set against a bootstrap figure (0.6 on real labels beside 0.85 on our own passages read
as a fall of 0.25 that never happened).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from analysis.corpus import LABELS

COLUMNS = ("Class", "Precision", "Recall", "F1", "ΔF1", "Support")


def per_class(metrics: dict | None) -> dict:
    return (metrics or {}).get("per_class", {}) or {}


def baseline(metrics: dict | None, previous: dict | None) -> tuple[dict, str]:
    """The per-class figures ΔF1 is measured from (empty: no like-for-like figure), and
    what the column then means."""
    metrics = metrics or {}
    alone = metrics.get("bootstrap_only_per_class")
    if metrics.get("project_labels") and isinstance(alone, dict):
        return alone, "Change over the bootstrap model alone, on the same labels held out"
    since = "Change since the previous model, on figures of the same kind"
    if bool(metrics.get("project_labels")) != bool((previous or {}).get("project_labels")):
        return {}, since
    return per_class(previous), since


class MetricsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple] = []
        self._delta_meaning = baseline(None, None)[1]

    def set_metrics(self, metrics: dict | None, previous: dict | None) -> None:
        self.beginResetModel()
        now = per_class(metrics)
        before, self._delta_meaning = baseline(metrics, previous)
        labels = [lb for lb in (metrics or {}).get("labels", LABELS) if lb in now] or [
            lb for lb in LABELS if lb in now
        ]
        self._rows = []
        for label in labels:
            cur = now[label]
            old = before.get(label)
            delta = None if old is None else cur.get("f1", 0.0) - old.get("f1", 0.0)
            self._rows.append(
                (
                    label.capitalize(),
                    cur.get("precision"),
                    cur.get("recall"),
                    cur.get("f1"),
                    delta,
                    cur.get("support"),
                )
            )
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section] == "ΔF1":
            return self._delta_meaning
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if value is None:
            return "–"
        if index.column() == 4:
            return f"{value:+.2f}"
        if index.column() in (1, 2, 3):
            return f"{value:.2f}"
        return str(value)
