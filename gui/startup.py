"""Starting the window: application object, fonts, theme, first project, screenshot mode."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

SCREENSHOT_SIZE = (1400, 900)
SCREENSHOT_TIMEOUT_MS = 300_000


def make_application(argv: list[str] | None = None) -> QApplication:
    from gui.compat import guard_singletons

    guard_singletons()
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        QCoreApplication.setOrganizationName("StanceMap")
        QCoreApplication.setApplicationName("StanceMap")
        app = QApplication(argv or ["stancemap"])
        app.setApplicationDisplayName("StanceMap")
    try:
        from gui.fonts import load_fonts
    except ImportError:
        load_fonts = None
    if load_fonts is not None:
        try:
            load_fonts()
        except Exception as exc:  # a missing font must not stop the app
            print(f"stancemap: fonts not loaded: {exc}", file=sys.stderr)
    return app


def create_window(paths: list[Path], *, quiet: bool = False):
    """Build the window and start opening ``paths``, else the last project, else the demo."""
    from gui.main_window import MainWindow
    from gui.settings import AppSettings
    from gui.theme import apply_theme

    settings = AppSettings()
    apply_theme(QApplication.instance(), "light" if quiet else settings.theme)
    window = MainWindow(settings, quiet=quiet)
    if quiet:
        window.resize(*SCREENSHOT_SIZE)
    else:
        window.restore_geometry()
    window.show()
    open_first_project(window, paths, settings)  # asks for the coder once one is open
    return window


def open_first_project(window, paths: list[Path], settings) -> None:
    """What the user asked for; with nothing asked, where they left off.

    The demo opens only on a first run or when the last project has gone (moved, deleted,
    on a disconnected drive).
    """
    if paths:
        window.project.open_paths(paths)
        return
    last = settings.last_project
    if last is not None and window.project.open_project(last):
        return
    from analysis.demo import DEMO_NAME
    from gui.project_controller import data_dir

    demo = data_dir() / DEMO_NAME
    if demo.exists():
        window.project.open_project(demo)
    else:
        window.project.open_demo()


def pick_showcase_passage(session):
    """A confidently classified passage with evidence, to show everything in a screenshot."""
    records = [
        p
        for p in session.passages()
        if p.evidence and not p.boilerplate and p.score and p.source == "model"
    ]
    return max(records, key=lambda p: (abs(p.score), -p.id), default=None)


def run_window(paths: list[Path], *, screenshot: str | None = None) -> int:
    app = make_application(sys.argv[:1])
    window = create_window(paths, quiet=screenshot is not None)
    if screenshot:
        return _run_screenshot(app, window, Path(screenshot))
    return app.exec()


def _run_screenshot(app: QApplication, window, out: Path) -> int:
    outcome = {"code": 1}

    def shoot() -> None:
        if window.session.project is None or window.runner.running():
            return
        record = pick_showcase_passage(window.session)
        if record is not None:
            window.annotation.select(record.id)
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        outcome["code"] = 0 if window.grab().save(str(out)) else 1
        if outcome["code"]:
            print(f"stancemap: could not write {out}", file=sys.stderr)
        app.quit()

    def give_up() -> None:
        print("stancemap: the project did not finish loading in time", file=sys.stderr)
        app.quit()

    window.project.idle.connect(lambda: QTimer.singleShot(50, shoot))
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, give_up)
    QTimer.singleShot(200, shoot)
    app.exec()
    window.close()
    return outcome["code"]
