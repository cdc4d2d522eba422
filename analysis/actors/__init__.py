"""Speakers: which actor's view each passage carries.

Rule-based on purpose: researchers must be able to see why a passage went to someone
("Burnham said", "according to the LGA", a quotation continuing the last speaker), and
correct it; corrections are stored as annotations and always win over what is found here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.actors.names import NAME, Name, is_outlet, parse_name
from analysis.actors.registry import CorpusNames, DocumentNames
from analysis.actors.voices import document_voices, has_speaker, passage_voice, voices_near
from analysis.corpus import Document, Passage

__all__ = ["ActorInfo", "Attribution", "attribute_corpus", "attribute_document", "writer_of"]

_CONFIDENCE = {"quote": 0.9, "report": 0.8, "author": 0.7, "source": 0.5, "": 0.0}
_SPEECH = ("quote", "report")
_FIRST_PERSON = re.compile(r"\b(?:I|I’m|I'm|we|We|we’re|our|Our|my|My|us|Let’s|Let's)\b")
_REPORTED = re.compile(r"\b(?:would|should|will|could)\b|[“\"]")
_BYLINE = re.compile(rf"(?:\bby|written by|author:?|posted by)\s+(?P<name>{NAME})", re.I)
_AUTHOR_PREFIX = re.compile(r"^\s*(?:by|written by|author:?|posted by)\s+", re.I)


@dataclass
class Attribution:
    actor: str
    method: str  # "quote" | "report" | "author" | "source" | ""
    confidence: float
    kind: str  # "person" | "organisation" | "outlet"


@dataclass
class ActorInfo:
    name: str
    kind: str
    aliases: list[str]


def _author_name(raw: str) -> Name | None:
    raw = _AUTHOR_PREFIX.sub("", raw or "").strip()
    head = re.split(r"\s*(?:,|\||\s[-–—]\s)\s*", raw, maxsplit=1)[0].strip()
    if not head or any(ch.isdigit() for ch in head):
        return None  # a dateline ("10 October 2016") beside a byline is nobody's name
    return parse_name(head) or Name(head, "person")


def writer_of(doc: Document) -> tuple[Name | None, str]:
    """Who a passage belongs to when nobody else speaks: the author, else the source."""
    name = _author_name(doc.author)
    if name is None:
        for s, e in doc.byline_spans:
            m = _BYLINE.search(doc.text[s:e])
            name = parse_name(m.group("name")) if m else _author_name(doc.text[s:e])
            if name is not None:
                break
    if name is not None:
        return name, "author"
    source = (doc.source or "").strip()
    if source:
        return Name(source, "outlet" if is_outlet(source) else "organisation"), "source"
    return None, ""


def attribute_document(doc: Document, passages: list[Passage]):
    """Per passage: (Name or None, method, confidence), before corpus-wide merging."""
    writer = writer_of(doc)
    names = DocumentNames(doc.text, [writer[0]] if writer[0] else [])
    if writer[0] is not None:
        writer = (names.resolve(writer[0]), writer[1])
    voices = document_voices(doc.text, list(doc.boilerplate), names)
    ends = [v.end for v, _ in voices]
    out = []
    previous = None  # (name, method, share) of the last non-boilerplate passage
    for p in passages:
        if p.boilerplate:
            out.append((writer[0], writer[1], _CONFIDENCE[writer[1]]))
            continue
        near = voices_near(p.start, p.end, voices, ends)
        (name, method), share = passage_voice(p.start, p.end, near, writer)
        if (
            method not in _SPEECH
            and not has_speaker(p.start, p.end, near)
            and _continues(previous, p.text)
        ):
            name, method, share = previous[0], previous[1], 0.7
        out.append((name, method, round(_CONFIDENCE.get(method, 0.5) * share, 3)))
        previous = (name, method, share)
    return out, names


def _continues(previous, text: str) -> bool:
    """Reported speech running on after a clear speaker ("Labour would ...", a quoted phrase).

    Only from a passage clearly in the speaker's voice, and never for first-person text,
    which is the writer arguing in their own name.
    """
    if previous is None or previous[1] not in _SPEECH or previous[2] < 0.6:
        return False
    if _FIRST_PERSON.search(text):
        return False
    return bool(_REPORTED.search(text))


def attribute_corpus(
    items: list[tuple[Document, list[Passage]]],
) -> tuple[list[list[Attribution]], list[ActorInfo]]:
    """One Attribution per passage per document, and the actors merged across documents."""
    corpus = CorpusNames()
    raw = []
    for doc, passages in items:
        found, names = attribute_document(doc, passages)
        for person, role in names.roles:
            corpus.add_role(names.resolve(person), role)
        for name, _, _ in found:
            if name is not None:
                corpus.add(name)
        raw.append(found)
    actors = corpus.finalise()
    result = []
    for found in raw:
        row = []
        for name, method, confidence in found:
            if name is None:
                row.append(Attribution("", "", 0.0, ""))
                continue
            actor = corpus.canonical(name)
            row.append(Attribution(actor.name, method, confidence, actor.kind))
        result.append(row)
    infos = {a.name: ActorInfo(a.name, a.kind, sorted(a.aliases)) for a in actors}
    return result, sorted(infos.values(), key=lambda a: a.name.casefold())
