"""The main window: composes the views, the session, the task runner and the controllers.

Behaviour lives in :mod:`gui.project_controller` and :mod:`gui.annotation_controller`; this
module only lays things out, forwards menu actions and keeps the status bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.actions import build_actions, reader_actions
from gui.annotation_controller import AnnotationController
from gui.dialogs import SettingsDialog, show_about
from gui.models.document_list_model import DocumentListModel
from gui.project_controller import ProjectController
from gui.session import ProjectSession
from gui.tasks import TaskRunner
from gui.theme import apply_theme
from gui.views.document_list_view import DocumentListView
from gui.views.inspector_view import InspectorView
from gui.views.map_view import MapView
from gui.views.model_view import ModelView
from gui.views.passage_text_view import PassageTextView

LEGEND = (
    "<span style='background:#9db8da'>&nbsp;centralist&nbsp;</span> "
    "<span style='background:#e6e6e6'>&nbsp;neutral&nbsp;</span> "
    "<span style='background:#f0bd8c'>&nbsp;localist&nbsp;</span> "
    "&nbsp;paler = less certain · ✓ bar = coded by hand · <i>grey italic</i> = page noise"
)


class _Dispatch:
    """Finds an action's handler on whichever controller owns it."""

    def __init__(self, *owners) -> None:
        self.owners = owners

    def __getattr__(self, name: str):
        for owner in self.owners:
            if hasattr(owner, name):
                return getattr(owner, name)
        raise AttributeError(name)


class MainWindow(QMainWindow):
    def __init__(self, settings, *, quiet: bool = False) -> None:
        super().__init__()
        self.settings, self.quiet = settings, quiet
        self.setWindowTitle("StanceMap")
        self.setAcceptDrops(True)
        self.session = ProjectSession(settings.coder, self)
        self.runner = TaskRunner(self)
        self._build_views()
        self._build_status_bar()
        self.project = ProjectController(self, self.session, self.runner, settings)
        self.annotation = AnnotationController(self, self.session)
        self.actions_ = build_actions(self, _Dispatch(self.project, self.annotation, self))
        for action in reader_actions(self.actions_):
            self.text.addAction(action)
            self.documents.list.addAction(action)
        self._wire()
        self.refresh_recent()
        self.update_counts()
        self.model_view.set_auto_note(0, settings.retrain_every)

    # -- layout ----------------------------------------------------------------------
    def _build_views(self) -> None:
        self.document_model = DocumentListModel(self)
        self.documents = DocumentListView()
        self.documents.list.setModel(self.document_model)
        self.text = PassageTextView()
        self.doc_title = QLabel()
        self.doc_title.setObjectName("docTitle")
        self.doc_title.setWordWrap(True)
        self.doc_meta = QLabel()
        self.doc_meta.setObjectName("docMeta")
        legend = QLabel(LEGEND)
        legend.setObjectName("muted")
        legend.setWordWrap(True)
        reader = QWidget()
        col = QVBoxLayout(reader)
        col.setContentsMargins(4, 0, 4, 0)
        col.addWidget(self.doc_title)
        col.addWidget(self.doc_meta)
        col.addWidget(self.text, 1)
        col.addWidget(legend)
        self.map_view = MapView()
        self.inspector = InspectorView()
        self.model_view = ModelView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.inspector, "Passage")
        self.tabs.addTab(self.model_view, "Model")
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(self.map_view)
        self.right.addWidget(self.tabs)
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 2)
        self.right.setSizes([590, 310])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.documents, reader, self.right):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([250, 560, 590])
        self.setCentralWidget(self.splitter)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton("Cancel")
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.hide()
            bar.addPermanentWidget(widget)
        bar.addPermanentWidget(self.counts)

    def _wire(self) -> None:
        self.cancel_button.clicked.connect(self.project.cancel_task)
        self.map_view.rows_changed.connect(self._rows_changed)
        self.map_view.heatmap.cell_clicked.connect(
            lambda r, issue: self.annotation.apply_cell(self.map_view.heatmap.matrix, r, issue)
        )
        self.project.positions_ready.connect(self._positions_ready)
        self.session.opened.connect(self._opened)
        self.model_view.retrain.clicked.connect(self.project.retrain)
        stack = self.session.undo_stack
        stack.canUndoChanged.connect(self.actions_["undo"].setEnabled)
        stack.canRedoChanged.connect(self.actions_["redo"].setEnabled)
        stack.undoTextChanged.connect(lambda t: self.actions_["undo"].setText(f"&Undo {t}".strip()))
        stack.redoTextChanged.connect(lambda t: self.actions_["redo"].setText(f"&Redo {t}".strip()))
        self.actions_["undo"].setEnabled(False)
        self.actions_["redo"].setEnabled(False)

    # -- view updates ------------------------------------------------------------------
    def _opened(self) -> None:
        path = self.session.path
        suffix = " (read-only)" if self.session.read_only else ""
        self.setWindowTitle(f"{path.stem if path else 'Untitled'}{suffix} — StanceMap")
        self.annotation.clear_filter()
        self.text.setFocus()

    def _positions_ready(self, matrix) -> None:
        note = "" if matrix is None or matrix.rows else "No passages with a stance yet."
        self.map_view.set_matrix(matrix, note)
        if self.map_view.heatmap.selected is None:
            self.annotation.clear_filter()

    def _rows_changed(self, _rows: str) -> None:
        self.map_view.heatmap.selected = None
        self.annotation.clear_filter()
        self.project.refresh_positions()

    def set_document_header(self, doc) -> None:
        if doc is None:
            self.doc_title.setText("")
            self.doc_meta.setText("")
            return
        self.doc_title.setText(doc.display_title)
        meta = [
            doc.author and f"by {doc.author}",
            doc.date,
            doc.source,
            Path(doc.file).name,
            f"{doc.passage_count} passages",
        ]
        self.doc_meta.setText(" · ".join(m for m in meta if m))

    def update_counts(self) -> None:
        total = self.session.passage_count()
        coded = self.session.manual_count()
        self.counts.setText(
            f"{total:,} passages · {coded:,} coded by hand · coder: {self.session.coder}"
        )

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_progress(self, task) -> None:
        busy = task is not None
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.setVisible(busy)
        if busy:
            self.progress.setValue(int(task.fraction * 1000))
            self.progress_label.setText(task.message or task.title)

    def set_annotation_enabled(self, enabled: bool) -> None:
        self.annotation.enabled = enabled

    def refresh_recent(self) -> None:
        menu = getattr(self, "recent_menu", None)
        if menu is None:
            return
        menu.clear()
        for path in self.settings.recent():
            action = QAction(Path(path).name, menu)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.project.open_project(p))
            menu.addAction(action)
        menu.setEnabled(bool(menu.actions()))

    # -- window-level handlers (from the actions table) --------------------------------
    def quit(self) -> None:
        self.close()

    def about(self) -> None:
        show_about(self)

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            dialog.apply()
            self.session.coder = self.settings.coder
            apply_theme(QApplication.instance(), self.settings.theme)
            self.model_view.set_auto_note(self.project.since_training, self.settings.retrain_every)
            self.update_counts()

    def rows_actors(self) -> None:
        self.project.set_rows("actors")

    def rows_documents(self) -> None:
        self.project.set_rows("documents")

    def restore_geometry(self) -> None:
        geometry = self.settings.q.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = self.settings.q.value("splitter")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)

    # -- Qt events ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.project.open_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.q.setValue("geometry", self.saveGeometry())
        self.settings.q.setValue("splitter", self.splitter.saveState())
        self.runner.shutdown()
        self.session.close()
        super().closeEvent(event)
