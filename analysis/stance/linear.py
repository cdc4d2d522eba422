"""One linear layer of the stance model: the arrays a payload stores, and the weighted
TF-IDF rows it scores. The bootstrap layer and a project layer are both one of these; the
numpy-only predictor subclasses it to return rows without scipy."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import repeat

import numpy as np

from analysis.corpus import LABELS
from analysis.stance.features import Analyser


class Linear:
    """Vocabulary, idf, per-column weight and a (3, V) linear layer, columns in LABELS
    order. ``transform`` is TF-IDF (sublinear tf, l2 norm) times the column weights."""

    def __init__(
        self,
        vocabulary: list[str],
        idf,
        colw,
        coef,
        intercept,
        cues,
        present: Sequence[str] = LABELS,
        stack=None,
        scoped: bool = True,
        role_overrides: dict[str, str] | None = None,
    ) -> None:
        self.present = [label for label in LABELS if label in present]
        self.vocabulary = list(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.colw = np.asarray(colw, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        # (3, 3) weights on the bootstrap layer's log-probabilities (project layer only).
        self.stack = (
            np.zeros((len(LABELS), len(LABELS)))
            if stack is None
            else np.asarray(stack, dtype=np.float64)
        )
        self.cues = tuple(tuple(c) for c in cues)
        self.scoped = bool(scoped)
        self._index = {t: i for i, t in enumerate(self.vocabulary)}
        self._analyse = Analyser(self.cues, scoped=self.scoped, role_overrides=role_overrides)
        self.role_overrides = self._analyse.role_overrides

    def transform(self, texts: list[str]):
        from scipy.sparse import csr_matrix

        indptr, cols, data = self.tfidf_rows(texts)
        return csr_matrix((data, cols, indptr), shape=(len(texts), len(self.vocabulary)))

    def tfidf_rows(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(indptr, indices, data) of the weighted TF-IDF rows: sublinear tf, idf, l2 norm
        (as scikit-learn's ``TfidfVectorizer`` computes them), then the column weights.

        Classifying 100k passages is mostly this loop, so the only Python-level work per
        passage is the analyser: features are looked up in C (``map``, a missing feature
        becomes the one column past the vocabulary) and counted with one sort of the batch.
        """
        width = len(self.vocabulary) + 1
        get, analyse, missing = self._index.get, self._analyse, repeat(width - 1)
        found, ends = array("q"), array("q", [0])
        for text in texts:
            found.extend(map(get, analyse(text), missing))
            ends.append(len(found))
        rows = np.repeat(np.arange(len(texts)), np.diff(np.asarray(ends, dtype=np.int64)))
        keys, counts = np.unique(
            rows * width + np.asarray(found, dtype=np.int64), return_counts=True
        )
        rows, cols = np.divmod(keys, width)
        known = cols != width - 1
        rows, cols, counts = rows[known], cols[known], counts[known]
        data = (np.log(counts) + 1.0) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=data**2, minlength=len(texts)))
        norms[norms == 0] = 1.0
        data = data / norms[rows] * self.colw[cols]
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
        return indptr, cols, data

    def logits(self, X, prior: np.ndarray | None = None) -> np.ndarray:
        """Linear scores; ``prior`` (the bootstrap layer's log-probabilities) enters
        through ``stack`` in a project layer."""
        z = np.asarray(X @ self.coef.T) + self.intercept
        return z if prior is None else z + prior @ self.stack.T
