"""Label, retrain, label, retrain, label in the real window: every label reaches the file.

A second retrain in one window session used to damage the project (the window's process
dropped its own SQLite locks by opening the file with plain I/O), after which labels only
seemed to be saved.
"""

from PySide6.QtCore import Qt

from analysis.store import Project
from tests.gui.conftest import wait_idle

KEYS = {"centralist": Qt.Key.Key_1, "neutral": Qt.Key.Key_2, "localist": Qt.Key.Key_3}


def _label_two(window, qtbot, skip: set[int], label: str) -> list[int]:
    open_ = [p.id for p in window.session.passages() if not p.boilerplate and p.id not in skip]
    done = []
    for pid in open_[:2]:
        window.annotation.select(pid)
        window.text.setFocus()
        qtbot.keyClick(window.text, KEYS[label])
        assert window.session.passage(pid).manual_label == label
        done.append(pid)
    return done


def _retrain(window, qtbot) -> None:
    with qtbot.waitSignal(
        window.runner.finished,
        timeout=180000,
        check_params_cb=lambda task, _result: task.key == "retrain",
    ):
        window.actions_["retrain"].trigger()
    wait_idle(qtbot, window, timeout=180000)


def test_label_retrain_twice_keeps_every_label(window, qtbot):
    failures = []
    window.session.write_failed.connect(failures.append)
    labelled: dict[int, str] = {}
    for round_, label in enumerate(("localist", "centralist", "neutral")):
        for pid in _label_two(window, qtbot, set(labelled), label):
            labelled[pid] = label
        if round_ < 2:
            _retrain(window, qtbot)
    assert not failures
    assert window.session.undo_stack.count() == len(labelled)
    path = window.session.path
    window.session.close()
    with Project(path, create=False) as fresh:
        assert fresh._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for pid, label in labelled.items():
            assert fresh.passage(pid).manual_label == label
        assert len([m for m in fresh.models() if m.active]) == 1
        assert sum(1 for m in fresh.models() if "retrained" in m.name) == 2
