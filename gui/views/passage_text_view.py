"""The annotated text: a document with its passages tinted by stance.

Tints are character formats laid once per document; the selected passage is outlined and
its evidence terms marked with extra selections, so moving through passages never re-lays
the whole text. Manual labels get a solid bar and a tick in the left margin; predictions a
paler tint whose strength follows the model's confidence; page noise is grey text.
"""

from __future__ import annotations

import bisect
import re

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextEdit

from gui.drawing import palette
from gui.drawing.palette import BOILERPLATE_TEXT, label_color

GUTTER = 26
KEY_COMMANDS = {
    Qt.Key.Key_1: "centralist",
    Qt.Key.Key_2: "neutral",
    Qt.Key.Key_3: "localist",
    Qt.Key.Key_Return: "accept",
    Qt.Key.Key_Enter: "accept",
    Qt.Key.Key_B: "boilerplate",
    Qt.Key.Key_J: "next",
    Qt.Key.Key_Down: "next",
    Qt.Key.Key_K: "previous",
    Qt.Key.Key_Up: "previous",
    Qt.Key.Key_U: "uncertain",
    Qt.Key.Key_0: "clear",
    Qt.Key.Key_Backspace: "clear",
}


def passage_tint(record) -> QColor | None:
    """Background for a passage in running text (page noise has none)."""
    if record.boilerplate:
        return None
    return palette.passage_tint(record.score, record.confidence, record.source == "manual")


