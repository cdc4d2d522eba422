"""Figures on the page: the shared heatmap and strip routines, plus the stance bars.

Charts are drawn in a painter scaled so that one unit is one typographic point: the shared
routines in ``gui.drawing`` size pens and gaps in units meant for a screen, and at 300 dpi
those would be hair-thin. Fonts here are pixel-sized for the same reason.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from analysis.report.content import Figure, StanceCounts
from gui.drawing.heatmap import heatmap_layout, paint_heatmap
from gui.drawing.palette import stance_color_print, text_color_on
from gui.drawing.strip import paint_position_strip
from gui.report.styles import INK, MUTED, RULE

SEGMENTS = (
    ("centralist", -1.0, "Centralist"),
    ("neutral", 0.0, "Neutral"),
    ("localist", 1.0, "Localist"),
)


def natural_height(figure: Figure, width: float, font: QFont) -> float | None:
    """The height (in points) a chart needs at its comfortable row height, so figures with
    few rows do not leave half a page empty; None when the chart simply fills its box."""
    fm = QFontMetricsF(font)
    rows = len(figure.data) if isinstance(figure.data, list) else None
    if figure.kind == "matrix":
        layout = heatmap_layout(QRectF(0, 0, width, 1e5), figure.data, font, full_headers=True)
        return layout.grid.bottom() + fm.height() * 3.4
    if figure.kind == "strip" and rows is not None:
        return fm.height() * (1.5 * rows + 3.4)
    if figure.kind == "stance_bars" and rows is not None:
        return fm.height() * (1.9 * rows + 2.4)
    return None


def paint_figure(painter: QPainter, rect: QRectF, figure: Figure, font: QFont) -> None:
    """Draw ``figure`` into ``rect`` (in points; the painter is already scaled)."""
    if figure.kind == "matrix":
        paint_heatmap(painter, rect, figure.data, font=font, print_safe=True, full_headers=True)
    elif figure.kind == "strip":
        paint_position_strip(painter, rect, figure.data, font=font)
    elif figure.kind == "stance_bars":
        paint_stance_bars(painter, rect, figure.data, font)
    else:
        painter.setPen(MUTED)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"({figure.kind} figure)")


def segment_brush(label: str) -> QBrush:
    """Fill for one label: the print scale, whose lightness alone orders centralist (dark),
    neutral (mid) and localist (light), so the bars read in grey-scale print."""
    score = dict((k, s) for k, s, _ in SEGMENTS)[label]
    return QBrush(stance_color_print(score))


def paint_stance_bars(
    painter: QPainter, rect: QRectF, rows: list[StanceCounts], font: QFont
) -> None:
    """One horizontal bar per document, split by label, each segment labelled with its count."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setFont(font)
    fm = QFontMetricsF(font)
    names = [r.name for r in rows] or [""]
    label_w = min(max(fm.horizontalAdvance(n) for n in names) + fm.height(), rect.width() * 0.38)
    legend_h = fm.height() * 2.0
    total_w = fm.horizontalAdvance("0000") + fm.height()
    bar_area = QRectF(
        rect.left() + label_w,
        rect.top() + legend_h,
        rect.width() - label_w - total_w,
        rect.height() - legend_h,
    )
    row_h = min(fm.height() * 1.9, bar_area.height() / max(1, len(rows)))
    _paint_bar_legend(painter, QRectF(bar_area.left(), rect.top(), bar_area.width(), legend_h), fm)
    for i, row in enumerate(rows):
        y = bar_area.top() + i * row_h
        box = QRectF(rect.left(), y, label_w - fm.height() * 0.5, row_h)
        painter.setPen(INK)
        painter.drawText(
            box,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(row.name, Qt.TextElideMode.ElideRight, box.width()),
        )
        _paint_bar(
            painter,
            QRectF(bar_area.left(), y + row_h * 0.14, bar_area.width(), row_h * 0.72),
            row,
            fm,
        )
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(bar_area.right(), y, total_w, row_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{row.total:,}",
        )
    painter.restore()


def _paint_bar(painter: QPainter, bar: QRectF, row: StanceCounts, fm: QFontMetricsF) -> None:
    x = bar.left()
    for label, _, _ in SEGMENTS:
        count = getattr(row, label)
        if not count or not row.total:
            continue
        w = bar.width() * count / row.total
        seg = QRectF(x, bar.top(), w, bar.height())
        brush = segment_brush(label)
        painter.setPen(QPen(QColor("white"), 0.8))
        painter.setBrush(brush)
        painter.drawRect(seg)
        text = str(count)
        if fm.horizontalAdvance(text) + 4 <= w:
            painter.setPen(text_color_on(brush.color()))
            painter.drawText(seg, Qt.AlignmentFlag.AlignCenter, text)
        x += w


def _paint_bar_legend(painter: QPainter, rect: QRectF, fm: QFontMetricsF) -> None:
    x = rect.left()
    size = fm.height() * 0.75
    for label, _, title in SEGMENTS:
        swatch = QRectF(x, rect.top() + (fm.height() - size) / 2, size, size)
        painter.setPen(QPen(RULE, 0.6))
        painter.setBrush(segment_brush(label))
        painter.drawRect(swatch)
        painter.setPen(INK)
        painter.drawText(QPointF(swatch.right() + size * 0.5, rect.top() + fm.ascent()), title)
        x = swatch.right() + size * 0.5 + fm.horizontalAdvance(title) + fm.height() * 1.2
    painter.setPen(MUTED)
    painter.drawText(
        QPointF(x, rect.top() + fm.ascent()), "Figures: passages per label; right: total."
    )
