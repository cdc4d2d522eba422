"""Tables in the booktabs manner: strong rules at top and bottom, light rules between rows.

Rules rather than filled cells keep tables quiet and print cleanly in black and white.
Long tables break between rows and repeat their header on the next page.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, Qt
from PySide6.QtGui import QFontMetricsF, QPaintDevice, QPainter, QPen

from analysis.report.content import Table
from gui.report.flow import Flowable
from gui.report.styles import RULE, RULE_STRONG, STYLES, Page
from gui.report.text import TextBox

ALIGN = {
    "l": Qt.AlignmentFlag.AlignLeft,
    "r": Qt.AlignmentFlag.AlignRight,
    "c": Qt.AlignmentFlag.AlignHCenter,
}


def column_widths(table: Table, width: float, natural: list[float]) -> list[float]:
    """Share ``width`` between columns: by the given ratios, else by content."""
    n = len(table.columns)
    if table.widths and len(table.widths) == n:
        total = sum(table.widths)
        return [width * w / total for w in table.widths]
    if sum(natural) <= width:
        extra = (width - sum(natural)) / n
        return [w + extra for w in natural]
    widths = [0.0] * n
    open_cols = set(range(n))
    left = width
    while open_cols:
        fair = left / len(open_cols)
        small = [i for i in open_cols if natural[i] <= fair]
        if not small:
            wide = sum(natural[i] for i in open_cols)
            for i in open_cols:
                widths[i] = left * natural[i] / wide
            break
        for i in small:
            widths[i] = natural[i]
            left -= natural[i]
            open_cols.discard(i)
    return widths


class TableFlow(Flowable):
    def __init__(self, table: Table, page: Page, device: QPaintDevice, width: float) -> None:
        self.table = table
        self.page = page
        self.width = width = width * max(0.2, min(1.0, table.width))
        self.pad_x = page.pt(4)
        self.pad_y = page.pt(2.6)
        self.space_after = page.pt(STYLES["caption"].space_after)
        body, head = page.font("table"), page.font("table_head")
        n = len(table.columns)
        cells = [list(r) + [""] * (n - len(r)) for r in table.rows]
        fm, fmh = QFontMetricsF(body, device), QFontMetricsF(head, device)
        natural = [
            max(
                [fmh.horizontalAdvance(table.columns[i])]
                + [fm.horizontalAdvance(str(r[i])) for r in cells]
            )
            + 2 * self.pad_x
            + 1
            for i in range(n)
        ]
        self.widths = column_widths(table, width, natural)
        aligns = [ALIGN.get(a, ALIGN["l"]) for a in (table.align + "l" * n)[:n]]
        self.header = [
            TextBox(t, head, w - 2 * self.pad_x, device, leading=1.25, align=a)
            for t, w, a in zip(table.columns, self.widths, aligns, strict=True)
        ]
        self.rows = [
            [
                TextBox(str(t), body, w - 2 * self.pad_x, device, leading=1.3, align=a)
                for t, w, a in zip(row, self.widths, aligns, strict=True)
            ]
            for row in cells
        ]
        self.row_heights = [max(b.height() for b in row) + 2 * self.pad_y for row in self.rows]
        self.header_height = max(b.height() for b in self.header) + 2 * self.pad_y
        self.start, self.end = 0, len(self.rows)

    def _slice(self, start: int, end: int) -> TableFlow:
        clone = object.__new__(TableFlow)
        clone.__dict__.update(self.__dict__)
        clone.start, clone.end = start, end
        clone.space_before = self.space_before if start == self.start else 0.0
        return clone

    def height(self) -> float:
        return self.header_height + sum(self.row_heights[self.start : self.end])

    def min_height(self) -> float:
        return self.header_height + sum(self.row_heights[self.start : self.start + 2])

    def split(self, space: float):
        used, cut = self.header_height, self.start
        while cut < self.end and used + self.row_heights[cut] <= space:
            used += self.row_heights[cut]
            cut += 1
        if self.end - self.start <= 6 or cut - self.start < 2 or self.end - cut < 1:
            return None, self
        return self._slice(self.start, cut), self._slice(cut, self.end)

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        painter.save()
        strong = QPen(RULE_STRONG, self.page.pt(0.8))
        light = QPen(RULE, self.page.pt(0.35))
        painter.setPen(strong)
        painter.drawLine(QLineF(x, y, x + self.width, y))
        self._draw_row(painter, self.header, x, y)
        y += self.header_height
        painter.setPen(QPen(RULE_STRONG, self.page.pt(0.45)))
        painter.drawLine(QLineF(x, y, x + self.width, y))
        for i in range(self.start, self.end):
            self._draw_row(painter, self.rows[i], x, y)
            y += self.row_heights[i]
            painter.setPen(strong if i == self.end - 1 else light)
            painter.drawLine(QLineF(x, y, x + self.width, y))
        painter.restore()

    def _draw_row(self, painter: QPainter, boxes: list[TextBox], x: float, y: float) -> None:
        for box, w in zip(boxes, self.widths, strict=True):
            box.draw(painter, x + self.pad_x, y + self.pad_y)
            x += w
