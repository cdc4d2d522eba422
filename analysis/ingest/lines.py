"""Lines of a page with their exact offsets, and the shape features cleaning relies on.

Saved pages keep their structure in line breaks: a heading, a byline, a share button and
a paragraph are each a line. Boilerplate, bylines and archive splitting all reason about
those lines, so they share one representation that always knows where a line sits in the
text (offsets are what let the text view highlight exactly what we flagged).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u2022": "*",
    }
)
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_CLOSERS = "\"'”’)]»*"
_SENTENCE_END = re.compile(r"[.!?…:;,]$")


def fold(text: str) -> str:
    """Typographic characters replaced one-for-one by ASCII, so offsets still line up.

    Patterns are written once against plain quotes and dashes; the stored text keeps the
    author's characters.
    """
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str

    @cached_property
    def plain(self) -> str:
        return fold(self.text)

    @cached_property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)

    @property
    def word_count(self) -> int:
        return len(self.words)


def split_lines(text: str, base: int = 0) -> list[Line]:
    """Non-blank lines, stripped, with offsets of their first and past-last character.

    A hard-wrapped paragraph (the next line carries on in lower case) counts as one line,
    so its length and final punctuation describe the paragraph, not an arbitrary wrap. A
    joined line is cut from the text once, when it ends: re-slicing it at every wrap made
    a page of a million short lower-case lines take minutes.
    """
    lines: list[Line] = []
    pos = 0
    run: list[int] | None = None  # [start, end] of the line being joined
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            end = start + len(stripped)
            if run is not None and stripped[0].islower():
                run[1] = end
            else:
                _close_run(lines, run, text, base)
                run = [start, end]
        else:
            _close_run(lines, run, text, base)
            run = None
        pos += len(raw) + 1
    _close_run(lines, run, text, base)
    return lines


def _close_run(lines: list[Line], run: list[int] | None, text: str, base: int) -> None:
    if run is not None:
        lines.append(Line(base + run[0], base + run[1], text[run[0] : run[1]]))


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip(_CLOSERS + " ")))


def is_prose(line: Line) -> bool:
    """A line that reads as running text rather than a label, link or heading."""
    count = line.word_count
    return count >= 25 or (count >= 10 and ends_sentence(line.text))


def is_heading(line: Line) -> bool:
    """Short, unpunctuated at the end, or shouted in capitals: how articles mark titles."""
    count = line.word_count
    if count == 0 or len(line.text) > 160:
        return False
    if is_all_caps(line) and count <= 30:
        return True
    return count <= 15 and not ends_sentence(line.text)


def is_all_caps(line: Line) -> bool:
    letters = [ch for ch in line.text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def merge_spans(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sorted spans with neighbours joined when only whitespace separates them."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
