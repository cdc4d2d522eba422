"""Worker-thread jobs: each runs one operation of :mod:`analysis.operations`, reads a snapshot.

SQLite connections are not shared across threads, and reading thousands of passages back
on the GUI thread would stall it, so every job returns the fresh :class:`Snapshot` with its
result and the session just swaps it in.
"""

from __future__ import annotations

import gc
from pathlib import Path

from analysis.operations import perform
from analysis.progress import sub_progress
from analysis.store import Project
from gui.process_jobs import run_verb
from gui.session import read_snapshot


def _with_snapshot(verb: str, project_path: Path, *args):
    """Run operation ``verb`` in a child process, then read the project back on this worker
    thread; the job's result is ``(the operation's result, snapshot)``."""

    def run(progress, cancel):
        outcome = run_verb(
            verb, (str(project_path), *args), sub_progress(progress, 0, 0.95), cancel
        )
        cancel.check()
        progress(0.97, "Reading the results")
        with Project(project_path, create=False) as project:
            return outcome.result, read_quietly(project)

    return run


def read_quietly(project: Project):
    """Read a snapshot with the cycle collector paused.

    Tens of thousands of new records would otherwise trigger full collections, each holding
    the interpreter lock long enough to freeze the window; the records hold no cycles, so
    nothing is lost by collecting later.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        snapshot = read_snapshot(project)
        gc.freeze()  # later collections skip these records (a full pass took ~0.5 s at 100k)
        return snapshot
    finally:
        if was_enabled:
            gc.enable()


def import_job(project_path: Path, paths: list[Path]):
    return _with_snapshot("import", project_path, [str(p) for p in paths])


def retrain_job(project_path: Path):
    return _with_snapshot("retrain", project_path)


IN_PROCESS_LIMIT = 3000
"""Above this many passages the positions' bootstrap runs in a child process: its numeric
code holds the interpreter lock long enough to stall the window, while for small projects
starting a process would cost more than the work."""


def positions_job(project_path: Path, rows: str, passages: int):
    def run(progress, cancel):
        cancel.check()
        args = (str(project_path), rows)
        if passages > IN_PROCESS_LIMIT:
            return run_verb("positions", args, progress, cancel).result
        return perform("positions", *args, progress=progress, cancel=cancel).result

    return run


def demo_job(data_dir: Path):
    def run(progress, cancel):
        return Path(run_verb("demo", (str(data_dir),), progress, cancel).result)

    return run
