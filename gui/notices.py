"""Telling the user what happened, in the window: failure banners and "report saved".

A background task that fails must never be visible only on stderr (nobody starts a desktop
app from a terminal), so every failure of the task runner lands in a banner at the top of
the window with its one-line reason. The banner is not modal: the coder can keep working
and dismiss it when they have read it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from analysis.progress import Cancelled

BANNER_STYLE = (
    "#noticeBanner { background: #fbe3e1; border: 1px solid #d9a3a0; border-radius: 3px; }"
    "#noticeBanner QLabel { color: #5a1a16; }"
)


def one_line(error: BaseException) -> str:
    """The first line of an error's message, or its type when it has none."""
    if isinstance(error, ModuleNotFoundError):
        return f"a part of StanceMap is missing ({error.name})"
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


class NoticeBanner(QFrame):
    """A dismissable one-line message across the top of the window."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton("Dismiss")
        close.setFlat(True)
        close.clicked.connect(self.dismiss)
        line = QHBoxLayout(self)
        line.setContentsMargins(8, 4, 4, 4)
        line.addWidget(self.label, 1)
        line.addWidget(close)
        self.messages: list[str] = []
        self.hide()

    def show_failure(self, title: str, reason: str) -> None:
        self.messages.append(f"{title}: {reason}")
        more = f" (and {len(self.messages) - 1} earlier)" if len(self.messages) > 1 else ""
        self.label.setText(f"<b>{_escape(title)}</b>: {_escape(reason)}{more}")
        self.label.setToolTip("\n".join(self.messages[-10:]))
        self.show()

    def dismiss(self) -> None:
        self.messages.clear()
        self.hide()
        self.dismissed.emit()


def task_failure(task, error) -> tuple[str, str] | None:
    """Title and reason for a failed task; None for a cancellation, which is not a failure."""
    if isinstance(error, Cancelled):
        return None
    return f"{task.title} failed", one_line(error)


def report_saved_box(parent: QWidget, path: Path) -> QMessageBox:
    """A non-modal note saying where the report went, with Open and Show in Folder."""
    path = Path(path)
    box = QMessageBox(parent)
    box.setObjectName("reportSaved")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Report exported")
    box.setText(f"The report was saved as <b>{_escape(path.name)}</b>")
    box.setInformativeText(f"in {_escape(str(path.parent))}")
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Show in Folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    open_button.clicked.connect(lambda: open_url(path))
    folder_button.clicked.connect(lambda: open_url(path.parent))
    box.open_button, box.folder_button = open_button, folder_button
    return box


def open_url(path: Path) -> bool:
    """Hand a file or folder to the desktop (the PDF viewer, the file manager)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
