"""Opening, importing, retraining and the positions: everything that runs as a task.

The controller gathers inputs, starts a job on the task runner and applies the outcome to
the session; the work itself is an operation of :mod:`analysis.operations`, scheduled by
:mod:`gui.jobs`. Every error the core reports becomes a dialog with its one-line reason.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from analysis.store import ProjectError, ProjectInUse
from gui import jobs

PROJECT_SUFFIX = ".stancemap"
BACKGROUND_OPEN_BYTES = 16 * 1024 * 1024
"""Projects larger than this (about 17,000 passages) are read in a worker, never on the GUI
thread; smaller ones open at once, which is quicker than starting a task."""
IMPORT_FILTER = "Texts (*.txt *.md *.html *.htm *.docx *.pdf *.csv);;All files (*)"
WRITE_TASKS = ("import", "retrain", "classify")


def data_dir() -> Path:
    override = os.environ.get("STANCEMAP_DATA_DIR")
    if override:
        return Path(override)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def new_project_path(sources: list[Path]) -> Path:
    """A fresh project file in the data folder, named after what is being imported."""
    stem = sources[0].stem if len(sources) == 1 else f"{sources[0].parent.name or 'corpus'}"
    folder = data_dir() / "projects"
    folder.mkdir(parents=True, exist_ok=True)
    candidate, i = folder / f"{stem}{PROJECT_SUFFIX}", 2
    while candidate.exists():
        candidate, i = folder / f"{stem} {i}{PROJECT_SUFFIX}", i + 1
    return candidate


class ProjectController(QObject):
    idle = Signal()  # no task left running
    positions_ready = Signal(object)

    def __init__(self, window, session, runner, settings) -> None:
        super().__init__(window)
        self.window, self.session, self.runner, self.settings = window, session, runner, settings
        self.matrix = None
        self.since_training = 0
        self._new_project: Path | None = None
        self._opening = False  # read-only flag of a project being read in a worker
        self._positions_timer = QTimer(self, singleShot=True, interval=700)
        self._positions_timer.timeout.connect(self.refresh_positions)
        self._finishers = {  # what a finished task of each key does with its result
            "import": self._import_finished,
            "retrain": self._train_finished,
            "classify": self._train_finished,
            "positions": self._positions_finished,
            "open": self._open_finished,
            "read": self._read_finished,
        }
        runner.started.connect(self._task_started)
        runner.progressed.connect(self._task_progressed)
        runner.finished.connect(self._task_finished)
        runner.failed.connect(self._task_failed)
        runner.cancelled.connect(self._task_cancelled)
        session.annotated.connect(self._count_annotation)
        session.changed.connect(self._schedule_positions)
        session.write_failed.connect(lambda text: self.error("Not saved", text))

    # -- opening -------------------------------------------------------------------
    def open_paths(self, paths) -> None:
        paths = [Path(p) for p in paths]
        projects = [p for p in paths if p.suffix == PROJECT_SUFFIX]
        if projects:
            self.open_project(projects[0])
        elif paths:
            self.import_paths(paths, new=True)

    def open_project(self, path, *, read_only: bool = False, snapshot=None, project=None) -> bool:
        path = Path(path)
        if snapshot is None and _large(path):
            self._opening = read_only
            self.runner.start("open", f"Opening {path.name}", _open_job(path))
            return True
        try:
            self.session.open(path, read_only=read_only, snapshot=snapshot, project=project)
        except ProjectInUse as exc:
            answer = QMessageBox.warning(
                self.window,
                "Project in use",
                f"{exc}.\n\nOpen it read-only instead?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            return answer == QMessageBox.StandardButton.Open and self.open_project(
                path, read_only=True
            )
        except ProjectError as exc:
            self.error("Cannot open project", str(exc))
            return False
        self.settings.add_recent(path)
        self.window.refresh_recent()
        self.since_training = 0
        self.refresh_positions()
        return True

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open Project", str(data_dir()), f"StanceMap projects (*{PROJECT_SUFFIX})"
        )
        if path:
            self.open_project(path)

    def open_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self.window, "Open Folder as New Project")
        if path:
            self.import_paths([Path(path)], new=True)

    def open_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Open Files as New Project", "", IMPORT_FILTER
        )
        if paths:
            self.import_paths([Path(p) for p in paths], new=True)

    def add_files_dialog(self) -> None:
        if self.session.project is None or self.session.read_only:
            return self.open_files_dialog()
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Add Files to Project", "", IMPORT_FILTER
        )
        if paths:
            self.import_paths([Path(p) for p in paths], new=False)

    def open_demo(self) -> None:
        self.runner.start("import", "Preparing the demo project", jobs.demo_job(data_dir()))

    # -- import ----------------------------------------------------------------------
    def import_paths(self, paths: list[Path], *, new: bool) -> None:
        missing = [p for p in paths if not p.exists()]
        if missing:
            self.error("Cannot import", f"{missing[0]}: no such file or folder")
            return
        if new or self.session.project is None or self.session.path is None:
            target = new_project_path(paths)
            self._new_project = target
        else:
            target, self._new_project = self.session.path, None
        self.runner.start(
            "import", f"Importing {len(paths)} item(s)", jobs.import_job(target, paths)
        )

    def _import_finished(self, result) -> None:
        if isinstance(result, Path):  # the demo project is ready
            self.open_project(result)
            return
        summary, snapshot = result
        if self._new_project is not None:
            if summary.documents == 0:
                self._discard_new_project()
                self.error("Nothing imported", _errors_text(summary) or "no readable files found")
                return
            self.open_project(self._new_project, snapshot=snapshot)
            self._new_project = None
        else:
            self.session.load(snapshot, dirty=set(self.session.written))
            self.refresh_positions()
        self.window.show_message(summary.describe().capitalize())
        if summary.errors:
            self.warning("Some files were skipped", _errors_text(summary))

    def _discard_new_project(self) -> None:
        if self._new_project is None:
            return
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(str(self._new_project) + suffix).unlink(missing_ok=True)
        self._new_project = None

    # -- model -----------------------------------------------------------------------
    def retrain(self) -> None:
        if self.session.path is None or self.session.read_only:
            return
        self.session.written.clear()
        self.since_training = 0
        self.window.model_view.set_auto_note(0, self.settings.retrain_every)
        self.runner.start("retrain", "Retraining the model", jobs.retrain_job(self.session.path))

    def _count_annotation(self) -> None:
        self.since_training += 1
        every = self.settings.retrain_every
        self.window.model_view.set_auto_note(self.since_training, every)
        if every > 0 and self.since_training >= every and not self.runner.running("retrain"):
            self.retrain()

    def _train_finished(self, result) -> None:
        train, snapshot = result
        self.session.load(snapshot, dirty=set(self.session.written))
        self.session.written.clear()
        if train is not None:
            self.window.show_message(retrained_message(train))
        self.refresh_positions()

    def cancel_task(self) -> None:
        self.runner.cancel()

    # -- positions -------------------------------------------------------------------
    def _schedule_positions(self, changes) -> None:
        if changes.passages and not (changes.structure or changes.model):
            self._positions_timer.start()

    def refresh_positions(self) -> None:
        if self.session.path is None:
            self.window.map_view.set_matrix(None, "Open a project to see positions.")
            return
        rows = self.window.map_view.rows
        self.runner.start(
            "positions",
            "Updating positions",
            jobs.positions_job(
                self.session.path,
                rows,
                len(self.session.snapshot.passages)
                or sum(d.passage_count for d in self.session.documents()),
            ),
        )

    def set_rows(self, rows: str) -> None:
        button = (
            self.window.map_view.by_actor if rows == "actors" else self.window.map_view.by_document
        )
        button.setChecked(True)

    # -- task feedback ---------------------------------------------------------------
    def _task_started(self, task) -> None:
        if task.key in WRITE_TASKS or task.key in ("import", "open", "read"):
            self.window.show_progress(task)
        # Labelling goes on during an import: the import commits one document at a time,
        # so a label waits milliseconds, and an import never deletes what was labelled.

    def _task_progressed(self, task) -> None:
        if task.key in WRITE_TASKS or task.key in ("open", "read"):
            self.window.show_progress(task)

    def _task_finished(self, task, result) -> None:
        self._after_task(task)
        finish = self._finishers.get(task.key)
        if finish is not None:
            finish(result)
        self._maybe_idle()

    def _positions_finished(self, matrix) -> None:
        self.matrix = matrix
        self.positions_ready.emit(matrix)

    def _open_finished(self, result) -> None:
        """The document list first, the passages as they arrive."""
        project, snapshot = result
        if self.open_project(
            project.path, read_only=self._opening, snapshot=snapshot, project=project
        ):
            self.runner.start("read", "Reading passages", _read_job(project.path))

    def _read_finished(self, result) -> None:
        path, snapshot = result
        if self.session.path == path:
            self.session.load(snapshot, dirty=set(self.session.written))

    def _task_failed(self, task, error) -> None:
        self._after_task(task)
        if task.key == "report":
            pass  # the export dialog shows its own error
        elif task.key == "positions":
            self.matrix = None
            self.window.map_view.set_matrix(None, f"Positions are not available: {_reason(error)}")
        else:
            if task.key == "import":
                self._discard_new_project()
            self.error(f"{task.title} failed", _reason(error))
        self._maybe_idle()

    def _task_cancelled(self, task) -> None:
        self._after_task(task)
        if task.key == "import":
            self._discard_new_project()
            self.window.show_message("Import cancelled; the project is as it was")
        elif task.key == "retrain":
            self.window.show_message("Retraining cancelled; the previous model is kept")
        self._maybe_idle()

    def _after_task(self, task) -> None:
        if not [t for t in self.runner.running() if t.key in WRITE_TASKS]:
            self.window.show_progress(None)

    def _maybe_idle(self) -> None:
        if not self.runner.running():
            self.idle.emit()

    # -- dialogs ---------------------------------------------------------------------
    def error(self, title: str, message: str) -> None:
        self.window.show_message(f"{title}: {message}")
        if self.window.quiet:
            print(f"stancemap: {title}: {message}", file=sys.stderr)
        else:
            QMessageBox.critical(self.window, title, message)

    def warning(self, title: str, message: str) -> None:
        if not self.window.quiet:
            QMessageBox.warning(self.window, title, message)


def _reason(error: BaseException) -> str:
    if isinstance(error, ModuleNotFoundError):
        return f"a part of StanceMap is missing ({error.name})"
    return str(error) or type(error).__name__


def _large(path: Path) -> bool:
    try:
        return path.stat().st_size > BACKGROUND_OPEN_BYTES
    except OSError:
        return False


def _open_job(path: Path):
    """Open and check a project in a worker, with its documents but not yet its passages."""

    def run(progress, cancel):
        from gui.session import Snapshot, open_project_file

        progress(0.1, "Checking the project file")
        project = open_project_file(path)
        try:
            cancel.check()
            snapshot = Snapshot(documents=project.documents()).index()
            cancel.check()
        except BaseException:
            project.close()
            raise
        return project, snapshot

    return run


def _read_job(path: Path):
    """Every passage of the project just opened, read on a connection of the worker's own."""

    def run(progress, cancel):
        from analysis.store import Project

        progress(0.1, "Reading passages")
        with Project(path, create=False) as project:
            snapshot = jobs.read_quietly(project)
        cancel.check()
        return project.path, snapshot

    return run


def _errors_text(summary) -> str:
    return "\n".join(str(e) for e in summary.errors[:20])


def retrained_message(train) -> str:
    """The status line after a retrain. A change is shown only between figures of the same
    kind: agreement with the project's labels is not comparable with cross-validation over
    the bootstrap passages."""
    previous, metrics = train.previous_metrics or {}, train.metrics or {}
    new = metrics.get("macro_f1")
    if new is None:
        return f"Model retrained on {train.training_size} passages"
    kind = "agreement with your labels" if metrics.get("project_labels") else "macro-F1"
    old = previous.get("macro_f1")
    same_kind = bool(previous.get("project_labels")) == bool(metrics.get("project_labels"))
    change = f" ({new - old:+.2f})" if old is not None and same_kind else ""
    return f"Model retrained on {train.training_size} passages; {kind} {new:.2f}{change}"
