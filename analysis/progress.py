"""Progress reporting and cancellation shared by the command line and the window.

Every long verb in :mod:`analysis.workflow` takes a ``progress(fraction, message)`` callback
and a :class:`CancelToken`. The window's worker thread passes a callback that emits a
throttled Qt signal; the command line passes one that prints, or nothing.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from contextlib import contextmanager

Progress = Callable[[float, str], None]


class Cancelled(Exception):
    """Raised inside a verb when its token was cancelled; the verb rolls back its writes."""


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def no_progress(fraction: float, message: str) -> None:  # noqa: ARG001 - callback shape
    """The default callback: report nothing."""


def sub_progress(progress: Progress, start: float, end: float) -> Progress:
    """Map a nested stage's 0..1 onto ``start..end`` of the parent's bar.

    Lets ``import_corpus`` give reading 0–0.5 and classifying 0.5–1 of one progress bar
    without the stages knowing about each other.
    """
    span = end - start

    def report(fraction: float, message: str) -> None:
        progress(start + span * max(0.0, min(1.0, fraction)), message)

    return report


PIPE_INTERVAL = 0.05
"""Seconds between progress messages a child process sends: enough for a smooth bar, few
enough that the pipe never floods the parent's event loop."""


def pipe_progress(conn, interval: float = PIPE_INTERVAL) -> Progress:
    """A progress callback for a child process that sends ``("progress", fraction, message)``
    down ``conn``, at most one per ``interval`` (always the last)."""
    import time

    last = [0.0]

    def progress(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] >= interval or fraction >= 1.0:
            last[0] = now
            conn.send(("progress", float(fraction), message))

    return progress


@contextmanager
def collection_paused():
    """No cyclic garbage collection while a long verb builds and drops hundreds of thousands
    of small objects (records, passages, predictions): each automatic full collection walks
    them all, which cost 1-2 s of a 100k-passage import. Our records hold no reference
    cycles, so nothing waits for the collector; it resumes (and catches up) on exit."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
