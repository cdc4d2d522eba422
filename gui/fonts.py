"""The typeface we ship, registered with Qt so reports look the same on every machine.

A PDF made on a machine without our font would silently fall back to whatever the system
has and embed that; registering the shipped TTFs (Lato, SIL Open Font License, see
``resources/fonts/OFL.txt``) makes reports identical everywhere and guarantees that the font
Qt embeds is one we are allowed to redistribute.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from analysis.resources import resource_path

FONT_FILES = ("Lato-Regular.ttf", "Lato-Bold.ttf", "Lato-Italic.ttf", "Lato-BoldItalic.ttf")
FALLBACK_FAMILY = "Sans Serif"

_family: str | None = None


def load_fonts() -> str:
    """Register the shipped fonts once and return their family name.

    Needs a QGuiApplication. Falls back to the system sans family if the files are missing
    (a broken install should still produce a readable report, not fail).
    """
    global _family
    if _family is not None:
        return _family
    families: list[str] = []
    for name in FONT_FILES:
        path = resource_path("fonts", name)
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    _family = families[0] if families else FALLBACK_FAMILY
    return _family
