"""Turning the report's content tree into flowables, in reading order.

Numbering of tables and figures happens here, because it is a property of the printed
document rather than of the content.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPaintDevice, QPainter

from analysis.report.content import (
    EvidenceGroup,
    Figure,
    Heading,
    Paragraph,
    Report,
    Section,
    Table,
)
from gui.report.charts import natural_height, paint_figure
from gui.report.evidence import EvidenceFlow
from gui.report.flow import Flowable, PageBreak, TextFlow
from gui.report.styles import MEASURE, STYLES, Page
from gui.report.tables import TableFlow
from gui.report.text import TextBox

HEADING_STYLES = {1: "h1", 2: "h2", 3: "h3"}


class FigureFlow(Flowable):
    """A chart drawn by a shared routine, at a height given as a share of the text block."""

    def __init__(self, figure: Figure, page: Page, width: float) -> None:
        self.figure = figure
        self.page = page
        self.width = width
        self.font = page.figure_font(7.5)
        most = page.body.height() * max(0.1, min(0.95, figure.height))
        k = page.pt(1)
        natural = natural_height(figure, width / k, self.font)
        self.chart_height = most if natural is None else min(most, natural * k)
        self.space_before = page.pt(4)

    def height(self) -> float:
        return self.chart_height

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        k = self.page.pt(1)
        painter.save()
        painter.translate(x, y)
        painter.scale(k, k)
        paint_figure(
            painter, QRectF(0, 0, self.width / k, self.chart_height / k), self.figure, self.font
        )
        painter.restore()


class Builder:
    def __init__(self, page: Page, device: QPaintDevice) -> None:
        self.page = page
        self.device = device
        self.width = page.body.width()
        self.tables = 0
        self.figures = 0
        self.out: list[Flowable] = []

    def text(
        self, text: str, style: str, *, keep: bool = False, bookmark=None, indent: float = 0.0
    ) -> TextFlow:
        s = STYLES[style]
        width = self.width * MEASURE.get(style, 1.0) - indent
        box = TextBox(
            text, self.page.font(style), width, self.device, leading=s.leading, color=s.color
        )
        flow = TextFlow(
            box,
            before=self.page.pt(s.space_before),
            after=self.page.pt(s.space_after),
            keep_with_next=keep,
            bookmark=bookmark,
            indent=indent,
        )
        self.out.append(flow)
        return flow

    def section(self, section: Section) -> None:
        self.out.append(PageBreak())
        self.text(section.title, "h1", keep=True, bookmark=(section.title, 1))
        for block in section.blocks:
            self.block(block)

    def block(self, block) -> None:
        if isinstance(block, Heading):
            level = max(2, min(3, block.level))
            self.text(block.text, HEADING_STYLES[level], keep=True, bookmark=(block.text, level))
        elif isinstance(block, Paragraph):
            if block.style == "bullet":
                self.text("\u2022  " + block.text, "bullet", indent=self.page.pt(8))
            else:
                self.text(block.text, block.style if block.style in STYLES else "body")
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Figure):
            self.figure(block)
        elif isinstance(block, EvidenceGroup):
            self.evidence(block)

    def table(self, table: Table) -> None:
        self.tables += 1
        caption = (
            f"Table {self.tables}. {table.caption}" if table.caption else f"Table {self.tables}."
        )
        self.text(caption, "caption", keep=True).space_after = self.page.pt(3)
        self.out.append(TableFlow(table, self.page, self.device, self.width))

    def figure(self, figure: Figure) -> None:
        self.figures += 1
        flow = FigureFlow(figure, self.page, self.width)
        flow.keep_with_next = True
        self.out.append(flow)
        self.text(f"Figure {self.figures}. {figure.caption}", "caption")

    def evidence(self, group: EvidenceGroup) -> None:
        """A whole row's group is titled and bookmarked by its row; an issue group by issue."""
        if group.issue:
            self.text(group.issue, "h3", keep=True)
        else:
            self.text(group.title, "h2", keep=True, bookmark=(group.title, 2))
        self.text(group.summary, "note", keep=True).space_after = self.page.pt(4)
        for item in group.items:
            self.out.append(EvidenceFlow(item, self.page, self.device, self.width))
        if group.more:
            self.text(group.more, "note")


def build_flowables(report: Report, page: Page, device: QPaintDevice) -> list[Flowable]:
    builder = Builder(page, device)
    for section in report.sections:
        builder.section(section)
    return builder.out
