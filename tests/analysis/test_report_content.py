"""The report's content tree: right sections, sentences written from the data, no Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.progress import Cancelled, CancelToken
from analysis.report import (
    SECTIONS,
    EvidenceGroup,
    Figure,
    Heading,
    Paragraph,
    Table,
    build_report,
)
from analysis.report.evidence import term_spans
from analysis.report.formatting import MINUS, interval, signed
from analysis.store import Project
from analysis.workflow import build_positions
from tests.support.sample_project import fill_sample_project


@pytest.fixture(scope="module")
def project():
    project = Project(":memory:")
    fill_sample_project(project, passages=160, documents=8, coders=3)
    yield project
    project.close()


@pytest.fixture(scope="module")
def report(project):
    return build_report(project)


def _blocks(report, key, kind):
    return [b for b in report.section(key).blocks if isinstance(b, kind)]


def test_sections_in_reading_order_with_titles(report):
    assert [s.key for s in report.sections] == list(SECTIONS)
    assert all(s.title and s.blocks for s in report.sections)
    assert report.model_version.startswith("StanceMap ") and "sample model" in report.model_version
    assert "8 documents" in report.corpus


def test_summary_names_the_extremes_from_the_matrix(project, report):
    matrix = build_positions(project, rows="actors")
    ranked = sorted((r for r in matrix.rows if r.n >= 3), key=lambda r: r.position)
    local, central = ranked[-1], ranked[0]
    text = " ".join(b.text for b in _blocks(report, "summary", Paragraph))
    assert (
        f"The most localist actor is {local.name} (position {signed(local.position)}, "
        f"95% interval {interval(local.position_low, local.position_high)}, "
        f"{local.n} passages)"
    ) in text
    assert f"The most centralist actor is {central.name}" in text
    assert "The most localist document is" in text
    manual = sum(1 for p in project.passages() if p.source == "manual")
    assert f"{manual} passages" in text and "coded by hand by 3 coders" in text


def test_summary_tables_rank_both_ends(report):
    tables = _blocks(report, "summary", Table)
    assert len(tables) == 2
    sides = [row[0] for row in tables[0].rows]
    assert sides[0] == "Localist" and sides[-1] == "Centralist"
    positions = [float(row[2].replace(MINUS, "-")) for row in tables[0].rows]
    assert positions[0] > 0 > positions[-1]


def test_figures_carry_the_data_to_draw(project, report):
    matrix_figures = _blocks(report, "matrix", Figure)
    assert matrix_figures and matrix_figures[0].kind == "matrix"
    assert matrix_figures[0].data.issues == build_positions(project).issues
    strips = _blocks(report, "strip", Figure)
    assert [f.kind for f in strips] == ["strip", "strip"]
    positions = [r.position for r in strips[0].data]
    assert positions == sorted(positions, reverse=True)
    bars = _blocks(report, "documents", Figure)[0]
    total = sum(c.total for c in bars.data)
    labelled = sum(1 for p in project.passages() if p.label and not p.boilerplate)
    assert bars.kind == "stance_bars" and total == labelled


def test_evidence_points_the_way_of_its_cell(project, report):
    groups = _blocks(report, "evidence", EvidenceGroup)
    assert groups
    for group in groups:
        mean = float(group.summary.split()[2].replace(MINUS, "-"))
        for item in group.items:
            assert item.label in ("centralist", "neutral", "localist")
            if mean > 0.05:
                assert item.score > 0
            elif mean < -0.05:
                assert item.score < 0
            for term in item.terms:
                assert 0 <= term.start < term.end <= len(item.text)
    assert any(item.manual for g in groups for item in g.items)
    assert any(item.terms for g in groups for item in g.items)


def test_method_reports_model_and_agreement(report):
    blocks = report.section("method").blocks
    captions = [b.caption for b in blocks if isinstance(b, Table)]
    assert any("per class" in c for c in captions)
    assert any("Confusion matrix" in c for c in captions)
    assert any("pairs of coders" in c for c in captions)
    assert any("the model" in c for c in captions)
    text = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "Krippendorff" in text and "across all 3 coders" in text
    per_class = next(b for b in blocks if isinstance(b, Table) and "per class" in b.caption)
    assert per_class.rows[-1][0] == "macro average" and per_class.rows[-1][3] == "0.79"


def test_codebook_appendix_lists_every_issue(project, report):
    table = _blocks(report, "codebook", Table)[0]
    assert [row[0] for row in table.rows] == build_positions(project).issues


def test_section_choice_and_rows(project):
    report = build_report(project, rows="documents", sections=["codebook", "matrix"])
    assert [s.key for s in report.sections] == ["matrix", "codebook"]
    figure = _blocks(report, "matrix", Figure)[0]
    assert figure.data.row_kind == "documents" and report.rows == "documents"


def test_bad_arguments_are_refused(project):
    with pytest.raises(ValueError, match="rows must be"):
        build_report(project, rows="issues")
    with pytest.raises(ValueError, match="unknown report section 'appendix'"):
        build_report(project, sections=["appendix"])


def test_progress_rises_to_one_and_cancel_stops(project):
    seen = []
    build_report(project, sections=["summary"], progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        build_report(project, cancel=token)


def test_empty_project_still_reports():
    with Project(":memory:") as empty:
        report = build_report(empty)
        text = report.text()
    assert "No actor could be placed" in text
    assert "No passage has been coded by hand yet" in text


def test_term_spans_mark_words_by_stem():
    text = "Councils should decide, not national ministers."
    spans = term_spans(text, [("council", 0.9), ("nation minist", -0.8), ("LOC MOD", 0.5)])
    marked = [text[s.start : s.end] for s in spans]
    assert marked == ["Councils", "national ministers"]
    assert spans[0].weight == pytest.approx(0.9)


def test_report_content_never_loads_qt():
    code = (
        "import sys\nfrom analysis.store import Project\n"
        "from analysis.report import build_report\n"
        "from tests.support.sample_project import fill_sample_project\n"
        "p = Project(':memory:'); fill_sample_project(p, 30, 3)\nbuild_report(p)\n"
        "print(any(m.split('.')[0] in ('PySide6', 'shiboken6', 'gui') for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_shared_corpus_report(shared_corpus):
    from analysis.workflow import import_corpus

    with Project(":memory:") as project:
        import_corpus(project, [shared_corpus])
        report = build_report(project)
        assert len(project.documents()) >= 5
        summary = " ".join(
            b.text for b in report.section("summary").blocks if isinstance(b, (Paragraph, Heading))
        )
    assert "The most localist actor is" in summary or "No actor leans localist" in summary
    assert "documents" in report.corpus
