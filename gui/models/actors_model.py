"""The actors table: each actor's name, kind, passage count and aliases.

:func:`actor_rows` folds plain data (passage records, what detection found, the user's
edits) into :class:`ActorRow`s; :class:`ActorsModel` only adapts them for a view, so both
are tested without a window.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from analysis.store.actor_edits import KIND_TITLES, ActorEdits

COLUMNS = ("Actor", "Kind", "Passages", "Also known as")
NameRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ActorRow:
    name: str
    kind: str
    passages: int
    aliases: tuple[str, ...]


def _default_kind(name: str, detected: dict, methods: Counter) -> str:
    """Detection's kind; a name only ever seen as a document's source is an outlet."""
    if name in detected:
        return detected[name][0]
    return "outlet" if set(methods) == {"source"} else "person"


def actor_rows(
    passages, detected: dict[str, tuple[str, list[str]]], edits: ActorEdits
) -> list[ActorRow]:
    """One row per actor a passage resolves to, most passages first.

    ``passages`` already carry the edited names (the store applies the edits on read);
    ``detected`` is what speaker detection stored (name -> (kind, aliases)), whose names
    the edits fold into the surviving rows as aliases.
    """
    counts: Counter = Counter()
    methods: dict[str, Counter] = {}
    for p in passages:
        if p.actor and not p.boilerplate:
            counts[p.actor] += 1
            methods.setdefault(p.actor, Counter())[p.actor_method] += 1
    aliases: dict[str, set[str]] = {name: set() for name in counts}
    for name, (_kind, names) in detected.items():
        target = edits.resolve(name)
        if target in aliases:
            aliases[target].update(names)
            if name != target:
                aliases[target].add(name)
    for old_key, new in edits.renames.items():
        target = edits.resolve(new)
        if target in aliases and old_key != target.casefold():
            aliases[target].add(edits.spelled.get(old_key, old_key))
    rows = []
    for name, n in counts.items():
        kind = edits.kind(name, _default_kind(name, detected, methods[name]))
        folded = {a for a in aliases[name] if a.casefold() != name.casefold()}
        unique = {a.casefold(): a for a in sorted(folded, key=str.casefold, reverse=True)}
        rows.append(ActorRow(name, kind, n, tuple(sorted(unique.values(), key=str.casefold))))
    rows.sort(key=lambda r: (-r.passages, r.name.casefold()))
    return rows


class ActorsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ActorRow] = []

    def set_rows(self, rows: list[ActorRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ActorRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, name: str) -> int | None:
        wanted = name.casefold()
        return next((i for i, r in enumerate(self._rows) if r.name.casefold() == wanted), None)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        col = index.column()
        if role == NameRole:
            return row.name
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.name,
                KIND_TITLES.get(row.kind, row.kind),
                row.passages,
                ", ".join(row.aliases),
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 3 and row.aliases:
            return "\n".join(row.aliases)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
