"""A large project opens without blocking the window: documents first, passages after."""

from __future__ import annotations

from gui import project_controller
from tests.gui.conftest import wait_idle


def test_large_project_opens_in_a_worker_documents_first(qtbot, demo_copy, monkeypatch):
    from gui.main_window import MainWindow
    from gui.settings import AppSettings

    monkeypatch.setattr(project_controller, "BACKGROUND_OPEN_BYTES", 0)  # treat it as large
    settings = AppSettings()
    settings.retrain_every = 0
    win = MainWindow(settings, quiet=True)
    qtbot.addWidget(win)
    win.show()
    seen = []
    win.session.opened.connect(lambda: seen.append(len(win.session.passages())))
    assert win.project.open_project(demo_copy)
    assert win.session.project is None  # nothing was read on this thread
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    assert seen == [0]  # the window opened with the document list alone
    assert win.document_model.rowCount() == len(win.session.documents()) > 0
    qtbot.waitUntil(lambda: bool(win.text.passage_ids()), timeout=30000)
    wait_idle(qtbot, win)
    assert len(win.session.passages()) == sum(d.passage_count for d in win.session.documents())
    assert win.map_view.full is not None and win.map_view.full.rows
    win.close()


def test_a_broken_large_project_is_reported_not_raised(qtbot, tmp_path, monkeypatch):
    from gui.main_window import MainWindow
    from gui.settings import AppSettings

    monkeypatch.setattr(project_controller, "BACKGROUND_OPEN_BYTES", 0)
    bad = tmp_path / "broken.stancemap"
    bad.write_bytes(b"not a database at all" * 100)
    win = MainWindow(AppSettings(), quiet=True)
    qtbot.addWidget(win)
    win.project.open_project(bad)
    wait_idle(qtbot, win)
    assert win.session.project is None
    assert "not a StanceMap project" in win.statusBar().currentMessage()
    win.close()
