"""File ▸ Export report…: choose sections, matrix rows and a file, then render off the GUI thread.

The dialog only gathers choices; the work is :func:`report_job`, a plain
``fn(progress, cancel)`` that opens its own connection to the project file (SQLite
connections stay on their thread) and calls the same verbs as ``stancemap report``.
It is handed to whatever ``run_in_worker`` the window passes in, so the dialog needs no
knowledge of the window's task runner and tests can run it synchronously.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from analysis.progress import Cancelled, CancelToken, sub_progress
from analysis.report.content import SECTION_TITLES, SECTIONS
from gui.fonts import load_fonts

DATA_FORMATS = {"No data files": None, "CSV files": "csv", "Excel workbooks (XLSX)": "xlsx"}

RunInWorker = Callable[..., object]
"""``run_in_worker(fn, on_progress, on_done) -> CancelToken``: run ``fn(progress, cancel)``
off the GUI thread; call ``on_progress(fraction, message)`` and finally
``on_done(result, error)`` on the GUI thread."""


def data_paths(pdf: Path, fmt: str) -> tuple[Path, Path]:
    stem = pdf.with_suffix("")
    return Path(f"{stem}-positions.{fmt}"), Path(f"{stem}-passages.{fmt}")


def report_job(
    project_path: Path,
    out: Path,
    *,
    rows: str = "actors",
    sections: list[str] | None = None,
    data_format: str | None = None,
):
    """The export as a worker function: content (40%), optional data files, then the PDF."""

    def run(progress, cancel: CancelToken) -> Path:
        from analysis.exports import write_matrix, write_passages
        from analysis.store import Project
        from analysis.workflow import build_positions, build_report
        from gui.report.pdf import render_report

        with Project(project_path, create=False) as project:
            report = build_report(
                project,
                rows=rows,
                sections=sections,
                progress=sub_progress(progress, 0.0, 0.4),
                cancel=cancel,
            )
            if data_format:
                progress(0.42, "Writing the data files")
                matrix_path, passages_path = data_paths(out, data_format)
                write_matrix(build_positions(project, rows=rows), data_format, matrix_path)
                write_passages(project, data_format, passages_path)
        render_report(report, out, sub_progress(progress, 0.45, 1.0), cancel)
        return out

    return run


class ExportReportDialog(QDialog):
    """Sections, rows and a target file; Export runs the job, Cancel stops it."""

    def __init__(
        self,
        project_path: Path,
        run_in_worker: RunInWorker,
        *,
        rows: str = "actors",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        load_fonts()  # registered on the GUI thread before the worker draws with them
        self.project_path = Path(project_path)
        self.run_in_worker = run_in_worker
        self.token: CancelToken | None = None
        self.result_path: Path | None = None
        self.error: BaseException | None = None
        self.setWindowTitle("Export Report")
        layout = QVBoxLayout(self)
        layout.addWidget(self._sections_box())
        layout.addWidget(self._rows_box(rows))
        layout.addLayout(self._file_form())
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setVisible(False)
        self.status = QLabel("")
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.cancel_or_close)
        layout.addWidget(self.buttons)

    def _sections_box(self) -> QGroupBox:
        box = QGroupBox("Sections (the cover is always included)")
        column = QVBoxLayout(box)
        self.section_checks: dict[str, QCheckBox] = {}
        for key in SECTIONS:
            check = QCheckBox(SECTION_TITLES[key])
            check.setChecked(True)
            check.toggled.connect(self._update_buttons)
            column.addWidget(check)
            self.section_checks[key] = check
        return box

    def _rows_box(self, rows: str) -> QGroupBox:
        box = QGroupBox("Rows of the positions matrix and the evidence")
        line = QHBoxLayout(box)
        self.actors_radio = QRadioButton("Actors")
        self.documents_radio = QRadioButton("Documents")
        group = QButtonGroup(box)
        for radio in (self.actors_radio, self.documents_radio):
            group.addButton(radio)
            line.addWidget(radio)
        (self.documents_radio if rows == "documents" else self.actors_radio).setChecked(True)
        return box

    def _file_form(self) -> QFormLayout:
        form = QFormLayout()
        self.path_edit = QLineEdit(
            str(self.project_path.with_name(self.project_path.stem + " report.pdf"))
        )
        self.path_edit.textChanged.connect(self._update_buttons)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        line = QHBoxLayout()
        line.addWidget(self.path_edit, 1)
        line.addWidget(browse)
        form.addRow("Save as", line)
        self.data_combo = QComboBox()
        self.data_combo.addItems(list(DATA_FORMATS))
        self.data_combo.setToolTip(
            "Also save the positions matrix and every passage beside the PDF, for your own analysis"
        )
        form.addRow("Data behind it", self.data_combo)
        return form

    # -- choices -------------------------------------------------------------------
    def sections(self) -> list[str]:
        return [key for key, check in self.section_checks.items() if check.isChecked()]

    def rows(self) -> str:
        return "documents" if self.documents_radio.isChecked() else "actors"

    def output_path(self) -> Path:
        path = Path(self.path_edit.text().strip()).expanduser()
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def data_format(self) -> str | None:
        return DATA_FORMATS[self.data_combo.currentText()]

    def browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export Report", self.path_edit.text(), "PDF documents (*.pdf)"
        )
        if chosen:
            self.path_edit.setText(chosen)

    def _update_buttons(self) -> None:
        idle = self.token is None
        self.export_button.setEnabled(
            idle and bool(self.sections()) and bool(self.path_edit.text().strip())
        )

    # -- running -------------------------------------------------------------------
    def start(self) -> None:
        out = self.output_path()
        if not out.parent.is_dir():
            self.status.setText(f"The folder {out.parent} does not exist.")
            return
        self.error = None
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(True)
        self.status.setText("Starting…")
        job = report_job(
            self.project_path,
            out,
            rows=self.rows(),
            sections=self.sections(),
            data_format=self.data_format(),
        )
        token = self.token = CancelToken()
        self._update_buttons()
        returned = self.run_in_worker(job, self.on_progress, self.on_done)
        if self.token is token and returned is not None:
            self.token = returned  # the worker's own token, so Cancel reaches the job

    def on_progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(round(1000 * max(0.0, min(1.0, fraction))))
        self.status.setText(message)

    def on_done(self, result, error) -> None:
        self.token = None
        self._update_buttons()
        if error is None:
            self.result_path = result
            self.accept()
            return
        self.progress_bar.setVisible(False)
        if isinstance(error, Cancelled):
            self.status.setText("Export cancelled; no file was written.")
        else:
            self.error = error
            self.status.setText(f"Export failed: {error}")

    def cancel_or_close(self) -> None:
        if self.token is not None:
            self.token.cancel()
            self.status.setText("Cancelling…")
        else:
            self.reject()


def task_runner_worker(runner, key: str = "report", title: str = "Exporting report"):
    """Adapt the window's :class:`gui.tasks.TaskRunner` to the ``run_in_worker`` contract."""

    def run_in_worker(fn, on_progress, on_done) -> CancelToken:
        task = runner.start(key, title, fn)

        def progressed(t) -> None:
            if t is task:
                on_progress(t.fraction, t.message)

        def finish(t, result=None, error=None) -> None:
            if t is not task:
                return
            for signal, slot in connections:
                signal.disconnect(slot)
            on_done(result, error)

        connections = [
            (runner.progressed, progressed),
            (runner.finished, lambda t, r: finish(t, result=r)),
            (runner.failed, lambda t, e: finish(t, error=e)),
            (runner.cancelled, lambda t: finish(t, error=Cancelled())),
        ]
        for signal, slot in connections:
            signal.connect(slot)
        return task.cancel

    return run_in_worker


def synchronous_worker(fn, on_progress, on_done) -> CancelToken:
    """Run on the calling thread: for tests and for scripts without an event loop."""
    token = CancelToken()
    try:
        result = fn(on_progress, token)
    except Exception as exc:  # the dialog shows the one-line reason
        on_done(None, exc)
    else:
        on_done(result, None)
    return token
