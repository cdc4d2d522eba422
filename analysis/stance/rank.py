"""Which passage should the researcher label next: the ones that teach the model most.

Uncertainty sampling: passages ranked by the entropy of their predicted probabilities
(ties broken by the smaller margin between the two best labels), with a little diversity:
a passage whose words mostly repeat one already ranked above it is moved down, so ten
near-identical boilerplate sentences do not fill the queue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"\w\w+")
SIMILAR = 0.6
WINDOW = 200


def rank_for_labelling(
    predictions: Sequence, texts: Sequence[str] | None = None, limit: int | None = None
) -> list[int]:
    """Indices of ``predictions`` (objects with ``p_centralist``, ``p_neutral``,
    ``p_localist``, or rows of an (n, 3) array), most informative first."""
    proba = np.array(
        [[p.p_centralist, p.p_neutral, p.p_localist] for p in predictions]
        if predictions is not None and len(predictions) and not isinstance(predictions, np.ndarray)
        else np.asarray(predictions, dtype=float).reshape(-1, 3),
        dtype=float,
    )
    if len(proba) == 0:
        return []
    safe = np.clip(proba, 1e-12, 1.0)
    entropy = -(safe * np.log(safe)).sum(axis=1)
    top2 = np.sort(proba, axis=1)[:, -2:]
    margin = top2[:, 1] - top2[:, 0]
    order = list(np.lexsort((margin, -entropy)))
    if texts is not None:
        order = _diverse(order, texts)
    return [int(i) for i in order[:limit]]


def _diverse(order: list[int], texts: Sequence[str]) -> list[int]:
    """The first ``WINDOW`` ranks with near-duplicates of an earlier pick moved behind."""
    chosen, later, seen = [], [], []
    for i in order[:WINDOW]:
        words = set(_WORD.findall(texts[i].lower()))
        if any(len(words & s) / max(1, len(words | s)) > SIMILAR for s in seen):
            later.append(i)
            continue
        seen.append(words)
        chosen.append(i)
    return chosen + later + order[WINDOW:]
