"""Evidence passages on paper: tinted as on screen, with the weighed words marked.

Colour cannot be the only carrier of the stance in a report that may be photocopied, so
each passage also has a margin tag with its label's initial (filled when a person coded the
passage, outlined when it is the model's prediction) and the evidence terms are underlined
as well as emboldened.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPaintDevice, QPainter, QPen

from analysis.report.content import EvidenceItem
from analysis.report.formatting import signed
from gui.drawing.palette import passage_tint, stance_color_print
from gui.report.flow import Flowable
from gui.report.styles import INK, MUTED, STYLES, Page
from gui.report.text import Span, TextBox

TAGS = {"centralist": "C", "neutral": "N", "localist": "L"}


class EvidenceFlow(Flowable):
    """One passage: margin tag, tinted text panel, and a line saying where it comes from."""

    def __init__(self, item: EvidenceItem, page: Page, device: QPaintDevice, width: float) -> None:
        self.item = item
        self.page = page
        self.gutter = page.pt(22)
        self.pad = page.pt(5)
        self.width = width
        self.space_after = page.pt(6)
        spans = [Span(t.start, t.end, bold=True, underline=True) for t in item.terms]
        inner = width - self.gutter - 2 * self.pad
        style = STYLES["evidence"]
        self.text = TextBox(
            item.text, page.font("evidence"), inner, device, leading=style.leading, spans=spans
        )
        source = "coded by hand" if item.manual else "model prediction"
        parts = [
            f"Issues: {', '.join(item.issues)}" if item.issues else "",
            item.document,
            f"{item.label or 'unlabelled'}, score {signed(item.score)}",
            source,
            f"passage {item.passage_id}",
        ]
        meta = " \u00b7 ".join(p for p in parts if p)
        self.meta = TextBox(
            meta, page.font("meta"), inner, device, leading=1.3, color=QColor(MUTED)
        )
        self.tag_font = page.font("table_head")
        self.tag_metrics = QFontMetricsF(self.tag_font, device)

    def height(self) -> float:
        return self.text.height() + self.meta.height() + 2 * self.pad + self.page.pt(2)

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        item = self.item
        h = self.height()
        panel = QRectF(x + self.gutter, y, self.width - self.gutter, h)
        tint = passage_tint(item.score, item.confidence, item.manual)
        painter.save()
        if tint is not None:
            painter.fillRect(panel, tint)
        edge = stance_color_print(item.score)
        pen = QPen(edge, self.page.pt(2.4))
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        rule_x = panel.left() + self.page.pt(1.2)
        painter.drawLine(QLineF(rule_x, panel.top(), rule_x, panel.bottom()))
        self._draw_tag(painter, x, y)
        self.text.draw(painter, panel.left() + self.pad, y + self.pad)
        self.meta.draw(
            painter, panel.left() + self.pad, y + self.pad + self.text.height() + self.page.pt(2)
        )
        painter.restore()

    def _draw_tag(self, painter: QPainter, x: float, y: float) -> None:
        size = self.page.pt(13)
        box = QRectF(x + self.page.pt(2), y + self.pad * 0.6, size, size)
        painter.setFont(self.tag_font)
        painter.setPen(QPen(INK, self.page.pt(0.7)))
        if self.item.manual:
            painter.setBrush(INK)
            painter.drawRoundedRect(box, size * 0.2, size * 0.2)
            painter.setPen(QColor("white"))
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box, size * 0.2, size * 0.2)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, TAGS.get(self.item.label, "?"))
