"""The document list: each document's title, byline and stance mix, optionally filtered.

Adapts plain :class:`DocumentRecord`s and their stance counts; it knows nothing of the
store, so it is tested without a view or a project.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

MixRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
SubtitleRole = Qt.ItemDataRole.UserRole + 3


class DocumentListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list = []
        self._mixes: dict[int, Counter] = {}
        self._visible: list = []
        self._filter: set[int] | None = None

    def set_rows(self, documents, mixes: dict[int, Counter]) -> None:
        self.beginResetModel()
        self._all, self._mixes = list(documents), dict(mixes)
        self._apply_filter()
        self.endResetModel()

    def set_filter(self, document_ids: set[int] | None) -> None:
        """Show only these documents (a matrix cell's), or all with None."""
        self.beginResetModel()
        self._filter = None if document_ids is None else set(document_ids)
        self._apply_filter()
        self.endResetModel()

    def update_mix(self, document_id: int, mix: Counter) -> None:
        self._mixes[document_id] = mix
        row = self.row_of(document_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [MixRole, Qt.ItemDataRole.ToolTipRole])

    def _apply_filter(self) -> None:
        self._visible = [d for d in self._all if self._filter is None or d.id in self._filter]

    def row_of(self, document_id: int) -> int | None:
        return next((i for i, d in enumerate(self._visible) if d.id == document_id), None)

    def document_at(self, row: int):
        return self._visible[row] if 0 <= row < len(self._visible) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._visible)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        doc = self.document_at(index.row()) if index.isValid() else None
        if doc is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return doc.display_title
        if role == IdRole:
            return doc.id
        if role == MixRole:
            return self._mixes.get(doc.id, Counter())
        if role == SubtitleRole:
            return subtitle(doc)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(doc, self._mixes.get(doc.id, Counter()))
        return None


def subtitle(doc) -> str:
    parts = [doc.author, doc.date, doc.file.replace("\\", "/").rsplit("/", 1)[-1]]
    return " · ".join(p for p in parts if p)


def tooltip(doc, mix: Counter) -> str:
    counts = ", ".join(f"{mix.get(k, 0)} {k}" for k in ("centralist", "neutral", "localist"))
    return (
        f"<b>{_escape(doc.display_title)}</b><br>{_escape(subtitle(doc))}<br>"
        f"{doc.passage_count} passages: {counts}; {mix.get('boilerplate', 0)} page noise;"
        f" {mix.get('manual', 0)} coded by hand"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
