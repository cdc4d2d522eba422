"""The one task runner: long verbs run in a worker thread with progress and cancel.

Modelled on Orange's ``ConcurrentMixin``: a task is a plain function
``fn(progress, cancel) -> result``; the runner gives it a cancel token and a progress callback
that emits at most every few tens of milliseconds (so a verb that reports per passage cannot
flood the event loop), and reports the outcome as a signal on the GUI thread. Starting a task
under a key that is already running cancels the old one; ``shutdown`` cancels all and waits.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from analysis.progress import Cancelled, CancelToken

PROGRESS_INTERVAL = 0.05  # seconds between progress signals


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from the worker arrive queued."""

    progressed = Signal(object, float, str)
    done = Signal(object, object, object)  # task, result, error message or None


@dataclass(eq=False)
class Task:
    key: str
    title: str
    cancel: CancelToken = field(default_factory=CancelToken)
    fraction: float = 0.0
    message: str = ""


class _Job(QRunnable):
    def __init__(self, task: Task, fn: Callable, relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.task, self.fn, self.relay = task, fn, relay
        self._last = 0.0

    def progress(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL or fraction >= 1.0:
            self._last = now
            self.relay.progressed.emit(self.task, float(fraction), message)

    def run(self) -> None:
        try:
            result = self.fn(self.progress, self.task.cancel)
            self.relay.done.emit(self.task, result, None)
        except Cancelled:
            self.relay.done.emit(self.task, None, Cancelled())
        except Exception as exc:  # reported to the user as a dialog, never a traceback
            traceback.print_exc()
            self.relay.done.emit(self.task, None, exc)


class TaskRunner(QObject):
    """Runs verbs off the GUI thread and reports on it."""

    started = Signal(object)  # Task
    progressed = Signal(object)  # Task, with fraction and message updated
    finished = Signal(object, object)  # Task, result
    failed = Signal(object, object)  # Task, exception
    cancelled = Signal(object)  # Task

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(3)
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        self._running: dict[str, Task] = {}

    def start(self, key: str, title: str, fn: Callable) -> Task:
        """Run ``fn(progress, cancel)``; a task already running under ``key`` is cancelled."""
        old = self._running.get(key)
        if old is not None:
            old.cancel.cancel()
        task = Task(key, title)
        self._running[key] = task
        self._pool.start(_Job(task, fn, self._relay))
        self.started.emit(task)
        return task

    def running(self, key: str | None = None) -> list[Task]:
        tasks = list(self._running.values())
        return [t for t in tasks if key is None or t.key == key]

    def cancel(self, key: str | None = None) -> None:
        for task in self.running(key):
            task.cancel.cancel()

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Cancel everything and wait, so no worker writes after the window closed."""
        self.cancel()
        return self._pool.waitForDone(timeout_ms)

    def wait(self, timeout_ms: int = -1) -> bool:
        return self._pool.waitForDone(timeout_ms)

    def _on_progress(self, task: Task, fraction: float, message: str) -> None:
        if self._running.get(task.key) is task:
            task.fraction, task.message = fraction, message
            self.progressed.emit(task)

    def _on_done(self, task: Task, result, error) -> None:
        current = self._running.get(task.key) is task
        if current:
            del self._running[task.key]
        if isinstance(error, Cancelled) or task.cancel.cancelled:
            self.cancelled.emit(task)
        elif error is not None:
            self.failed.emit(task, error)
        elif current:
            self.finished.emit(task, result)
