"""Recognising people and organisations in running text, and normalising their names.

Deliberately small and rule-based: a capitalised word sequence, optionally led by an
honorific, is a name; a word from ``ORG_WORDS`` or an acronym makes it an organisation.
Job titles in front of a name ("Shadow health secretary Andy Burnham") are kept apart as
the person's role, so "the shadow health secretary" can later be resolved to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

HONORIFICS = (
    "Sir",
    "Dame",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Lord",
    "Lady",
    "Baroness",
    "Baron",
    "Cllr",
    "Councillor",
    "Professor",
    "Prof",
    "Rev",
    "Reverend",
)
KEPT_HONORIFICS = {"Sir", "Dame", "Lord", "Lady", "Baroness", "Baron", "Dr", "Professor"}
"""Part of how a person is known (Sir John); the rest (Mr, Cllr) are dropped from names."""

ROLE_HEADS = (
    "secretary",
    "minister",
    "chancellor",
    "executive",
    "director",
    "chair",
    "chairman",
    "chairwoman",
    "leader",
    "president",
    "mayor",
    "officer",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "councillor",
    "commissioner",
    "adviser",
    "advisor",
    "founder",
    "editor",
    "head",
    "chief",
    "MP",
)
ORG_WORDS = {
    w.lower()
    for w in (
        "Council Councils Trust Trusts Association Providers Confederation Fund Foundation "
        "Institute Institution College Commission Committee Board Boards Group Department "
        "Office Agency Authority Authorities Service Services Society Union Partnership "
        "Partnerships Centre Center Forum Network Alliance Federation Government Ministry "
        "Parliament Party Labour Conservatives Conservative Tories Treasury Whitehall "
        "England Improvement Healthwatch University Company Ltd Limited plc "
        "Unison Club Bank Corporation Council's Democrats Coalition "
        "Executive Assembly Organisation Organization Review Report Act Bill Plan Strategy "
        "Framework Constitution Programme View"
    ).split()
}
OUTLET_WORDS = {
    w.lower()
    for w in (
        "Journal Times Guardian News Gazette Telegraph Mail Post Herald Observer Independent "
        "Chronicle Courier Express Mirror Digest Magazine Online Press Today Weekly BBC ITV "
        "LGC HSJ Govtoday Bulletin Newsletter Broadcasting"
    ).split()
}
"""Words that make a name a publication: it publishes what others say, it is not a voice."""
PLURAL_VOICES = {
    w.lower()
    for w in (
        "Supporters Critics Campaigners Opponents Residents Unions Officials Experts Analysts "
        "Councillors Ministers Doctors Nurses Patients Managers Leaders Others Observers "
        "Commentators Members Sources Insiders Activists Charities Providers Councils Trusts "
        "Boards Authorities Partnerships Services Families Carers Users Staff Academics "
        "Economists Researchers Politicians Officers Governments Parents Voters Locals"
    ).split()
}
"""Plural nouns that stand where a speaker would ("Critics said"): a crowd, not an actor."""
STOP_CAPS = {
    w.lower()
    for w in (
        "The A An This That These Those It Its He She They We I You Our My His Her Their "
        "But And Or So However Meanwhile Yet Also Now Then In On At For If When While As "
        "After Before Speaking Explaining Asked Last Next Earlier Later Today Yesterday "
        "Instead Indeed Still Even Both Some Many Most All Each Every Such Why What How "
        "Where Who Whether Although Though Because Since Until Unless Under Over From With "
        "By To Of Here There Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
        "January February March April May June July August September October November "
        "December Mrs. Mr. Dr. Meanwhile, Commenting Writing Responding Asked, No Yes Not"
    ).split()
}

_HON = "|".join(HONORIFICS)
_WORD = r"(?:Mc|Mac)?[A-Z][a-z]+(?:[’'\-](?!s(?![A-Za-z]))[A-Z]?[a-z]+)*(?![A-Za-z])"
_CAP = rf"(?>{_WORD}|[A-Z]{{2,}}s?(?![A-Za-z]))"  # atomic: long capitalised runs stay linear
NAME = (
    rf"(?:(?:{_HON})\.?\s+)?{_CAP}"
    rf"(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?(?:(?:{_HON})\s+)?{_CAP})*+"
)
"""A name as it appears in text: what the speech patterns capture."""

_ROLE_BEFORE = re.compile(
    r"((?:[A-Za-z][a-z]+\s+){{0,2}}?(?:{}))\s+$".format("|".join(ROLE_HEADS)), re.IGNORECASE
)
_NAME_RE = re.compile(NAME)
_ROLE_LAST = tuple(h.lower() for h in ROLE_HEADS)
_POSSESSIVE = re.compile(r"[’']s?$")
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")


@dataclass(frozen=True)
class Name:
    """A parsed name: the words that identify someone, and what kind of actor they are."""

    text: str  # display form, honorifics like Mr and Cllr dropped
    kind: str  # "person", "organisation" or "outlet"
    honorific: str = ""
    first: str = ""
    surname: str = ""
    role: str = ""

    @property
    def full(self) -> bool:
        """Whether first name and surname are both known (so partial mentions can join it)."""
        return self.kind == "person" and bool(self.first and self.surname)


def names_in(text: str) -> list[tuple[int, str]]:
    """(start, raw text) of every name-like run in ``text``: the one scan a document needs."""
    return [(m.start(), m.group(0)) for m in _NAME_RE.finditer(text)]


def role_before(text: str, start: int) -> str:
    """A job title written just before a name ("Shadow health secretary "), lower-cased."""
    window = text[max(0, start - 60) : start]
    if not window[-1:].isspace():
        return ""
    last = window.rsplit(None, 1)[-1:]
    if not last or not last[0].lower().endswith(_ROLE_LAST):
        return ""  # most names have no title: skip the regex search over the window
    found = _ROLE_BEFORE.search(window)
    if not found:
        return ""
    words = found.group(1).split()
    while words and words[0].lower() in STOP_CAPS:
        words.pop(0)
    return " ".join(words).lower()


def _split_role(tokens: list[str]) -> tuple[list[str], str]:
    """'Health Secretary Jeremy Hunt' -> (['Jeremy', 'Hunt'], 'health secretary')."""
    heads = {h.lower() for h in ROLE_HEADS}
    cut = max((i for i, t in enumerate(tokens[:-1]) if t.lower() in heads), default=-1)
    if cut < 0 or any(t.lower() in ORG_WORDS for t in tokens[cut + 1 :]):
        return tokens, ""
    return tokens[cut + 1 :], " ".join(tokens[: cut + 1]).lower()


def is_outlet(text: str) -> bool:
    """Whether a name (or a document's source) is a publication rather than a speaker."""
    return any(t.strip(".,’'").lower() in OUTLET_WORDS for t in text.split())


def _is_org(tokens: list[str]) -> bool:
    return any(t.lower() in ORG_WORDS or _ACRONYM.match(t) for t in tokens) or (len(tokens) > 4)


@lru_cache(maxsize=1 << 16)
def parse_name(raw: str, role: str = "") -> Name | None:
    """Normalise a captured name; None when nothing name-like is left.

    Cached: a document mentions the same few names many times, and each mention is met by
    several patterns; a Name is immutable, so sharing one is safe.
    """
    tokens = [
        _POSSESSIVE.sub("", t) if i == len(raw.split()) - 1 else t
        for i, t in enumerate(raw.replace("\u00a0", " ").split())
    ]
    tokens = [t for t in tokens if t]
    while tokens and tokens[0].lower() in STOP_CAPS and tokens[0] not in HONORIFICS:
        tokens.pop(0)
    if tokens and tokens[-1] == "MP" and len(tokens) > 1:
        tokens.pop()
    tokens, prefix_role = _split_role(tokens)
    role = role or prefix_role
    if not tokens:
        return None
    if len(tokens) > 1 and _ACRONYM.match(tokens[0]) and not _is_org(tokens[1:]):
        tokens = tokens[:1]  # "the RAC North West Leicestershire": the speaker is the RAC
    if len(tokens) == 1 and tokens[0].lower() in PLURAL_VOICES:
        return None
    if is_outlet(" ".join(tokens)):
        return Name(" ".join(tokens), "outlet", role=role)
    if _is_org(tokens) or (len(tokens) == 1 and tokens[0].lower() in ORG_WORDS):
        return Name(" ".join(tokens), "organisation", role=role)
    honorific = tokens[0].rstrip(".") if tokens[0].rstrip(".") in HONORIFICS else ""
    words = tokens[1:] if honorific else tokens
    if not words:
        return None
    if any(w[0].islower() for w in words if w not in ("of", "for", "the")):
        return None
    kept = honorific if honorific in KEPT_HONORIFICS else ""
    text = " ".join(([kept] if kept else []) + words)
    if len(words) > 1:
        first, surname = words[0], words[-1]
    elif honorific in ("Sir", "Dame"):
        first, surname = words[0], ""  # "Sir John" is John, not a Mr John
    else:
        first, surname = "", words[0]
    return Name(text, "person", honorific, first, surname, role)
