"""The actors panel: who the matrix counts as speaking, and the user's corrections.

Layout only: the panel asks for names and kinds and emits what the user chose; the main
window writes the edit to the project and refreshes.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from analysis.store.actor_edits import KIND_TITLES, KINDS
from gui.models.actors_model import ActorsModel, NameRole


class ActorsView(QWidget):
    merge_requested = Signal(list, str)  # names, the name they go under
    rename_requested = Signal(str, str)  # name, new name
    retype_requested = Signal(list, str)  # names, kind

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = ActorsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.merge_button = QPushButton("Merge…")
        self.merge_button.setToolTip("Count the selected actors as one (select two or more)")
        self.rename_button = QPushButton("Rename…")
        self.rename_button.setToolTip("Give the selected actor another name")
        self.kind = QComboBox()
        self.kind.addItems([KIND_TITLES[k] for k in KINDS])
        self.kind.setToolTip("Person, organisation, outlet or unattributed author")
        self.kind_button = QPushButton("Set Kind")
        self.note = QLabel(
            "Double-click an actor to read their passages. Edits are kept in "
            "the project and survive re-detecting speakers."
        )
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        for widget in (self.merge_button, self.rename_button, self.kind, self.kind_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.merge_button.clicked.connect(lambda: self.merge_selected())
        self.rename_button.clicked.connect(lambda: self.rename_selected())
        self.kind_button.clicked.connect(lambda: self.retype_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def set_rows(self, rows) -> None:
        keep = self.selected_names()
        self.model.set_rows(rows)
        self.select_names(keep)

    def selected_names(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.index(r, 0).data(NameRole) for r in rows]

    def select_names(self, names) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for name in names:
            row = self.model.row_of(name)
            if row is not None:
                selection.select(self.model.index(row, 0), flags)

    def _update_buttons(self) -> None:
        n = len(self.selected_names())
        self.merge_button.setEnabled(n >= 2)
        self.rename_button.setEnabled(n == 1)
        self.kind_button.setEnabled(n >= 1)
        if n == 1:
            row = self.model.row_at(self.model.row_of(self.selected_names()[0]))
            if row is not None and row.kind in KINDS:
                self.kind.setCurrentIndex(KINDS.index(row.kind))

    # -- requests (a name given skips the question, for scripts and tests) -------------
    def merge_selected(self, into: str | None = None) -> None:
        names = self.selected_names()
        if len(names) < 2:
            return
        if into is None:
            into, ok = QInputDialog.getItem(
                self, "Merge Actors", f"Count these {len(names)} actors as:", names, 0, True
            )
            if not ok:
                return
        if into.strip():
            self.merge_requested.emit(names, into.strip())

    def rename_selected(self, new_name: str | None = None) -> None:
        names = self.selected_names()
        if len(names) != 1:
            return
        if new_name is None:
            new_name, ok = QInputDialog.getText(self, "Rename Actor", "New name:", text=names[0])
            if not ok:
                return
        if new_name.strip() and new_name.strip() != names[0]:
            self.rename_requested.emit(names[0], new_name.strip())

    def retype_selected(self, kind: str | None = None) -> None:
        names = self.selected_names()
        if names:
            self.retype_requested.emit(names, kind or KINDS[self.kind.currentIndex()])
