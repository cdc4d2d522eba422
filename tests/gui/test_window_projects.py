"""Projects the user names and places, Save As, the last project on start, and the coder."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

from analysis.resources import resource_path
from analysis.store import Project
from gui.dialogs import CoderDialog, NewProjectDialog
from gui.settings import AppSettings, documents_dir
from tests.gui.conftest import wait_idle


def _answer_modal(qtbot, kind, fill) -> None:
    """Fill the modal dialog of type ``kind`` as soon as it is up, then accept it."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            fill(dialog)
            dialog.accept()
        else:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)


def test_new_project_defaults_to_documents_and_imports_a_folder(
    window, qtbot, tmp_path, monkeypatch
):
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert str(documents_dir()) == documents
    seen = {}

    def fill(dialog: NewProjectDialog) -> None:
        seen["folder"] = dialog.folder.text()
        dialog.name.setText("Care white papers")
        dialog.folder.setText(str(tmp_path))
        assert dialog.import_folder.isChecked()

    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda *a, **k: str(resource_path("demo"))
    )
    _answer_modal(qtbot, NewProjectDialog, fill)
    with qtbot.waitSignal(window.session.opened, timeout=10000):
        window.actions_["new_project"].trigger()
    target = tmp_path / "Care white papers.stancemap"
    assert seen["folder"] == documents
    assert window.session.path == target and window.session.passage_count() == 0
    wait_idle(qtbot, window, timeout=120000)
    assert window.session.path == target
    assert window.document_model.rowCount() > 0 and window.session.passage_count() > 20
    assert window.windowTitle().startswith("Care white papers")


def test_new_project_dialog_refuses_bad_names_and_existing_files(qtbot, tmp_path):
    (tmp_path / "taken.stancemap").write_bytes(b"")
    dialog = NewProjectDialog(tmp_path)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    for name, allowed in [("", False), ("a/b", False), ("taken", False), ("fresh", True)]:
        dialog.name.setText(name)
        assert ok.isEnabled() is allowed, name
    assert dialog.path() == tmp_path / "fresh.stancemap"
    dialog.folder.setText(str(tmp_path / "taken.stancemap"))  # a file, not a folder
    assert not ok.isEnabled() and "not a folder" in dialog.problem.text()


def test_new_project_creates_a_missing_documents_folder(window, qtbot, tmp_path):
    target = tmp_path / "Documents" / "First.stancemap"
    assert window.files.create_project(target)
    assert window.session.path == target and target.is_file()


def test_save_as_copies_the_live_project_and_continues_in_the_copy(window, qtbot, tmp_path):
    original = window.session.path
    first = window.session.passages()[0].id
    window.session.annotate(first, label="localist")
    copy = tmp_path / "elsewhere" / "copy.stancemap"
    copy.parent.mkdir()
    assert window.files.save_as(copy)
    wait_idle(qtbot, window)
    assert window.session.path == copy
    assert window.session.passage(first).manual_label == "localist"
    second = window.session.passages()[1].id
    window.session.annotate(second, label="centralist")  # goes to the copy only
    with Project(original) as before:
        assert before.passage(second).manual_label is None
        assert before.passage(first).manual_label == "localist"
    with Project(copy) as after:
        assert after.passage(second).manual_label == "centralist"
    assert window.settings.last_project == copy.resolve()


def test_save_as_onto_the_open_file_is_refused_with_a_reason(window, qtbot):
    assert not window.files.save_as(window.session.path)
    assert window.banner.isVisible() and "own file" in window.banner.label.text()


def test_starting_with_no_argument_reopens_the_last_project(qtbot, demo_copy, tmp_path):
    from gui.startup import create_window

    last = tmp_path / "last.stancemap"
    shutil.copy(demo_copy, last)
    AppSettings().last_project = last
    AppSettings().coder = "tester"
    window = create_window([], quiet=True)
    qtbot.addWidget(window)
    wait_idle(qtbot, window)
    assert window.session.path == last
    window.close()


def test_the_demo_opens_when_the_last_project_is_gone(qtbot, demo_master, tmp_path, monkeypatch):
    from gui.startup import create_window

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(demo_master, data / "demo.stancemap")
    monkeypatch.setenv("STANCEMAP_DATA_DIR", str(data))
    gone = tmp_path / "gone.stancemap"
    AppSettings().q.setValue("last_project", str(gone))
    assert AppSettings().last_project is None
    window = create_window([], quiet=True)
    qtbot.addWidget(window)
    wait_idle(qtbot, window)
    assert window.session.path == data / "demo.stancemap"
    window.close()


def test_no_coder_is_guessed_from_the_login_name():
    settings = AppSettings()
    settings.q.remove("coder")
    assert settings.coder == ""


def test_switch_coder_records_later_labels_under_the_new_name(window, qtbot):
    assert "coder: tester" in window.coder_button.text()
    _answer_modal(qtbot, CoderDialog, lambda d: d.name.setText("  Second   Coder "))
    window.actions_["switch_coder"].trigger()
    assert window.session.coder == "Second Coder" == window.settings.coder
    assert "coder: Second Coder" in window.coder_button.text()
    pid = window.session.passages()[0].id
    window.session.annotate(pid, label="neutral")
    assert window.session.history(pid)[-1].coder == "Second Coder"


def test_the_coder_dialog_needs_a_name(qtbot):
    dialog = CoderDialog("", ["Ann", "Bob"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.name.setText("   ")
    assert not ok.isEnabled()
    dialog.name.setText("Ann")
    assert ok.isEnabled() and dialog.coder() == "Ann"


def test_save_as_waits_for_an_import_to_finish(window, qtbot, tmp_path):
    import threading

    release = threading.Event()

    def slow_import(progress, cancel):
        release.wait(10)
        cancel.check()

    window.runner.start("import", "Importing 3 item(s)", slow_import)
    try:
        assert not window.files.save_as(tmp_path / "copy.stancemap")
        assert not (tmp_path / "copy.stancemap").exists()
        assert "wait for “Importing 3 item(s)” to finish" in window.banner.label.text()
    finally:
        with qtbot.waitSignal(window.runner.cancelled, timeout=5000):
            window.runner.cancel("import")
            release.set()


def test_first_run_without_a_coder_asks_once_the_window_is_up(qtbot, demo_copy):
    from gui.startup import create_window

    AppSettings().q.remove("coder")
    asked = []
    _answer_modal(qtbot, CoderDialog, lambda d: (asked.append(1), d.name.setText("Ann")))
    window = create_window([demo_copy], quiet=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.session.coder == "Ann", timeout=5000)
    wait_idle(qtbot, window)
    assert asked == [1] and AppSettings().coder == "Ann"
    window.close()


def test_save_as_into_a_missing_folder_says_why(window, qtbot, tmp_path):
    before = window.session.path
    assert not window.files.save_as(tmp_path / "no such folder" / "copy.stancemap")
    assert window.session.path == before
    assert "Save As failed" in window.banner.label.text()
