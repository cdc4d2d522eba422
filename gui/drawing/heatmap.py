"""The positions matrix as a heatmap, drawn the same on a widget and on a PDF page.

All sizes come from the rectangle and the font's metrics, never from a widget, so the report
can call :func:`paint_heatmap` on a ``QPdfWriter`` and get the chart the user saw. The
returned :class:`HeatmapLayout` answers hit tests for clicks and tooltips.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QLinearGradient, QPainter, QPen

from analysis.positions import ALL
from gui.drawing.palette import (
    INK,
    MISSING,
    MUTED,
    stance_color,
    stance_color_print,
    text_color_on,
)

ALL_TITLE = "All issues"
HEADER_ANGLE = 55.0  # degrees above the horizontal; steep enough for long issue names
GRID = QColor("#ffffff")


@dataclass
class HeatmapLayout:
    """Where everything landed, for hit-testing clicks and tooltips."""

    grid: QRectF
    cell_width: float
    cell_height: float
    columns: list[str]
    rows: int
    label_rect: QRectF = field(default_factory=QRectF)
    gap: float = 0.0

    def column_left(self, column: int) -> float:
        extra = self.gap if column > 0 else 0.0
        return self.grid.left() + column * self.cell_width + extra

    def cell_rect(self, row: int, column: int) -> QRectF:
        return QRectF(
            self.column_left(column),
            self.grid.top() + row * self.cell_height,
            self.cell_width,
            self.cell_height,
        )

    def cell_at(self, point: QPointF) -> tuple[int, str] | None:
        """(row index, issue name or "all") under ``point``, or None outside the cells."""
        for column in range(len(self.columns)):
            for_row = (point.y() - self.grid.top()) / self.cell_height if self.cell_height else -1
            row = int(math.floor(for_row))
            if 0 <= row < self.rows and self.cell_rect(row, column).contains(point):
                return row, self.columns[column]
        return None

    def row_at(self, point: QPointF) -> int | None:
        """The row under ``point`` on the label column: a click there selects all its passages."""
        if not self.label_rect.contains(point) or not self.cell_height:
            return None
        row = int((point.y() - self.grid.top()) // self.cell_height)
        return row if 0 <= row < self.rows else None


def cell_of(row, issue: str):
    """(n, score, low, high) of one cell; the "all" column is the row's own summary."""
    if issue == ALL:
        return row.n, row.score, row.low, row.high
    cell = (getattr(row, "cells", None) or {}).get(issue)
    if cell is None:
        return 0, None, None, None
    return cell.n, cell.score, cell.low, cell.high


def heatmap_layout(
    rect: QRectF, matrix, font: QFont, *, full_headers: bool = False
) -> HeatmapLayout:
    """Size the label column, rotated headers and cells to fit ``rect`` and the font.

    ``full_headers`` never shortens an issue name (for print, where nobody can hover to
    read the rest); the headers then take the height they need.
    """
    fm = QFontMetricsF(font)
    columns = [ALL, *matrix.issues]
    label_w = min(widest(fm, [r.name for r in matrix.rows]) + fm.height(), rect.width() * 0.34)
    label_w = max(label_w, fm.horizontalAdvance("Actor") + fm.height())
    head_w = min(
        max(fm.horizontalAdvance(_title(c)) for c in columns), header_limit(fm, full_headers)
    )
    sin, cos = math.sin(math.radians(HEADER_ANGLE)), math.cos(math.radians(HEADER_ANGLE))
    overhang = head_w * cos
    gap = fm.height() * 0.35
    cell_w = (rect.width() - label_w - gap - overhang) / (len(columns) - 0.5)
    cell_w = max(fm.horizontalAdvance("00") + 8, min(cell_w, fm.height() * 4.2))
    header_h = head_w * sin + fm.height()
    legend_h = fm.height() * 3.2
    avail = rect.height() - header_h - legend_h
    cell_h = max(fm.height() + 4, min(fm.height() * 1.55, avail / max(1, len(matrix.rows))))
    grid = QRectF(
        rect.left() + label_w,
        rect.top() + header_h,
        cell_w * len(columns) + gap,
        cell_h * len(matrix.rows),
    )
    label_rect = QRectF(rect.left(), grid.top(), label_w, grid.height())
    return HeatmapLayout(grid, cell_w, cell_h, columns, len(matrix.rows), label_rect, gap)


