"""Settings, About, the coder's name and a new project: small dialogs the main window opens."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
)

from gui.settings import THEMES, documents_dir

PROJECT_SUFFIX = ".stancemap"


def versions() -> dict[str, str]:
    from analysis import __version__

    found = {
        "StanceMap": __version__,
        "Python": platform.python_version(),
        "Qt": qVersion(),
        "PySide6": pyside_version,
    }
    for name in ("sklearn", "numpy", "nltk"):
        try:
            module = __import__(name)
            found[{"sklearn": "scikit-learn"}.get(name, name)] = module.__version__
        except ImportError:
            continue
    return found


def show_about(parent) -> None:
    rows = "".join(f"<tr><td>{k}</td><td>&nbsp;{v}</td></tr>" for k, v in versions().items())
    QMessageBox.about(
        parent,
        "About StanceMap",
        "<h3>StanceMap</h3><p>Who stands where on national versus local control of health "
        "and social care: passages classified as centralist, neutral or localist, mapped by "
        f"actor and issue.</p><table>{rows}</table>",
    )


class SettingsDialog(QDialog):
    def __init__(self, settings, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        self.coder = QLineEdit(settings.coder)
        self.every = QSpinBox()
        self.every.setRange(0, 1000)
        self.every.setValue(settings.retrain_every)
        self.every.setSpecialValueText("never")
        self.every.setSuffix(" labels")
        self.theme = QComboBox()
        self.theme.addItems([t.capitalize() for t in THEMES])
        self.theme.setCurrentIndex(THEMES.index(settings.theme))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Coder name", self.coder)
        form.addRow("Retrain automatically every", self.every)
        form.addRow("Appearance", self.theme)
        form.addRow(buttons)

    def apply(self) -> None:
        self.settings.coder = self.coder.text()
        self.settings.retrain_every = self.every.value()
        self.settings.theme = THEMES[self.theme.currentIndex()]


def _ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class CoderDialog(QDialog):
    """Who is coding: asked once, and again whenever a second coder takes over.

    Agreement statistics and the exports tell coders apart by this name, so it is asked
    for rather than guessed from the login name.
    """

    def __init__(self, current: str = "", known: list[str] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is coding?")
        self.setMinimumWidth(400)
        self.name = QLineEdit(current)
        self.name.setPlaceholderText("e.g. your initials or name")
        if known:
            self.name.setCompleter(QCompleter(sorted(known), self))
        note = QLabel(
            "Every label you give is recorded under this name, so that two coders' work "
            "can be compared. Change it later with Annotate ▸ Switch Coder…"
        )
        note.setWordWrap(True)
        self.buttons = _ok_cancel(self)
        self.name.textChanged.connect(self._update)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow("Coder name", self.name)
        form.addRow(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.coder()))

    def coder(self) -> str:
        return " ".join(self.name.text().split())


class NewProjectDialog(QDialog):
    """A project the user names and places (their Documents folder unless they choose)."""

    def __init__(self, folder: Path | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Project")
        self.setMinimumWidth(480)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Integration white papers 2024")
        self.folder = QLineEdit(str(folder or documents_dir()))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        self.import_folder = QCheckBox("Import a folder of texts into it now")
        self.import_folder.setChecked(True)
        self.problem = QLabel()
        self.problem.setObjectName("muted")
        self.buttons = _ok_cancel(self)
        for edit in (self.name, self.folder):
            edit.textChanged.connect(self._update)
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Location", where)
        form.addRow(self.import_folder)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self._update()

    def browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Project Location", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def path(self) -> Path | None:
        name = self.name.text().strip().removesuffix(PROJECT_SUFFIX).strip()
        if not name or any(c in name for c in '/\\:*?"<>|'):
            return None
        return Path(self.folder.text().strip()).expanduser() / f"{name}{PROJECT_SUFFIX}"

    def _update(self) -> None:
        path = self.path()
        problem = ""
        if path is None:
            bad = 'Use a name without / \\ : * ? " < > |.'
            problem = bad if self.name.text().strip() else ""
        elif path.parent.exists() and not path.parent.is_dir():
            problem = f"{path.parent} is a file, not a folder."
        elif path.exists():
            problem = f"{path.name} already exists there; choose another name."
        self.problem.setText(problem)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(path is not None and not problem)
