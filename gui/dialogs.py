"""Settings and About: small dialogs the main window opens."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
)

from gui.settings import THEMES


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
