"""The document list: a title, a byline and a stance-mix bar per document."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from analysis.corpus import LABELS
from gui.drawing.palette import NEUTRAL, label_color, mix
from gui.models.document_list_model import MixRole, SubtitleRole


def paint_mix_bar(painter: QPainter, rect: QRectF, counts) -> None:
    """Stacked bar of centralist / neutral / localist passages (page noise left out)."""
    total = sum(counts.get(k, 0) for k in LABELS)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    if not total:
        painter.setBrush(mix(NEUTRAL, painter.background().color(), 0.6))
        painter.drawRoundedRect(rect, 2, 2)
        painter.restore()
        return
    x = rect.left()
    for label in LABELS:
        w = rect.width() * counts.get(label, 0) / total
        if w > 0:
            painter.setBrush(label_color(label))
            painter.drawRect(QRectF(x, rect.top(), w, rect.height()))
        x += w
    painter.restore()


class DocumentDelegate(QStyledItemDelegate):
    def sizeHint(self, option, index) -> QSize:
        fm = QFontMetricsF(option.font)
        return QSize(200, int(fm.height() * 3.3 + 10))

    def paint(self, painter: QPainter, option, index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option_text, option.text = option.text, ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        fm = QFontMetricsF(option.font)
        r = QRectF(option.rect).adjusted(8, 5, -8, -5)
        painter.save()
        bold = option.font
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(option.palette.color(role))
        title = QFontMetricsF(bold).elidedText(option_text, Qt.TextElideMode.ElideRight, r.width())
        painter.drawText(QRectF(r.left(), r.top(), r.width(), fm.height()), title)
        bold.setBold(False)
        painter.setFont(bold)
        painter.setPen(
            option.palette.color(role if selected else QPalette.ColorRole.PlaceholderText)
        )
        sub = fm.elidedText(index.data(SubtitleRole) or "", Qt.TextElideMode.ElideRight, r.width())
        painter.drawText(QRectF(r.left(), r.top() + fm.height(), r.width(), fm.height()), sub)
        bar = QRectF(r.left(), r.top() + fm.height() * 2.35, r.width(), fm.height() * 0.55)
        paint_mix_bar(painter, bar, index.data(MixRole) or {})
        painter.restore()


class DocumentListView(QWidget):
    """The list plus a banner that says when a matrix cell is filtering it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Documents")
        self.heading.setObjectName("panelHeading")
        self.list = QListView()
        self.list.setItemDelegate(DocumentDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setAlternatingRowColors(False)
        self.filter_label = QLabel()
        self.filter_label.setWordWrap(True)
        self.clear_filter = QPushButton("Show all")
        self.filter_bar = QWidget()
        bar = QHBoxLayout(self.filter_bar)
        bar.setContentsMargins(6, 4, 6, 4)
        bar.addWidget(self.filter_label, 1)
        bar.addWidget(self.clear_filter)
        self.filter_bar.setObjectName("filterBar")
        self.filter_bar.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.list, 1)

    def show_filter(self, text: str | None) -> None:
        self.filter_bar.setVisible(bool(text))
        self.filter_label.setText(text or "")
