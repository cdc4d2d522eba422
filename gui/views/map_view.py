"""The map: positions heatmap and position strip, with the rows switch.

The widgets only paint with :mod:`gui.drawing` and translate mouse positions through the
layouts those routines return, so what is clickable is exactly what is drawn. Both paint
only the rows in view, so a corpus with thousands of speakers repaints as fast as a small
one, and :class:`RowChoice` puts the rows that matter first (most passages, a search, a
minimum number of passages) and keeps them in place while the user labels.
"""

from __future__ import annotations

import copy
import dataclasses

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gui.drawing.heatmap import (
    ALL_TITLE,
    cell_of,
    heatmap_layout,
    paint_heatmap,
    preferred_height,
)
from gui.drawing.strip import (
    axis_extent,
    paint_position_strip,
    preferred_strip_height,
    strip_label_width,
)

SORTS = {"passages": "Most passages", "position": "Centralist to localist", "name": "Name"}
KINDS = {
    "speakers": ("People and organisations", ("person", "organisation", "")),
    "outlets": ("Outlets", ("outlet",)),
    "unattributed": ("Unattributed text", ("unattributed",)),
    "all": ("All rows", None),
}
"""Actor rows by kind: outlets publish what others say, so they are kept apart by default."""
DEFAULT_MIN_N = 3


class RowChoice:
    """Which rows the map shows, in which order, kept stable while the user labels.

    The order is fixed when the rows or the sort change; a refreshed matrix (after a label)
    keeps every known row where it was and appends new ones, so the row the user is working
    on never jumps. Filters (search, minimum n) only hide rows, they never reorder.
    """

    def __init__(self) -> None:
        self.sort = "passages"
        self.min_n = DEFAULT_MIN_N
        self.search = ""
        self.kinds: tuple[str, ...] | None = KINDS["speakers"][1]
        self._rank: dict[str, int] = {}
        self._kind: str | None = None

    def reset(self) -> None:
        self._rank = {}

    def choose(self, matrix) -> list:
        """The rows of ``matrix`` to show, in display order."""
        if matrix is None:
            return []
        kind = getattr(matrix, "row_kind", None)
        if kind != self._kind:
            self._kind, self._rank = kind, {}
        fresh = [r for r in matrix.rows if _row_key(r) not in self._rank]
        for row in sorted(fresh, key=self._key):
            self._rank[_row_key(row)] = len(self._rank)
        wanted = self.search.casefold().strip()
        kinds = self.kinds if kind == "actors" else None
        shown = [
            r
            for r in matrix.rows
            if r.n >= self.min_n
            and (kinds is None or getattr(r, "kind", "") in kinds)
            and (not wanted or wanted in r.name.casefold())
        ]
        return sorted(shown, key=lambda r: self._rank[_row_key(r)])

    def _key(self, row):
        if self.sort == "position":
            return (row.position is None, row.position or 0.0, row.name.casefold())
        if self.sort == "name":
            return (row.name.casefold(),)
        return (-row.n, row.name.casefold())


def _row_key(row) -> str:
    return getattr(row, "key", None) or row.name


def shown_matrix(matrix, rows: list):
    """A shallow copy of ``matrix`` holding only ``rows`` (the heatmap's row indices).
    Not ``copy.copy``: the matrix pickles itself row by row for the trip from its child
    process, and a copy would take that path (70 ms at 2,000 rows, on the window's thread)."""
    if dataclasses.is_dataclass(matrix):
        return dataclasses.replace(matrix, rows=rows)
    view = copy.copy(matrix)
    view.rows = rows
    return view


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
        self._layout_key = None
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
        key = (id(self.matrix), rect.width(), rect.height(), self.font().key())
        if key != self._layout_key:  # measuring thousands of labels: once per size
            self.layout_ = heatmap_layout(rect, self.matrix, self.font())
            self._layout_key = key
        self.layout_ = paint_heatmap(
            painter,
            rect,
            self.matrix,
            font=self.font(),
            selected=self.selected,
            visible=QRectF(event.rect()),
            layout=self.layout_,
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
        self._extent = 1.0

    def set_rows(self, rows) -> None:
        self.rows = sorted(rows, key=lambda r: (r.position is None, r.position or 0.0))
        self._extent = axis_extent(self.rows)
        self._label_key = None
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
        rect = QRectF(self.rect()).adjusted(6, 4, -6, -4)
        key = (id(self.rows), rect.width(), self.font().key())
        if key != getattr(self, "_label_key", None):
            self._label_w = strip_label_width(self.rows, self.font(), rect)
            self._label_key = key
        paint_position_strip(
            painter,
            rect,
            self.rows,
            font=self.font(),
            visible=QRectF(event.rect()),
            label_width=self._label_w,
            extent=self._extent,
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
        self.choice = RowChoice()
        self.full = None
        self._note = ""
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
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(content)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(QLabel("Rows:"))
        top.addWidget(self.by_actor)
        top.addWidget(self.by_document)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self._filters())
        layout.addWidget(self.note)
        layout.addWidget(self.scroll, 1)

    def _filters(self) -> QHBoxLayout:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a row…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.min_n = QSpinBox()
        self.min_n.setRange(1, 100_000)
        self.min_n.setValue(DEFAULT_MIN_N)
        self.min_n.setPrefix("n ≥ ")
        self.min_n.setToolTip("Hide rows with fewer passages than this")
        self.min_n.valueChanged.connect(self._min_n_changed)
        self.sort = QComboBox()
        for key, title in SORTS.items():
            self.sort.addItem(title, key)
        self.sort.setToolTip("Order of the rows; it stays put while you label until changed")
        self.sort.currentIndexChanged.connect(self._sort_changed)
        self.kind = QComboBox()
        for key, (title, _) in KINDS.items():
            self.kind.addItem(title, key)
        self.kind.setToolTip("Which actors to show: outlets and unattributed text apart")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.kind)
        row.addWidget(self.min_n)
        row.addWidget(self.sort)
        return row

    def _kind_changed(self, _index: int) -> None:
        self.choice.kinds = KINDS[self.kind.currentData()][1]
        self._show()

    def _search_changed(self, text: str) -> None:
        self.choice.search = text
        self._show()

    def _min_n_changed(self, value: int) -> None:
        self.choice.min_n = value
        self._show()

    def _sort_changed(self, _index: int) -> None:
        self.choice.sort = self.sort.currentData()
        self.choice.reset()
        self._show()

    @property
    def rows(self) -> str:
        return "actors" if self.by_actor.isChecked() else "documents"

    def set_matrix(self, matrix, note: str = "") -> None:
        """Show a freshly computed matrix; rows already on screen keep their places."""
        self.full = matrix
        self._note = note
        self._show()

    def _show(self) -> None:
        matrix = self.full
        rows = self.choice.choose(matrix)
        self.heatmap.set_matrix(shown_matrix(matrix, rows) if matrix is not None else None)
        self.strip.set_rows(rows)
        total = len(matrix.rows) if matrix is not None else 0
        hidden = (
            ""
            if len(rows) == total
            else (
                f"Showing {len(rows):,} of {total:,} rows ({self.kind.currentText().lower()}, "
                f"n ≥ {self.choice.min_n}"
                f"{', matching the search' if self.choice.search.strip() else ''})."
            )
        )
        text = " ".join(t for t in (self._note, hidden) if t)
        self.note.setText(text)
        self.note.setVisible(bool(text))
