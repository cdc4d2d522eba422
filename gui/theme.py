"""Light and dark palettes and the few style rules the panels share."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

STYLE = """
QLabel#panelHeading { font-weight: 600; font-size: 11pt; padding: 2px 0 2px 2px; }
QLabel#subHeading { font-weight: 600; padding-top: 6px; }
QLabel#docTitle { font-size: 13pt; font-weight: 600; }
QLabel#muted, QLabel#docMeta { color: palette(placeholder-text); }
QWidget#filterBar { background: palette(alternate-base); border: 1px solid palette(mid);
                    border-radius: 4px; }
"""


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    colors = {
        roles.Window: "#2b2b2e",
        roles.WindowText: "#e6e6e6",
        roles.Base: "#1f1f22",
        roles.AlternateBase: "#333338",
        roles.Text: "#e6e6e6",
        roles.Button: "#36363b",
        roles.ButtonText: "#e6e6e6",
        roles.Highlight: "#4a7fc1",
        roles.HighlightedText: "#ffffff",
        roles.ToolTipBase: "#333338",
        roles.ToolTipText: "#e6e6e6",
        roles.Mid: "#55555c",
        roles.Midlight: "#44444a",
        roles.PlaceholderText: "#9a9aa2",
        roles.Link: "#8fb8ff",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    return p


def light_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    colors = {
        roles.Window: "#f4f4f5",
        roles.WindowText: "#1d1d1f",
        roles.Base: "#ffffff",
        roles.AlternateBase: "#eef1f6",
        roles.Text: "#1d1d1f",
        roles.Button: "#ececee",
        roles.ButtonText: "#1d1d1f",
        roles.Highlight: "#2f6db3",
        roles.HighlightedText: "#ffffff",
        roles.ToolTipBase: "#ffffee",
        roles.ToolTipText: "#1d1d1f",
        roles.Mid: "#c4c4c8",
        roles.Midlight: "#e3e3e6",
        roles.PlaceholderText: "#6b6b70",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    return p


def apply_theme(app: QApplication, theme: str) -> None:
    """'light' and 'dark' force a palette; 'system' keeps the platform's (light if unknown)."""
    app.setStyle(QStyleFactory.create("Fusion"))
    if theme == "dark":
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setPalette(light_palette())
    else:
        scheme = app.styleHints().colorScheme()
        from PySide6.QtCore import Qt

        app.setPalette(dark_palette() if scheme == Qt.ColorScheme.Dark else light_palette())
    app.setStyleSheet(STYLE)
