"""Help ▸ StanceMap Guide, keys in tooltips, failures shown in the window, report saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QKeySequence

from gui.actions import ACTIONS
from tests.gui.conftest import wait_idle


def test_f1_opens_the_guide_with_keys_colours_and_intervals(window, qtbot):
    action = window.actions_["guide"]
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    action.trigger()
    guide = window.guide
    assert guide.isVisible() and not guide.isModal()
    text = guide.browser.toPlainText()
    for words in ("Keys", "paler", "✓", "interval", "spans zero", "Switch Coder", "New Project"):
        assert words in text, words
    for spec in ACTIONS:
        key = QKeySequence(spec.shortcut or "").toString(QKeySequence.SequenceFormat.NativeText)
        if key:
            assert f"{key}\t" in text or f"{key}\n" in text, spec.key


def test_every_action_with_a_key_shows_it_in_its_tooltip(window):
    for spec in ACTIONS:
        action = window.actions_[spec.key]
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if key:
            assert action.toolTip().endswith(f"({key})"), spec.key
    assert "(Ctrl+R)" in window.model_view.retrain.toolTip()
    assert "Ctrl+." in window.cancel_button.toolTip()


def test_a_failed_background_task_is_shown_in_the_window(window, qtbot):
    def broken(progress, cancel):
        raise OSError("disk full\nwith a second line nobody needs")

    assert not window.banner.isVisible()
    with qtbot.waitSignal(window.runner.failed, timeout=5000):
        window.runner.start("positions", "Updating positions", broken)
    wait_idle(qtbot, window)
    assert window.banner.isVisible()
    text = window.banner.label.text()
    assert "Updating positions failed" in text and "disk full" in text
    assert "second line" not in text
    qtbot.mouseClick(window.banner.findChild(type(window.cancel_button)), Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()


def test_a_cancelled_task_is_not_reported_as_a_failure(window, qtbot):
    from analysis.progress import Cancelled

    def cancelled(progress, cancel):
        raise Cancelled()

    with qtbot.waitSignal(window.runner.cancelled, timeout=5000):
        window.runner.start("retrain", "Retraining", cancelled)
    assert not window.banner.isVisible()


def test_a_failed_import_shows_its_reason_in_the_banner(window, qtbot, tmp_path, monkeypatch):
    from gui import jobs

    def failing_import(target, paths):
        def run(progress, cancel):
            raise PermissionError(f"{target.parent}: not writable")

        return run

    monkeypatch.setattr(jobs, "import_job", failing_import)
    folder = tmp_path / "texts"
    folder.mkdir()
    with qtbot.waitSignal(window.runner.failed, timeout=5000):
        window.project.import_paths([folder], new=True)
    assert window.banner.isVisible() and "not writable" in window.banner.label.text()


def test_export_report_from_the_menu_ends_with_where_it_went(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gui.report.export_dialog import ExportReportDialog

    out = tmp_path / "my report.pdf"

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportReportDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.path_edit.setText(str(out))
        dialog.start()

    QTimer.singleShot(0, fill)
    window.actions_["export_report"].trigger()
    assert out.is_file() and out.read_bytes().startswith(b"%PDF")
    box = window.saved_box
    assert box.isVisible() and "my report.pdf" in box.text()
    assert "my report.pdf" in window.statusBar().currentMessage()
    window.close()
    assert not box.isVisible()  # closing the window takes its note with it


def test_report_saved_message_offers_open_and_show_in_folder(window, qtbot, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    pdf = tmp_path / "out" / "report.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.4")
    box = window.report_exported(pdf)
    assert box.isVisible() and "report.pdf" in box.text()
    assert str(pdf.parent) in box.informativeText()
    box.open_button.click()
    assert [Path(u.toLocalFile()) for u in opened] == [pdf]
    box = window.report_exported(pdf)
    box.folder_button.click()
    assert Path(opened[-1].toLocalFile()) == pdf.parent
    box.close()
