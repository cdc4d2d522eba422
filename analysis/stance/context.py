"""Reading a passage in the light of its neighbours.

Stance runs in paragraphs and articles: a sentence that only says "they would hold the
budget" is localist because the paragraph around it is. A passage's own probabilities are
mixed with the mean of the passages just before and after it in the same document and,
optionally, with a share of the document's mean (off by default: on an archive page of
several posts the "document" is not one argument). The mixing is of probabilities, not log-odds: a
neighbour that is sure of itself lends at most its weight to the passage, so one confident
neutral sentence cannot silence an argument next to it. The evidence a passage shows stays
its own: smoothing moves the verdict, not the words on the page.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

NEIGHBOUR_WEIGHT = 0.15
DOCUMENT_WEIGHT = 0.0


def smooth(probas: np.ndarray, doc_ids: Sequence[int], weight: float = NEIGHBOUR_WEIGHT,
           doc_weight: float = DOCUMENT_WEIGHT) -> np.ndarray:
    """Probabilities mixed with their neighbours in reading order within each document.

    ``probas`` is (n, k), rows in reading order; ``doc_ids`` gives each row's document (rows
    of one document must be contiguous or not, order within a document is the row order).
    Returns a new (n, k) array whose rows sum to one; the input is left untouched.
    """
    probas = np.asarray(probas, dtype=float)
    if probas.ndim != 2:
        raise ValueError("probabilities must be a two-dimensional array")
    if len(doc_ids) != len(probas):
        raise ValueError(f"{len(probas)} rows of probabilities but {len(doc_ids)} document ids")
    if not 0 <= weight or not 0 <= doc_weight or weight + doc_weight > 1:
        raise ValueError("smoothing weights must be non-negative and sum to at most one")
    out = probas.copy()
    if len(probas) == 0 or weight + doc_weight == 0:
        return out
    ids = np.asarray(doc_ids)
    for doc in np.unique(ids):
        rows = np.flatnonzero(ids == doc)
        out[rows] = _smooth_document(probas[rows], weight, doc_weight)
    return out


def _smooth_document(rows: np.ndarray, weight: float, doc_weight: float) -> np.ndarray:
    """Smoothed probabilities of one document's rows, in reading order."""
    if len(rows) == 1:
        return rows.copy()
    padded = np.vstack([rows[:1], rows, rows[-1:]])
    neighbours = (padded[:-2] + padded[2:]) / 2
    # The first and last rows have one real neighbour, not a copy of themselves.
    neighbours[0], neighbours[-1] = rows[1], rows[-2]
    document = rows.mean(axis=0, keepdims=True)
    mixed = (1 - weight - doc_weight) * rows + weight * neighbours + doc_weight * document
    return mixed / mixed.sum(axis=1, keepdims=True)
