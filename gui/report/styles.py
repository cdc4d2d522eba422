"""Page geometry, type scale and ink for the printed report.

One place decides how the report looks, in points and millimetres, so the layout code only
asks for "body" or "caption". The scale is a modest one (10 pt body, 1.45 leading; headings
at 20 / 13 / 10.5 pt) of the kind policy reports use; colours are near-black ink, one dark
accent that prints as black, and light grey rules, so nothing depends on colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont

from gui.drawing.palette import INK, MUTED

MM_PER_INCH = 25.4
ACCENT = QColor("#1f3f73")
RULE = QColor("#c9c9c9")
RULE_STRONG = QColor("#4a4a4a")


@dataclass(frozen=True)
class TextStyle:
    size: float
    leading: float = 1.4
    bold: bool = False
    italic: bool = False
    color: QColor = field(default_factory=lambda: QColor(INK))
    space_before: float = 0.0
    space_after: float = 6.0
    """Spacing in points."""


MEASURE = {"note": 0.82}
"""Small print gets a shorter line: at 8 pt a full-width line runs past 120 characters."""

STYLES = {
    "title": TextStyle(26, 1.15, bold=True, color=QColor(ACCENT), space_after=10),
    "subtitle": TextStyle(13, 1.3, color=QColor(MUTED), space_after=6),
    "h1": TextStyle(20, 1.2, bold=True, color=QColor(ACCENT), space_after=14),
    "h2": TextStyle(12.5, 1.25, bold=True, space_before=12, space_after=5),
    "h3": TextStyle(10.5, 1.3, bold=True, space_before=8, space_after=3),
    "lead": TextStyle(12, 1.45, space_after=9),
    "body": TextStyle(10.25, 1.45, space_after=7),
    "bullet": TextStyle(10.25, 1.45, space_after=3),
    "note": TextStyle(8.25, 1.4, color=QColor(MUTED), space_after=7),
    "caption": TextStyle(
        8.25, 1.35, italic=True, color=QColor(MUTED), space_before=4, space_after=12
    ),
    "table": TextStyle(8.5, 1.3, space_after=0),
    "table_head": TextStyle(8.0, 1.25, bold=True, space_after=0),
    "evidence": TextStyle(9.0, 1.4, space_after=2),
    "meta": TextStyle(7.5, 1.3, color=QColor(MUTED), space_after=9),
    "running": TextStyle(7.5, 1.2, color=QColor(MUTED), space_after=0),
}


@dataclass
class Page:
    """A4 portrait in device units (pixels of the writer's resolution)."""

    dpi: float
    family: str
    width_mm: float = 210.0
    height_mm: float = 297.0
    margins_mm: tuple[float, float, float, float] = (26.0, 22.0, 26.0, 24.0)
    """left, top, right, bottom"""

    def mm(self, value: float) -> float:
        return value * self.dpi / MM_PER_INCH

    def pt(self, value: float) -> float:
        return value * self.dpi / 72.0

    @property
    def size(self) -> tuple[float, float]:
        return self.mm(self.width_mm), self.mm(self.height_mm)

    @property
    def body(self) -> QRectF:
        """The text block, relative to the page's top-left corner."""
        left, top, right, bottom = (self.mm(m) for m in self.margins_mm)
        width, height = self.size
        return QRectF(left, top, width - left - right, height - top - bottom)

    def font(self, style: str | TextStyle) -> QFont:
        s = STYLES[style] if isinstance(style, str) else style
        font = QFont(self.family)
        font.setPointSizeF(s.size)
        font.setBold(s.bold)
        font.setItalic(s.italic)
        font.setKerning(True)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return without_ligatures(font)

    def figure_font(self, size_pt: float = 7.5) -> QFont:
        """A font for charts drawn in a painter scaled to points (see ``charts``)."""
        font = QFont(self.family)
        font.setPixelSize(max(1, round(size_pt)))
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return without_ligatures(font)


def without_ligatures(font: QFont) -> QFont:
    """Turn off ligatures: Qt's PDF text map cannot say that one "fi" or "ti" glyph is two
    letters, so with them on, copying or searching the PDF finds "Brie\ufb01ng"."""
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font
