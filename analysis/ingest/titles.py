"""A document's title and publication, read from the page the way a person would.

The title is the first heading-shaped line of the article itself: not the site's masthead,
not a byline, not navigation. Where a piece has no heading (a blog post that starts
straight in), its opening sentence, shortened, names it well enough to find it in a list.
The publication comes from the masthead, or failing that from a "first published by" note
or the copyright holder in the footer.
"""

from __future__ import annotations

import re

from analysis.ingest.lines import Line, fold, is_heading

_TITLE_CHARS = 80
_MASTHEAD_WORDS = (
    r"news|times|journal|post|gazette|magazine|online|daily|weekly|review|digest|bulletin"
    r"|herald|chronicle|today|express|mail|guardian|observer|telegraph|mirror|standard"
    r"|independent|monitor|press|tribune|echo|argus|courier|\.com|\.co\.uk|\.org"
)
_MASTHEAD = re.compile(rf"\b(?:{_MASTHEAD_WORDS})\b", re.IGNORECASE)
_REPUBLISHED = re.compile(
    r"(?:published|posted|appeared)\s+(?:by|on|in|at)\s+(?:the\s+)?(?P<src>.+?)"
    r"(?:\s+(?:site|website|blog|web site))?\s*\.?$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
    r"(?P<src>[^.|,]+?)\s*(?:[.|,]|all rights|$)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r".+?[.!?](?=[\s\"'”’)]|$)")


def masthead(lines: list[Line], reasons: list[str | None]) -> int | None:
    """Index of a publication's name printed above the headline, if the page starts with one."""
    if len(lines) < 2 or reasons[0] is not None:
        return None
    first = lines[0]
    if first.word_count > 6 or not is_heading(first) or not _MASTHEAD.search(fold(first.text)):
        return None
    return 0 if is_heading(lines[1]) or reasons[1] is not None else None


def find_title(lines: list[Line], skip: set[int]) -> tuple[str, int | None]:
    """The title, and the index of its line when it is a heading (None for a made-up one)."""
    for i, line in enumerate(lines):
        if i in skip:
            continue
        if is_heading(line):
            return line.text.lstrip("#* ").strip(), i
        return shorten(first_sentence(line.text)), None
    return "", None


def first_sentence(text: str) -> str:
    match = _SENTENCE.match(text)
    return match.group(0) if match else text


def shorten(text: str, limit: int = _TITLE_CHARS) -> str:
    """Cut at a word boundary and say so with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def footer_source(lines: list[Line], reasons: list[str | None]) -> str:
    """The publication named by a "first published by" note or a copyright line."""
    for kind, pattern in (("republished", _REPUBLISHED), ("copyright", _COPYRIGHT)):
        for line, why in zip(lines, reasons, strict=True):
            if why != kind:
                continue
            match = pattern.search(line.text)
            if match and 0 < len(match.group("src").split()) <= 6:
                return match.group("src").strip()
    return ""
