"""Undo over the append-only annotation log.

A command never deletes a row: redo appends the new values and undo appends a row that
restores the previous ones, so the log stays a full history of what every coder did and a
killed app loses nothing that was on screen.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

FIELDS = ("label", "boilerplate", "actor", "issues")


def previous_values(record, fields: dict) -> dict:
    """The values that undo must write back to restore ``record`` for the given fields."""
    old: dict = {}
    if "label" in fields:
        old["label"] = record.manual_label or ""
    if "boilerplate" in fields:
        old["boilerplate"] = bool(record.boilerplate)
    if "actor" in fields:
        old["actor"] = record.actor if record.actor_method == "manual" else ""
    if "issues" in fields:
        old["issues"] = list(record.issues)
    return old


def describe(fields: dict) -> str:
    if "label" in fields:
        return f"Label {fields['label']}" if fields["label"] else "Clear label"
    if "boilerplate" in fields:
        return "Mark page noise" if fields["boilerplate"] else "Unmark page noise"
    if "actor" in fields:
        return "Set actor"
    return "Set issues"


class AnnotateCommand(QUndoCommand):
    """One user edit of one passage; ``session.write`` commits each direction at once."""

    def __init__(self, session, passage_id: int, new: dict, old: dict) -> None:
        super().__init__(describe(new))
        self.session = session
        self.passage_id = passage_id
        self.new = dict(new)
        self.old = dict(old)

    def redo(self) -> None:
        self.session.write(self.passage_id, self.new)

    def undo(self) -> None:
        self.session.write(self.passage_id, self.old)
