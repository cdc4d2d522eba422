"""The user's corrections to actors: merges, renames and kinds, kept apart from detection.

Speaker detection rewrites ``attributions`` and ``actors`` every time it runs, so the
user's edits live in their own append-only log (``actor_edits``) and are applied when a
passage's actor is read. Re-running detection therefore never loses them, and the log
doubles as a history of who changed what.

A merge is a set of renames onto one name; a rename maps one name to another (case does not
matter); a retype sets the kind of the name a passage finally resolves to.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from analysis.store.errors import ProjectError

KINDS = ("person", "organisation", "outlet", "unattributed")
KIND_TITLES = {
    "person": "Person",
    "organisation": "Organisation",
    "outlet": "Outlet",
    "unattributed": "Unattributed author",
}
MAX_CHAIN = 64  # renames of renames; a longer chain can only be a loop


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class ActorEdits:
    """The folded log: where each name goes, and the kinds the user chose."""

    renames: dict[str, str] = field(default_factory=dict)  # key of old name -> new name
    kinds: dict[str, str] = field(default_factory=dict)  # key of final name -> kind
    spelled: dict[str, str] = field(default_factory=dict)  # key of old name -> as written

    def __bool__(self) -> bool:
        return bool(self.renames or self.kinds)

    def resolve(self, name: str) -> str:
        """The name ``name`` is shown and counted under after the user's edits."""
        seen = set()
        while (key := _key(name)) in self.renames and key not in seen and len(seen) < MAX_CHAIN:
            seen.add(key)
            name = self.renames[key]
        return name

    def kind(self, name: str, default: str = "person") -> str:
        return self.kinds.get(_key(self.resolve(name)), default)

    def _apply(self, op: str, actor: str, value: str) -> None:
        if op == "retype":
            self.kinds[_key(self.resolve(actor))] = value
            return
        old, new = _key(actor), _key(value)
        self.spelled[old] = actor
        if old == new:  # a change of spelling or case only
            self.renames.pop(old, None)
            if old in self.kinds:
                self.kinds[new] = self.kinds.pop(old)
            self.renames[old] = value
            return
        if _key(self.resolve(value)) == old:  # renaming back: drop the loop
            self.renames.pop(new, None)
        self.renames[old] = value
        if old in self.kinds and new not in self.kinds:
            self.kinds[new] = self.kinds.pop(old)


def load(conn: sqlite3.Connection) -> ActorEdits:
    edits = ActorEdits()
    for op, actor, value in conn.execute("SELECT op, actor, value FROM actor_edits ORDER BY id"):
        edits._apply(op, actor, value)
    return edits


def apply_to_records(conn: sqlite3.Connection, records: list) -> list:
    """Passage records with each actor replaced by the name the user's edits give it."""
    edits = load(conn)
    if not edits.renames:
        return records
    out = []
    for record in records:
        actor = edits.resolve(record.actor) if record.actor else record.actor
        out.append(record if actor == record.actor else dataclasses.replace(record, actor=actor))
    return out


def _append(project, rows: Iterable[tuple[str, str, str]]) -> None:
    from analysis.store.project import now

    with project.transaction():
        project._conn.executemany(
            "INSERT INTO actor_edits (op, actor, value, created_at) VALUES (?, ?, ?, ?)",
            [(op, actor, value, now()) for op, actor, value in rows],
        )


def _clean(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise ProjectError("an actor needs a name")
    return name


def rename(project, name: str, new_name: str) -> None:
    """Show and count ``name``'s passages under ``new_name`` (which may already exist)."""
    _append(project, [("rename", _clean(name), _clean(new_name))])


def merge(project, names: Iterable[str], into: str) -> None:
    """Put every actor in ``names`` under ``into``, in one transaction."""
    into = _clean(into)
    rows = [("rename", _clean(n), into) for n in names if _key(n) != _key(into)]
    if rows:
        _append(project, rows)


def retype(project, name: str, kind: str) -> None:
    if kind not in KINDS:
        raise ProjectError(f"unknown actor kind {kind!r}; use one of {', '.join(KINDS)}")
    _append(project, [("retype", _clean(name), kind)])


def edits(project) -> ActorEdits:
    return load(project._conn)


def history(project) -> list[tuple[str, str, str, str]]:
    """(op, actor, value, created_at) in the order the user made them."""
    return list(
        project._conn.execute("SELECT op, actor, value, created_at FROM actor_edits ORDER BY id")
    )
