"""The stance model as the rest of the app sees it: probabilities plus the words behind them.

:class:`StanceModel` wraps a fitted scikit-learn pipeline (see
:mod:`analysis.stance.pipeline`). Its evidence is computed from the same matrix that gave the
probabilities, so what the text view underlines is exactly what moved the verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from sklearn.pipeline import Pipeline

from analysis.corpus import LABELS, Prediction
from analysis.resources import resource_path
from analysis.stance.context import DOCUMENT_WEIGHT, NEIGHBOUR_WEIGHT, smooth
from analysis.stance.lexicon import CueLexicon
from analysis.stance.pipeline import EVIDENCE_BLOCKS, Settings, block_sizes
from analysis.stance.text_features import MEMO_SIZE

CHUNK = MEMO_SIZE // 2
MAX_EVIDENCE = 8
MAX_AGAINST = 2
MAX_EVIDENCE_CHARS = 60
SHIPPED_JSON = ("model", "stance_model.json")
SHIPPED_NPZ = ("model", "stance_model.npz")


class StanceModel:
    """A trained stance classifier with its provenance (name, training size, CV metrics)."""

    def __init__(self, pipeline: Pipeline, settings: Settings | None = None, *,
                 name: str = "stance", training_size: int = 0,
                 metrics: dict | None = None) -> None:
        self.pipeline = pipeline
        self.settings = settings or Settings()
        self.name = name
        self.training_size = training_size
        self.metrics = metrics or {}
        classes = list(pipeline.named_steps["classifier"].classes_)
        if sorted(classes) != sorted(LABELS):
            raise ValueError(f"a stance model must know exactly the labels {LABELS}")
        self._order = [classes.index(label) for label in LABELS]
        self._layout = self._evidence_layout()

    @property
    def features(self):
        return self.pipeline.named_steps["features"]

    @property
    def classifier(self):
        return self.pipeline.named_steps["classifier"]

    # -- prediction ----------------------------------------------------------------------
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(n, 3) probabilities with columns in ``LABELS`` order."""
        texts = _as_texts(texts)
        if not texts:
            return np.zeros((0, len(LABELS)))
        try:
            return self.classifier.predict_proba(self.features.transform(texts))[:, self._order]
        finally:
            self._forget()

    def predict(self, texts: Sequence[str], doc_ids: Sequence[int] | None = None, *,
                context: float = NEIGHBOUR_WEIGHT,
                doc_context: float = DOCUMENT_WEIGHT) -> list[Prediction]:
        """Labels, probabilities and evidence; in chunks that fit the analyzers' memo, so
        the evidence reuses the spans found while vectorising.

        With ``doc_ids`` (texts in reading order), each passage's probabilities are smoothed
        with its neighbours in the same document (:mod:`analysis.stance.context`) before the
        label is chosen; chunks then end only at document boundaries. Evidence stays the
        passage's own words, weighed toward the label finally chosen.
        """
        texts = _as_texts(texts)
        if doc_ids is not None and len(doc_ids) != len(texts):
            raise ValueError(f"{len(texts)} passages but {len(doc_ids)} document ids")
        out: list[Prediction] = []
        for a, b in _chunks(len(texts), doc_ids):
            self._forget()
            ids = None if doc_ids is None else list(doc_ids[a:b])
            out.extend(self._predict_chunk(texts[a:b], ids, context, doc_context))
        self._forget()
        return out

    def _forget(self) -> None:
        for _, part in self.features.transformer_list:
            memo = getattr(part, "memo_", None) or getattr(getattr(part, "analyzer", None),
                                                           "memo", None)
            if memo is not None:
                memo.found.clear()

    def _predict_chunk(self, texts: list[str], doc_ids: list[int] | None = None,
                       context: float = 0.0, doc_context: float = 0.0) -> list[Prediction]:
        if not texts:
            return []
        X = self.features.transform(texts).tocsr()
        proba = self.classifier.predict_proba(X)[:, self._order]
        if doc_ids is not None:
            proba = smooth(proba, doc_ids, context, doc_context)
        centred = self._centred_coef()
        out = []
        for row, text in enumerate(texts):
            p = proba[row]
            label_index = int(np.argmax(p))
            evidence = self._evidence(text, X, row, centred[label_index])
            out.append(Prediction(LABELS[label_index], float(p[0]), float(p[1]), float(p[2]),
                                  evidence))
        return out

    # -- evidence ------------------------------------------------------------------------
    def _centred_coef(self) -> np.ndarray:
        """Coefficients minus their mean over classes, rows in LABELS order: under softmax
        only a feature's pull toward one class *relative to the others* matters."""
        if getattr(self, "_centred", None) is None:
            coef = self.classifier.coef_[self._order]
            self._centred = coef - coef.mean(axis=0, keepdims=True)
        return self._centred

    def _evidence_layout(self) -> list[tuple[str, int, int, object, list[str] | None]]:
        """(block, first column, last column + 1, transformer, index->feature) for the blocks
        whose features can be pointed at in the text."""
        layout, offset = [], 0
        parts = dict(self.features.transformer_list)
        for name, size in block_sizes(self.features):
            if name in EVIDENCE_BLOCKS:
                part = parts[name]
                names = None
                if not isinstance(part, CueLexicon):
                    names = [""] * size
                    for term, index in part.vocabulary_.items():
                        names[index] = term
                layout.append((name, offset, offset + size, part, names))
            offset += size
        return layout

    def _evidence(self, text: str, X, row: int, weights: np.ndarray) -> list[tuple[str, float]]:
        start, end = X.indptr[row], X.indptr[row + 1]
        columns, values = X.indices[start:end], X.data[start:end]
        by_span: dict[tuple[int, int], float] = {}
        for _, first, last, part, names in self._layout:
            mask = (columns >= first) & (columns < last)
            if not mask.any():
                continue
            located = _locate(part, text)
            for column, value in zip(columns[mask], values[mask], strict=True):
                key = column - first if names is None else names[column - first]
                span = located.get(key)
                if span is not None and 0 < span[1] - span[0] <= MAX_EVIDENCE_CHARS:
                    by_span[span] = by_span.get(span, 0.0) + float(value * weights[column])
        ranked = sorted(by_span.items(), key=lambda item: -item[1])
        pro = [(text[a:b], round(w, 6)) for (a, b), w in ranked if w > 0][:MAX_EVIDENCE]
        room = max(0, min(MAX_AGAINST, MAX_EVIDENCE - len(pro)))
        against = [(text[a:b], round(w, 6)) for (a, b), w in reversed(ranked) if w < 0][:room]
        return pro + against

    # -- persistence ---------------------------------------------------------------------
    def to_payload(self) -> tuple[dict, bytes]:
        from analysis.stance.payload import model_to_payload

        return model_to_payload(self)

    @classmethod
    def from_payload(cls, params: dict, arrays: bytes) -> StanceModel:
        from analysis.stance.payload import model_from_payload

        return model_from_payload(params, arrays)


