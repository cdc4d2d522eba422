"""Opening by drag and drop and from Recent, the Settings dialog, and a project in use."""

import shutil

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from analysis.store import Project
from gui.dialogs import SettingsDialog
from tests.gui.conftest import wait_idle


def _drop(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_dropping_a_project_file_opens_it(window, qtbot, demo_copy, tmp_path):
    other = tmp_path / "other.stancemap"
    shutil.copy(demo_copy, other)
    _drop(window, [other])
    wait_idle(qtbot, window)
    assert window.session.path == other


def test_opened_projects_are_listed_in_recent_and_reopen_from_there(
    window, qtbot, demo_copy, tmp_path
):
    other = tmp_path / "second.stancemap"
    shutil.copy(demo_copy, other)
    assert window.project.open_project(other)
    wait_idle(qtbot, window)
    assert [str(p) for p in window.settings.recent()[:2]] == [str(other), str(demo_copy)]
    entries = window.recent_menu.actions()
    assert [a.text() for a in entries[:2]] == ["second.stancemap", demo_copy.name]
    entries[1].trigger()
    wait_idle(qtbot, window)
    assert window.session.path == demo_copy


def test_settings_dialog_changes_coder_and_retrain_interval(window, qtbot):
    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.coder.setText("Dr Ada Coder")
    dialog.every.setValue(7)
    dialog.apply()
    assert (window.settings.coder, window.settings.retrain_every) == ("Dr Ada Coder", 7)


def test_a_project_open_elsewhere_can_be_opened_read_only(
    window, qtbot, demo_copy, tmp_path, monkeypatch
):
    busy = tmp_path / "busy.stancemap"
    shutil.copy(demo_copy, busy)
    holder = Project(busy)
    holder.lock()  # another StanceMap window has it
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Open)
    try:
        assert window.project.open_project(busy)
        wait_idle(qtbot, window)
        assert window.session.path == busy and window.session.read_only
        first = window.session.passages()[0].id
        assert not window.session.annotate(first, label="localist")
        assert window.session.passage(first).manual_label is None
    finally:
        holder.close()
