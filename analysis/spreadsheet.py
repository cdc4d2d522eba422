"""Cells a spreadsheet will show as text: no formulas, nothing XML cannot hold.

Spreadsheet programs execute a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula; some read the fullwidth forms (``＝＋－＠``) as the ASCII ones and skip leading
spaces, tabs and line breaks before deciding, so those count too. Kept apart from
:mod:`analysis.exports` so that the positions matrix's own writers can use it from below.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
XLSX_CELL_LIMIT = 32_767
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def spreadsheet_safe(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xml_safe(value):
    """Text an XLSX file can hold: no XML-illegal characters, no more than a cell allows."""
    if not isinstance(value, str):
        return value
    value = _XML_ILLEGAL.sub("\ufffd", value)
    return value if len(value) <= XLSX_CELL_LIMIT else value[: XLSX_CELL_LIMIT - 1] + "…"
