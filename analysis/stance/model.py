"""The stance model as the rest of the app sees it: calibrated probabilities plus the words
behind them.

A model is plain arrays: one vocabulary (words, clause skeletons, cues; see
:mod:`analysis.stance.features`) with its idf and block weights, a linear layer fitted on
our bootstrap set, a temperature fitted on held-out real text, and optionally a *project
layer* fitted on the researcher's own labels and blended in log-probability space with
weight n / (n + k). Classification is a pure function of those arrays and the texts (no
state kept between calls), so batches can run anywhere the payload can be shipped.

Evidence is computed only when a caller reads ``Prediction.evidence``: the matrix row that
gave the probabilities is kept, and the terms that pushed toward the chosen label are read
from it then.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from analysis.corpus import LABELS, Prediction
from analysis.resources import resource_path
from analysis.stance.blend import (
    blend,
    log_softmax,
    present_columns,
    project_part,
    softmax,
)
from analysis.stance.features import shown_as_evidence
from analysis.stance.linear import Linear

MAX_EVIDENCE = 8
MAX_AGAINST = 2
ABSTAIN_BELOW = 0.5
SHIPPED_JSON = ("model", "stance_model.json")
SHIPPED_NPZ = ("model", "stance_model.npz")


class LazyPrediction(Prediction):
    """A :class:`Prediction` whose evidence is worked out on first read."""

    def __init__(self, label: str, p: np.ndarray, source, row: int) -> None:
        self.label = label
        self.p_centralist, self.p_neutral, self.p_localist = (float(v) for v in p)
        self._source, self._row, self._evidence = source, row, None

    @property
    def evidence(self) -> list[tuple[str, float]]:
        if self._evidence is None:
            model, X = self._source[:2]
            self._evidence = model.evidence_of(X, self._row, LABELS.index(self.label))
            self._source = None
        return self._evidence

    @evidence.setter
    def evidence(self, value) -> None:
        self._evidence, self._source = list(value), None

    @property
    def cannot_judge(self) -> bool:
        return cannot_judge(self)


def cannot_judge(prediction: Prediction, below: float = ABSTAIN_BELOW) -> bool:
    """True when no label reaches ``below``: the model cannot judge the passage, and the
    window and report should say so rather than show a side."""
    return max(prediction.p_centralist, prediction.p_neutral, prediction.p_localist) < below


class StanceModel:
    """A bootstrap layer, its temperature, and an optional project layer."""

    def __init__(
        self,
        base: Linear,
        *,
        temperature: float = 1.0,
        project: Linear | None = None,
        project_weight: float = 0.0,
        name: str = "stance",
        training_size: int = 0,
        metrics: dict | None = None,
        settings: dict | None = None,
    ) -> None:
        self.base = base
        self.temperature = float(temperature)
        self.project = project
        self.project_weight = float(project_weight) if project is not None else 0.0
        self.name = name
        self.training_size = training_size
        self.metrics = metrics or {}
        self.settings = dict(settings or {})

    # -- prediction ----------------------------------------------------------------------
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(n, 3) calibrated probabilities with columns in ``LABELS`` order."""
        texts = _as_texts(texts)
        if not texts:
            return np.zeros((0, len(LABELS)))
        return self._proba(texts, self.base.transform(texts))

    def _proba(self, texts: list[str], X) -> np.ndarray:
        return softmax(self._blended(*self._parts(texts, X)))

    def _parts(self, texts: list[str], X) -> tuple[np.ndarray, np.ndarray | None]:
        """The bootstrap layer's log-probabilities and, with a project layer, its own."""
        z = log_softmax(self.base.logits(X) / self.temperature)
        if not self.learned_from_project:
            return z, None
        return z, project_part(z, self.project, texts, present_columns(self.project))

    def _blended(self, zb: np.ndarray, q: np.ndarray | None) -> np.ndarray:
        if q is None:
            return zb
        return blend(zb, q, present_columns(self.project), self.project_weight)

    def predict(
        self, texts: Sequence[str], doc_ids: Sequence[int] | None = None, **_ignored
    ) -> list[Prediction]:
        """Labels and probabilities; ``evidence`` is computed when first read. ``doc_ids``
        is accepted for callers that pass reading order; each passage is judged on its own
        (smoothing across neighbours sank balanced real text, see docs)."""
        texts = _as_texts(texts)
        if doc_ids is not None and len(doc_ids) != len(texts):
            raise ValueError(f"{len(texts)} passages but {len(doc_ids)} document ids")
        if not texts:
            return []
        X = self.base.transform(texts)
        z, q = self._parts(texts, X)
        proba = softmax(self._blended(z, q))
        best = proba.argmax(axis=1)
        source = (self, X, z, q)
        return [LazyPrediction(LABELS[k], proba[i], source, i) for i, k in enumerate(best)]

    @property
    def learned_from_project(self) -> bool:
        """True when the researcher's own labels take part in the verdicts."""
        return self.project is not None and self.project_weight > 0

    # -- the corpus's class mix ----------------------------------------------------------
    def training_prior(self) -> np.ndarray:
        """The class priors the posteriors were fitted under. A class-balanced bootstrap
        layer weighs every class equally in its loss, so its posteriors are those of a
        uniform prior whatever the bootstrap counts; an unbalanced one carries the
        bootstrap set's own mix (the class supports of its cross-validation)."""
        if self.settings.get("balanced", True):
            return np.full(len(LABELS), 1.0 / len(LABELS))
        per_class = self.metrics.get("bootstrap", self.metrics).get("per_class", {})
        counts = np.array(
            [per_class.get(label, {}).get("support", 0) for label in LABELS], dtype=float
        )
        return counts / counts.sum() if counts.min() > 0 else np.full(len(LABELS), 1 / 3)

    def predict_corpus(
        self, texts: Sequence[str], doc_ids: Sequence[int] | None = None, *, use=None
    ) -> tuple[list[Prediction], np.ndarray]:
        """Predictions adapted to the batch's own estimated class mix (see
        :mod:`analysis.stance.priors`), and that mix; for a whole corpus at once."""
        return self.adapt(self.predict(texts, doc_ids), use=use)

    def adapt(
        self, predictions: list[Prediction], *, use=None, prior=None
    ) -> tuple[list[Prediction], np.ndarray]:
        """``predictions`` re-weighted to ``prior`` (estimated from the rows where ``use``
        is true when not given); labels and evidence follow the adjusted probabilities.

        With a project layer only the bootstrap layer's part is re-weighted, before the
        blend (:mod:`analysis.stance.blend`), and the mix is estimated from that part: the
        project layer was fitted on the researcher's labels of this corpus and carries its
        mix already. Re-weighting the blend instead counted the mix twice (in the
        learning-curve simulation inside the tuning part, macro-F1 after 100 labels fell
        by 0.10)."""
        from analysis.stance.priors import adapt, adjust

        train = self.training_prior()
        proba = np.array(
            [[p.p_centralist, p.p_neutral, p.p_localist] for p in predictions], dtype=float
        ).reshape(-1, len(LABELS))
        parts = self._stored_parts(predictions) if self.learned_from_project else None
        if self.learned_from_project and parts is None:
            rows = proba if use is None else proba[np.asarray(use, dtype=bool)]
            return list(predictions), rows.mean(axis=0) if len(rows) else train
        base = proba if parts is None else np.exp(parts[0])
        if prior is None:
            base, prior = adapt(base, train, use=use)
        else:
            base = adjust(base, np.asarray(prior, dtype=float), train)
        proba = base if parts is None else softmax(self._blended(np.log(base), parts[1]))
        out = []
        for p, row in zip(predictions, proba, strict=True):
            label = LABELS[int(row.argmax())]
            source = getattr(p, "_source", None)
            fresh = LazyPrediction(label, row, source, getattr(p, "_row", 0))
            if source is None:
                fresh.evidence = p.evidence if label == p.label else []
            out.append(fresh)
        return out, prior

    @staticmethod
    def _stored_parts(predictions) -> tuple[np.ndarray, np.ndarray] | None:
        """The two layers' log-probabilities kept by :meth:`predict`, row by row, or None
        when a prediction did not come from it."""
        sources = [getattr(p, "_source", None) for p in predictions]
        if any(s is None or len(s) < 4 or s[3] is None for s in sources):
            return None
        rows = [p._row for p in predictions]
        z = np.array([s[2][r] for s, r in zip(sources, rows, strict=True)]).reshape(-1, 3)
        q = np.array([s[3][r] for s, r in zip(sources, rows, strict=True)]).reshape(-1, 3)
        return z, q

    # -- evidence ------------------------------------------------------------------------
    def evidence_of(self, X, row: int, label_index: int) -> list[tuple[str, float]]:
        """Word features of one row by their pull toward ``label_index`` relative to the
        other labels; clause skeletons and cues have no single surface form and are left
        out of what the text view underlines."""
        start, end = X.indptr[row], X.indptr[row + 1]
        columns, values = X.indices[start:end], X.data[start:end]
        centred, is_word = self._centred()
        keep = is_word[columns]
        columns = columns[keep]
        pulls = values[keep] * centred[label_index, columns]
        order = np.argsort(-pulls, kind="stable")
        vocab = self.base.vocabulary
        pro = [
            (vocab[columns[i]], round(float(pulls[i]), 6))
            for i in order[:MAX_EVIDENCE]
            if pulls[i] > 0
        ]
        room = max(0, min(MAX_AGAINST, MAX_EVIDENCE - len(pro)))
        against = [
            (vocab[columns[i]], round(float(pulls[i]), 6))
            for i in order[::-1][:room]
            if pulls[i] < 0
        ]
        return pro + against

    def fill_evidence(self, predictions: Sequence[Prediction]) -> None:
        """Work out the evidence of many predictions at once (the same terms and weights as
        reading each one's ``evidence``): one sort per batch instead of one per passage,
        for callers that store every passage's evidence."""
        groups: dict[int, list] = {}
        for p in predictions:
            source = getattr(p, "_source", None)
            if isinstance(p, LazyPrediction) and p._evidence is None and source is not None:
                groups.setdefault(id(source[1]), []).append(p)
        for batch in groups.values():
            X = batch[0]._source[1]
            rows = np.array([p._row for p in batch])
            labels = np.array([LABELS.index(p.label) for p in batch])
            for p, evidence in zip(batch, self._evidence_rows(X, rows, labels), strict=True):
                p.evidence = evidence

    def _evidence_rows(self, X, rows: np.ndarray, labels: np.ndarray) -> list[list]:
        centred, is_word = self._centred()
        sub = X[rows]
        counts = np.diff(sub.indptr)
        row_of = np.repeat(np.arange(len(rows)), counts)
        keep = is_word[sub.indices]
        cols, row_of = sub.indices[keep], row_of[keep]
        pulls = sub.data[keep] * centred[labels[row_of], cols]
        order = np.lexsort((-pulls, row_of))  # by row, strongest pull first, stable
        cols, row_of, pulls = cols[order], row_of[order], pulls[order]
        bounds = np.searchsorted(row_of, np.arange(len(rows) + 1)).tolist()
        vocab, cols = self.base.vocabulary, cols.tolist()
        rounded, signs = np.round(pulls, 6).tolist(), np.sign(pulls).tolist()
        out = []
        for a, b in zip(bounds, bounds[1:], strict=False):
            pro = [j for j in range(a, min(b, a + MAX_EVIDENCE)) if signs[j] > 0]
            room = max(0, min(MAX_AGAINST, MAX_EVIDENCE - len(pro)))
            against = [j for j in range(b - 1, max(a, b - room) - 1, -1) if signs[j] < 0]
            out.append([(vocab[cols[j]], rounded[j]) for j in pro + against])
        return out

    def _centred(self) -> tuple[np.ndarray, np.ndarray]:
        """Coefficients minus their mean over labels (under softmax only a feature's pull
        toward one label relative to the others matters), and which columns are words."""
        if getattr(self, "_centred_coef", None) is None:
            coef = self.base.coef
            self._centred_coef = coef - coef.mean(axis=0, keepdims=True)
            self._is_word = np.array([shown_as_evidence(t) for t in self.base.vocabulary])
        return self._centred_coef, self._is_word

    # -- persistence ---------------------------------------------------------------------
    def to_payload(self) -> tuple[dict, bytes]:
        from analysis.stance.payload import model_to_payload

        return model_to_payload(self)

    @classmethod
    def from_payload(cls, params: dict, arrays: bytes) -> StanceModel:
        from analysis.stance.payload import model_from_payload

        return model_from_payload(params, arrays, model=cls, layer=Linear, shipped=load_shipped)


