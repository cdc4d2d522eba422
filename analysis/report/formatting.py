"""Numbers and dates written the way a printed report writes them.

Signed values use a true minus sign so columns of positions line up and read cleanly in
print; intervals are always "a to b" rather than brackets, which read aloud better.
"""

from __future__ import annotations

import datetime as _dt
import math

MINUS = "\u2212"


def signed(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0.0:
        return text
    return ("+" if value > 0 else MINUS) + text


def interval(low: float | None, high: float | None, digits: int = 2) -> str:
    if low is None or high is None:
        return "no interval"
    return f"{signed(low, digits)} to {signed(high, digits)}"


def percent(part: int, whole: int) -> str:
    if not whole:
        return "0%"
    return f"{100.0 * part / whole:.0f}%"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def long_date(day: _dt.date | None = None) -> str:
    day = day or _dt.date.today()
    return f"{day.day} {day.strftime('%B %Y')}"


def decimal(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}".replace("-", MINUS)


def lean(position: float | None, low: float | None = None, high: float | None = None) -> str:
    """A word for where a position sits, so sentences do not rely on the sign alone.

    With its interval: one that includes zero is "no clear position", however far the point
    estimate lies from the middle (a handful of passages can put it anywhere).
    """
    if position is None:
        return "unplaced"
    if low is not None and high is not None and low <= 0.0 <= high:
        return "no clear position"
    if position > 0.25:
        return "localist"
    if position < -0.25:
        return "centralist"
    return "balanced"


def clear_side(row) -> str:
    """ "localist" / "centralist" when the row's whole interval lies on that side, else ""."""
    low, high = getattr(row, "position_low", None), getattr(row, "position_high", None)
    if getattr(row, "position", None) is None or low is None or high is None:
        return ""
    return "localist" if low > 0 else "centralist" if high < 0 else ""
