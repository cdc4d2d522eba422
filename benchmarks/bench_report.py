"""How long a PDF report takes: the shared corpus, and a 20,000-passage project.

Budgets: the shared corpus's report in under 5 s, a 20,000-passage project's in under 30 s,
each measured from an open project to a finished PDF (content + layout + drawing +
bookmarks), as the window's export and ``stancemap report`` do it. Importing the corpus is
not counted; it has its own benchmark. The large project is synthetic (our own template
sentences, fictional speakers; see ``tests/support/sample_project.py``) so that the layout is
exercised at size without a real corpus of that size.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_report.py [--passages N]
Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from analysis.report import build_report  # noqa: E402
from analysis.store import Project  # noqa: E402
from gui.report.pdf import ensure_app, render_report  # noqa: E402
from tests.support.sample_project import fill_sample_project  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "corpus"
SMALL_BUDGET = 5.0
LARGE_BUDGET = 30.0


def timed_report(project: Project, out: Path) -> tuple[float, float, int]:
    """(content seconds, PDF seconds, pages)."""
    from pypdf import PdfReader

    start = time.perf_counter()
    report = build_report(project)
    middle = time.perf_counter()
    render_report(report, out)
    end = time.perf_counter()
    return middle - start, end - middle, len(PdfReader(str(out)).pages)


def line(name: str, content: float, pdf: float, pages: int, budget: float) -> bool:
    total = content + pdf
    verdict = "ok" if total < budget else "OVER BUDGET"
    print(
        f"{name:<34} content {content:6.2f} s  pdf {pdf:6.2f} s  total {total:6.2f} s"
        f"  ({pages} pages; budget {budget:.0f} s) {verdict}"
    )
    return total < budget


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=20_000)
    args = parser.parse_args()
    ensure_app()
    ok = True
    build_report(_warm_project())  # imports and first-use costs are not what we measure
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        if CORPUS.is_dir():
            from analysis.workflow import import_corpus

            with Project(out / "corpus.stancemap") as project:
                import_corpus(project, [CORPUS.resolve()])
                n = project.count_passages()
                ok &= line(
                    f"shared corpus ({n} passages)",
                    *timed_report(project, out / "corpus.pdf"),
                    SMALL_BUDGET,
                )
        else:
            print(f"shared corpus not found at {CORPUS.resolve()}; skipped")
        with Project(out / "large.stancemap") as project:
            fill_sample_project(
                project, passages=args.passages, documents=args.passages // 40, coders=3
            )
            n = project.count_passages()
            ok &= line(
                f"synthetic ({n:,} passages)",
                *timed_report(project, out / "large.pdf"),
                LARGE_BUDGET,
            )
    return 0 if ok else 1


def _warm_project() -> Project:
    project = Project(":memory:")
    fill_sample_project(project, passages=40, documents=2)
    return project


if __name__ == "__main__":
    sys.exit(main())
