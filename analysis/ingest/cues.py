"""What page furniture looks like, written as families of patterns rather than exact strings.

Each cue names a kind of noise (comment form, share bar, job advert, ...) and the longest
line it may fire on: "newsletter" in a nine-word sign-up line is furniture, the same word in
a forty-word paragraph is the article talking about newsletters. Patterns run on the folded
(ASCII quotes and dashes), lower-cased line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.ingest.lines import Line, ends_sentence

_NUMBER = r"(?:\d+|no|one|two|three|four|five|six|seven|eight|nine|ten)"


@dataclass(frozen=True)
class Cue:
    kind: str
    pattern: re.Pattern
    max_words: int
    unpunctuated: bool = False
    """Only a label, never a sentence: "Two responses to the plan were received." is prose."""


def _cue(kind: str, pattern: str, max_words: int, unpunctuated: bool = False) -> Cue:
    return Cue(kind, re.compile(pattern), max_words, unpunctuated)


COMMENT_HEADER = re.compile(
    rf"^{_NUMBER}\s+(?:comments?|responses?|replies|thoughts?)\b|^comments?(?:\s*\(\d+\))?:?$"
)
POST_FOOTER = re.compile(
    rf"^tagged\b.*\||^{_NUMBER}\s+comments?$|^leave a (?:comment|reply)$"
    rf"|^(?:posted|filed) (?:in|under)\b.*\|.*comment"
    rf"|\|\s*(?:{_NUMBER} comments?|leave a comment)$"
)
SALARY = re.compile(
    r"£\s?\d[\d,.]*k?\s*(?:-|to)\s*£?\s?\d"
    r"|£\s?\d[\d,.]*k?\s*(?:per|a|an)\s+(?:annum|year|hour|day)"
    r"|^£\s?\d[\d,.]*k?$|^salary\b|^recr\w*\s*:|^(?:closing date|contract type|location)\s*:"
)

CUES: tuple[Cue, ...] = (
    _cue(
        "comment form",
        r"^(?:leave|post|add|write|submit|view|show|hide)\b.{0,30}\b(?:comments?|reply|replies)\b"
        r"|security code|captcha|enter (?:the|this) code|for moderation|^cancel reply$"
        r"|required fields are marked|^report (?:this )?(?:comment|abuse)|^reply$",
        12,
    ),
    _cue("comment header", COMMENT_HEADER.pattern, 30, unpunctuated=True),
    _cue("post footer", POST_FOOTER.pattern, 20),
    _cue(
        "tags",
        r"^tags?\s*:|^tagged\b|^categor(?:y|ies)\b|^archives?$|^category archives?\b"
        r"|\bmost (?:read|popular|viewed|commented|shared)\b"
        r"|^related (?:articles|posts|stories|links)"
        r"|^you (?:may|might) also (?:like|be interested)",
        10,
    ),
    _cue(
        "share",
        r"^(?:share|bookmark|tweet|email|print)\b|\bshare (?:this|on)\b|^(?:like|follow) us\b"
        r"|\b(?:facebook|twitter|linkedin|whatsapp|pinterest|reddit)\b",
        6,
    ),
    _cue(
        "link",
        r"^(?:click|tap) here\b|^(?:read|see|view|watch|listen to|download|continue reading)\b",
        7,
    ),
    _cue(
        "republished",
        r"^(?:this|it) (?:was|is|has been) (?:first |originally )?(?:published|posted)\b"
        r"|^(?:originally|first) (?:published|posted|appeared)\b"
        r"|^this (?:article|post|piece|blog|column) (?:first |originally )?"
        r"(?:appeared|was published)",
        20,
    ),
    _cue("copyright", r"©|\(c\) ?\d{4}|\bcopyright\b|all rights reserved", 25),
    _cue(
        "newsletter",
        r"\bsign ?up\b|\bsubscribe\b|\bnewsletter\b|\bnews bulletin\b|\bregister (?:now|for|to)\b",
        12,
    ),
    _cue("advert", r"\b(?:advertisement|advertising|sponsored|banner|advertorial)\b", 6),
    _cue(
        "navigation",
        r"^(?:home|blog|news|menu|search|log ?in|sign in|register|contact(?: us)?|about(?: us)?"
        r"|skip to (?:main )?content|back to top|next|previous|older posts|newer posts|more)$",
        4,
        unpunctuated=True,
    ),
    _cue("job advert", SALARY.pattern, 40),
    _cue("job advert", r"^(?:\w+ ){0,3}jobs?$|^(?:latest|featured|top|more) (?:\w+ )?jobs\b", 5),
)

_CAMEL_JOIN = re.compile(r"[a-z][A-Z]")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
_SEPARATORS = re.compile(r"\s[|•·»]\s")


def line_cue(line: Line) -> str | None:
    """The kind of furniture this line is, or None when nothing marks it as such."""
    return _text_cue(line.text)


@lru_cache(maxsize=8192)
def _text_cue(text: str) -> str | None:
    """Cached by text: archive splitting and cleaning ask about the same lines twice."""
    line = Line(0, len(text), text)
    plain = line.plain.lower().strip(" *-")
    count = line.word_count
    if count == 0:
        return "symbols"
    for cue in CUES:
        if count > cue.max_words or not cue.pattern.search(plain):
            continue
        if cue.unpunctuated and count > 3 and ends_sentence(line.text):
            continue
        return cue.kind
    return _shape_cue(line, count)


def _shape_cue(line: Line, count: int) -> str | None:
    """Furniture recognised by its shape: glued link labels, link bars, postal addresses."""
    text = line.text
    if len(_CAMEL_JOIN.findall(text)) >= 2 and not re.search(r"[.!?]", text) and count <= 20:
        return "navigation"
    if len(_SEPARATORS.findall(text)) >= 2 and count <= 20:
        return "navigation"
    if count <= 20 and _POSTCODE.search(text):
        return "address"
    return None


def is_job_line(line: Line) -> bool:
    return bool(SALARY.search(line.plain.lower()))


def is_comment_header(line: Line) -> bool:
    return line_cue(line) == "comment header"


def is_post_footer(line: Line) -> bool:
    return line.word_count <= 20 and bool(POST_FOOTER.search(line.plain.lower().strip()))
