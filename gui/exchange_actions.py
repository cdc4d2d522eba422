"""File ▸ Export ▸ REFI-QDA Project (.qdpx)… and File ▸ Import REFI-QDA Project….

Both run on the window's task runner: the export reads the project through its own
connection in the worker, the import builds a new project file there and hands the window a
ready snapshot to open. A failure is shown by the project controller like any other task's;
here we only clean up a half-made project file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from analysis.operations import perform
from analysis.progress import sub_progress
from analysis.store import Project
from gui.jobs import read_quietly
from gui.project_controller import PROJECT_SUFFIX, WRITE_TASKS, new_project_path

EXPORT_KEY = "qdpx-export"
IMPORT_KEY = "qdpx-import"
QDPX_FILTER = "REFI-QDA projects (*.qdpx)"


def export_job(project_path: Path, out: Path):
    def run(progress, cancel):
        return perform("qdpx-export", project_path, out, progress=progress, cancel=cancel).result

    return run


def import_job(qdpx: Path, target: Path):
    def run(progress, cancel):
        outcome = perform(
            "qdpx-import", target, qdpx, progress=sub_progress(progress, 0, 0.95), cancel=cancel
        )
        progress(0.97, "Reading the results")
        with Project(target, create=False) as project:
            return outcome.result, read_quietly(project)

    return run


class ExchangeController(QObject):
    """Starts .qdpx exports and imports and tells the user how they went."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.runner = window.runner
        self._targets: dict[object, Path] = {}  # import task -> the project file it creates
        self.runner.started.connect(self._show_progress)
        self.runner.progressed.connect(self._show_progress)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._ended)
        self.runner.cancelled.connect(self._ended)

    # -- export ------------------------------------------------------------------------
    def export_dialog(self) -> None:
        source = self.window.session.path
        if source is None:
            self._tell("Nothing to export", "Open a project first.")
            return
        out, _ = QFileDialog.getSaveFileName(
            self.window, "Export REFI-QDA Project", str(source.with_suffix(".qdpx")), QDPX_FILTER
        )
        if out:
            self.export_to(Path(out))

    def export_to(self, out: Path):
        if out.suffix.lower() != ".qdpx":
            out = out.with_name(out.name + ".qdpx")
        source = self.window.session.path
        return self.runner.start(
            EXPORT_KEY, "Exporting a REFI-QDA project", export_job(source, out)
        )

    # -- import ------------------------------------------------------------------------
    def import_dialog(self) -> None:
        qdpx, _ = QFileDialog.getOpenFileName(
            self.window, "Import REFI-QDA Project", "", f"{QDPX_FILTER};;All files (*)"
        )
        if not qdpx:
            return
        target, _ = QFileDialog.getSaveFileName(
            self.window,
            "Save the Imported Project As",
            str(new_project_path([Path(qdpx)])),
            f"StanceMap projects (*{PROJECT_SUFFIX})",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if target:
            self.import_from(Path(qdpx), Path(target))

    def import_from(self, qdpx: Path, target: Path):
        if target.suffix != PROJECT_SUFFIX:
            target = target.with_name(target.name + PROJECT_SUFFIX)
        if target.exists():
            self._tell("Cannot import", f"{target} already exists; choose a new project name.")
            return None
        task = self.runner.start(IMPORT_KEY, f"Importing {qdpx.name}", import_job(qdpx, target))
        self._targets[task] = target
        return task

    # -- outcomes ----------------------------------------------------------------------
    def _show_progress(self, task) -> None:
        if task.key in (EXPORT_KEY, IMPORT_KEY):
            self.window.show_progress(task)

    def _finished(self, task, result) -> None:
        if task.key == EXPORT_KEY:
            self._idle_bar()
            self._tell("Export finished", result.describe().capitalize() + ".", info=True)
        elif task.key == IMPORT_KEY:
            self._idle_bar()
            target = self._targets.pop(task)
            summary, snapshot = result
            self.window.project.open_project(target, snapshot=snapshot)
            self._tell("Import finished", summary.describe().capitalize() + ".", info=True)

    def _ended(self, task, _error=None) -> None:
        """Failed or cancelled: the controller reports it; a half-made project goes."""
        if task.key not in (EXPORT_KEY, IMPORT_KEY):
            return
        self._idle_bar()
        target = self._targets.pop(task, None)
        if target is not None:
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(str(target) + suffix).unlink(missing_ok=True)

    def _idle_bar(self) -> None:
        keys = (*WRITE_TASKS, EXPORT_KEY, IMPORT_KEY)
        if not [t for t in self.runner.running() if t.key in keys]:
            self.window.show_progress(None)

    def _tell(self, title: str, message: str, *, info: bool = False) -> None:
        self.window.show_message(f"{title}: {message}")
        if not self.window.quiet:
            box = QMessageBox.information if info else QMessageBox.warning
            box(self.window, title, message)


def install(window) -> ExchangeController:
    """Add the two File menu entries to ``window`` (a MainWindow) and return their controller."""
    controller = ExchangeController(window)
    file_menu = _file_menu(window)
    export_menu = QMenu("E&xport", window)
    export_menu.setObjectName("exportMenu")
    export = QAction("REFI-QDA Project (.qdpx)…", window)
    export.setObjectName("action_export_qdpx")
    export.setStatusTip("Codings for NVivo, MAXQDA, ATLAS.ti and QualCoder")
    export.triggered.connect(controller.export_dialog)
    export_menu.addAction(export)
    importer = QAction("Import REFI-QDA Project…", window)
    importer.setObjectName("action_import_qdpx")
    importer.setStatusTip("A project from NVivo, MAXQDA, ATLAS.ti or QualCoder, as a new project")
    importer.triggered.connect(controller.import_dialog)
    file_menu.insertAction(_after(file_menu, "action_add_files"), importer)
    file_menu.insertMenu(_after(file_menu, "action_export_report"), export_menu)
    controller.actions = {"export_qdpx": export, "import_qdpx": importer}
    return controller


def _after(menu: QMenu, name: str) -> QAction | None:
    """The entry after the action called ``name`` (None: the end), to insert before it."""
    entries = menu.actions()
    for i, action in enumerate(entries):
        if action.objectName() == name:
            return entries[i + 1] if i + 1 < len(entries) else None
    return None


def _file_menu(window) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and action.text().replace("&", "") == "File":
            return menu
    raise LookupError("the window has no File menu")
