"""Every verb StanceMap performs, declared once, with the changes it made.

The command line, the window's task runner and the child process that runs heavy work all
look a verb up here by name, so a verb cannot do one thing in a terminal and another in the
window, and a new verb is added in one place. Each verb takes an open project (or, for the
demo, a folder), its own arguments, a ``progress(fraction, message)`` callback and a cancel
token, and returns an :class:`Outcome`: its result and the :class:`~analysis.store.Changes`
it made, so a caller refreshes only what changed (the Anki ``OpChanges`` idea).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.progress import CancelToken, Progress, no_progress
from analysis.store import Changes, Project


@dataclass(frozen=True)
class Outcome:
    result: Any = None
    changes: Changes = field(default_factory=Changes)


@dataclass(frozen=True)
class Operation:
    name: str
    run: Callable[..., Outcome]
    opens: str = "existing"
    """How :func:`perform` gets what ``run`` works on: an ``existing`` project, one it may
    ``create``, or ``none`` (``run`` gets the target as it was given)."""
    checkpoint: bool = False
    """Fold the write-ahead log afterwards: a reader running beside the window's labels keeps
    the log short, so the window's own writes never pay for it."""


OPERATIONS: dict[str, Operation] = {}


def operation(name: str, *, opens: str = "existing", checkpoint: bool = False):
    def register(run: Callable[..., Outcome]) -> Callable[..., Outcome]:
        OPERATIONS[name] = Operation(name, run, opens, checkpoint)
        return run

    return register


def perform(
    name: str,
    target,
    *args,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    **kwargs,
) -> Outcome:
    """Open ``target`` as verb ``name`` needs, run the verb, close: what a worker calls."""
    op = OPERATIONS[name]
    cancel = cancel or CancelToken()
    if op.opens == "none":
        return op.run(target, *args, progress=progress, cancel=cancel, **kwargs)
    with Project(target, create=op.opens == "create") as project:
        outcome = op.run(project, *args, progress=progress, cancel=cancel, **kwargs)
        if op.checkpoint:
            project.checkpoint(passive=True)
        return outcome


@operation("import", opens="create")
def import_files(
    project: Project,
    paths,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    classify: bool = True,
) -> Outcome:
    """Read files and folders in, find speakers and issues, classify the new passages."""
    from analysis.workflow import import_corpus

    summary = import_corpus(project, [Path(p) for p in paths], progress, cancel, classify=classify)
    changed = bool(summary.documents)
    return Outcome(
        summary,
        Changes(documents=set(summary.document_ids), structure=changed, model=changed and classify),
    )


@operation("classify")
def classify(
    project: Project,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    passage_ids=None,
) -> Outcome:
    """Predict every passage (or the given ones) with the project's current model."""
    from analysis.workflow import classify_project

    return Outcome(None, classify_project(project, progress, cancel, passage_ids=passage_ids))


@operation("retrain")
def retrain(
    project: Project, *, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> Outcome:
    """Train on the bootstrap set and the annotations, then predict every passage again."""
    from analysis.workflow import retrain as train

    return Outcome(train(project, progress, cancel), Changes(model=True))


@operation("positions", checkpoint=True)
def positions(
    project: Project,
    rows: str = "actors",
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Outcome:
    """The positions matrix by actor or by document; reads only."""
    from analysis.workflow import build_positions

    return Outcome(build_positions(project, rows=rows))


@operation("report")
def report(
    project: Project,
    rows: str = "actors",
    sections=None,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Outcome:
    """The report's content as plain data, for a renderer; reads only."""
    from analysis.workflow import build_report

    return Outcome(
        build_report(project, rows=rows, sections=sections, progress=progress, cancel=cancel)
    )


@operation("export")
def export_passages(
    project: Project,
    fmt: str,
    out,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Outcome:
    """One record per passage as JSONL, CSV or XLSX; the result is how many."""
    from analysis.exports import write_passages

    return Outcome(write_passages(project, fmt, out))


@operation("annotate")
def annotate(
    project: Project, rows, *, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> Outcome:
    """Hand annotations ``(passage id, coder, fields)``, all or none in one transaction."""
    changes = Changes()
    with project.transaction():
        for passage_id, coder, fields in rows:
            changes = changes.merge(project.annotate(passage_id, coder, **fields))
    return Outcome(len(rows), changes)


@operation("qdpx-export")
def qdpx_export(
    project: Project, out, *, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> Outcome:
    """The project as a REFI-QDA ``.qdpx`` for NVivo, MAXQDA, ATLAS.ti and QualCoder."""
    from analysis.exchange.qdpx_export import export_qdpx

    return Outcome(export_qdpx(project, Path(out), progress, cancel))


@operation("qdpx-import", opens="create")
def qdpx_import(
    project: Project, path, *, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> Outcome:
    """Sources, codes and codings of a ``.qdpx`` into the project."""
    from analysis.exchange.qdpx_import import import_qdpx

    summary = import_qdpx(project, path, progress, cancel)
    return Outcome(summary, Changes(structure=True, model=True))


@operation("demo", opens="none")
def demo(
    data_dir, *, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> Outcome:
    """The demo project's path, built on first use; the window then opens it."""
    from analysis.demo import ensure_demo_project

    return Outcome(ensure_demo_project(Path(data_dir), progress, cancel))
