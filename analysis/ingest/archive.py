"""Splitting a page into the pieces that have their own author: posts, and reader comments.

A blog's category archive is one saved page but a dozen posts by different people; each
post ends in a footer ("Tagged | 2 Comments", "Leave a comment"). Cutting after every footer
that closes a real post gives one document per post, so each gets its own title, author and
place on the stance axis.

Reader comments after an article (WordPress-style "Jane Smith says:") become parts of their
own with the commenter as author: a reader's opinion is neither the article's text nor
noise, and keeping it attributable lets the positions matrix show readers as actors. Comments
we cannot attribute stay inside the article's part, where :mod:`boilerplate` marks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.ingest.cues import is_comment_header, is_post_footer, line_cue
from analysis.ingest.lines import Line, is_prose, split_lines

_MIN_POST_WORDS = 20
_SAYS = re.compile(
    r"^(?:\d+[.)]\s*)?(?P<name>[^\s:\d][^:]{0,60}?)"
    r"(?:\s+on\s+(?P<date>[^:]{4,40}?))?\s+(?:says|said|wrote)\s*:?$"
)


@dataclass(frozen=True)
class Part:
    """A slice ``start:end`` of the file's text that becomes one document."""

    start: int
    end: int
    kind: str = "post"
    author: str = ""
    date: str = ""


def split_parts(text: str) -> list[Part]:
    """Posts (and their attributed reader comments) in page order; one part for an article."""
    lines = split_lines(text)
    if not lines:
        return [Part(0, len(text))]
    posts = _split_posts(lines)
    if len(posts) == 1:
        parts = _split_comments(lines, whole=True)
        return parts if len(parts) > 1 else [Part(0, len(text))]
    parts: list[Part] = []
    for chunk in posts:
        parts.extend(_split_comments(chunk, whole=False))
    return parts


def _split_posts(lines: list[Line]) -> list[list[Line]]:
    """Cut after each footer whose post has real content; fold thin pieces into a neighbour."""
    chunks: list[list[Line]] = [[]]
    for line in lines:
        chunks[-1].append(line)
        if is_post_footer(line):
            chunks.append([])
    merged: list[list[Line]] = []
    for chunk in chunks:
        if merged and not _has_content(chunk):
            merged[-1].extend(chunk)
        elif merged and not _has_content(merged[-1]):
            merged[-1].extend(chunk)
        else:
            merged.append(chunk)
    return [chunk for chunk in merged if chunk]


def _has_content(chunk: list[Line]) -> bool:
    words = sum(line.word_count for line in chunk if line_cue(line) is None)
    return words >= _MIN_POST_WORDS


def _split_comments(lines: list[Line], whole: bool) -> list[Part]:
    """The article part, then one part per attributed comment after the comments header."""
    header = _comments_header(lines)
    starts = []
    if header is not None:
        starts = [i for i in range(header + 1, len(lines)) if _commenter(lines[i])]
    first_start = 0 if whole else lines[0].start
    if not starts:
        return [Part(first_start, lines[-1].end)] if lines else []
    parts = [Part(first_start, lines[starts[0] - 1].end)]
    for n, i in enumerate(starts):
        last = lines[starts[n + 1] - 1] if n + 1 < len(starts) else lines[-1]
        name, date = _commenter(lines[i])
        parts.append(Part(lines[i].start, last.end, "comment", name, date))
    return parts


def _comments_header(lines: list[Line]) -> int | None:
    """The first comments header with prose above it, found in one pass over the lines."""
    prose_seen = False
    for i, line in enumerate(lines):
        if prose_seen and is_comment_header(line):
            return i
        prose_seen = prose_seen or is_prose(line)
    return None


def _commenter(line: Line) -> tuple[str, str] | None:
    if line.word_count > 12:
        return None
    match = _SAYS.match(line.plain)
    if not match:
        return None
    name = line.text[match.start("name") : match.end("name")].strip(" ,")
    date = line.text[match.start("date") : match.end("date")] if match.group("date") else ""
    return name, date
