"""Models and their predictions, written so that no reader ever sees two models mixed.

A retrain stores its model *pending*, writes the predictions in short transactions that a
waiting label can slip between, and switches the model on in one tiny transaction; readers
only ever join the active model's rows. Superseded rows are pruned in short batches too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from analysis.corpus import Prediction
from analysis.store import queries
from analysis.store.records import Changes, ModelRecord

WRITE_BATCH = 500
"""Rows per transaction in bulk writes: a waiting label never waits for more than this."""


def _now() -> str:
    from analysis.store.project import now

    return now()


class ModelStore:
    """Mixed into :class:`~analysis.store.project.Project` (needs ``_conn``, ``transaction``)."""

    def save_model(
        self,
        name: str,
        params: dict,
        arrays: bytes,
        training_size: int,
        metrics: dict,
        *,
        activate: bool = True,
    ) -> int:
        """Store a model; with ``activate=False`` it stays pending (invisible everywhere)
        until :meth:`activate_model`, so its predictions can be written in small batches."""
        with self.transaction():
            if activate:
                self._conn.execute("UPDATE models SET active = 0")
            cur = self._conn.execute(
                "INSERT INTO models (created_at, name, params, arrays, training_size, metrics,"
                " active, pending) VALUES (?,?,?,?,?,?,?,?)",
                (
                    _now(),
                    name,
                    json.dumps(params),
                    arrays,
                    training_size,
                    json.dumps(metrics),
                    int(activate),
                    int(not activate),
                ),
            )
        return cur.lastrowid

    def activate_model(self, model_id: int) -> Changes:
        """Switch to a model whose predictions are all written: one tiny transaction."""
        with self.transaction():
            self._conn.execute(
                "UPDATE models SET active = (id = ?), pending = 0 WHERE active = 1 OR id = ?",
                (model_id, model_id),
            )
        return Changes(model=True)

    def discard_model(self, model_id: int) -> None:
        """Remove a pending model and its predictions (a cancelled or failed retrain)."""
        self._delete_predictions(model_id)
        with self.transaction():
            self._conn.execute("DELETE FROM models WHERE id = ? AND pending = 1", (model_id,))

    def prune_predictions(self, *, stale_pending_before: str | None = None) -> int:
        """Drop predictions no reader can see: those of superseded models, and of pending
        models left by a retrain that was killed before ``stale_pending_before``."""
        old = [
            r[0]
            for r in self._conn.execute("SELECT id FROM models WHERE active = 0 AND pending = 0")
        ]
        if stale_pending_before is not None:
            stale = [
                r[0]
                for r in self._conn.execute(
                    "SELECT id FROM models WHERE pending = 1 AND created_at < ?",
                    (stale_pending_before,),
                )
            ]
            for model_id in stale:
                self.discard_model(model_id)
        return sum(self._delete_predictions(model_id) for model_id in old)

    def _delete_predictions(self, model_id: int) -> int:
        removed = 0
        while True:
            with self.transaction():
                cur = self._conn.execute(
                    "DELETE FROM predictions WHERE model_id = ? AND passage_id IN"
                    " (SELECT passage_id FROM predictions WHERE model_id = ? LIMIT ?)",
                    (model_id, model_id, WRITE_BATCH),
                )
            removed += cur.rowcount
            if cur.rowcount < WRITE_BATCH:
                return removed

    def unpredicted_passages(self) -> list[int]:
        """Passages the active model has not predicted yet (new or changed documents)."""
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT p.id FROM passages p WHERE NOT EXISTS (SELECT 1 FROM predictions pr"
                " WHERE pr.passage_id = p.id AND pr.model_id ="
                " (SELECT max(id) FROM models WHERE active = 1)) ORDER BY p.id"
            )
        ]

    def models(self) -> list[ModelRecord]:
        return queries.models(self._conn)

    def active_model(self) -> ModelRecord | None:
        found = [m for m in self.models() if m.active]
        return found[-1] if found else None

    def save_predictions(self, model_id: int, rows: Iterable[tuple[int, Prediction]]) -> Changes:
        with self.transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO predictions (passage_id, model_id, label, p_centralist,"
                " p_neutral, p_localist, evidence) VALUES (?,?,?,?,?,?,?)",
                [
                    (
                        pid,
                        model_id,
                        p.label,
                        p.p_centralist,
                        p.p_neutral,
                        p.p_localist,
                        _evidence_json(p.evidence),
                    )
                    for pid, p in rows
                ],
            )
        return Changes(model=True)


class _Quoted(dict):
    """Term -> its JSON string, encoded once: the same few thousand terms recur."""

    def __missing__(self, term: str) -> str:
        quoted = json.dumps(term, ensure_ascii=False)
        if len(self) < 200_000:
            self[term] = quoted
        return quoted


_QUOTED = _Quoted()


def _evidence_json(evidence) -> str:
    """``[[term, weight], …]`` with weights to four places, as compact JSON: written for
    every passage a model classifies, so built directly rather than through ``json.dumps``."""
    return "[" + ",".join(f"[{_QUOTED[t]},{round(w, 4)!r}]" for t, w in evidence) + "]"
