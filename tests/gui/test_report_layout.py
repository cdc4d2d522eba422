"""Report layout: headings stay with what follows, full column labels, one passage tint,
and the command line choosing sections and rows like the export dialog."""

from __future__ import annotations

from collections import deque

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from analysis.report.content import SECTION_TITLES, EvidenceItem
from gui.drawing import palette
from gui.drawing.heatmap import heatmap_layout
from gui.report.flow import Flowable, paginate
from tests.gui.matrix_fakes import fake_matrix

pytestmark = pytest.mark.usefixtures("qapp")


class Block(Flowable):
    def __init__(self, h: float, *, keep=False, after=0.0, name="") -> None:
        self.h, self.keep_with_next, self.space_after, self.name = h, keep, after, name

    def height(self) -> float:
        return self.h


def _page_of(pages, name: str) -> int:
    for i, page in enumerate(pages.pages):
        if any(getattr(p.flowable, "name", "") == name for p in page):
            return i
    raise AssertionError(name)


def test_a_heading_is_never_left_at_the_foot_of_a_page():
    # filler leaves 40 units: heading (10) + note (10) + passage (16) fit only if the
    # spaces after the heading and the note (3 + 3) are forgotten
    filler = Block(60, name="filler")
    heading = Block(10, keep=True, after=3, name="heading")
    note = Block(10, keep=True, after=3, name="note")
    passage = Block(16, name="passage")
    pages = paginate(deque([filler, heading, note, passage]), 100)
    assert _page_of(pages, "heading") == _page_of(pages, "note") == _page_of(pages, "passage")
    assert _page_of(pages, "heading") == 1


def test_print_headers_keep_the_whole_issue_name():
    matrix = fake_matrix()
    matrix.issues.append("national standards and entitlements")
    font = QFont("Sans")
    font.setPixelSize(8)
    fm = QFontMetricsF(font)
    rect = QRectF(0, 0, 480, 600)
    full = heatmap_layout(rect, matrix, font, full_headers=True)
    screen = heatmap_layout(rect, matrix, font)
    longest = fm.horizontalAdvance("National standards and entitlements")
    assert full.grid.top() >= longest * 0.8  # rotated at 55 degrees: sin(55) > 0.8
    assert screen.grid.top() < full.grid.top()


def _panel_colour(item: EvidenceItem) -> QColor:
    from gui.report.evidence import EvidenceFlow
    from gui.report.styles import Page

    image = QImage(800, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    page = Page(dpi=96, family=QFont().family())
    flow = EvidenceFlow(item, page, image, 600)
    painter = QPainter(image)
    flow.draw(painter, 0, 0)
    painter.end()
    return image.pixelColor(int(flow.width - 3), int(flow.height() - 2))


@pytest.mark.parametrize(
    "score,confidence,manual", [(-0.8, 0.9, False), (0.6, 0.45, False), (1.0, 1.0, True)]
)
def test_pdf_evidence_uses_the_text_views_tint(score, confidence, manual):
    from gui.views.passage_text_view import passage_tint

    class Record:
        boilerplate = False
        source = "manual" if manual else "model"

    record = Record()
    record.score, record.confidence = score, confidence
    label = "localist" if score > 0 else "centralist"
    item = EvidenceItem(1, "Some words of ours.", score, label, manual, "Doc", [], confidence)
    expected = palette.passage_tint(score, confidence, manual)
    assert passage_tint(record) == expected
    got = _panel_colour(item)
    assert (
        max(
            abs(got.red() - expected.red()),
            abs(got.green() - expected.green()),
            abs(got.blue() - expected.blue()),
        )
        <= 2
    )


def test_report_command_takes_the_dialogs_sections_and_rows(demo_copy, tmp_path, capsys):
    from gui.app import main

    out = tmp_path / "r.pdf"
    assert (
        main(
            [
                "report",
                str(demo_copy),
                "-o",
                str(out),
                "--sections",
                "matrix,summary",
                "--rows",
                "documents",
            ]
        )
        == 0
    )
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(str(out)).pages)
    titles = {k: "".join(v.split()) for k, v in SECTION_TITLES.items()}
    assert titles["summary"] in text and titles["matrix"] in text
    assert titles["evidence"] not in text and titles["method"] not in text
    assert "issuefordocuments" in text
    assert main(["report", str(demo_copy), "-o", str(out), "--sections", "summary,nope"]) == 2
    assert "unknown section 'nope'" in capsys.readouterr().err


def test_an_evidence_passage_shown_once_names_all_its_issues():
    from gui.report.evidence import EvidenceFlow
    from gui.report.styles import Page

    item = EvidenceItem(
        7,
        "Words of ours.",
        0.5,
        "localist",
        False,
        "Doc",
        [],
        0.8,
        issues=["workforce", "commissioning"],
    )
    image = QImage(10, 10, QImage.Format.Format_RGB32)
    flow = EvidenceFlow(item, Page(dpi=96, family=QFont().family()), image, 600)
    assert flow.meta.text.startswith("Issues: workforce, commissioning · Doc · localist")
    item.document, item.issues = "", []
    flow = EvidenceFlow(item, Page(dpi=96, family=QFont().family()), image, 600)
    assert flow.meta.text.startswith("localist, score +0.50")


def test_a_row_group_is_titled_by_its_actor_and_says_what_was_left_out():
    from analysis.report.content import EvidenceGroup
    from gui.report.blocks import Builder
    from gui.report.styles import Page

    items = [
        EvidenceItem(i, f"Words {i}.", 0.5, "localist", False, "Doc", [], 0.8, ["a"])
        for i in range(3)
    ]
    group = EvidenceGroup(
        "Ada Marsh",
        "",
        "Position +1.00.",
        items,
        kind="person",
        more="4 more passages taking a side are in the spreadsheet export.",
    )
    builder = Builder(
        Page(dpi=96, family=QFont().family()), QImage(10, 10, QImage.Format.Format_RGB32)
    )
    builder.evidence(group)
    texts = [getattr(getattr(f, "box", None), "text", None) for f in builder.out]
    heading = builder.out[0]
    assert heading.keep_with_next and texts[0] == "Ada Marsh (person)"
    assert getattr(heading, "bookmark", None) == ("Ada Marsh (person)", 2)
    assert texts[-1].startswith("4 more passages") and len(builder.out) == 2 + 3 + 1
