"""Who wrote a piece, when, and for which publication, from the lines that say so.

Saved pages name their author in a handful of conventions: a labelled line at the top
("Author: Jane Smith, Weekly Review", "By Jane Smith", "Written by Jane Smith" with the date
on the next line), a name-and-date heading over a column, a bio line at the end ("Jane Smith
is director of ..."), or a bare signature after the last paragraph. The lines found are
reported as spans so they can be shown as furniture: a byline is not stance text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.ingest.dates import find_date
from analysis.ingest.lines import Line, ends_sentence, fold, is_prose

_TOKEN = r"(?:[A-Z]\.|[A-Z][A-Za-z'\-]*[a-z]|de|van|von|der|la|le|du)"
_HONORIFIC = (
    r"(?:(?:Dr|Sir|Dame|Prof|Professor|Cllr|Councillor|Lord|Lady|Baroness|Mr|Mrs|Ms|Rev)\.?\s+)"
)
NAME = rf"{_HONORIFIC}?[A-Z][A-Za-z'\-]*[a-z](?:\s+{_TOKEN}){{1,3}}"
_NAME_ONLY = re.compile(rf"^(?P<name>{NAME}),?$")
_LABELLED = re.compile(
    r"^(?P<kind>author|written by|words by|posted by|reported by|by|"
    r"(?:a )?(?:speech|statement|address|remarks|keynote|lecture|evidence|letter) (?:by|from))"
    r"\s*:?\s+(?P<rest>.+)$",
    re.I,
)
_LONG_KINDS = (
    "speech",
    "statement",
    "address",
    "remarks",
    "keynote",
    "lecture",
    "evidence",
    "letter",
    "a ",
)
"""Speech and statement headers carry the occasion too, so they may run longer."""
_NAME_PREFIX = re.compile(rf"^(?P<name>{NAME})")
_BIO = re.compile(
    rf"^(?P<name>{NAME}),? (?:is|was|has been)(?: a| an| the)?"
    r"(?: [\w-]+){0,4} (?:of|at|for|in|with)\b"
)
_TOP_LINES = 4
_END_LINES = 4


@dataclass
class Byline:
    author: str = ""
    date: str = ""
    source: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)


def find_byline(lines: list[Line], reasons: list[str | None]) -> Byline:
    """Author, date and source from bylines near the top, then bio or signature at the end.

    ``reasons`` are the boilerplate verdicts per line; furniture lines are not searched
    for signatures, so a promo's "Name, job title" at the foot of a page is not an author.
    """
    found = Byline()
    top = [_unemphasised(line) for line in lines[:_TOP_LINES]]
    # A labelled byline ("By X") beats a "Publication, date" line that merely looks like one.
    for matcher in (_labelled, _name_and_date):
        hit = next((i for i, line in enumerate(top) if matcher(line, found)), None)
        if hit is not None:
            found.spans.append((lines[hit].start, lines[hit].end))
            _date_after(lines, hit, found)
            break
    _end_of_article(lines, reasons, found)
    if not found.date:
        _first_date(lines[:_TOP_LINES], found)
    return found


def _unemphasised(line: Line) -> Line:
    """Markdown writes bylines in emphasis (``*Jane Smith, 3 May 2024*``); look inside it."""
    text = line.text
    k = 0
    while k < len(text) // 2 and text[k] in "*_" and text[-1 - k] in "*_":
        k += 1
    return Line(line.start + k, line.end - k, text[k : len(text) - k]) if k else line


def _labelled(line: Line, found: Byline) -> bool:
    match = _LABELLED.match(line.plain)
    if not match:
        return False
    long_kind = match.group("kind").lower().startswith(_LONG_KINDS)
    if line.word_count > (30 if long_kind else 12):
        return False
    rest = line.text[match.start("rest") :]
    head = re.split(r"\s[|•]\s?|\s{2,}|\|", rest)[0].strip(" ,")
    pieces = [piece.strip() for piece in head.split(",")]
    name = _NAME_PREFIX.match(fold(pieces[0]))
    if not name or len(pieces[0].split()) > 5:
        return False
    found.author = pieces[0][: name.end()]
    # "By X, LGC" names a publication; "Speech by X, Leader of Y" and "By X, staff reporter"
    # name a role, which is not a source.
    if (
        not long_kind
        and len(pieces) > 1
        and 0 < len(pieces[1].split()) <= 5
        and pieces[1][:1].isupper()
        and not find_date(pieces[1])
    ):
        found.source = pieces[1]
    date = find_date(rest)
    if date:
        found.date = date
    return True


def _name_and_date(line: Line, found: Byline) -> bool:
    """A column heading such as "Jane Smith 12 March 2013": a name, then only a date."""
    name = _NAME_PREFIX.match(line.plain)
    if not name or line.word_count > 9:
        return False
    remainder = line.text[name.end() :].strip(" ,|-–—")
    date = find_date(remainder)
    if not date or len(remainder) > len(date) + 12:
        return False
    found.author, found.date = line.text[: name.end()], date
    return True


def _date_after(lines: list[Line], index: int, found: Byline) -> None:
    if found.date or index + 1 >= len(lines):
        return
    nxt = lines[index + 1]
    date = find_date(nxt.text)
    if date and nxt.word_count <= 8:
        found.date = date
        found.spans.append((nxt.start, nxt.end))


def _end_of_article(lines: list[Line], reasons: list[str | None], found: Byline) -> None:
    """A byline after the last paragraph: labelled, a bio sentence, or a bare signature."""
    prose = [i for i, x in enumerate(lines) if reasons[i] is None and is_prose(x)]
    last_prose = prose[-1] if prose else -1
    if last_prose < 0:
        return
    # The last "prose" line itself may be a bio sentence ("X is director of the Y.").
    window = range(last_prose, min(len(lines), last_prose + 1 + _END_LINES))
    for i in window:
        line = _unemphasised(lines[i])
        if reasons[i] is not None:
            continue
        author = _end_author(line, found) if i > last_prose else _bio_author(line)
        if author:
            found.author = found.author or author
            found.spans.append((line.start, line.end))
            _date_after(lines, i, found)
            return


def _end_author(line: Line, found: Byline) -> str:
    probe = Byline()
    if _labelled(line, probe):
        found.date = found.date or probe.date
        found.source = found.source or probe.source
        return probe.author
    bio = _bio_author(line)
    if bio:
        return bio
    only = _NAME_ONLY.match(line.plain)
    if only and not ends_sentence(line.text.rstrip(",")):
        return line.text[: only.end("name")]
    return ""


def _bio_author(line: Line) -> str:
    bio = _BIO.match(line.plain)
    return line.text[: bio.end("name")] if bio and line.word_count <= 30 else ""


def _first_date(lines: list[Line], found: Byline) -> None:
    """A date line of its own near the top, as news pages print under the headline."""
    for line in lines:
        date = find_date(line.text)
        if date and line.word_count <= 8 and len(line.text) <= len(date) + 16:
            found.date = date
            found.spans.append((line.start, line.end))
            return
