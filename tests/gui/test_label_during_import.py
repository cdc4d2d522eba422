"""Labelling goes on while more documents are imported into the open project."""

from PySide6.QtCore import Qt, QTimer

from analysis.store import Project
from benchmarks.stress_annotate import write_corpus
from tests.gui.conftest import wait_idle


def test_labels_typed_during_an_import_are_saved(window, qtbot, tmp_path):
    folder = tmp_path / "more"
    write_corpus(folder, 40)
    session, failures, typed = window.session, [], {}
    session.write_failed.connect(failures.append)
    documents = len(session.documents())
    window.annotation.select(next(p.id for p in session.passages() if not p.boilerplate))
    window.text.setFocus()

    def press() -> None:
        typed[window.text.selected] = "localist"
        qtbot.keyClick(window.text, Qt.Key.Key_3)

    timer = QTimer(interval=20)
    timer.timeout.connect(press)
    with qtbot.waitSignal(
        window.runner.finished,
        timeout=300000,
        check_params_cb=lambda task, _r: task.key == "import",
    ):
        window.project.import_paths([folder], new=False)
        timer.start()
    timer.stop()
    wait_idle(qtbot, window, timeout=120000)
    assert len(typed) >= 5 and not failures
    assert len(session.documents()) == documents + 40
    assert all(session.passage(pid).manual_label == "localist" for pid in typed)
    with Project(session.path, create=False) as fresh:
        assert all(fresh.passage(pid).manual_label == "localist" for pid in typed)
