"""The report's content tree: right sections, sentences written from the data, no Qt."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from analysis.positions.matrix import PositionsMatrix, Row
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
from analysis.report.evidence import (
    PER_CELL,
    PER_ROW,
    build_evidence_section,
    pick,
    strongest,
    term_spans,
)
from analysis.report.figures import build_matrix_section
from analysis.report.formatting import MINUS, interval, signed
from analysis.report.inputs import ReportInputs
from analysis.report.summary import extremes_sentences, ranking_table
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


def _evidence_groups(report) -> list[EvidenceGroup]:
    groups = _blocks(report, "evidence", EvidenceGroup)
    assert groups
    return groups


def test_evidence_shows_each_passage_once_per_actor_with_all_its_issues(project, report):
    groups = _evidence_groups(report)
    assert len({g.row for g in groups}) == len(groups)  # one group per actor
    tagged = {p.id: p.issues for p in project.passages()}
    names = {n.casefold(): n[:1].upper() + n[1:] for n in build_positions(project).issues}
    for group in groups:
        ids = [item.passage_id for item in group.items]
        assert len(ids) == len(set(ids)) and group.issue == ""
        for item in group.items:
            assert item.label in ("centralist", "localist")
            assert item.issues == [
                names[i.casefold()]
                for i in names
                if i in {t.casefold() for t in tagged[item.passage_id]}
            ]
        order = [(not item.manual, -abs(item.score)) for item in group.items]
        assert order == sorted(order)  # hand-coded first, then the strongest
    items = [item for g in groups for item in g.items]
    assert any(len(item.issues) >= 2 for item in items)
    assert any(item.manual for item in items) and any(item.terms for item in items)
    for item in items:
        for term in item.terms:
            assert 0 <= term.start < term.end <= len(item.text)


def test_evidence_caps_per_actor_and_per_issue_hold(report):
    for group in _evidence_groups(report):
        assert len(group.items) <= PER_ROW
        per_issue = Counter(i for item in group.items for i in item.issues or [""])
        assert max(per_issue.values()) <= PER_CELL
    assert any(len(g.items) == PER_ROW for g in _evidence_groups(report))


def test_evidence_note_counts_what_was_left_out(project, report):
    matrix = build_positions(project, rows="actors")
    labels = {p.id: p.label for p in project.passages()}
    for group in _evidence_groups(report):
        row = next(r for r in matrix.rows if r.name == group.row)
        sided = sum(1 for i in row.passage_ids["all"] if labels[i] in ("centralist", "localist"))
        left = sided - len(group.items)
        if left:
            assert f"the {len(group.items)} strongest of the {sided} that take" in group.summary
            assert group.more.startswith(f"{left} more passage")
            assert "spreadsheet export" in group.more
        else:
            assert group.more == ""
    intro = " ".join(b.text for b in _blocks(report, "evidence", Paragraph))
    assert "stancemap export PROJECT --format xlsx" in intro


def test_strongest_puts_hand_coded_then_strong_then_the_rows_side_first():
    def passage(i, score, label, source="model"):
        return SimpleNamespace(id=i, score=score, label=label, source=source, boilerplate=False)

    passages = [
        passage(1, -1.0, "centralist", "manual"),
        passage(2, 1.0, "localist", "manual"),
        passage(3, 0.9, "localist"),
        passage(4, -0.95, "centralist"),
        passage(5, 0.1, "neutral"),
    ]
    assert [p.id for p in strongest(passages, lean=1.5)] == [2, 1, 4, 3]
    assert [p.id for p in strongest(passages, lean=-1.5)] == [1, 2, 4, 3]


def test_pick_counts_a_passage_against_every_issue_it_touches():
    ranked = [
        SimpleNamespace(id=i, issues=tags)
        for i, tags in enumerate([["a", "b"], ["a"], ["a"], ["b"], [], [], [], ["c"]])
    ]
    chosen = pick(ranked, lambda p: p.issues, per_row=5, per_cell=2)
    assert [p.id for p in chosen] == [0, 1, 3, 4, 5]  # 2: "a" full; 6: untagged cell full
    assert [p.id for p in pick(ranked, lambda p: p.issues, per_row=2)] == [0, 1]


def test_document_rows_give_one_group_per_document(project):
    report = build_report(project, rows="documents", sections=["evidence"])
    groups = _evidence_groups(report)
    titles = {d.display_title for d in project.documents()}
    assert {g.row for g in groups} <= titles and len({g.row for g in groups}) == len(groups)
    assert all(g.kind == "document" and g.title.endswith("(document)") for g in groups)
    assert all(item.document == "" for g in groups for item in g.items)


def _row(name, position, low, high, kind="person", n=12):
    return Row(
        name.casefold(),
        name,
        None,
        n,
        None,
        None,
        None,
        position,
        low,
        high,
        {"L": 0, "N": 0, "C": 0},
        kind=kind,
    )


def test_an_interval_spanning_zero_is_no_clear_position_never_the_extreme():
    rows = [
        _row("Wide Ward", -2.5, -4.0, 0.3),
        _row("Firm Local", 1.5, 0.6, 2.4),
        _row("Daily Post", -3.0, -3.5, -2.5, "outlet"),
        _row("Unattributed", -3.2, -3.6, -2.8, "unattributed"),
    ]
    text = " ".join(extremes_sentences(rows, "actors"))
    assert "The most localist actor is Firm Local" in text
    assert "No actor is clearly centralist" in text
    for name in ("Wide Ward", "Daily Post", "Unattributed"):
        assert f"actor is {name}" not in text
    assert "Outlets (Daily Post)" in text and "charted apart" in text
    inputs = ReportInputs(None, [], [], None, {"actors": PositionsMatrix([], rows, "actors")})
    groups = [
        b for b in build_evidence_section(inputs, "actors").blocks if isinstance(b, EvidenceGroup)
    ]
    assert [g.title for g in groups] == [
        "Firm Local (person)",
        "Wide Ward (person)",
        "Daily Post (outlet)",
        "Unattributed (no named author or source)",
    ]  # speakers first, then the rest
    table = ranking_table(rows, "actors")
    assert [r[1] for r in table.rows] == ["Firm Local"]
    alone = " ".join(extremes_sentences([rows[0], rows[2]], "actors"))
    assert "Only one actor could be placed: Wide Ward" in alone
    assert "takes no clear position" in alone


def test_outlets_and_unattributed_rows_get_their_own_matrix_figure():
    rows = [
        _row("Firm Local", 1.5, 0.6, 2.4),
        _row("Daily Post", -3.0, -3.5, -2.5, "outlet"),
        _row("Unattributed", 0.2, -0.5, 0.9, "unattributed"),
    ]
    matrix = PositionsMatrix(["commissioning"], rows, "actors")
    inputs = ReportInputs(None, [], [], None, {"actors": matrix})
    figures = [b for b in build_matrix_section(inputs, "actors").blocks if isinstance(b, Figure)]
    assert [[r.name for r in f.data.rows] for f in figures] == [
        ["Firm Local"],
        ["Daily Post", "Unattributed"],
    ]
    assert "outlets and unattributed" in figures[1].caption


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
    spans = term_spans(
        text,
        [
            ("council", 0.9),
            ("nation minist", -0.8),
            ("LOC MOD", 0.5),
            ("not", 0.95),
            ("should", 0.3),
        ],
    )
    marked = [text[s.start : s.end] for s in spans]
    assert marked == ["Councils", "should", "national ministers"]  # "not" alone: unmarked
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
    assert any(
        phrase in summary
        for phrase in (
            "The most localist actor is",
            "No actor leans localist",
            "No actor is clearly localist",
        )
    )
    assert "documents" in report.corpus
