"""File names as we print them: every message, stored file name and progress line uses this.

A file name is whatever bytes the file system allows: undecodable bytes (arriving as lone
surrogates), newlines that would forge extra lines in a log, terminal escape codes that
would recolour or rewrite a researcher's terminal. Shown through :func:`printable`, each of
these becomes a visible escape (``\\n``, ``\\x1b``, ``\\xff``) and the rest of the name stays
as typed, so the user can still find the file.
"""

from __future__ import annotations

import os


def printable(name: str | bytes | os.PathLike) -> str:
    """``name`` with every character a terminal or a UTF-8 encoder would misuse escaped."""
    text = os.fsdecode(name)
    if text.isprintable():
        return text
    return "".join(_escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if ch.isprintable():
        return ch
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not valid UTF-8 in the file name
        return f"\\x{code - 0xDC00:02x}"
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    if ch == "\r":
        return "\\r"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
