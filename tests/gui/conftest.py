"""GUI tests run offscreen with their own settings store, never the user's."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


@pytest.fixture(scope="session", autouse=True)
def _singleton_guard():
    """PySide6 6.12 on Python 3.11 leaks references to None; see gui/compat.py."""
    from gui.compat import guard_singletons

    guard_singletons()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Point QSettings and the data folder at a temporary place for every test."""
    from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp_path / "settings"))
    QCoreApplication.setOrganizationName("StanceMapTests")
    QCoreApplication.setApplicationName("StanceMapTests")
    monkeypatch.setenv("STANCEMAP_DATA_DIR", str(tmp_path / "data"))
    yield


@pytest.fixture
def shared_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared reference corpus is not available")
    return CORPUS.resolve()


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    """The demo project, built once per test run from resources/demo."""
    from analysis.demo import ensure_demo_project

    return ensure_demo_project(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo_copy(demo_master, tmp_path) -> Path:
    import shutil

    target = tmp_path / "demo.stancemap"
    shutil.copy(demo_master, target)
    return target


def wait_idle(qtbot, window, timeout=60000) -> None:
    """Wait until the window's task runner has nothing left to do."""
    if window.runner.running():
        with qtbot.waitSignal(window.project.idle, timeout=timeout):
            pass


@pytest.fixture
def window(qtbot, demo_copy):
    from gui.main_window import MainWindow
    from gui.settings import AppSettings

    settings = AppSettings()
    settings.coder = "tester"
    settings.retrain_every = 0
    win = MainWindow(settings, quiet=True)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    assert win.project.open_project(demo_copy)
    wait_idle(qtbot, win)
    yield win
    win.close()
