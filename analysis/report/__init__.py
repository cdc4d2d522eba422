"""Report content: what a printed StanceMap report says, assembled without Qt.

``build_report`` reads the project once and returns a :class:`Report` tree; the window's
export dialog and ``stancemap report`` hand that tree to the PDF renderer in ``gui.report``.
"""

from __future__ import annotations

from collections.abc import Iterable

from analysis import __version__
from analysis.positions import ROW_KINDS
from analysis.progress import CancelToken, Progress, no_progress
from analysis.report.content import (
    SECTION_TITLES,
    SECTIONS,
    EvidenceGroup,
    EvidenceItem,
    Figure,
    Heading,
    Paragraph,
    Report,
    Section,
    StanceCounts,
    Table,
    TermSpan,
)
from analysis.report.formatting import long_date, plural
from analysis.report.inputs import ReportInputs, read_passages
from analysis.store import Project

__all__ = [
    "SECTIONS",
    "SECTION_TITLES",
    "EvidenceGroup",
    "EvidenceItem",
    "Figure",
    "Heading",
    "Paragraph",
    "Report",
    "Section",
    "StanceCounts",
    "Table",
    "TermSpan",
    "build_report",
]


def _check(rows: str, sections: Iterable[str] | None) -> list[str]:
    if rows not in ROW_KINDS:
        raise ValueError(f"rows must be 'actors' or 'documents', not {rows!r}")
    wanted = list(SECTIONS if sections is None else sections)
    unknown = [s for s in wanted if s not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown report section {unknown[0]!r}; use {', '.join(SECTIONS)}")
    return [s for s in SECTIONS if s in wanted]


def _corpus_line(inputs: ReportInputs) -> str:
    files = {d.file.replace("\\", "/") for d in inputs.documents}
    folders = sorted({f.rsplit("/", 1)[0].rsplit("/", 1)[-1] for f in files if "/" in f})
    where = (
        f" from {', '.join(folders[:3])}" + (" \u2026" if len(folders) > 3 else "")
        if folders
        else ""
    )
    return (
        f"{plural(len(files), 'file')}{where}: {plural(len(inputs.documents), 'document')}, "
        f"{plural(len(inputs.passages), 'passage')}"
    )


def _project_name(project: Project, inputs: ReportInputs) -> str:
    """A saved project's name; for a corpus read straight from a folder, the folder's."""
    if project.path is not None:
        return project.name
    folders = {
        d.file.replace("\\", "/").rsplit("/", 2)[-2]
        for d in inputs.documents
        if "/" in d.file.replace("\\", "/")
    }
    return folders.pop() if len(folders) == 1 else project.name


def _model_line(inputs: ReportInputs) -> str:
    model = inputs.model
    app = f"StanceMap {__version__}"
    if model is None:
        return f"{app}; no model"
    return f"{app}; model \u201c{model.name}\u201d (no. {model.id}, {model.created_at[:10]})"


def _read(project: Project, progress: Progress, cancel: CancelToken) -> ReportInputs:
    """One read of the project; both matrices are built from that same snapshot."""
    from analysis.positions import build_matrix
    from analysis.report.codebook import issue_names

    progress(0.0, "Reading the project")
    documents = project.documents()
    model, passages = read_passages(project)
    inputs = ReportInputs(project, documents, passages, model)
    issues = issue_names(project)
    kinds = {name: kind for name, (kind, _) in project.actors().items()}
    for i, kind in enumerate(ROW_KINDS):
        cancel.check()
        progress(0.15 + 0.3 * i, f"Placing {kind} on the axis")
        inputs.matrices[kind] = build_matrix(
            inputs.passages, inputs.documents, issues, rows=kind, kinds=kinds
        )
    return inputs


def build_report(
    project: Project,
    *,
    rows: str = "actors",
    sections: Iterable[str] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Report:
    """Assemble the report's content; raises ``Cancelled`` if ``cancel`` is triggered."""
    from analysis.report.codebook import build_codebook_section
    from analysis.report.evidence import build_evidence_section
    from analysis.report.figures import (
        build_documents_section,
        build_matrix_section,
        build_strip_section,
    )
    from analysis.report.method import build_method_section
    from analysis.report.summary import build_summary

    wanted = _check(rows, sections)
    cancel = cancel or CancelToken()
    inputs = _read(project, progress, cancel)
    builders = {
        "summary": lambda: build_summary(inputs),
        "matrix": lambda: build_matrix_section(inputs, rows),
        "strip": lambda: build_strip_section(inputs),
        "documents": lambda: build_documents_section(inputs),
        "evidence": lambda: build_evidence_section(inputs, rows),
        "method": lambda: build_method_section(inputs),
        "codebook": lambda: build_codebook_section(project),
    }
    report = Report(
        title="Who stands where: central and local control of health and care",
        project=_project_name(project, inputs),
        corpus=_corpus_line(inputs),
        date=long_date(),
        model_version=_model_line(inputs),
        rows=rows,
    )
    for i, key in enumerate(wanted):
        cancel.check()
        progress(0.75 + 0.25 * i / len(wanted), f"Writing {SECTION_TITLES[key].lower()}")
        report.sections.append(builders[key]())
    progress(1.0, "Report content ready")
    return report
