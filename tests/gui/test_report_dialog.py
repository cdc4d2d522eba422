"""The export dialog: choices reach the job, the worker reports back, Cancel is honoured."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog

from analysis.progress import Cancelled
from analysis.report import SECTIONS
from analysis.store import Project
from gui.report.export_dialog import (
    ExportReportDialog,
    report_job,
    synchronous_worker,
    task_runner_worker,
)
from tests.support.sample_project import fill_sample_project


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "sample.stancemap"
    with Project(path) as project:
        fill_sample_project(project, passages=60, documents=4, coders=2)
    return path


def _titles(path):
    return [i.title for i in PdfReader(str(path)).outline if not isinstance(i, list)]


def test_defaults_offer_every_section_and_a_pdf_beside_the_project(qtbot, project_path):
    dialog = ExportReportDialog(project_path, synchronous_worker)
    qtbot.addWidget(dialog)
    assert dialog.sections() == list(SECTIONS)
    assert dialog.rows() == "actors"
    assert dialog.output_path() == project_path.with_name("sample report.pdf")
    assert dialog.export_button.isEnabled()
    for check in dialog.section_checks.values():
        check.setChecked(False)
    assert not dialog.export_button.isEnabled()


def test_export_writes_the_chosen_sections_and_data(qtbot, project_path, tmp_path):
    dialog = ExportReportDialog(project_path, synchronous_worker, rows="documents")
    qtbot.addWidget(dialog)
    for key in ("evidence", "codebook", "strip"):
        dialog.section_checks[key].setChecked(False)
    dialog.path_edit.setText(str(tmp_path / "out"))  # no suffix: .pdf is added
    dialog.data_combo.setCurrentText("CSV files")
    dialog.export_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    pdf = tmp_path / "out.pdf"
    assert dialog.result_path == pdf and pdf.is_file()
    assert _titles(pdf) == ["Summary", "Positions by issue", "Stance by document", "Method"]
    matrix = (tmp_path / "out-positions.csv").read_text(encoding="utf-8")
    assert matrix.startswith("name,file,n,") and "Briefing 1" in matrix
    assert (tmp_path / "out-passages.csv").read_text(encoding="utf-8").startswith("id,document")


def test_cancelled_export_keeps_the_dialog_open(qtbot, project_path):
    seen = {}

    def cancelling_worker(fn, on_progress, on_done):
        on_progress(0.2, "Working")
        seen["progress"] = dialog.progress_bar.value()
        on_done(None, Cancelled())

    dialog = ExportReportDialog(project_path, cancelling_worker)
    qtbot.addWidget(dialog)
    dialog.start()
    assert seen["progress"] == 200
    assert "cancelled" in dialog.status.text()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.token is None
    assert dialog.export_button.isEnabled()


def test_failure_is_shown_in_one_line(qtbot, project_path, tmp_path):
    dialog = ExportReportDialog(tmp_path / "missing.stancemap", synchronous_worker)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "r.pdf"))
    dialog.start()
    assert dialog.error is not None
    assert dialog.status.text().startswith("Export failed:") and "\n" not in dialog.status.text()


def test_runs_on_the_window_task_runner(qtbot, project_path, tmp_path):
    from gui.tasks import TaskRunner

    runner = TaskRunner()
    dialog = ExportReportDialog(project_path, task_runner_worker(runner))
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "threaded.pdf"))
    with qtbot.waitSignal(dialog.accepted, timeout=60000):
        dialog.start()
    assert (tmp_path / "threaded.pdf").is_file()
    assert _titles(tmp_path / "threaded.pdf")[0] == "Summary"
    assert runner.wait(10000)


def test_cancel_button_stops_a_running_export(qtbot, project_path, tmp_path):
    from gui.tasks import TaskRunner

    runner = TaskRunner()
    dialog = ExportReportDialog(project_path, task_runner_worker(runner))
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "stopped.pdf"))
    dialog.start()
    dialog.cancel_or_close()
    qtbot.waitUntil(lambda: dialog.token is None, timeout=60000)
    assert "cancelled" in dialog.status.text()
    assert not (tmp_path / "stopped.pdf").exists()
    assert runner.wait(10000)


def test_report_job_is_a_plain_function(project_path, tmp_path, qapp):
    out = tmp_path / "job.pdf"
    fractions = []
    from analysis.progress import CancelToken

    assert (
        report_job(project_path, out, sections=["summary"])(
            lambda f, m: fractions.append(f), CancelToken()
        )
        == out
    )
    assert out.is_file() and fractions[-1] == 1.0
