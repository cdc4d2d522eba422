"""Marking page furniture in an article's text, as spans that are kept and can be overruled.

A line is furniture when a cue says so (see :mod:`analysis.ingest.cues`), when it repeats
across the page like a link label, or by position: once the article's last paragraph of
running text is behind us and a furniture cue has appeared, the rest of the page (promos,
addresses, job titles, employer names) is furniture even where no single cue fires.
Job-advert blocks and reader-comment blocks are recognised as zones so their sentences do
not pass for article prose. Short headings inside the article carry no cue and sit before
its last paragraph, so they are left alone.
"""

from __future__ import annotations

from collections import Counter

from analysis.ingest.cues import is_comment_header, is_job_line, line_cue
from analysis.ingest.lines import Line, is_prose, split_lines

_REPEAT_MAX_WORDS = 6
_REPEAT_MIN_COUNT = 3
_JOB_DENSITY = 0.2


def repeated_labels(text: str) -> frozenset[str]:
    """Short lines that recur on a page: link labels and buttons, not things an author writes."""
    counts = Counter(
        line.text.lower() for line in split_lines(text) if line.word_count <= _REPEAT_MAX_WORDS
    )
    return frozenset(label for label, n in counts.items() if n >= _REPEAT_MIN_COUNT)


def classify_lines(lines: list[Line], repeated: frozenset[str] = frozenset()) -> list[str | None]:
    """Why each line is furniture, or None for article text."""
    reasons: list[str | None] = [line_cue(line) for line in lines]
    for i, line in enumerate(lines):
        if reasons[i] is None and line.text.lower() in repeated:
            reasons[i] = "repeated label"
    _mark_job_zone(lines, reasons)
    _mark_comment_zone(lines, reasons)
    _mark_tail(lines, reasons)
    return reasons


def _mark_job_zone(lines: list[Line], reasons: list[str | None]) -> None:
    """From the first job-advert line (with the title and employer lines above it) to the end.

    Advert blurbs are written as sentences, so without the zone they would look like the
    article's last paragraph. A zone needs several short job cues, densely packed, so a pay
    figure quoted in an article does not swallow the rest of it.
    """
    job_lines = [
        i
        for i, line in enumerate(lines)
        if line.word_count <= 15 and (reasons[i] == "job advert" or is_job_line(line))
    ]
    if len(job_lines) < 2:
        return
    first = job_lines[0]
    if len(job_lines) < _JOB_DENSITY * (len(lines) - first):
        return
    if lines[first].word_count > 5:
        for _ in range(2):
            if first > 0 and reasons[first - 1] is None and not is_prose(lines[first - 1]):
                first -= 1
    for i in range(first, len(lines)):
        reasons[i] = reasons[i] or "job advert"


def _mark_comment_zone(lines: list[Line], reasons: list[str | None]) -> None:
    """Reader comments that stay in an article part (unattributed ones) are not its text."""
    prose_before = False  # kept as we go: rescanning from the top was quadratic
    for i, line in enumerate(lines):
        if prose_before and is_comment_header(line) and i < len(lines) - 1:
            for j in range(i, len(lines)):
                reasons[j] = reasons[j] or "reader comment"
            return
        prose_before = prose_before or (reasons[i] is None and is_prose(line))


def _mark_tail(lines: list[Line], reasons: list[str | None]) -> None:
    last_prose = max(
        (i for i, line in enumerate(lines) if reasons[i] is None and is_prose(line)), default=-1
    )
    if last_prose < 0:
        return  # a page of labels only (a list of links, a video post): no end to find
    in_tail = False
    for i in range(last_prose + 1, len(lines)):
        in_tail = in_tail or reasons[i] is not None
        if in_tail and reasons[i] is None:
            reasons[i] = "end of page"
