"""Behind the actors panel: writes the user's merges, renames and kinds, then refreshes.

An edit is one small committed transaction (like a label); the passages are then re-read
in a worker, because re-reading a large project on the GUI thread would stall the window,
and the positions are rebuilt so the matrix shows the merged rows.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from analysis.store import Project, ProjectError, actor_edits
from gui.models.actors_model import actor_rows

TASK = "actors"


def reread_job(path):
    def run(progress, cancel):
        from gui.jobs import read_quietly

        cancel.check()
        with Project(path, create=False) as project:
            return read_quietly(project)

    return run


class ActorsPanel(QObject):
    edited = Signal()  # an edit is written and the window shows it

    def __init__(self, window, session, runner) -> None:
        super().__init__(window)
        self.window, self.session, self.runner = window, session, runner
        view = window.actors_view
        view.merge_requested.connect(lambda names, into: self._edit(actor_edits.merge, names, into))
        view.rename_requested.connect(lambda old, new: self._edit(actor_edits.rename, old, new))
        view.retype_requested.connect(self._retype)
        self._stale = False
        session.changed.connect(self._changed)
        runner.finished.connect(self._reread)
        window.tabs.currentChanged.connect(self._tab_changed)
        view.table.doubleClicked.connect(lambda index: self.show_passages(view.selected_names()))

    def show_actors(self) -> None:
        self.window.tabs.setCurrentWidget(self.window.actors_view)
        self.window.actors_view.table.setFocus()

    def show_passages(self, names: list[str]) -> bool:
        """Read one actor's passages, as a click on their row of the matrix does."""
        matrix = self.window.project.matrix
        if len(names) != 1 or matrix is None or matrix.row_kind != "actors":
            return False
        row = matrix.row(names[0])
        if row is None:
            return False
        self.window.annotation.apply_cell(matrix, matrix.rows.index(row), "all")
        return True

    def refresh(self) -> None:
        project = self.session.project
        if project is None:
            self.window.actors_view.set_rows([])
            return
        rows = actor_rows(self.session.passages(), project.actors(), actor_edits.edits(project))
        self.window.actors_view.set_rows(rows)

    def _changed(self, changes) -> None:
        """Refresh now if the panel shows; otherwise when it is next shown (labels are
        frequent and counting every passage after each one would be wasted)."""
        if self.window.tabs.currentWidget() is self.window.actors_view:
            self.refresh()
        else:
            self._stale = True

    def _tab_changed(self, _index: int) -> None:
        if self._stale and self.window.tabs.currentWidget() is self.window.actors_view:
            self._stale = False
            self.refresh()

    def _retype(self, names: list[str], kind: str) -> None:
        def retype_all(project, names, kind):
            with project.transaction():
                for name in names:
                    actor_edits.retype(project, name, kind)

        self._edit(retype_all, names, kind)

    def _edit(self, write, *args) -> None:
        project = self.session.project
        if project is None or self.session.read_only:
            self.window.show_message("Cannot edit actors: no project open for editing")
            return
        try:
            write(project, *args)
        except ProjectError as exc:
            self.window.notify_error("Cannot edit the actor", str(exc))
            return
        self.runner.start(TASK, "Applying the actor edit", reread_job(self.session.path))

    def _reread(self, task, snapshot) -> None:
        if task.key != TASK or self.session.project is None:
            return
        self.session.load(snapshot, dirty=set(self.session.written))
        self.window.project.refresh_positions()
        self.edited.emit()
