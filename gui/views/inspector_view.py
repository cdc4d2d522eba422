"""The passage inspector: probabilities, evidence, actor, issues and the annotation history."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QPainter
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from analysis.corpus import LABELS
from gui.drawing.palette import label_color

BUTTONS = (
    ("Centralist", "1", "centralist"),
    ("Neutral", "2", "neutral"),
    ("Localist", "3", "localist"),
    ("Accept", "↵", "accept"),
    ("Noise", "B", "boilerplate"),
)


class ProbabilityBars(QWidget):
    """Three labelled bars, one per class, the predicted one in bold."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.values: dict[str, float] = {}
        self.predicted: str | None = None

    def set_values(self, values: dict[str, float], predicted: str | None) -> None:
        self.values, self.predicted = values, predicted
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, int(QFontMetricsF(self.font()).height() * 3.9))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        fm = QFontMetricsF(self.font())
        label_w = fm.horizontalAdvance("Centralist") + 10
        pct_w = fm.horizontalAdvance("100%") + 8
        row_h = self.height() / 3
        for i, label in enumerate(LABELS):
            y = i * row_h
            font = self.font()
            font.setBold(label == self.predicted)
            painter.setFont(font)
            painter.setPen(self.palette().color(self.palette().ColorRole.WindowText))
            painter.drawText(
                QRectF(0, y, label_w, row_h), Qt.AlignmentFlag.AlignVCenter, label.capitalize()
            )
            track = QRectF(label_w, y + row_h * 0.25, self.width() - label_w - pct_w, row_h * 0.5)
            painter.fillRect(track, self.palette().color(self.palette().ColorRole.Midlight))
            value = self.values.get(label)
            if value is not None:
                painter.fillRect(
                    QRectF(track.left(), track.top(), track.width() * value, track.height()),
                    label_color(label),
                )
                painter.drawText(
                    QRectF(track.right(), y, pct_w, row_h),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    f"{value:.0%}",
                )
        painter.end()


class InspectorView(QScrollArea):
    edit_requested = Signal(dict)  # fields for session.annotate
    command_requested = Signal(str)  # a key command, from the buttons

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        self.title = QLabel("No passage selected")
        self.title.setObjectName("inspectorTitle")
        self.title.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bars = ProbabilityBars()
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.evidence.setTextFormat(Qt.TextFormat.RichText)
        self.actor = QLineEdit()
        self.actor.setPlaceholderText("Who is speaking (Enter to save)")
        self._actor_names = QStringListModel(self)
        completer = QCompleter(self._actor_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.actor.setCompleter(completer)
        self.actor_method = QLabel()
        self.issues = QListWidget()
        self.issues.setMaximumHeight(112)
        self.history = QTreeWidget()
        self.history.setHeaderLabels(["When", "Coder", "Change"])
        self.history.setRootIsDecorated(False)
        self.history.setMaximumHeight(140)
        self.buttons = QWidget()
        grid = QGridLayout(self.buttons)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, (text, key, command) in enumerate(BUTTONS):
            button = QPushButton(f"{text}  {key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"{text} (key {key})")
            button.clicked.connect(lambda _=False, c=command: self.command_requested.emit(c))
            grid.addWidget(button, 0, i)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Probabilities", self.bars)
        form.addRow("Evidence", self.evidence)
        form.addRow("Actor", self.actor)
        form.addRow("", self.actor_method)
        form.addRow("Issues", self.issues)
        form.addRow("History", self.history)
        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        layout.addLayout(form)
        layout.addStretch(1)
        self._record = None
        self._loading = False
        self.actor.editingFinished.connect(self._actor_edited)
        self.issues.itemChanged.connect(self._issue_toggled)
        self.show_passage(None)

    def set_vocabulary(self, actors, issues) -> None:
        self._actor_names.setStringList(list(actors))
        self._issue_names = list(issues)

    def show_passage(self, record, document_title: str = "", history=()) -> None:
        self._record = record
        self._loading = True
        enabled = record is not None
        for w in (self.actor, self.issues, self.buttons):
            w.setEnabled(enabled)
        if record is None:
            self.title.setText("<b>No passage selected</b>")
            self.status.setText("Click a passage, or press J to start.")
            self.bars.set_values({}, None)
            self.evidence.setText("")
            self.actor.setText("")
            self.actor_method.setText("")
            self.issues.clear()
            self.history.clear()
            self._loading = False
            return
        self.title.setText(f"<b>Passage {record.seq + 1}</b> · {_esc(document_title)}")
        self.status.setText(status_text(record))
        probs = (
            {}
            if record.p_centralist is None
            else {
                "centralist": record.p_centralist,
                "neutral": record.p_neutral,
                "localist": record.p_localist,
            }
        )
        self.bars.set_values(probs, record.predicted_label)
        self.evidence.setText(evidence_html(record.evidence))
        self.actor.setText(record.actor)
        self.actor_method.setText(f"<small>{method_text(record.actor_method)}</small>")
        self._fill_issues(record)
        self._fill_history(history)
        self._loading = False

    def _fill_issues(self, record) -> None:
        self.issues.clear()
        names = list(dict.fromkeys([*getattr(self, "_issue_names", []), *record.issues]))
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = name in record.issues
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.issues.addItem(item)

    def _fill_history(self, history) -> None:
        self.history.clear()
        for row in reversed(list(history)):
            when = row.created_at.replace("T", " ")[:16]
            QTreeWidgetItem(self.history, [when, row.coder, change_text(row)])
        for column in range(3):
            self.history.resizeColumnToContents(column)

    def _actor_edited(self) -> None:
        if self._record is not None and not self._loading:
            text = self.actor.text().strip()
            if text != self._record.actor:
                self.edit_requested.emit({"actor": text})

    def _issue_toggled(self, _item) -> None:
        if self._record is None or self._loading:
            return
        chosen = [
            self.issues.item(i).text()
            for i in range(self.issues.count())
            if self.issues.item(i).checkState() == Qt.CheckState.Checked
        ]
        self.edit_requested.emit({"issues": chosen})


def status_text(record) -> str:
    if record.boilerplate:
        return "Page noise: left out of stance and positions. Press B to include it."
    if record.source == "manual":
        auto = f"; the model says {record.predicted_label}" if record.predicted_label else ""
        return f"<b>{record.label.capitalize()}</b>, coded by hand{auto}."
    if record.source == "model":
        return (
            f"<b>{record.label.capitalize()}</b>, predicted with {record.confidence:.0%}"
            " confidence. Press Enter to accept, or 1/2/3."
        )
    return "Not classified yet."


def evidence_html(evidence) -> str:
    if not evidence:
        return "<i>none</i>"
    items = [
        f"<b>{_esc(str(t).replace('_', ' '))}</b>&nbsp;<small>{w:+.2f}</small>"
        for t, w in list(evidence)[:10]
    ]
    return " · ".join(items)


def method_text(method: str) -> str:
    return {
        "manual": "set by hand",
        "quote": "found from a quotation",
        "author": "the author",
        "source": "the publication",
        "": "no speaker found",
    }.get(method, f"found by {method}")


def change_text(row) -> str:
    parts = []
    if row.label is not None:
        parts.append(row.label or "label cleared")
    if row.boilerplate is not None:
        parts.append("page noise" if row.boilerplate else "not noise")
    if row.actor is not None:
        parts.append(f"actor: {row.actor or 'cleared'}")
    if row.issues is not None:
        parts.append("issues: " + (", ".join(row.issues) or "none"))
    return "; ".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
