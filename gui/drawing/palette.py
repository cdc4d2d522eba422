"""Stance colours: one diverging, colour-blind-safe scale used by every view and the report.

Blue for centralisation and orange for localism stay distinct for the common forms of
colour blindness (unlike red–green), and neutral is a light grey so that "no side" reads as
background rather than as a third opinion. Predictions are paler the less sure the model is;
manual labels are drawn at full strength so a coder can tell at a glance what a person
decided.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

CENTRALIST = QColor("#2f6db3")
LOCALIST = QColor("#e07b1f")
NEUTRAL = QColor("#d9d9d9")
BOILERPLATE_TEXT = QColor("#9a9a9a")
MISSING = QColor("#f2f2f2")
INK = QColor("#1b1b1b")
"""Text and rules, on screen and in the report: one ink, so a chart prints as it shows."""
MUTED = QColor("#5f5f5f")
"""Secondary text (counts, captions, axis labels)."""

# A scale whose lightness rises steadily from one end to the other, so that it still reads
# in grey-scale print: dark blue, mid grey, light orange.
_PRINT_CENTRALIST = QColor("#1f3f73")
_PRINT_NEUTRAL = QColor("#9c9c9c")
_PRINT_LOCALIST = QColor("#f6c48d")

LABEL_COLORS = {"centralist": CENTRALIST, "neutral": NEUTRAL, "localist": LOCALIST}


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """Linear blend from ``a`` (t=0) to ``b`` (t=1) in sRGB; good enough for tints."""
    t = max(0.0, min(1.0, t))
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def _diverging(score: float, low: QColor, mid: QColor, high: QColor) -> QColor:
    score = max(-1.0, min(1.0, float(score)))
    return mix(mid, low, -score) if score < 0 else mix(mid, high, score)


def stance_color(
    score: float | None, confidence: float | None = 1.0, manual: bool = False
) -> QColor:
    """The tint for a passage or a matrix cell.

    ``score`` in [-1, 1] picks the hue and its strength; ``confidence`` (the model's top
    probability, 1/3..1) fades predictions toward white so uncertain passages recede.
    """
    if score is None:
        return QColor(MISSING)
    color = _diverging(score, CENTRALIST, NEUTRAL, LOCALIST)
    if manual:
        return color
    certainty = 1.0 if confidence is None else (float(confidence) - 1 / 3) / (2 / 3)
    fade = 0.75 - 0.5 * max(0.0, min(1.0, certainty))  # 0.25 (sure) .. 0.75 (unsure)
    return mix(color, QColor("white"), fade)


def passage_tint(score: float | None, confidence: float | None, manual: bool) -> QColor | None:
    """The background of a passage in running text, on screen and in the report alike.

    Lighter than the matrix so text stays legible: a hand label at a fixed strength, a
    prediction paler the less sure the model is. One function, so the PDF's evidence
    panels show exactly the tint the coder saw.
    """
    if score is None:
        return None
    color = stance_color(score, 1.0, True)
    if manual:
        return mix(color, QColor("white"), 0.55)
    certainty = max(0.0, min(1.0, ((confidence or 0.34) - 1 / 3) / (2 / 3)))
    return mix(color, QColor("white"), 0.93 - 0.18 * certainty)


def stance_color_print(score: float | None) -> QColor:
    """A variant for grey-scale output: lightness alone orders centralist < neutral < localist."""
    if score is None:
        return QColor(MISSING)
    return _diverging(score, _PRINT_CENTRALIST, _PRINT_NEUTRAL, _PRINT_LOCALIST)


def label_color(label: str | None) -> QColor:
    return QColor(LABEL_COLORS.get(label or "", MISSING))


def text_color_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background`` (WCAG relative luminance)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = (
        0.2126 * channel(background.redF())
        + 0.7152 * channel(background.greenF())
        + 0.0722 * channel(background.blueF())
    )
    return QColor("#111111") if lum > 0.22 else QColor("white")