def evidence_pattern(terms) -> re.Pattern | None:
    """Match evidence terms as word starts, so a stem like 'council' marks 'councils' too."""
    words = [t.replace("_", " ").strip() for t, _w in terms if t and t.strip("_ ")]
    words = [w for w in words if len(w) > 1]
    if not words:
        return None
    alternatives = "|".join(
        re.escape(w).replace(r"\ ", r"\W+") for w in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


class PassageTextView(QTextEdit):
    passage_selected = Signal(int)
    key_command = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(GUTTER)
        self._records: dict[int, object] = {}
        self._starts: list[int] = []
        self._order: list[int] = []
        self._utf16: list[int] | None = None
        self._filter: set[int] | None = None
        self.selected: int | None = None

    # -- content -------------------------------------------------------------------
    def show_document(self, text: str, records, visible: set[int] | None = None) -> None:
        self._filter = visible
        self._utf16 = _utf16_map(text)
        self.selected = None
        self.setExtraSelections([])
        # setPlainText types the new text in the cursor's current format, which may be the
        # tint of the passage selected in the previous document; start from a blank format
        # so the gaps between passages stay untinted.
        self.setCurrentCharFormat(QTextCharFormat())
        self.setPlainText(text)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setCharFormat(QTextCharFormat())
        self._set_records(records)
        self.verticalScrollBar().setValue(0)

    def _set_records(self, records) -> None:
        ordered = sorted(records, key=lambda r: r.start)
        self._records = {r.id: r for r in ordered}
        self._order = [r.id for r in ordered]
        self._starts = [r.start for r in ordered]
        self.update_records(ordered)

    def set_filter(self, visible: set[int] | None) -> None:
        self._filter = visible
        self.update_records(list(self._records.values()))

    def update_records(self, records) -> None:
        """Re-tint these passages (after an edit or new predictions)."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for record in records:
            if record.id not in self._records:
                continue
            self._records[record.id] = record
            cursor.setPosition(self._pos(record.start))
            cursor.setPosition(self._pos(record.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(self._format(record))
        cursor.endEditBlock()
        if self.selected in self._records:
            self._mark_selected()
        self.viewport().update()

    def _format(self, record) -> QTextCharFormat:
        fmt = QTextCharFormat()
        dimmed = self._filter is not None and record.id not in self._filter
        if record.boilerplate:
            fmt.setForeground(BOILERPLATE_TEXT)
            fmt.setFontItalic(True)
        elif dimmed:
            fmt.setForeground(QColor("#8a8a8a"))
        else:
            tint = passage_tint(record)
            if tint is not None:
                fmt.setBackground(tint)
                fmt.setForeground(QColor("#1a1a1a"))
        return fmt

    def _pos(self, offset: int) -> int:
        if self._utf16 is None:
            return min(offset, self.document().characterCount() - 1)
        return self._utf16[min(offset, len(self._utf16) - 1)]

    # -- selection -----------------------------------------------------------------
    def passage_ids(self) -> list[int]:
        return [pid for pid in self._order if self._filter is None or pid in self._filter]

    def select_passage(self, passage_id: int | None, *, emit: bool = True) -> None:
        if passage_id not in self._records:
            return
        self.selected = passage_id
        self._mark_selected()
        record = self._records[passage_id]
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._pos(record.end))
        self.setTextCursor(cursor)
        cursor.setPosition(self._pos(record.start))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.viewport().update()
        if emit:
            self.passage_selected.emit(passage_id)

    def _mark_selected(self) -> None:
        record = self._records[self.selected]
        selections = []
        pattern = evidence_pattern(record.evidence) if not record.boilerplate else None
        if pattern is not None:
            for match in pattern.finditer(record.text):
                sel = QTextEdit.ExtraSelection()
                sel.cursor = QTextCursor(self.document())
                sel.cursor.setPosition(self._pos(record.start + match.start()))
                sel.cursor.setPosition(
                    self._pos(record.start + match.end()), QTextCursor.MoveMode.KeepAnchor
                )
                sel.format.setFontWeight(QFont.Weight.Bold)
                sel.format.setFontUnderline(True)
                sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                selections.append(sel)
        self.setExtraSelections(selections)

    def passage_at(self, position: int) -> int | None:
        offset = position if self._utf16 is None else bisect.bisect_right(self._utf16, position) - 1
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0:
            record = self._records[self._order[i]]
            if record.start <= offset < max(record.end, record.start + 1):
                return record.id
        return None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            pid = self.passage_at(self.cursorForPosition(event.position().toPoint()).position())
            if pid is not None:
                self.select_passage(pid)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        command = KEY_COMMANDS.get(Qt.Key(event.key()))
        plain = not (event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier))
        if command and plain:
            self.key_command.emit(command)
            event.accept()
            return
        super().keyPressEvent(event)

    # -- painting ------------------------------------------------------------------
    def _span_rect(self, record) -> QRectF:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._pos(record.start))
        top = self.cursorRect(cursor)
        cursor.setPosition(self._pos(max(record.start, record.end - 1)))
        bottom = self.cursorRect(cursor)
        return QRectF(
            GUTTER - 6,
            top.top() - 2,
            self.viewport().width() - 2 * GUTTER + 10,
            bottom.bottom() - top.top() + 4,
        )

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        visible = QRectF(self.viewport().rect())
        for pid in self._order:
            record = self._records[pid]
            if record.source != "manual" or record.boilerplate:
                continue
            box = self._span_rect(record)
            if not box.intersects(visible):
                continue
            painter.fillRect(
                QRectF(6, box.top() + 2, 5, box.height() - 4), label_color(record.label)
            )
            painter.setPen(QColor("#333333"))
            painter.drawText(
                QRectF(12, box.top(), GUTTER - 12, 18), Qt.AlignmentFlag.AlignCenter, "✓"
            )
        if self.selected in self._records:
            box = self._span_rect(self._records[self.selected])
            painter.setPen(QPen(self.palette().color(self.palette().ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box, 4, 4)
        painter.end()


def _utf16_map(text: str) -> list[int] | None:
    """Python offsets to Qt (UTF-16) positions, needed only when the text has astral characters."""
    if all(ord(c) < 0x10000 for c in text):
        return None
    positions, pos = [], 0
    for c in text:
        positions.append(pos)
        pos += 2 if ord(c) >= 0x10000 else 1
    positions.append(pos)
    return positions
