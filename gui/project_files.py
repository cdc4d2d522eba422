"""File ▸ New Project… and Save As…: projects the user names and places.

Projects used to be created silently in the application's data folder; a researcher
expects to name a project and keep it beside their other work, so both commands default
to the Documents folder. Save As copies the live file with SQLite's backup API (safe while
it is open and locked) and then continues in the copy, as a word processor does.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from analysis.store import Project, ProjectError
from gui.dialogs import PROJECT_SUFFIX, NewProjectDialog
from gui.settings import documents_dir

BUSY_TASKS = ("import", "retrain", "classify")
SIDE_FILES = ("-wal", "-shm")


def create_empty_project(path: Path) -> Path:
    """A new, empty project file at ``path`` (which must not exist yet)."""
    if path.exists():
        raise ProjectError(f"{path.name} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)  # a fresh account may have no Documents yet
    with Project(path) as project:
        project.set_setting("title", path.stem)
        project.checkpoint()
    return path


def copy_project(project: Project, destination: Path) -> Path:
    """Copy the open ``project`` to ``destination``, replacing what was there."""
    destination = Path(destination)
    if project.path is not None and destination.resolve() == project.path.resolve():
        raise ProjectError("that is the project's own file; choose another name")
    for suffix in ("", *SIDE_FILES):
        Path(str(destination) + suffix).unlink(missing_ok=True)
    project.backup(destination)
    return destination


def with_suffix(path: str) -> Path:
    chosen = Path(path)
    return (
        chosen
        if chosen.suffix == PROJECT_SUFFIX
        else chosen.with_name(chosen.name + PROJECT_SUFFIX)
    )


class ProjectFiles(QObject):
    """The handlers behind New Project… and Save As… in the File menu."""

    def __init__(self, window, session, controller, runner) -> None:
        super().__init__(window)
        self.window, self.session, self.controller, self.runner = (
            window,
            session,
            controller,
            runner,
        )

    def new_project(self) -> None:
        dialog = NewProjectDialog(documents_dir(), self.window)
        if not dialog.exec():
            return
        path = dialog.path()
        if path is not None and self.create_project(path) and dialog.import_folder.isChecked():
            self.import_folder_dialog()

    def create_project(self, path: Path) -> bool:
        try:
            create_empty_project(path)
        except (ProjectError, OSError) as exc:
            self.window.notify_error("Cannot create the project", str(exc))
            return False
        return self.controller.open_project(path)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, "Import a Folder into the Project", str(documents_dir())
        )
        if folder:
            self.controller.import_paths([Path(folder)], new=False)

    def save_project_as(self) -> None:
        if self.session.project is None:
            self.window.notify_error("Nothing to save", "open a project first")
            return
        start = documents_dir() / f"{self.session.path.stem} copy{PROJECT_SUFFIX}"
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, "Save Project As", str(start), f"StanceMap projects (*{PROJECT_SUFFIX})"
        )
        if chosen:
            self.save_as(with_suffix(chosen))

    def save_as(self, destination: Path) -> bool:
        """Copy the project to ``destination`` and continue working in the copy."""
        busy = [t.title for t in self.runner.running() if t.key in BUSY_TASKS]
        if busy:
            self.window.notify_error("Cannot save a copy yet", f"wait for “{busy[0]}” to finish")
            return False
        try:
            copy_project(self.session.project, destination)
        except (ProjectError, OSError, sqlite3.Error) as exc:
            self.window.notify_error("Save As failed", str(exc))
            return False
        if not self.controller.open_project(destination):
            return False
        self.window.show_message(f"Saved as {destination}; you are now working in the copy")
        return True
