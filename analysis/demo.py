"""The bundled demo project, built on first run from ``resources/demo``.

The demo is imported rather than shipped as a project file so that it always matches the
running version's schema, model and cleaning rules, and the user's copy lives in their data
folder (never inside the install folder, which may be read-only).
"""

from __future__ import annotations

from pathlib import Path

from analysis.progress import CancelToken, Progress, no_progress
from analysis.resources import resource_path
from analysis.store import Project

DEMO_NAME = "demo.stancemap"


def demo_corpus() -> Path:
    return resource_path("demo")


def ensure_demo_project(
    data_dir: Path, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> Path:
    """Return the demo project's path, importing and classifying it if it is not there yet.

    Built under a temporary name and renamed at the end, so an interrupted first run never
    leaves a half-built demo behind.
    """
    from analysis.workflow import import_corpus

    data_dir = Path(data_dir)
    target = data_dir / DEMO_NAME
    if target.exists():
        return target
    data_dir.mkdir(parents=True, exist_ok=True)
    partial = data_dir / (DEMO_NAME + ".partial")
    for leftover in data_dir.glob(DEMO_NAME + ".partial*"):
        leftover.unlink()
    with Project(partial) as project:
        project.set_setting("title", "StanceMap demo")
        import_corpus(project, [demo_corpus()], progress, cancel)
        project.checkpoint()
    partial.rename(target)
    for leftover in data_dir.glob(DEMO_NAME + ".partial*"):
        leftover.unlink()
    return target
