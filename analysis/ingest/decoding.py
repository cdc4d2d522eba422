"""Turning a file's bytes into text without ever refusing a plausible encoding.

Saved web pages and exported documents arrive in whatever encoding the tool that wrote
them preferred. We try the encodings that announce themselves first (byte-order marks, the
NUL pattern of UTF-16), then strict UTF-8, then the Windows code page that most non-UTF-8
English text really is, and only then Latin-1, which accepts any byte. Binary data that merely
carries a .txt name is refused instead of being shown as mojibake.

One stray byte (a pasted Windows quote in an otherwise UTF-8 file) must not turn a whole
file into Latin-1 mojibake: when the valid multi-byte UTF-8 characters outnumber the invalid
bytes :data:`_UTF8_MAJORITY` to one, the file is UTF-8 and each invalid byte becomes one
U+FFFD. Offsets are into the decoded text either way, so they stay exact.
"""

from __future__ import annotations

import codecs
import re

_SAMPLE = 8192
# Control characters other than tab, line feed, form feed and carriage return; DEL; and the
# replacement character a failed decoding leaves.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_UTF8_MAJORITY = 3


class NotText(Exception):
    """The bytes are not text in any encoding we accept; the message is user-facing."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` with line endings normalised to ``\\n``.

    Only line endings change the text's length: quotes, dashes and non-breaking spaces
    stay as they are, so character offsets computed later remain exact.
    """
    text, encoding = _decode(data)
    if _mostly_control(text[:_SAMPLE]):
        raise NotText("binary file, not text")
    return normalise_newlines(text), encoding


def normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(data[2:], "utf-16-le" if data[:2] == codecs.BOM_UTF16_LE else "utf-16-be")
    guessed = _utf16_without_bom(data[:_SAMPLE])
    if guessed:
        return _utf16(data, guessed)
    if b"\x00" in data[:_SAMPLE]:
        raise NotText("binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _mostly_utf8(data: bytes) -> str | None:
    """The text decoded as UTF-8 with replacements, if valid UTF-8 clearly dominates."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return text if valid >= _UTF8_MAJORITY * max(1, invalid) else None


def _utf16(data: bytes, encoding: str) -> tuple[str, str]:
    usable = data[: len(data) - (len(data) % 2)]
    return usable.decode(encoding, errors="replace"), encoding


def _utf16_without_bom(sample: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by where the NUL bytes fall.

    Text in Latin script encoded as UTF-16 has a NUL in every other byte: at odd positions
    for little-endian, at even positions for big-endian. Binary data has NULs scattered
    over both, so it is not mistaken for UTF-16.
    """
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def _mostly_control(sample: str) -> bool:
    if not sample:
        return False
    # One regular-expression scan in C instead of a Python test per character (a fifth of
    # the time of reading a plain-text file).
    return len(_CONTROL.findall(sample)) / len(sample) > 0.1
