"""A coder's label survives the app being killed the instant after the key press."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from analysis.store import Project

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QCoreApplication, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
    QCoreApplication.setOrganizationName("StanceMapTests")
    app = QApplication([])
    from gui.main_window import MainWindow
    from gui.settings import AppSettings
    settings = AppSettings()
    settings.retrain_every = 0
    window = MainWindow(settings, quiet=True)
    window.show()
    assert window.project.open_project(sys.argv[1])
    window.runner.wait()
    app.processEvents()
    pid = next(p.id for p in window.session.passages() if p.source == "model")
    window.text.select_passage(window.session.passage(pid).id)
    QTest.keyClick(window.text, Qt.Key.Key_3)
    print(pid, flush=True)
    time.sleep(120)
""")


def test_sigkill_right_after_an_annotation_loses_nothing(demo_copy, tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "STANCEMAP_DATA_DIR": str(tmp_path / "data"),
    }
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(demo_copy), str(tmp_path / "settings")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        line = child.stdout.readline()
        assert line.strip().isdigit(), "the child did not annotate"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with Project(demo_copy) as reopened:
        reopened.lock()  # the dead window's lock went with it
        assert reopened.passage(int(line)).manual_label == "localist"
        assert reopened.history(int(line))[-1].label == "localist"
