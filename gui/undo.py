"""Undo over the append-only annotation log.

A command never deletes a row: redo appends the new values and undo appends a row that
restores the previous ones, so the log stays a full history of what every coder did and a
killed app loses nothing that was on screen.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand


def previous_values(record, fields: dict) -> dict:
    """The values that undo must write back to restore ``record`` for the given fields.

    A field that was automatic goes back to automatic (empty value), not to a manual copy
    of what the automatic value happened to be.
    """
    old: dict = {}
    if "label" in fields:
        old["label"] = record.manual_label or ""
    if "boilerplate" in fields:
        manual = record.manual_boilerplate
        old["boilerplate"] = "" if manual is None else manual
    if "actor" in fields:
        old["actor"] = record.actor if record.actor_method == "manual" else ""
    if "issues" in fields or "no_issues" in fields:
        manual = record.manual_issues
        old.update({"no_issues": True} if manual == () else {"issues": list(manual or [])})
    return old


def describe(fields: dict) -> str:
    if "label" in fields:
        return f"Label {fields['label']}" if fields["label"] else "Clear label"
    if "boilerplate" in fields:
        if fields["boilerplate"] == "":
            return "Automatic page noise"
        return "Mark page noise" if fields["boilerplate"] else "Unmark page noise"
    if "actor" in fields:
        return "Set actor"
    return "Set issues"


class AnnotateCommand(QUndoCommand):
    """One user edit of one passage; ``session.write`` commits each direction at once.

    ``done`` says the edit is already committed, so the stack's first redo (on push) does
    not write it twice. A direction whose write fails marks the command obsolete, and the
    stack drops it: the stack never claims a state the file does not hold.
    """

    def __init__(self, session, passage_id: int, new: dict, old: dict, *, done: bool = False):
        super().__init__(describe(new))
        self.session = session
        self.passage_id = passage_id
        self.new = dict(new)
        self.old = dict(old)
        self._skip_redo = done

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        if not self.session.write(self.passage_id, self.new):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.session.write(self.passage_id, self.old):
            self.setObsolete(True)