def widest(fm: QFontMetricsF, names: list[str], sample: int = 64) -> float:
    """Width of the widest label, measuring only the longest few by characters: thousands of
    rows would otherwise cost a text layout each on every new matrix."""
    longest = sorted(names, key=len, reverse=True)[:sample] or [""]
    return max(fm.horizontalAdvance(n) for n in longest)


def header_limit(fm: QFontMetricsF, full: bool = False) -> float:
    """Longest header before it is elided, so long issue names cannot push the grid aside."""
    return 1e5 if full else fm.height() * 8.5  # Qt overflows on larger widths


def smaller(font: QFont, factor: float = 0.9) -> QFont:
    """A slightly smaller copy for legends and notes, for point- or pixel-sized fonts."""
    small = QFont(font)
    if font.pointSizeF() > 0:
        small.setPointSizeF(max(6.0, font.pointSizeF() * factor))
    elif font.pixelSize() > 0:
        small.setPixelSize(max(8, round(font.pixelSize() * factor)))
    return small


def _title(column: str) -> str:
    return ALL_TITLE if column == ALL else column[:1].upper() + column[1:]


def paint_heatmap(
    painter: QPainter,
    rect: QRectF,
    matrix,
    *,
    font: QFont | None = None,
    selected: tuple[int, str] | None = None,
    print_safe: bool = False,
    full_headers: bool = False,
    visible: QRectF | None = None,
    layout: HeatmapLayout | None = None,
) -> HeatmapLayout:
    """Draw rows × (all issues + each issue), each cell tinted by mean stance with its n.

    ``visible``: the part that needs painting (a widget's exposed rectangle); only the rows
    it crosses are drawn, so a 5,000-row matrix repaints as fast as a 30-row one. ``layout``:
    one computed earlier for the same matrix, rectangle and font (measuring every row label
    is the costly part of a layout).
    """
    font = QFont(font or painter.font())
    layout = layout or heatmap_layout(QRectF(rect), matrix, font, full_headers=full_headers)
    first, last = visible_rows(layout, visible)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setFont(font)
    if visible is None or visible.top() < layout.grid.top():
        _paint_headers(painter, layout, font, full_headers)
    _paint_row_labels(painter, layout, matrix, font, range(first, last))
    color_of = stance_color_print if print_safe else (lambda s: stance_color(s, 1.0, True))
    for r in range(first, last):
        row = matrix.rows[r]
        for c, issue in enumerate(layout.columns):
            _paint_cell(painter, layout.cell_rect(r, c), cell_of(row, issue), color_of, font)
    if selected is not None and selected[1] in layout.columns and 0 <= selected[0] < layout.rows:
        box = layout.cell_rect(selected[0], layout.columns.index(selected[1]))
        painter.setPen(QPen(INK, 2.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box.adjusted(1, 1, -1, -1))
    legend = QRectF(
        rect.left(),
        layout.grid.bottom() + QFontMetricsF(font).height() * 0.8,
        rect.width(),
        QFontMetricsF(font).height() * 2.2,
    )
    if visible is None or visible.bottom() >= legend.top() - QFontMetricsF(font).height():
        paint_legend(painter, legend, font, print_safe=print_safe)
    painter.restore()
    return layout


def visible_rows(layout: HeatmapLayout, visible: QRectF | None) -> tuple[int, int]:
    """[first, last) of the rows that ``visible`` crosses (all rows when it is None)."""
    if visible is None or not layout.cell_height:
        return 0, layout.rows
    top = (visible.top() - layout.grid.top()) / layout.cell_height
    bottom = (visible.bottom() - layout.grid.top()) / layout.cell_height
    first = max(0, min(layout.rows, int(math.floor(top))))
    return first, max(first, min(layout.rows, int(math.ceil(bottom)) + 1))


def _paint_cell(painter: QPainter, box: QRectF, values, color_of, font: QFont) -> None:
    n, score, _low, _high = values
    fill = color_of(score) if n and score is not None else MISSING
    painter.setPen(QPen(GRID, 1.0))
    painter.setBrush(fill)
    painter.drawRect(box)
    if n:
        painter.setPen(text_color_on(fill))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(n))


