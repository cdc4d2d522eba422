"""Run an operation in a child process, so heavy work cannot freeze the window.

A worker *thread* shares the interpreter lock with the GUI thread, and the classifier's
compiled code holds that lock for a tenth of a second at a time: enough to make the window
stutter on a large import. A child process has its own lock. The worker thread of
:mod:`gui.tasks` calls :func:`run_verb`, which relays the child's progress and cancel, so
the rest of the window does not know the difference. This module imports no Qt, so the
child starts quickly.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading

PROGRESS_INTERVAL = 0.05


def _watch(control, token, parent_pid: int) -> None:
    """Cancel the verb when asked to, or when the window's process has died."""
    try:
        while not control.poll(0.25):
            if os.getppid() != parent_pid:
                break
    except (EOFError, OSError):
        pass
    token.cancel()


def _child(name: str, args: tuple, conn, control, parent_pid: int) -> None:
    from analysis.operations import perform
    from analysis.progress import Cancelled, CancelToken, pipe_progress

    token = CancelToken()
    threading.Thread(target=_watch, args=(control, token, parent_pid), daemon=True).start()
    progress = pipe_progress(conn, PROGRESS_INTERVAL)

    try:
        conn.send(("done", perform(name, *args, progress=progress, cancel=token)))
    except Cancelled:
        _send_quietly(conn, ("cancelled",))
    except Exception as exc:  # sent back as a sentence for the error dialog
        _send_quietly(conn, ("error", str(exc) or type(exc).__name__))
    finally:
        conn.close()


def _send_quietly(conn, message) -> None:
    try:
        conn.send(message)
    except OSError:  # the window stopped listening (closed or cancelled); nothing to tell
        pass


class VerbFailed(Exception):
    """The verb reported an error in the child; the message is the core's own sentence."""


def run_verb(name: str, args: tuple, progress, cancel):
    """Run operation ``name`` of :mod:`analysis.operations` in a child process; relay
    progress; honour ``cancel``; return its :class:`~analysis.operations.Outcome`."""
    from analysis.progress import Cancelled

    ctx = mp.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    control_in, control_out = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_child, args=(name, args, sender, control_in, os.getpid()), daemon=True
    )
    process.start()
    sender.close()
    control_in.close()
    try:
        while True:
            if cancel.cancelled:
                _send_quietly(control_out, "cancel")
            if receiver.poll(0.05):
                try:
                    message = receiver.recv()
                except EOFError:
                    raise VerbFailed("the background worker stopped unexpectedly") from None
                kind = message[0]
                if kind == "progress":
                    progress(message[1], message[2])
                elif kind == "done":
                    return message[1]
                elif kind == "cancelled":
                    raise Cancelled()
                else:
                    raise VerbFailed(message[1])
            elif not process.is_alive() and not receiver.poll():
                raise VerbFailed("the background worker stopped unexpectedly")
    finally:
        control_out.close()  # the child's watcher sees the pipe close and cancels
        process.join(10)
        receiver.close()
