"""Speech attribution patterns: who a sentence says is speaking.

Only explicit attribution counts: a speech verb with its subject ("Burnham said",
"X, chief executive of Y, told"), an inverted one ("…, warns X"), "according to X", a
report's author ("the report, by X, said", "X's report recommended"), pronouns ("he
said") and role nouns ("the chancellor said"). A name merely mentioned, or a phrase quoted
inside the writer's own argument, is no attribution, so the writer keeps the passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.actors.names import NAME, ROLE_HEADS, Name, names_in, parse_name, role_before

SAY = (
    "said|says|say|told|tells|added|adds|warned|warns|argued|argues|argue|insisted|insists|"
    "claimed|claims|explained|explains|urged|urges|stated|states|noted|notes|commented|"
    "stressed|stresses|believes|believed|wrote|writes|admitted|admits|acknowledged|"
    "suggested|suggests|recommended|recommends|concluded|concludes|pledged|pledges|"
    "outlined|outlines|announced|announces|declared|declares|cautioned|cautions|replied|"
    "responded|maintained|maintains|asserted|emphasised|emphasises|called for|calls for|"
    "went on to say|conceded|concedes|predicted|predicts|reports"
)
_AUX = r"(?:(?:also|has|have|had|then|today|yesterday|previously|later|once|has\s+also)\s+)*"
REPORT_VERBS = (
    "said|says|added|adds|recommended|recommends|called for|calls for|concluded|concludes|"
    "found|finds|argued|argues|warned|warns|proposed|proposes|suggested|suggests|endorsed|"
    "endorses|cautioned|cautions|urged|urges|stated|states|noted|notes"
)
REPORT_NOUNS = r"(?i:report|review|study|paper|inquiry|commission's report)"
_PRONOUN_VERBS = SAY + "|launched|launches|speaking"
_ROLES = "|".join(ROLE_HEADS)

_SUBJECT = re.compile(
    rf"(?P<name>{NAME})(?:\s*,\s*(?P<appos>[^,“”\"]{{2,120}}?)\s*,)?\s+{_AUX}(?:{SAY})\b"
)
_INVERTED = re.compile(
    rf"[,”\"’]\s*(?:said|says|added|adds|warned|warns|argued|argues|insisted|explained|"
    rf"writes|wrote|claimed|claims|noted|notes)\s+(?:the\s+)?(?P<name>{NAME})"
)
_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+(?:the\s+)?(?P<name>{NAME})")
_PRONOUN = re.compile(rf"\b(?P<pron>[Hh]e|[Ss]he|[Ii]t)\s+{_AUX}(?:{_PRONOUN_VERBS})\b")
_ROLE = re.compile(
    rf"\b[Tt]he\s+(?P<role>(?:[a-z]+\s+){{0,3}}(?:{_ROLES}))(?:\s*,[^,]{{2,80}},)?"
    rf"\s+{_AUX}(?:{SAY})\b"
)
_REPORT = re.compile(
    rf"\b(?:[Tt]he|[Aa]|[Tt]his|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:(?P<rname>{NAME})\s+)?"
    rf"(?:new\s+|latest\s+|final\s+)?{REPORT_NOUNS}\b(?P<middle>(?:\s*,[^,]{{1,160}},)|"
    rf"(?:\s+[\w’'\-]+){{0,12}}?)\s+{_AUX}(?:{REPORT_VERBS})\b"
)
_OWN_REPORT = re.compile(
    rf"(?P<name>{NAME})[’']s?\s+(?:new\s+|latest\s+|final\s+|own\s+)?{REPORT_NOUNS}\b"
    rf"(?:\s*,[^,]{{1,160}},)?\s+{_AUX}(?:{REPORT_VERBS})\b"
)
_REPORT_BY = re.compile(
    rf"{REPORT_NOUNS}\s*,?\s+(?:(?:written|led|chaired|published|produced)\s+)?by\s+"
    rf"(?P<by>[^,.;:“”\"]{{2,120}})"
)
_ANY_VERB = re.compile(rf"\b(?:{_PRONOUN_VERBS}|{REPORT_VERBS})\b")
_REPORT_NOUN = re.compile(REPORT_NOUNS)
_NAMED_REPORT = re.compile(rf"\b[Tt]he\s+(?P<rname>{NAME})\s+{REPORT_NOUNS}\b")
_HEADER = re.compile(
    rf"^\s*(?:\d+[.)]\s*)?(?P<name>{NAME})\s+(?:says|said|writes|wrote|comments|commented)"
    rf"(?:\s+on\s+[^:]{{1,40}})?\s*:?\s*$"
)
_APPOS_ROLE = re.compile(
    rf"(?P<name>{NAME})\s*(?:,|–|—|-)\s*(?P<role>(?:the\s+|a\s+|former\s+)?(?:[a-z]+\s+){{0,4}}"
    rf"(?:{_ROLES})(?:\s+(?:of|for|at)\s+(?:the\s+)?[^,.;–—]{{1,60}})?)\s*(?:,|–|—|\.)",
)


@dataclass(frozen=True)
class Claim:
    """One attribution found in a sentence.

    ``kind``: "name" (a named speaker), "he" (he/she), "it" (it: the last organisation or
    report), "report" (an unnamed report: the document's report author), "role" (the
    chancellor: resolved from roles met earlier).
    """

    pos: int
    kind: str
    method: str = "quote"
    name: Name | None = None
    role: str = ""


def _named(text: str, m: re.Match, group: str, method: str, role: str = "") -> Claim | None:
    start = m.start(group)
    name = parse_name(m.group(group), role or role_before(text, start))
    if name is None:
        return None
    return Claim(start, "name", method, name)


def report_author(by_text: str) -> Name | None:
    """The author in "by GP and former director Sir John Oldham": the last person named."""
    people = [n for m in re.finditer(NAME, by_text) if (n := parse_name(m.group(0)))]
    persons = [n for n in people if n.kind == "person" and (n.full or n.honorific)]
    if persons:
        return persons[-1]
    return None


def claims(text: str) -> list[Claim]:
    """Attributions in one sentence (``text``), by position.

    Every pattern needs a speech or report verb (or "according to"), so a sentence without
    one is settled by a single scan instead of seven.
    """
    found: list[Claim] = []
    verb = _ANY_VERB.search(text) is not None
    if verb and _REPORT_NOUN.search(text):
        found += _report_claims(text)
    patterns = ((_SUBJECT, _INVERTED) if verb else ()) + (
        (_ACCORDING,) if "ccording" in text else ()
    )
    for pattern in patterns:
        for m in pattern.finditer(text):
            role = _appositive_role(m)
            if c := _named(text, m, "name", "quote", role):
                found.append(c)
    if verb:
        for m in _PRONOUN.finditer(text):
            kind = "it" if m.group("pron").lower() == "it" else "he"
            found.append(Claim(m.start(), kind, "quote"))
        for m in _ROLE.finditer(text):
            found.append(Claim(m.start(), "role", "quote", role=m.group("role").lower()))
    found.sort(key=lambda c: c.pos)
    return found


def _report_claims(text: str) -> list[Claim]:
    found: list[Claim] = []
    for m in _OWN_REPORT.finditer(text):
        if c := _named(text, m, "name", "report"):
            found.append(c)
    for m in _REPORT.finditer(text):
        author = None
        by = _REPORT_BY.search(m.group(0))
        if by:
            author = report_author(by.group("by"))
        if author is not None:
            found.append(Claim(m.start(), "name", "report", author))
        elif m.group("rname") and (n := parse_name(m.group("rname"))):
            found.append(Claim(m.start(), "name", "report", n))
        else:
            found.append(Claim(m.start(), "report", "report"))
    return found


def _appositive_role(m: re.Match) -> str:
    appos = m.groupdict().get("appos")
    if appos and any(h in appos.lower().split() for h in ROLE_HEADS):
        return appos.strip().lower()
    return ""


def header_speaker(text: str) -> Name | None:
    """A line that only announces who writes what follows ("Jane Doe says:")."""
    m = _HEADER.match(text)
    return parse_name(m.group("name")) if m else None


def roles_in(text: str, names: list[tuple[int, str]] | None = None) -> list[tuple[Name, str]]:
    """(person, role) pairs written as appositions or title prefixes anywhere in ``text``.

    ``names``: the document's ``names_in`` scan, when the caller already has it.
    """
    out = []
    for m in _APPOS_ROLE.finditer(text):
        name = parse_name(m.group("name"))
        if name and name.kind == "person":
            out.append((name, m.group("role").strip().lower()))
    for start, raw in names_in(text) if names is None else names:
        name = parse_name(raw, role_before(text, start))
        if name and name.kind == "person" and name.role:
            out.append((name, name.role))
    return out


def report_authors(text: str) -> list[Name]:
    """Authors of reports the text describes: "report by X", "X's report", "the X report"."""
    out = []
    for m in _REPORT_BY.finditer(text):
        if author := report_author(m.group("by")):
            out.append(author)
    for m in _NAMED_REPORT.finditer(text):
        if (n := parse_name(m.group("rname"))) and n.kind == "person":
            out.append(n)
    return out
