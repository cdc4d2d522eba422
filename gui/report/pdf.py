"""Writing a report to PDF with Qt: A4, 300 dpi, our embedded font, bookmarks, page numbers.

The report is laid out completely before anything is drawn, so the cover can list the
page of every section and each folio can say "3 of 12". The file is written under a
temporary name and moved into place at the end: a cancelled or failed export never leaves
half a PDF where the user expects a report.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter

from analysis import __version__
from analysis.progress import CancelToken, Progress, no_progress
from analysis.report.content import Report
from gui.compat import guard_singletons
from gui.fonts import load_fonts
from gui.report.blocks import build_flowables
from gui.report.flow import paginate
from gui.report.outline import OutlineEntry, add_outline
from gui.report.pages import draw_cover, draw_running
from gui.report.styles import Page

RESOLUTION = 300
_app = None


def ensure_app() -> QGuiApplication:
    """The command line renders without a window; Qt still needs an application for fonts."""
    global _app
    guard_singletons()
    app = QGuiApplication.instance()
    if app is not None:
        return app
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _app = QGuiApplication([sys.argv[0] if sys.argv else "stancemap"])
    return _app


def _writer(path: Path, report: Report) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(report.title)
    writer.setCreator(f"StanceMap {__version__}")
    return writer


def render_report(
    report: Report, path, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> None:
    """Write ``report`` to ``path`` as a PDF; raises ``Cancelled`` or ``OSError``."""
    cancel = cancel or CancelToken()
    ensure_app()
    family = load_fonts()
    target = Path(path)
    if not target.parent.is_dir():
        raise OSError(f"{target.parent}: no such folder")
    handle, temp_name = tempfile.mkstemp(suffix=".pdf", prefix=".report-", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        _render(report, temp, family, progress, cancel)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
        # Layout objects hold Qt fonts and text layouts in reference cycles; free them here,
        # on the thread that made them, not in a later collection on the window's thread.
        gc.collect()
    progress(1.0, f"Wrote {target.name}")


def _render(
    report: Report, temp: Path, family: str, progress: Progress, cancel: CancelToken
) -> None:
    writer = _writer(temp, report)
    page = Page(dpi=writer.resolution(), family=family)
    progress(0.05, "Laying out the report")
    pages = paginate(build_flowables(report, page, writer), page.body.height())
    cancel.check()
    total = len(pages.pages) + 1
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"{temp.parent}: cannot write a PDF there")
    try:
        draw_cover(painter, page, report, pages.bookmarks, first_body_page=2)
        body = page.body
        for index, placements in enumerate(pages.pages):
            cancel.check()
            writer.newPage()
            draw_running(painter, page, report, pages.sections[index], index + 2, total)
            for placed in placements:
                placed.flowable.draw(painter, body.left(), body.top() + placed.y)
            progress(
                0.1 + 0.8 * (index + 1) / max(1, len(pages.pages)),
                f"Drawing page {index + 2} of {total}",
            )
    finally:
        painter.end()
    cancel.check()
    progress(0.95, "Adding bookmarks")
    to_points = 72.0 / page.dpi
    entries = [
        OutlineEntry(b.title, b.level, b.page + 1, (body.top() + b.y) * to_points)
        for b in pages.bookmarks
    ]
    add_outline(
        temp,
        entries,
        {"Title": report.title, "Subject": report.corpus, "Creator": f"StanceMap {__version__}"},
    )
