"""The task runner: results arrive on the GUI thread, a new start cancels the old one."""

import threading

from analysis.progress import Cancelled
from gui.tasks import TaskRunner


def test_result_and_progress_arrive(qtbot):
    runner = TaskRunner()
    seen = []
    runner.progressed.connect(lambda task: seen.append(task.fraction))

    def job(progress, cancel):
        for i in range(5):
            progress((i + 1) / 5, "step")
        return 42

    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        runner.start("demo", "Demo", job)
    assert blocker.args[1] == 42
    assert seen and seen[-1] == 1.0
    assert runner.shutdown()


def test_new_start_under_same_key_cancels_the_old(qtbot):
    runner = TaskRunner()
    release = threading.Event()

    def slow(progress, cancel):
        while not cancel.cancelled:
            release.wait(0.01)
        raise Cancelled()

    with qtbot.waitSignal(runner.cancelled, timeout=5000) as cancelled:
        first = runner.start("work", "Slow", slow)
        with qtbot.waitSignal(runner.finished, timeout=5000):
            runner.start("work", "Quick", lambda progress, cancel: "done")
    assert cancelled.args[0] is first
    assert runner.shutdown()


def test_failure_is_reported_not_raised(qtbot):
    runner = TaskRunner()

    def broken(progress, cancel):
        raise ValueError("the file is not a project")

    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.start("x", "Broken", broken)
    assert str(blocker.args[1]) == "the file is not a project"
    assert runner.shutdown()
