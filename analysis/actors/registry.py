"""Merging the many ways one actor is written into one canonical name.

Within a document, partial mentions ("Burnham", "Mr Burnham", "Sir John", "the Oldham
report", "the shadow health secretary") are resolved against the full names the document
contains. Across the corpus, people join on first name + surname, and a surname that is
still alone joins the one full name in the corpus that ends with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.actors.names import ROLE_HEADS, Name, names_in, parse_name
from analysis.actors.speech import report_authors, roles_in

_HEADS = set(ROLE_HEADS)


def _key(name: Name) -> str:
    return re.sub(r"^the\s+", "", name.text, flags=re.IGNORECASE).casefold()


class DocumentNames:
    """The people and roles one document names, to resolve its partial mentions.

    The document is scanned for names once; people are indexed by surname and first name
    so that resolving a mention costs the same in a long document as in a short one.
    """

    def __init__(self, text: str, extra: list[Name] = ()) -> None:
        found = names_in(text)
        people: list[Name] = [n for n in extra if n.full]
        people += [n for _, raw in found if (n := parse_name(raw)) is not None and n.full]
        self.roles: list[tuple[Name, str]] = roles_in(text, found)
        people += [n for n, _ in self.roles if n.full]
        self.people = people
        self._by_surname: dict[str, list[Name]] = {}
        self._by_first: dict[str, list[Name]] = {}
        for p in people:
            self._by_surname.setdefault(p.surname.casefold(), []).append(p)
            self._by_first.setdefault(p.first.casefold(), []).append(p)
        self._roles_by_head: dict[str, list[tuple[Name, str]]] = {}
        for person, described in self.roles:
            for head in set(described.split()) & _HEADS:
                self._roles_by_head.setdefault(head, []).append((person, described))
        self.reports: list[Name] = [self.resolve(n) for n in report_authors(text)]

    def resolve(self, name: Name) -> Name:
        if name.kind != "person" or name.full:
            return name
        if name.surname:
            hits = self._by_surname.get(name.surname.casefold(), [])
        else:
            hits = [
                p
                for p in self._by_first.get(name.first.casefold(), [])
                if p.honorific == name.honorific or not name.honorific
            ]
        distinct = {(p.first.casefold(), p.surname.casefold()) for p in hits}
        if len(distinct) == 1:
            return max(hits, key=lambda p: (bool(p.honorific in ("Sir", "Dame")), len(p.text)))
        return name

    def resolve_role(self, role: str) -> Name | None:
        """ "the chancellor" -> the person last described with that role."""
        words = role.lower().split()
        heads = [w for w in words if w in _HEADS]
        if not heads:
            return None
        for person, described in reversed(self._roles_by_head.get(heads[-1], [])):
            dwords = described.split()
            if all(w in dwords for w in words):
                return self.resolve(person)
        return None

    def report_author(self) -> Name | None:
        return self.reports[0] if self.reports else None


@dataclass
class Actor:
    name: str
    kind: str
    aliases: set[str] = field(default_factory=set)


class CorpusNames:
    """Collects every actor the attribution uses, then merges them corpus-wide."""

    def __init__(self) -> None:
        self._seen: list[Name] = []
        self._roles: dict[str, set[str]] = {}
        self._map: dict[Name, Actor] = {}

    def add(self, name: Name) -> None:
        self._seen.append(name)

    def add_role(self, name: Name, role: str) -> None:
        """Remember a role as an alias, for whichever actor this name turns out to be."""
        self._roles.setdefault(_key(name), set()).add(role)

    def finalise(self) -> list[Actor]:
        full: dict[tuple[str, str], Actor] = {}
        for name in sorted({n for n in self._seen if n.full}, key=lambda n: -len(n.text)):
            key = (name.first.casefold(), name.surname.casefold())
            actor = full.setdefault(key, Actor(name.text, "person"))
            actor.aliases |= _person_aliases(name)
            self._map[name] = actor
        others: dict[str, Actor] = {}
        index = _FullIndex(full)
        for name in self._seen:
            if name in self._map:
                continue
            actor = index.join(name) if name.kind == "person" else None
            if actor is None:
                actor = others.setdefault(_key(name), Actor(name.text, name.kind))
            actor.aliases |= _person_aliases(name) if name.kind == "person" else {name.text}
            self._map[name] = actor
        actors = list({id(a): a for a in self._map.values()}.values())
        for actor in actors:
            for alias in list(actor.aliases):
                actor.aliases |= self._roles.get(alias.casefold(), set())
            actor.aliases.discard(actor.name)
        return actors

    def canonical(self, name: Name) -> Actor:
        return self._map[name]


class _FullIndex:
    """Full names by surname and by first name, so a partial mention joins in O(1)."""

    def __init__(self, full: dict[tuple[str, str], Actor]) -> None:
        self.by_surname: dict[str, list[Actor]] = {}
        self.by_first: dict[str, list[Actor]] = {}
        for (first, surname), actor in full.items():
            self.by_surname.setdefault(surname, []).append(actor)
            self.by_first.setdefault(first, []).append(actor)

    def join(self, name: Name) -> Actor | None:
        if name.surname:
            hits = self.by_surname.get(name.surname.casefold(), [])
        else:
            hits = [
                a
                for a in self.by_first.get(name.first.casefold(), [])
                if a.name.startswith(name.honorific)
            ]
        return hits[0] if len(hits) == 1 else None


def _person_aliases(name: Name) -> set[str]:
    out = {name.text}
    if name.surname:
        out |= {name.surname, f"the {name.surname} report"}
        if name.honorific and name.honorific not in ("Sir", "Dame"):
            out.add(f"{name.honorific} {name.surname}")
    if name.first and name.surname:
        out.add(f"{name.first} {name.surname}")
        if name.honorific in ("Sir", "Dame"):
            out.add(f"{name.honorific} {name.first}")
    if name.role:
        out.add(name.role)
    return out
