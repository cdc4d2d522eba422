"""The stance model for prediction only, with numpy and without scikit-learn.

``stancemap classify`` is often run once per small file from a script; importing
scikit-learn (and through it scipy) cost it most of a second before the first passage was
read. A saved model is linear — a vocabulary, idf, column weights and a linear layer — so
its TF-IDF transform (sublinear tf, l2 norm, as scikit-learn's ``TfidfVectorizer`` computes
it) is a few numpy lines. The layers built here plug into :class:`StanceModel`, so the
probabilities, the project-layer blend and the evidence are the model's own code, and the
payload goes through the same checks as any other load.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from analysis.stance import payload
from analysis.stance.linear import Linear
from analysis.stance.model import StanceModel, read_shipped_payload


class SparseRows:
    """Row-compressed feature rows (the ``indptr``/``indices``/``data`` the model reads for
    evidence) that multiply a dense matrix on the right, as ``X @ coef.T`` does."""

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray) -> None:
        self.indptr, self.indices, self.data = indptr, indices, data
        self._rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))

    def __matmul__(self, dense: np.ndarray) -> np.ndarray:
        n = len(self.indptr) - 1
        contrib = self.data[:, None] * np.asarray(dense)[self.indices]
        return np.stack(
            [
                np.bincount(self._rows, weights=contrib[:, j], minlength=n)
                for j in range(contrib.shape[1])
            ],
            axis=1,
        )


class LightLinear(Linear):
    """A :class:`Linear` layer whose rows are numpy arrays, not a scipy matrix, so
    prediction never imports scipy."""

    def transform(self, texts: list[str]) -> SparseRows:
        return SparseRows(*self.tfidf_rows(texts))


def model_from_payload(params: dict, arrays: bytes) -> StanceModel:
    """The saved model with numpy-only layers; malformed payloads raise ``ValueError``."""
    if payload._older_version(params):
        return payload._shipped_in_place_of(load_shipped_light)
    payload._check_header(params)
    data = payload.read_arrays(arrays)
    layers = payload._get(params, "layers", dict)
    built = {
        name: payload._rebuild_layer(name, layers[name], data, LightLinear)
        for name in payload._LAYERS
        if name in layers
    }
    if "base" not in built:
        raise ValueError("stance model payload lacks its base layer")
    return StanceModel(
        built["base"],
        project=built.get("project"),
        temperature=payload._number(params.get("temperature", 1.0), 0.05, 20.0, "temperature"),
        project_weight=payload._number(
            params.get("project_weight", 0.0), 0.0, 1.0, "project weight"
        ),
        name=str(params.get("name", "stance"))[:200],
    )


@lru_cache(maxsize=1)
def load_shipped_light() -> StanceModel:
    """The shipped model, for prediction, without importing scikit-learn."""
    return model_from_payload(*read_shipped_payload())
