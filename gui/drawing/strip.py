"""The position strip: every row placed on the centralisation–localism axis with its interval.

Positions are on the log-odds scale of Lowe et al. (2011), unbounded, so the axis is sized
to the widest interval and kept symmetric around zero: left always means centralisation and
the middle always means balance, whatever the data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from gui.drawing.heatmap import smaller, widest
from gui.drawing.palette import INK, MUTED, stance_color

AXIS = QColor("#888888")


@dataclass
class StripLayout:
    plot: QRectF
    row_height: float
    rows: int
    extent: float

    def x_of(self, value: float) -> float:
        t = (value + self.extent) / (2 * self.extent)
        return self.plot.left() + max(0.0, min(1.0, t)) * self.plot.width()

    def row_at(self, point: QPointF) -> int | None:
        if not (self.plot.top() <= point.y() < self.plot.top() + self.rows * self.row_height):
            return None
        return int((point.y() - self.plot.top()) // self.row_height)


def _value(row, name: str) -> float | None:
    value = getattr(row, name, None)
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def axis_extent(rows) -> float:
    """Half-width of the axis: the widest interval end, rounded up, at least 1."""
    ends = [
        abs(v)
        for r in rows
        for v in (_value(r, "position_low"), _value(r, "position_high"), _value(r, "position"))
        if v is not None
    ]
    return float(max(1, math.ceil(max(ends, default=1.0))))


def paint_position_strip(
    painter: QPainter,
    rect: QRectF,
    rows,
    *,
    font: QFont | None = None,
    selected: int | None = None,
    visible: QRectF | None = None,
    label_width: float | None = None,
    extent: float | None = None,
) -> StripLayout:
    """Draw one line per row: name, interval whisker and a dot at the position.

    ``visible``: only rows crossing it are drawn (a widget's exposed part); ``label_width``
    and ``extent``: measured earlier, since going over thousands of rows is the slow part.
    """
    font = QFont(font or painter.font())
    fm = QFontMetricsF(font)
    rows = list(rows)
    names = [r.name or "(unnamed)" for r in rows] or [""]
    label_w = label_width if label_width is not None else strip_label_width(rows, font, rect)
    head_h = fm.height() * 1.5
    foot_h = fm.height() * 1.6
    row_h = max(
        fm.height() + 2,
        min(fm.height() * 1.5, (rect.height() - head_h - foot_h) / max(1, len(rows))),
    )
    plot = QRectF(
        rect.left() + label_w,
        rect.top() + head_h,
        rect.width() - label_w - fm.height() * 0.5,
        row_h * len(rows),
    )
    layout = StripLayout(plot, row_h, len(rows), extent or axis_extent(rows))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setFont(font)
    _paint_axis(painter, layout, font, rect)
    first, last = 0, len(rows)
    if visible is not None and row_h:
        first = max(0, int((visible.top() - plot.top()) // row_h))
        last = min(len(rows), int((visible.bottom() - plot.top()) // row_h) + 2)
    for i in range(first, last):
        _paint_row(painter, layout, i, rows[i], names[i], label_w, fm, selected == i)
    painter.restore()
    return layout


def strip_label_width(rows, font: QFont, rect: QRectF) -> float:
    fm = QFontMetricsF(font)
    names = [r.name or "(unnamed)" for r in rows]
    return min(widest(fm, names) + fm.height(), rect.width() * 0.34)


def _paint_axis(painter: QPainter, layout: StripLayout, font: QFont, rect: QRectF) -> None:
    small = smaller(font)
    fm = QFontMetricsF(small)
    painter.setFont(small)
    plot = layout.plot
    painter.setPen(INK)
    top = QRectF(plot.left(), rect.top(), plot.width(), fm.height() * 1.3)
    painter.drawText(
        top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "← Centralisation"
    )
    painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "Localism →")
    painter.setPen(QPen(AXIS, 1.0, Qt.PenStyle.DashLine))
    zero = layout.x_of(0.0)
    painter.drawLine(QPointF(zero, plot.top()), QPointF(zero, plot.bottom()))
    painter.setPen(QPen(AXIS, 1.0))
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
    step = 1.0 if layout.extent <= 4 else float(math.ceil(layout.extent / 4))
    tick = -layout.extent
    while tick <= layout.extent + 1e-9:
        x = layout.x_of(tick)
        painter.setPen(QPen(AXIS, 1.0))
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
        painter.setPen(MUTED)
        label = (f"{tick:+g}" if tick else "0").replace("-", "\u2212")
        w = fm.horizontalAdvance(label)
        painter.drawText(QPointF(x - w / 2, plot.bottom() + 4 + fm.ascent()), label)
        tick += step
    painter.setFont(font)


def _paint_row(
    painter,
    layout: StripLayout,
    i: int,
    row,
    name: str,
    label_w: float,
    fm: QFontMetricsF,
    selected: bool,
) -> None:
    y = layout.plot.top() + (i + 0.5) * layout.row_height
    box = QRectF(
        layout.plot.left() - label_w,
        y - layout.row_height / 2,
        label_w - fm.height() * 0.5,
        layout.row_height,
    )
    if selected:
        painter.fillRect(
            QRectF(box.left(), box.top(), label_w + layout.plot.width(), box.height()),
            QColor(0, 0, 0, 18),
        )
    painter.setPen(INK)
    text = fm.elidedText(name, Qt.TextElideMode.ElideRight, box.width())
    painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
    position = _value(row, "position")
    if position is None:
        return
    low, high = _value(row, "position_low"), _value(row, "position_high")
    painter.setPen(QPen(MUTED, 1.3))
    if low is not None and high is not None:
        x0, x1 = layout.x_of(low), layout.x_of(high)
        cap = layout.row_height * 0.18
        painter.drawLine(QPointF(x0, y), QPointF(x1, y))
        painter.drawLine(QPointF(x0, y - cap), QPointF(x0, y + cap))
        painter.drawLine(QPointF(x1, y - cap), QPointF(x1, y + cap))
    radius = max(3.0, layout.row_height * 0.2)
    painter.setPen(QPen(INK, 0.8))
    painter.setBrush(stance_color(math.tanh(position / 1.5), 1.0, True))
    painter.drawEllipse(QPointF(layout.x_of(position), y), radius, radius)


def preferred_strip_height(rows, font: QFont) -> float:
    fm = QFontMetricsF(font)
    return fm.height() * (1.5 * len(list(rows)) + 3.3)
