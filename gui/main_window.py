"""The main window: composes the views, the session, the task runner and the controllers.

Behaviour lives in :mod:`gui.project_controller`, :mod:`gui.annotation_controller` and
:mod:`gui.project_files`; this module lays things out, forwards menu actions, keeps the
status bar and shows what happened (failures, the coder, where a report went).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui import exchange_actions
from gui.actions import build_actions, reader_actions
from gui.actors_panel import ActorsPanel
from gui.annotation_controller import AnnotationController
from gui.dialogs import CoderDialog, SettingsDialog, show_about
from gui.guide import GuideDialog
from gui.models.document_list_model import DocumentListModel
from gui.notices import NoticeBanner, report_saved_box, task_failure
from gui.project_controller import ProjectController
from gui.project_files import ProjectFiles
from gui.session import ProjectSession
from gui.tasks import TaskRunner
from gui.theme import apply_theme
from gui.views.actors_view import ActorsView
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
        self._coder_asked = False
        self.setWindowTitle("StanceMap")
        self.setAcceptDrops(True)
        self.session = ProjectSession(settings.coder, self)
        self.runner = TaskRunner(self)
        self._build_views()
        self._build_status_bar()
        self.project = ProjectController(self, self.session, self.runner, settings)
        self.annotation = AnnotationController(self, self.session)
        self.files = ProjectFiles(self, self.session, self.project, self.runner)
        self.actors = ActorsPanel(self, self.session, self.runner)
        self.actions_ = build_actions(
            self, _Dispatch(self.project, self.annotation, self.files, self.actors, self)
        )
        self.exchange = exchange_actions.install(self)
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
        self._build_right()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.documents, reader, self.right):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([250, 560, 590])
        self.banner = NoticeBanner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _build_right(self) -> None:
        self.map_view = MapView()
        self.inspector = InspectorView()
        self.model_view = ModelView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.inspector, "Passage")
        self.tabs.addTab(self.model_view, "Model")
        self.actors_view = ActorsView()
        self.tabs.addTab(self.actors_view, "Actors")
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(self.map_view)
        self.right.addWidget(self.tabs)
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 2)
        self.right.setSizes([590, 310])

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Cancel the running task (Ctrl+.)")
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.hide()
            bar.addPermanentWidget(widget)
        bar.addPermanentWidget(self.counts)
        self.coder_button = QPushButton()
        self.coder_button.setObjectName("coderButton")
        self.coder_button.setFlat(True)
        self.coder_button.setToolTip("Labels are recorded under this name; click to switch coder")
        bar.addPermanentWidget(self.coder_button)

    def _wire(self) -> None:
        self.cancel_button.clicked.connect(self.project.cancel_task)
        self.map_view.rows_changed.connect(self._rows_changed)
        self.map_view.heatmap.cell_clicked.connect(
            lambda r, issue: self.annotation.apply_cell(self.map_view.heatmap.matrix, r, issue)
        )
        self.project.positions_ready.connect(self._positions_ready)
        self.session.opened.connect(self._opened)
        self.model_view.retrain.clicked.connect(self.project.retrain)
        self.model_view.retrain.setToolTip("Retrain the model on your labels now (Ctrl+R)")
        self.runner.failed.connect(self._task_failed)
        self.session.opened.connect(self._remember_project)
        self.session.annotated.connect(self._first_annotation)
        self.coder_button.clicked.connect(self.switch_coder)
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
        if not self.session.coder and not self.quiet and not self._coder_asked:
            self._coder_asked = True  # once per run: asked before the first label, not after
            QTimer.singleShot(0, self.ask_coder)

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
        self.counts.setText(f"{total:,} passages · {coded:,} coded by hand")
        coder = self.session.coder
        self.coder_button.setText(f"coder: {coder}" if coder else "coder: not set — click to set")

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def notify_error(self, title: str, reason: str) -> None:
        """A failure the user must see: the banner, and a dialog unless in screenshot mode."""
        self.banner.show_failure(title, reason)
        self.show_message(f"{title}: {reason}")
        if not self.quiet:
            QMessageBox.critical(self, title, reason)

    def _task_failed(self, task, error) -> None:
        """Every failed background task reaches the window, not only stderr."""
        failure = task_failure(task, error)
        if failure is not None:
            self.banner.show_failure(*failure)

    # -- coder -------------------------------------------------------------------------
    def ask_coder(self) -> bool:
        """Ask who is coding; True if a name was given."""
        known = self.session.project.coders() if self.session.project else []
        dialog = CoderDialog(self.settings.coder, known, self)
        if not dialog.exec() or not dialog.coder():
            return False
        self.set_coder(dialog.coder())
        return True

    def set_coder(self, name: str) -> None:
        self.settings.coder = name
        self.session.coder = self.settings.coder
        self.update_counts()
        self.show_message(f"Labels are now recorded as {self.session.coder}")

    def switch_coder(self) -> None:
        self.ask_coder()

    def _first_annotation(self) -> None:
        if not self.session.coder and not self.quiet:
            self.ask_coder()

    def _remember_project(self) -> None:
        if self.session.path is not None:
            self.settings.last_project = self.session.path

    def show_progress(self, task) -> None:
        busy = task is not None
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.setVisible(busy)
        if busy:
            self.progress.setValue(int(task.fraction * 1000))
            self.progress_label.setText(task.message or task.title)

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

    def show_guide(self) -> None:
        guide = getattr(self, "guide", None)
        if guide is None:
            guide = self.guide = GuideDialog(self)
        guide.show()
        guide.raise_()

    def export_report_dialog(self) -> None:
        """Export, then say where the report went and offer to open it."""
        if self.session.path is None:
            self.notify_error("Nothing to export", "open a project first")
            return
        from gui.report.export_dialog import ExportReportDialog, task_runner_worker

        dialog = ExportReportDialog(
            self.session.path, task_runner_worker(self.runner), rows=self.map_view.rows, parent=self
        )
        if dialog.exec() and dialog.result_path is not None:
            self.report_exported(dialog.result_path)

    def report_exported(self, path) -> QMessageBox:
        self.show_message(f"Report saved as {path}")
        box = self.saved_box = report_saved_box(self, Path(path))
        box.open()
        return box

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            dialog.apply()
            if self.settings.coder:
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
        box = getattr(self, "saved_box", None)
        if box is not None:  # a window-modal note must not outlive the window it belongs to
            box.close()
            self.saved_box = None
        self.runner.shutdown()
        self.session.close()
        super().closeEvent(event)
