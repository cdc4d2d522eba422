"""A label that cannot be saved is never shown as saved, and the user is told why.

The failures are real: another connection holds the write lock (as a long import of an
older StanceMap did), and the project sits on read-only media.
"""

import os
import sqlite3
import stat

from PySide6.QtCore import Qt

from analysis.store import Project
from analysis.store import connection as store_connection
from tests.gui.conftest import wait_idle


def _open_passage(window) -> int:
    return next(
        p.id for p in window.session.passages() if p.source == "model" and not p.boilerplate
    )


def _hold_write_lock(window) -> sqlite3.Connection:
    window.session.project._conn.execute("PRAGMA busy_timeout = 100")
    holder = sqlite3.connect(window.session.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_label_on_a_busy_file_is_not_kept_and_the_user_is_told(window, qtbot):
    messages = []
    window.session.write_failed.connect(messages.append)
    pid = _open_passage(window)
    window.annotation.select(pid)
    holder = _hold_write_lock(window)
    try:
        qtbot.keyClick(window.text, Qt.Key.Key_1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(messages) == 1
    assert messages[0].startswith("Could not save your label: the project file is busy")
    assert "database" not in messages[0]  # SQLite's own words stay out
    assert window.session.passage(pid).source == "model"
    assert window.session.undo_stack.count() == 0
    assert window.text.selected == pid  # did not move on as if it had worked
    qtbot.keyClick(window.text, Qt.Key.Key_1)  # the lock is gone: now it saves
    assert window.session.passage(pid).manual_label == "centralist"
    assert window.session.undo_stack.count() == 1


def test_undo_that_cannot_be_written_leaves_the_stack(window, qtbot):
    messages = []
    window.session.write_failed.connect(messages.append)
    pid = _open_passage(window)
    window.annotation.select(pid)
    qtbot.keyClick(window.text, Qt.Key.Key_3)
    assert window.session.undo_stack.count() == 1
    holder = _hold_write_lock(window)
    try:
        window.actions_["undo"].trigger()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert messages and window.session.undo_stack.count() == 0
    assert window.session.passage(pid).manual_label == "localist"
    with Project(window.session.path, create=False) as other:
        assert other.passage(pid).manual_label == "localist"


def test_undo_of_issue_and_noise_edits_restores_automatic(window):
    session = window.session
    pid = next(p.id for p in session.passages() if p.auto_issues and not p.boilerplate)
    automatic = session.passage(pid).auto_issues
    assert session.annotate(pid, issues=["a hand-picked issue"])
    assert session.annotate(pid, boilerplate=True)
    session.undo_stack.undo()
    session.undo_stack.undo()
    record = session.passage(pid)
    assert record.manual_boilerplate is None and record.manual_issues is None
    assert record.issues == automatic and not record.boilerplate
    assert session.annotate(pid, issues=[])  # unticking every issue: "about none"
    assert session.passage(pid).issues == () and session.passage(pid).manual_issues == ()


def test_project_on_read_only_media_opens_read_only(
    window, qtbot, demo_copy, tmp_path, monkeypatch
):
    folder = tmp_path / "media"
    folder.mkdir()
    path = folder / "shared.stancemap"
    path.write_bytes(demo_copy.read_bytes())
    path.chmod(0o444)
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root ignores permission bits; read them as a user would
        monkeypatch.setattr(
            store_connection.os,
            "access",
            lambda target, mode: (
                not (mode & os.W_OK) or bool(os.stat(target).st_mode & stat.S_IWUSR)
            ),
        )
    try:
        assert window.project.open_project(path)
        wait_idle(qtbot, window)
        assert window.session.read_only and "(read-only)" in window.windowTitle()
        pid = _open_passage(window)
        window.annotation.select(pid)
        qtbot.keyClick(window.text, Qt.Key.Key_1)
        assert window.session.passage(pid).source == "model"
        assert window.project.matrix is not None  # positions still computed from the file
        assert sorted(os.listdir(folder)) == ["shared.stancemap"]
    finally:
        window.session.close()
        folder.chmod(0o755)


def test_full_disk_stops_labels_plainly_and_keeps_the_saved_ones(window, qtbot):
    messages = []
    window.session.write_failed.connect(messages.append)
    conn = window.session.project._conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # no room for one more page
    candidates = [p.id for p in window.session.passages() if not p.boilerplate]
    saved = []
    for pid in candidates:
        window.annotation.select(pid)
        qtbot.keyClick(window.text, Qt.Key.Key_2)
        if messages:
            assert window.session.passage(pid).manual_label is None
            break
        saved.append(pid)
    assert messages and "the disk is full" in messages[0]
    assert window.session.undo_stack.count() == len(saved)
    path = window.session.path
    window.session.close()
    with Project(path, create=False) as fresh:
        assert fresh._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert all(fresh.passage(pid).manual_label == "neutral" for pid in saved)
