"""What every page carries besides its content: the cover, running heads and folios."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPaintDevice, QPainter, QPen

from analysis.report.content import Report
from gui.report.flow import Bookmark
from gui.report.styles import ACCENT, INK, MUTED, RULE, STYLES, Page
from gui.report.text import TextBox


def draw_running(
    painter: QPainter, page: Page, report: Report, section: str, number: int, total: int
) -> None:
    """Running head (report and section) above the text block, folio below it."""
    body = page.body
    font = page.font("running")
    fm = QFontMetricsF(font, painter.device())
    painter.save()
    painter.setFont(font)
    painter.setPen(MUTED)
    head_y = body.top() - page.mm(7)
    painter.drawText(QPointF(body.left(), head_y), report.project)
    if section:
        painter.drawText(QPointF(body.right() - fm.horizontalAdvance(section), head_y), section)
    painter.setPen(QPen(RULE, page.pt(0.4)))
    rule_y = head_y + page.mm(2)
    painter.drawLine(QLineF(body.left(), rule_y, body.right(), rule_y))
    folio = f"{number} of {total}"
    painter.setPen(MUTED)
    foot_y = body.bottom() + page.mm(12)
    painter.drawText(QPointF(body.right() - fm.horizontalAdvance(folio), foot_y), folio)
    painter.drawText(QPointF(body.left(), foot_y), report.date)
    painter.restore()


def _box(text: str, style: str, page: Page, device: QPaintDevice, width: float) -> TextBox:
    s = STYLES[style]
    return TextBox(text, page.font(style), width, device, leading=s.leading, color=s.color)


def draw_cover(
    painter: QPainter, page: Page, report: Report, contents: list[Bookmark], first_body_page: int
) -> None:
    """Title block, the facts a reader files the report by, and the contents."""
    device = painter.device()
    body = page.body
    x, width = body.left(), body.width()
    painter.save()
    painter.fillRect(QRectF(0, 0, page.size[0], page.mm(9)), ACCENT)
    y = body.top() + page.mm(38)
    label = _box("STANCEMAP REPORT", "meta", page, device, width)
    label.draw(painter, x, y)
    y += label.height() + page.mm(3)
    title = _box(report.title, "title", page, device, width * 0.9)
    title.draw(painter, x, y)
    y += title.height() + page.mm(5)
    painter.setPen(QPen(INK, page.pt(1.2)))
    painter.drawLine(QLineF(x, y, x + page.mm(30), y))
    y += page.mm(9)
    y = _facts(painter, page, report, x, y, width)
    _contents(painter, page, contents, first_body_page, x, y + page.mm(14), width)
    painter.restore()


def _facts(
    painter: QPainter, page: Page, report: Report, x: float, y: float, width: float
) -> float:
    device = painter.device()
    label_w = page.mm(32)
    facts = [
        ("Project", report.project),
        ("Corpus", report.corpus),
        ("Date", report.date),
        ("Model", report.model_version),
        ("Matrix rows", report.rows.capitalize()),
    ]
    for name, value in facts:
        key = _box(name, "h3", page, device, label_w)
        val = _box(value, "body", page, device, width - label_w)
        key.draw(painter, x, y)
        val.draw(painter, x + label_w, y)
        y += max(key.height(), val.height()) + page.pt(3)
    return y


def _contents(
    painter: QPainter,
    page: Page,
    contents: list[Bookmark],
    first_body_page: int,
    x: float,
    y: float,
    width: float,
) -> None:
    device = painter.device()
    heading = _box("Contents", "h2", page, device, width)
    heading.draw(painter, x, y)
    y += heading.height() + page.pt(4)
    font = page.font("body")
    fm = QFontMetricsF(font, device)
    painter.setFont(font)
    line_h = fm.height() * 1.55
    for mark in (m for m in contents if m.level == 1):
        number = str(mark.page + first_body_page)
        painter.setPen(INK)
        painter.drawText(QPointF(x, y + fm.ascent()), mark.title)
        painter.drawText(
            QPointF(x + width * 0.6 - fm.horizontalAdvance(number), y + fm.ascent()), number
        )
        painter.setPen(QPen(RULE, page.pt(0.3), Qt.PenStyle.DotLine))
        left = x + fm.horizontalAdvance(mark.title) + page.pt(4)
        right = x + width * 0.6 - fm.horizontalAdvance(number) - page.pt(4)
        if right > left:
            painter.drawLine(QLineF(left, y + fm.ascent(), right, y + fm.ascent()))
        y += line_h
