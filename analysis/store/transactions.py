"""Short write transactions, and how the window gets its turn between them.

A retrain or an import in another process writes in batches of a few hundred rows, each
its own transaction. SQLite's busy handler makes a waiting writer nap with growing back-off
(up to 100 ms a nap), so a label typed in the window could keep missing the brief gaps between
two batches and wait most of a second. The window's connection therefore polls for the write
lock every millisecond, and background writers pause briefly after each commit: a label waits
for at most the one batch being committed.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from analysis.store.errors import ProjectWriteError, write_error

LOCK_GAP = 0.003
"""Seconds a background writer pauses after each commit, so the window's poll finds the
write lock free between two batches (a gap shorter than SQLite's busy back-off)."""


class Transactions:
    """Mixin over ``_conn``, ``_depth``, ``read_only``, ``_interactive``, ``_timeout``, ``path``."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit: nested uses join the outermost; any exception rolls back.

        SQLite's failures become a :class:`ProjectWriteError` that says why in plain words.
        SQLite may already have rolled back by itself (a full disk does), so a failed
        ROLLBACK never hides the error that caused it.
        """
        if self.read_only:
            raise ProjectWriteError("read-only", "the project is open read-only; nothing was saved")
        if self._depth == 0:
            self._begin()
        self._depth += 1
        try:
            yield
        except BaseException as exc:
            self._depth -= 1
            if self._depth == 0:
                self._rollback_quietly()
            if isinstance(exc, sqlite3.Error):
                raise write_error(exc) from exc
            raise
        self._depth -= 1
        if self._depth == 0:
            try:
                self._execute_translated("COMMIT")
            except ProjectWriteError:
                self._rollback_quietly()
                raise
            if not self._interactive and self.path is not None:
                time.sleep(LOCK_GAP)  # let a waiting label in between two batches

    def _begin(self) -> None:
        """Take the write lock; the window's connection polls for it every millisecond, so
        a label waits for at most the one short batch a background writer is committing."""
        if not self._interactive:
            self._execute_translated("BEGIN IMMEDIATE")
            return
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                busy = getattr(exc, "sqlite_errorcode", None) in (
                    sqlite3.SQLITE_BUSY,
                    sqlite3.SQLITE_LOCKED,
                ) or "locked" in str(exc)
                if not busy or time.monotonic() >= deadline:
                    raise write_error(exc) from exc
            time.sleep(0.001)

    def _execute_translated(self, sql: str) -> None:
        try:
            self._conn.execute(sql)
        except sqlite3.Error as exc:
            raise write_error(exc) from exc

    def _rollback_quietly(self) -> None:
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the original error is the one worth reporting
