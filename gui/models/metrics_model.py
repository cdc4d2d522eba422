"""Per-class cross-validated figures of the current model, with the change since the last one."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from analysis.corpus import LABELS

COLUMNS = ("Class", "Precision", "Recall", "F1", "ΔF1", "Support")


def per_class(metrics: dict | None) -> dict:
    return (metrics or {}).get("per_class", {}) or {}


class MetricsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple] = []

    def set_metrics(self, metrics: dict | None, previous: dict | None) -> None:
        self.beginResetModel()
        now, before = per_class(metrics), per_class(previous)
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
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
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