def _as_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise ValueError("expected a list of passages, got a single string")
    texts = list(texts)
    for text in texts:
        if not isinstance(text, str):
            raise ValueError(f"passages must be text, got {type(text).__name__}")
    return texts


def classify(params: dict, arrays: bytes, texts: Sequence[str]) -> np.ndarray:
    """Probabilities from a saved model's payload: the whole classification path as one
    pure function, for batch engines that ship the payload to workers."""
    return StanceModel.from_payload(params, arrays).predict_proba(texts)


def read_shipped_payload() -> tuple[dict, bytes]:
    """The shipped model's parameters and arrays, read once for both prediction paths."""
    import json

    json_path, npz_path = resource_path(*SHIPPED_JSON), resource_path(*SHIPPED_NPZ)
    try:
        params = json.loads(json_path.read_text(encoding="utf-8"))
        arrays = npz_path.read_bytes()
    except OSError as error:
        raise ValueError(f"the shipped stance model is missing ({error.filename})") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"the shipped stance model is damaged: {error}") from None
    return params, arrays


@lru_cache(maxsize=1)
def load_shipped() -> StanceModel:
    """The model trained on our bootstrap set and shipped in ``resources/model/``, with
    its measurement on published text when one was recorded for exactly this model
    (:mod:`analysis.stance.real_text`): a retrain that reuses its bootstrap layer carries
    the measurement along with the layer's other metrics."""
    from analysis.stance.real_text import fingerprint, read_check

    params, arrays = read_shipped_payload()
    model = StanceModel.from_payload(params, arrays)
    check = read_check(fingerprint(params, arrays))
    if check is not None:
        model.metrics = {**(model.metrics or {}), "real_text": check}
    return model
