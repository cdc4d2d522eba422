"""The map: positions heatmap and position strip, with the rows switch.

The widgets only paint with :mod:`gui.drawing` and translate mouse positions through the
layouts those routines return, so what is clickable is exactly what is drawn.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gui.drawing.heatmap import ALL_TITLE, cell_of, paint_heatmap, preferred_height
from gui.drawing.strip import paint_position_strip, preferred_strip_height


def paint_card(painter: QPainter, widget: QWidget) -> None:
    """Charts sit on white in every theme, as on the printed page they must match."""
    painter.fillRect(widget.rect(), QColor("white"))


def cell_tooltip(row, issue: str) -> str:
    n, score, low, high = cell_of(row, issue)
    title = ALL_TITLE if issue == "all" else issue
    if not n:
        return f"<b>{row.name}</b> · {title}<br>no passages"
    interval = "" if low is None else f"<br>95% interval {low:+.2f} to {high:+.2f}"
    return (
        f"<b>{row.name}</b> · {title}<br>{n} passage{'s' if n != 1 else ''},"
        f" mean stance {score:+.2f}{interval}<br><i>Click to show these passages</i>"
    )


class HeatmapWidget(QWidget):
    cell_clicked = Signal(int, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix = None
        self.selected: tuple[int, str] | None = None
        self.layout_ = None
        self.setMouseTracking(True)

    def set_matrix(self, matrix) -> None:
        """Show a new matrix, keeping the selected cell if its row is still there."""
        old = self.matrix
        name = None
        if old is not None and self.selected is not None and self.selected[0] < len(old.rows):
            name = old.rows[self.selected[0]].name
        issue = self.selected[1] if self.selected else None
        self.matrix = matrix
        self.selected = None
        if matrix is not None and name is not None:
            index = next((i for i, r in enumerate(matrix.rows) if r.name == name), None)
            self.selected = None if index is None else (index, issue)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        if self.matrix is None or not self.matrix.rows:
            return QSize(300, 80)
        return QSize(400, int(preferred_height(self.matrix, self.font())) + 8)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        paint_card(painter, self)
        if self.matrix is None or not self.matrix.rows:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No positions yet")
            return
        rect = QRectF(self.rect()).adjusted(6, 4, -6, -4)
        self.layout_ = paint_heatmap(
            painter, rect, self.matrix, font=self.font(), selected=self.selected
        )
        painter.end()

    def _hit(self, point: QPointF):
        if self.layout_ is None or self.matrix is None:
            return None
        hit = self.layout_.cell_at(point)
        if hit is None:
            row = self.layout_.row_at(point)
            hit = (row, "all") if row is not None else None
        return hit

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position())
        if hit is None:
            issue = self._header_at(event.position())
            if issue:
                QToolTip.showText(event.globalPosition().toPoint(), issue, self)
            else:
                QToolTip.hideText()
            return
        QToolTip.showText(
            event.globalPosition().toPoint(), cell_tooltip(self.matrix.rows[hit[0]], hit[1]), self
        )

    def _header_at(self, point: QPointF) -> str | None:
        """The full name of the issue whose (possibly shortened) header is above ``point``."""
        lay = self.layout_
        if lay is None or point.y() >= lay.grid.top():
            return None
        for column, name in enumerate(lay.columns):
            left = lay.column_left(column)
            if left <= point.x() < left + lay.cell_width:
                return ALL_TITLE if name == "all" else name
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.selected = hit
            self.update()
            self.cell_clicked.emit(*hit)


class StripWidget(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows = []

    def set_rows(self, rows) -> None:
        self.rows = sorted(rows, key=lambda r: (r.position is None, r.position or 0.0))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, int(preferred_strip_height(self.rows, self.font())) + 8)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        if not self.rows:
            return
        painter = QPainter(self)
        paint_card(painter, self)
        paint_position_strip(
            painter, QRectF(self.rect()).adjusted(6, 4, -6, -4), self.rows, font=self.font()
        )
        painter.end()


class MapView(QWidget):
    rows_changed = Signal(str)  # "actors" | "documents"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        heading = QLabel("Positions")
        heading.setObjectName("panelHeading")
        self.by_actor = QRadioButton("Actors")
        self.by_document = QRadioButton("Documents")
        self.by_actor.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_actor)
        group.addButton(self.by_document)
        self.by_actor.toggled.connect(
            lambda on: self.rows_changed.emit("actors" if on else "documents")
        )
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.heatmap = HeatmapWidget()
        self.strip = StripWidget()
        strip_heading = QLabel(
            "Position on the centralisation–localism axis (log-odds, 95% interval)"
        )
        strip_heading.setObjectName("subHeading")
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.heatmap)
        inner.addWidget(strip_heading)
        inner.addWidget(self.strip)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(QLabel("Rows:"))
        top.addWidget(self.by_actor)
        top.addWidget(self.by_document)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)

    @property
    def rows(self) -> str:
        return "actors" if self.by_actor.isChecked() else "documents"

    def set_matrix(self, matrix, note: str = "") -> None:
        self.heatmap.set_matrix(matrix)
        self.strip.set_rows(matrix.rows if matrix is not None else [])
        self.note.setText(note)
        self.note.setVisible(bool(note))