def _paint_headers(
    painter: QPainter, layout: HeatmapLayout, font: QFont, full: bool = False
) -> None:
    fm = QFontMetricsF(font)
    for c, column in enumerate(layout.columns):
        anchor = QPointF(
            layout.column_left(c) + layout.cell_width / 2, layout.grid.top() - fm.height() * 0.35
        )
        painter.save()
        painter.translate(anchor)
        painter.rotate(-HEADER_ANGLE)
        bold = QFont(font)
        bold.setBold(column == ALL)
        painter.setFont(bold)
        painter.setPen(INK)
        title = QFontMetricsF(bold).elidedText(
            _title(column), Qt.TextElideMode.ElideRight, header_limit(fm, full)
        )
        painter.drawText(QPointF(0, fm.descent()), title)
        painter.restore()


def _paint_row_labels(
    painter: QPainter, layout: HeatmapLayout, matrix, font: QFont, rows: range
) -> None:
    fm = QFontMetricsF(font)
    painter.setPen(INK)
    width = layout.label_rect.width() - fm.height() * 0.6
    for r in rows:
        row = matrix.rows[r]
        box = QRectF(
            layout.label_rect.left(),
            layout.grid.top() + r * layout.cell_height,
            width,
            layout.cell_height,
        )
        text = fm.elidedText(row.name or "(unnamed)", Qt.TextElideMode.ElideRight, width)
        painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text)


def paint_legend(painter: QPainter, rect: QRectF, font: QFont, *, print_safe: bool = False) -> None:
    """A colour bar from centralist to localist, with what the numbers mean."""
    painter.save()
    small = smaller(font)
    painter.setFont(small)
    fm = QFontMetricsF(small)
    left_text, right_text = "Centralist −1", "+1 Localist"
    bar_w = min(rect.width() * 0.4, fm.height() * 12)
    x = rect.left() + fm.horizontalAdvance(left_text) + fm.height() * 0.5
    bar = QRectF(x, rect.top(), bar_w, fm.height() * 0.8)
    gradient = QLinearGradient(bar.topLeft(), bar.topRight())
    color_of = stance_color_print if print_safe else (lambda s: stance_color(s, 1.0, True))
    for i in range(11):
        gradient.setColorAt(i / 10, color_of(-1 + i / 5))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(gradient)
    painter.drawRect(bar)
    painter.setPen(INK)
    base = bar.center().y() + fm.ascent() / 2 - fm.descent() / 2
    painter.drawText(QPointF(rect.left(), base), left_text)
    painter.drawText(QPointF(bar.right() + fm.height() * 0.5, base), right_text)
    painter.setPen(MUTED)
    note = "Cells: mean stance of the passages, with their number; grey: none."
    painter.drawText(
        QRectF(rect.left(), bar.bottom() + fm.height() * 0.3, rect.width(), fm.height() * 1.2),
        Qt.AlignmentFlag.AlignLeft,
        note,
    )
    painter.restore()


def preferred_height(matrix, font: QFont) -> float:
    """The height at which every row gets its full cell height (for scroll areas and pages)."""
    fm = QFontMetricsF(font)
    head_w = min(
        max(fm.horizontalAdvance(_title(c)) for c in [ALL, *matrix.issues]), header_limit(fm)
    )
    header_h = head_w * math.sin(math.radians(HEADER_ANGLE)) + fm.height()
    return header_h + fm.height() * 1.55 * len(matrix.rows) + fm.height() * 3.4
