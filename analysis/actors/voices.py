"""Whose voice each stretch of a document is in, and so which actor each passage carries.

The document is read once, paragraph by paragraph and sentence by sentence, keeping the
last speaker for "he said" and for paragraphs that are entirely a quotation. The result is
a list of voiced character spans; a passage then takes the voice that covers most of it,
which works the same whether segmentation produced paragraphs or sentence windows, and
keeps a passage that only quotes a phrase inside the writer's argument with the writer.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from analysis.actors.names import Name
from analysis.actors.registry import DocumentNames
from analysis.actors.speech import Claim, claims, header_speaker

_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)]*\s+(?=[“\"‘(]?[A-Z0-9£])")
_OPEN = "“"
_CLOSE = "”"
_QUOTE_CHAR = re.compile('[“”"]')


@dataclass
class Voice:
    start: int
    end: int
    name: Name | None  # None: the writer
    method: str


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if e > s]


def quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted spans (curly or straight double quotes); an unclosed quote runs to the end."""
    spans, open_at = [], None
    for m in _QUOTE_CHAR.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if ch == _OPEN or (ch == '"' and open_at is None):
            open_at = i if open_at is None else open_at
        elif (ch == _CLOSE or ch == '"') and open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        spans.append((open_at, end))
    return spans


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


class _Reader:
    """State carried through one document: last speakers and the block speaker."""

    def __init__(self, text: str, names: DocumentNames) -> None:
        self.text = text
        self.names = names
        self.last_person: tuple[Name, str] | None = None
        self.last_it: tuple[Name, str] | None = None
        self.block: Name | None = None
        self.previous: tuple[Name, str] | None = None  # last voice of the previous paragraph

    def resolve(self, claim: Claim) -> tuple[Name, str] | None:
        if claim.kind == "name":
            name = self.names.resolve(claim.name)
            found = (name, claim.method)
        elif claim.kind == "he":
            found = self.last_person
        elif claim.kind == "it":
            found = self.last_it
        elif claim.kind == "report":
            author = self.names.report_author()
            found = (author, "report") if author else None
        else:
            person = self.names.resolve_role(claim.role)
            found = (person, "quote") if person else None
        if found is not None:
            name, method = found
            if name.kind == "person" and claim.kind != "it":
                self.last_person = found
            if name.kind == "organisation" or method == "report":
                self.last_it = found
        return found

    def paragraph(self, start: int, end: int) -> list[Voice]:
        header = header_speaker(self.text[start:end])
        if header is not None:
            self.block = self.names.resolve(header)
            self.previous = None
            return [Voice(start, end, self.block, "author")]
        sents = sentences(self.text, start, end)
        voiced: list[tuple[Name, str] | None] = []
        for s, e in sents:
            found = None
            for claim in claims(self.text[s:e]):
                found = self.resolve(claim)
                if found is not None:
                    break
            voiced.append(found)
        self._spread_quotes(start, end, sents, voiced)
        self.previous = voiced[-1] if voiced else None
        return [
            Voice(s, e, v[0] if v else None, v[1] if v else "")
            for (s, e), v in zip(sents, voiced, strict=True)
        ]

    def _spread_quotes(self, start, end, sents, voiced) -> None:
        """A quotation belongs to whoever is said to speak it, wherever the verb is.

        Sentences are in order and disjoint, so each quotation looks only at the sentences
        it overlaps (found by bisection): linear even in one paragraph of many megabytes.
        """
        spans = quotes(self.text, start, end)
        ends = [e for _, e in sents]
        quoted = sum(b - a for a, b in spans)
        for q in spans:
            lo = bisect_right(ends, q[0])
            hi = lo
            while hi < len(sents) and sents[hi][0] < q[1]:
                hi += 1
            owner = next((voiced[i] for i in range(lo, hi) if voiced[i] is not None), None)
            if owner is None and q[0] == start and self.previous is not None:
                if quoted >= 0.6 * (end - start):
                    owner = self.previous  # a paragraph that only quotes: same speaker
            if owner is None:
                continue
            for i in range(lo, hi):
                s, e = sents[i]
                if voiced[i] is None and _overlap((s, e), q) >= 0.5 * (e - s):
                    voiced[i] = owner


def document_voices(text: str, boilerplate: list[tuple[int, int]], names: DocumentNames):
    """Voiced spans of ``text`` outside boilerplate, plus the block speaker at each span."""
    reader = _Reader(text, names)
    out: list[tuple[Voice, Name | None]] = []
    noise = sorted(boilerplate)
    noise_ends = [b for _, b in noise]
    for s, e in paragraphs(text):
        near = noise[bisect_right(noise_ends, s) : bisect_left(noise, (e,))]
        if near and sum(_overlap((s, e), b) for b in near) >= 0.5 * (e - s):
            continue
        for voice in reader.paragraph(s, e):
            out.append((voice, reader.block))
    return out


def passage_voice(start: int, end: int, voices, writer: tuple[Name | None, str]):
    """The voice covering most of [start, end); the writer's when it dominates."""
    weights: dict[tuple, int] = {}
    chosen: dict[tuple, tuple[Name | None, str]] = {}
    for voice, block in voices:
        if voice.end <= start:
            continue
        if voice.start >= end:
            break
        n = _overlap((start, end), (voice.start, voice.end))
        if voice.name is not None:
            who = (voice.name, voice.method)
        elif block is not None:
            who = (block, "author")
        else:
            who = writer
        key = (who[0].text if who[0] else "", who[1])
        weights[key] = weights.get(key, 0) + n
        chosen[key] = who
    if not weights:
        return writer, 0.0
    best = max(weights, key=lambda k: (weights[k], k[1] in ("quote", "report")))
    return chosen[best], weights[best] / max(1, sum(weights.values()))


def voices_near(start: int, end: int, voices, ends: list[int]):
    """The voices that can overlap [start, end): voices are in text order and do not overlap,
    so a bisection finds them; ``ends`` is ``[v.end for v, _ in voices]``."""
    lo = bisect_right(ends, start)
    hi = lo
    while hi < len(voices) and voices[hi][0].start < end:
        hi += 1
    return voices[lo:hi]


def has_speaker(start: int, end: int, voices) -> bool:
    """Whether anyone but the writer speaks anywhere in [start, end)."""
    return any(v.name is not None and _overlap((start, end), (v.start, v.end)) for v, _ in voices)
