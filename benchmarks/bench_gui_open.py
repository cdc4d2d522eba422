"""Opening a large project in the window: how long the GUI thread stalls, and when it is usable.

A 5 ms heartbeat on the GUI thread records every gap while the window opens PROJECT (the
longest gap is the worst freeze a user would feel). "Usable" is when the document list is
filled and the text of a document is shown; "complete" is when the positions are drawn.
Then, with everything loaded, it scrolls the positions panel from top to bottom, hovers
and repaints it, and records the longest stall of that phase too. Targets: stall while
opening <= 100 ms, usable < 2 s, stall afterwards <= 100 ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui_open.py PROJECT.stancemap
Prints one JSON line with the figures last, for benchmarks/scale.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class Heartbeat:
    """Gaps between 5 ms ticks of a GUI-thread timer, split by phase."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.clock = QElapsedTimer()
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._beat)
        self.gaps: dict[str, list[float]] = {}
        self.phase = "open"
        self.checks: list = []
        self.log: list | None = None
        self.label = lambda: ""

    def start(self) -> None:
        self.clock.start()
        self.timer.start()

    def _beat(self) -> None:
        gap = self.clock.restart()
        self.gaps.setdefault(self.phase, []).append(gap)
        if self.log is not None and gap > 60:
            self.log.append((gap, self.phase, self.label()))
        for check in list(self.checks):
            check()

    def worst(self, phase: str) -> float:
        return max(self.gaps.get(phase, [0.0]))


def _browse(window, beat: Heartbeat, app, marks: dict) -> None:
    """After loading: scroll the map top to bottom in steps, hovering and repainting."""
    from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
    from PySide6.QtGui import QMouseEvent

    beat.phase = "after"
    bar = window.map_view.scroll.verticalScrollBar()
    heatmap = window.map_view.heatmap
    steps = iter(range(0, 41))

    def step() -> None:
        i = next(steps, None)
        if i is None:
            marks["browsed"] = True
            app.quit()
            return
        bar.setValue(bar.maximum() * i // 40)
        centre = heatmap.visibleRegion().boundingRect().center()
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(centre),
            QPointF(centre),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        app.sendEvent(heatmap, move)
        if i % 10 == 0:
            window.resize(window.width() + (1 if i % 20 else -1), window.height())
        QTimer.singleShot(20, step)

    QTimer.singleShot(50, step)


def measure(project: Path, verbose: bool = False) -> dict:
    from PySide6.QtCore import QTimer

    from gui.startup import make_application

    app = make_application()
    os.environ["STANCEMAP_DATA_DIR"] = tempfile.mkdtemp(prefix="stancemap-open-")
    from gui.main_window import MainWindow
    from gui.settings import AppSettings

    window = MainWindow(AppSettings(), quiet=True)
    window.resize(1400, 900)
    window.show()
    beat = Heartbeat()
    marks: dict = {}

    def check() -> None:
        now = time.perf_counter() - marks["start"]
        if (
            "usable" not in marks
            and window.document_model.rowCount() > 0
            and window.text.toPlainText()
        ):
            marks["usable"] = now
        if "passages_s" not in marks and window.text.passage_ids():
            marks["passages_s"] = now
        if (
            "usable" in marks
            and "complete" not in marks
            and window.map_view.full is not None
            and "passages_s" in marks
            and not window.runner.running()
        ):
            marks["complete"] = now
            marks["passages"] = len(window.session.snapshot.passages)
            _browse(window, beat, app, marks)

    beat.checks.append(check)
    if verbose:
        beat.log = []
        beat.label = lambda: (
            f"{time.perf_counter() - marks['start']:.2f} s "
            + ",".join(t.key for t in window.runner.running())
        )
    QTimer.singleShot(900_000, app.quit)
    marks["start"] = time.perf_counter()
    beat.start()
    QTimer.singleShot(0, lambda: window.project.open_project(project))
    app.exec()
    for gap, phase, label in sorted(beat.log or [], reverse=True)[:15]:
        print(f"  {gap:5.0f} ms stall ({phase}) at {label}")
    return {
        "open_stall_ms": beat.worst("open"),
        "usable_s": marks.get("usable"),
        "passages_s": marks.get("passages_s"),
        "complete_s": marks.get("complete"),
        "after_stall_ms": beat.worst("after") if marks.get("browsed") else None,
        "passages": marks.get("passages", 0),
        "rows": len(window.map_view.full.rows) if window.map_view.full is not None else 0,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list the longest stalls")
    args = parser.parse_args(argv)
    result = measure(args.project.resolve(), args.verbose)
    print(
        f"opened {result['passages']:,} passages, {result['rows']:,} rows: "
        f"longest stall while opening {result['open_stall_ms']:.0f} ms (target <= 100), "
        f"usable after {result['usable_s'] or float('nan'):.2f} s (target < 2), "
        f"passages after {result['passages_s'] or float('nan'):.2f} s, "
        f"positions after {result['complete_s'] or float('nan'):.2f} s, "
        f"longest stall browsing the map {result['after_stall_ms'] or float('nan'):.0f} ms "
        f"(target <= 100)"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
