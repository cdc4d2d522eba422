"""Line breaking for the report: paragraphs that can be measured, split across pages, drawn.

``QTextLayout`` does the shaping, kerning and line breaking with the writer as its paint
device, so what we measure is exactly what lands in the PDF, and text stays real text
(selectable, searchable) rather than outlines.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPaintDevice,
    QPainter,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)


@dataclass
class Span:
    """A run of the text to emphasise: ``bold``/``underline``/``color`` apply from start to end."""

    start: int
    end: int
    bold: bool = False
    underline: bool = False
    italic: bool = False
    color: QColor | None = None


class TextBox:
    """A paragraph laid out at one width, drawable in whole or as a range of its lines."""

    def __init__(
        self,
        text: str,
        font: QFont,
        width: float,
        device: QPaintDevice,
        *,
        leading: float = 1.4,
        color: QColor | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        spans: list[Span] | None = None,
    ) -> None:
        # QTextLayout breaks lines at U+2028 only; same length, so span offsets still hold.
        self.text = text = (
            text.replace("\r\n", " \u2028")
            .replace("\n", "\u2028")
            .replace("\r", "\u2028")
            .replace("\t", " ")
        )
        self.color = QColor(color or QColor("#1b1b1b"))
        self.layout = QTextLayout(text, font, device)
        option = QTextOption(align)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.layout.setTextOption(option)
        if spans:
            self.layout.setFormats([_format_range(s) for s in spans])
        metrics = QFontMetricsF(font, device)
        self.line_height = metrics.height() * leading
        self._ascent_pad = (self.line_height - metrics.height()) / 2
        self.layout.beginLayout()
        y = 0.0
        while True:
            line = self.layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y + self._ascent_pad))
            y += self.line_height
        self.layout.endLayout()
        self.lines = self.layout.lineCount()

    def height(self, first: int = 0, last: int | None = None) -> float:
        last = self.lines if last is None else last
        return max(0, last - first) * self.line_height

    def natural_width(self) -> float:
        return max(
            (self.layout.lineAt(i).naturalTextWidth() for i in range(self.lines)), default=0.0
        )

    def lines_fitting(self, first: int, space: float) -> int:
        return max(0, min(self.lines - first, int(space // self.line_height)))

    def draw(
        self, painter: QPainter, x: float, y: float, first: int = 0, last: int | None = None
    ) -> None:
        last = self.lines if last is None else last
        painter.save()
        painter.setPen(self.color)
        offset = QPointF(x, y - first * self.line_height)
        for i in range(first, last):
            self.layout.lineAt(i).draw(painter, offset)
        painter.restore()


def _format_range(span: Span) -> QTextLayout.FormatRange:
    fmt = QTextCharFormat()
    if span.bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if span.italic:
        fmt.setFontItalic(True)
    if span.underline:
        fmt.setFontUnderline(True)
    if span.color is not None:
        fmt.setForeground(span.color)
    found = QTextLayout.FormatRange()
    found.start = span.start
    found.length = span.end - span.start
    found.format = fmt
    return found