def _chunks(n: int, doc_ids: Sequence[int] | None) -> list[tuple[int, int]]:
    """(start, stop) row ranges of about ``CHUNK`` rows; with document ids, a range never
    splits a document, so smoothing sees every neighbour (one long document may exceed it)."""
    if doc_ids is None:
        return [(i, min(n, i + CHUNK)) for i in range(0, n, CHUNK)]
    ranges, start = [], 0
    for i in range(1, n + 1):
        boundary = i == n or doc_ids[i] != doc_ids[i - 1]
        if boundary and (i - start >= CHUNK or i == n):
            ranges.append((start, i))
            start = i
    return ranges


def _as_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise ValueError("expected a list of passages, got a single string")
    texts = list(texts)
    for text in texts:
        if not isinstance(text, str):
            raise ValueError(f"passages must be text, got {type(text).__name__}")
    return texts


def _locate(part, text: str) -> dict:
    """First span in ``text`` of each feature the block produces (key: feature string, or
    column index for the cue lexicon)."""
    found: dict = {}
    if isinstance(part, CueLexicon):
        for column, a, b in part.matches(text):
            found.setdefault(column, (a, b))
    else:
        for feature, a, b in part.analyzer.spans(text):
            found.setdefault(feature, (a, b))
    return found


@lru_cache(maxsize=1)
def load_shipped() -> StanceModel:
    """The model trained on our bootstrap set and shipped in ``resources/model/``."""
    import json

    json_path, npz_path = resource_path(*SHIPPED_JSON), resource_path(*SHIPPED_NPZ)
    try:
        params = json.loads(json_path.read_text(encoding="utf-8"))
        arrays = npz_path.read_bytes()
    except OSError as error:
        raise ValueError(f"the shipped stance model is missing ({error.filename})") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"the shipped stance model is damaged: {error}") from None
    return StanceModel.from_payload(params, arrays)
