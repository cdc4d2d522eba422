"""Classify an import's new passages in a spawned child while this process finds speakers.

Why: on a 2-core machine a 100k-passage import spent about 11 s on speakers and 12 s on
classification one after the other, though neither reads what the other writes (the
classifier reads passage texts; attribution writes speakers and issue tags). A child has its
own interpreter lock, so the two use both cores. It opens its own connection to the same file
(write-ahead log: readers never block, and both sides write in short batches).

Only for a file-backed project (an in-memory database cannot be shared) with enough new
passages to repay the child's start (importing scikit-learn and the model takes about a
second), and only where a child can be started; otherwise the caller runs the two in turn.
Cancelling kills the child before the import takes back its documents, whose predictions go
with them (ON DELETE CASCADE), so nothing half-written stays. A failure in the child becomes a
one-line error here. Progress of both sides is merged into one bar.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from collections.abc import Sequence

from analysis.progress import CancelToken, Progress, pipe_progress
from analysis.store import Project, ProjectError

PARALLEL_MIN = 5000
"""New passages below which the child's start-up costs more than running in turn saves."""
STRUCTURE_SHARE = 0.2
"""Share of the merged progress bar given to speakers and issues (classifying is the rest)."""
PROGRESS_INTERVAL = 0.05


class ClassifyFailed(ProjectError):
    """The classifying child failed or stopped; the message is one sentence."""


def finish_import(
    project: Project,
    classify: bool,
    progress: Progress,
    cancel,
    refresh_structure,
    classify_project,
) -> None:
    """Speakers and issues, then (if ``classify``) the new passages' stances: side by side
    when that pays, else in turn; the import's progress from 0.5 to 1. The verbs come from
    :mod:`analysis.workflow`, which sits above this module in the layers."""
    from analysis.progress import sub_progress

    ids = project.unpredicted_passages() if classify else []
    if ids and can_run_beside(project, ids):
        structure_and_classify(
            project,
            ids,
            sub_progress(progress, 0.5, 1.0),
            cancel,
            refresh_structure,
            classify_project,
        )
        return
    refresh_structure(project, sub_progress(progress, 0.5, 0.6), cancel)
    if ids:
        classify_project(project, sub_progress(progress, 0.6, 1.0), cancel, passage_ids=ids)


def can_run_beside(project: Project, passage_ids: Sequence[int]) -> bool:
    return project.path is not None and not project.read_only and len(passage_ids) >= PARALLEL_MIN


def structure_and_classify(
    project: Project,
    passage_ids: Sequence[int],
    progress: Progress,
    cancel: CancelToken,
    refresh_structure,
    classify_project,
) -> None:
    """``refresh_structure`` here and ``classify_project(passage_ids=...)`` in a child, at
    once; returns when both are done, raises when either failed or ``cancel`` was set."""
    from analysis.ingest.sandbox import children_allowed

    lock = threading.Lock()
    done = [0.0, 0.0]  # structure, classification

    def report(side: int, fraction: float, message: str) -> None:
        with lock:  # two threads report; the window's relay is one pipe
            done[side] = fraction
            progress(STRUCTURE_SHARE * done[0] + (1 - STRUCTURE_SHARE) * done[1], message)

    ctx = mp.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_child,
        args=(classify_project, str(project.path), list(passage_ids), sender),
        daemon=True,
        name="stancemap-classify",
    )
    with children_allowed():
        process.start()
    sender.close()
    stop, outcome = threading.Event(), {}
    relay = threading.Thread(
        target=_relay, args=(process, receiver, report, cancel, stop, outcome), daemon=True
    )
    relay.start()
    try:
        refresh_structure(project, lambda f, m: report(0, f, m), cancel)
        while relay.is_alive():
            relay.join(0.1)  # a short join stays interruptible (Ctrl-C in a terminal)
        cancel.check()
        if outcome.get("error"):
            raise ClassifyFailed(f"classifying the new passages failed: {outcome['error']}")
    finally:
        stop.set()
        relay.join()
        if process.is_alive():  # cancelled or failed here: stop before anything is undone
            process.kill()
        process.join(5.0)
        receiver.close()


def _relay(process, receiver, report, cancel: CancelToken, stop, outcome: dict) -> None:
    """Pass the child's progress on; kill it as soon as the import is cancelled."""
    while True:
        if cancel.cancelled or stop.is_set():
            if process.is_alive():
                process.kill()
            return
        try:
            if receiver.poll(0.05):
                message = receiver.recv()
                if message[0] == "progress":
                    report(1, message[1], message[2])
                    continue
                if message[0] == "error":
                    outcome["error"] = message[1]
                return
            if not process.is_alive() and not receiver.poll():
                outcome["error"] = "the classifier stopped unexpectedly"
                return
        except (EOFError, OSError):
            outcome["error"] = "the classifier stopped unexpectedly"
            return


def _child(classify_project, path: str, passage_ids: list[int], conn) -> None:
    """Classify in the child's own connection; report progress, then done or one error."""
    progress = pipe_progress(conn, PROGRESS_INTERVAL)

    try:
        with Project(path, create=False) as project:
            classify_project(project, progress, CancelToken(), passage_ids=passage_ids)
        conn.send(("done",))
    except Exception as exc:  # noqa: BLE001 - the parent reports it as one sentence
        try:
            conn.send(("error", str(exc) or type(exc).__name__))
        except OSError:
            pass
    finally:
        conn.close()
