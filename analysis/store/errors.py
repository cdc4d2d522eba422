"""Errors the store raises, each carrying a sentence a user can act on."""

from __future__ import annotations

import sqlite3


class ProjectError(Exception):
    """The file cannot be used as a project (not ours, newer than us, damaged)."""


class ProjectInUse(ProjectError):
    """Another StanceMap window holds the project open for editing."""


class ProjectWriteError(ProjectError):
    """A write did not reach the project file; nothing of it was kept.

    ``reason`` is one of "busy", "read-only", "disk full", "damaged" or "failed", so a
    window can word its own message; ``str()`` is already a sentence for a terminal.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


_REASONS = {
    sqlite3.SQLITE_BUSY: ("busy", "the project file is busy (another program is writing to it)"),
    sqlite3.SQLITE_LOCKED: ("busy", "the project file is locked by another connection"),
    sqlite3.SQLITE_READONLY: ("read-only", "the project file is read-only"),
    sqlite3.SQLITE_FULL: ("disk full", "disk full: there is no space left for the project file"),
    sqlite3.SQLITE_IOERR: ("failed", "the disk reported an error while writing"),
    sqlite3.SQLITE_CORRUPT: ("damaged", "the project file is damaged"),
    sqlite3.SQLITE_NOTADB: ("damaged", "the project file is damaged"),
    sqlite3.SQLITE_CANTOPEN: ("failed", "the project file cannot be opened for writing"),
    sqlite3.SQLITE_PERM: ("read-only", "the project file is read-only"),
}


def write_error(exc: sqlite3.Error) -> ProjectWriteError:
    """Translate SQLite's failure into a reason and a sentence; the raw text is kept last."""
    code = getattr(exc, "sqlite_errorcode", None)
    reason, text = _REASONS.get((code or 0) & 0xFF, ("failed", "the write failed"))
    return ProjectWriteError(reason, f"{text}; the change was not saved and the file is intact")
