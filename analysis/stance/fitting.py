"""One linear layer of the stance model, fitted from texts and labels, and the metrics every
model carries. Shared by the bootstrap training and the project layer."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from analysis.corpus import LABELS
from analysis.resources import resource_path
from analysis.stance.calibration import ece_of, reliability
from analysis.stance.features import Analyser, block_of
from analysis.stance.lexicon import CUES
from analysis.stance.linear import Linear

SEED = 20240611
# Chosen by cross-validation over the bootstrap set and the tuning part of the development
# set (never its locked part); see benchmarks/eval_dev.py.
DEFAULTS = {
    "C": 0.5,
    "weight_words": 1.0,
    "weight_roles": 1.0,
    "weight_cues": 3.0,
    "weight_actors": 0.2,
    "min_df": 2,
    "balanced": True,
    "project_C": 3.0,
}


def load_bootstrap_records() -> list[dict]:
    """Every valid record of ``resources/training/*.jsonl`` with the file it came from.
    Lines that are not a JSON object with a text and a known label are skipped."""
    records = []
    for path in sorted(resource_path("training").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if (
                isinstance(record, dict)
                and isinstance(record.get("text"), str)
                and record["text"].strip()
                and record.get("label") in LABELS
            ):
                records.append({**record, "file": path.name})
    return records


def load_bootstrap() -> tuple[list[str], list[str]]:
    records = load_bootstrap_records()
    return [r["text"] for r in records], [r["label"] for r in records]


def fit_layer(
    texts: Sequence[str],
    labels: Sequence[str],
    weights=None,
    settings: dict | None = None,
    *,
    balanced: bool | None = None,
    C: float | None = None,
    prior: np.ndarray | None = None,
) -> Linear:
    """One linear layer: TF-IDF over words, clause skeletons and cues, block weights,
    logistic regression. With ``prior`` (the bootstrap layer's log-probabilities of the
    same texts) those three numbers are features too: a stacked project layer."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    s = {**DEFAULTS, **(settings or {})}
    vocabulary, idf, colw, X = _vectorise(texts, s)
    if prior is not None:
        X = sparse.hstack([X, sparse.csr_matrix(np.asarray(prior))]).tocsr()
    balanced = s["balanced"] if balanced is None else balanced
    model = LogisticRegression(
        C=s["C"] if C is None else C, max_iter=2000, class_weight="balanced" if balanced else None
    )
    model.fit(X, list(labels), sample_weight=None if weights is None else np.asarray(weights))
    coef = np.zeros((len(LABELS), X.shape[1]))
    intercept = np.zeros(len(LABELS))
    rows = (
        model.coef_
        if len(model.classes_) > 2
        else np.vstack([np.zeros_like(model.coef_), model.coef_])
    )
    cepts = model.intercept_ if len(model.classes_) > 2 else np.array([0.0, model.intercept_[0]])
    for k, label in enumerate(model.classes_):
        coef[LABELS.index(label)] = rows[k]
        intercept[LABELS.index(label)] = cepts[k]
    width = len(vocabulary)
    stack = coef[:, width:] if prior is not None else None
    return Linear(
        vocabulary,
        idf,
        colw,
        coef[:, :width],
        intercept,
        CUES,
        present=[str(c) for c in model.classes_],
        stack=stack,
    )


def _vectorise(texts: Sequence[str], s: dict):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer=Analyser(CUES),
        sublinear_tf=True,
        min_df=min(s["min_df"], max(1, len(texts) // 50)),
    )
    X = vectorizer.fit_transform(list(texts)).tocsr()
    vocabulary = [""] * len(vectorizer.vocabulary_)
    for term, index in vectorizer.vocabulary_.items():
        vocabulary[index] = term
    block = {
        "words": s["weight_words"],
        "roles": s["weight_roles"],
        "cues": s["weight_cues"],
        "actors": s["weight_actors"],
    }
    colw = np.array([block[block_of(t)] for t in vocabulary])
    X.data *= colw[X.indices]
    return vocabulary, vectorizer.idf_, colw, X


def metrics_for(true: Sequence[str], predicted: Sequence[str], proba=None) -> dict:
    """The metric structure stored with every model and shown in the model panel."""
    labels = list(LABELS)
    precision, recall, f1, support = precision_recall_fscore_support(
        true, predicted, labels=labels, zero_division=0
    )
    out = {
        "macro_f1": float(
            f1_score(true, predicted, labels=labels, average="macro", zero_division=0)
        ),
        "accuracy": float(np.mean(np.asarray(true) == np.asarray(predicted))) if true else 0.0,
        "per_class": {
            label: {
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "f1": float(f1[i]),
                "support": int(support[i]),
            }
            for i, label in enumerate(labels)
        },
        "confusion": confusion_matrix(true, predicted, labels=labels).tolist(),
        "labels": labels,
    }
    if proba is not None and len(true):
        rows = reliability(np.asarray(proba), [labels.index(t) for t in true])
        out["ece"], out["reliability"] = ece_of(rows), rows
    return out


def macro_f1_interval(
    true: Sequence[str], predicted: Sequence[str], *, draws: int = 1000, level: float = 0.95
) -> tuple[float, float]:
    """A percentile interval for macro-F1 by resampling the labelled passages. A project's
    first labels hold only a handful of sided passages, and one of them more or less moves
    the figure by a tenth: the interval says so instead of a bare two-decimal number."""
    t = np.array([LABELS.index(y) for y in true])
    p = np.array([LABELS.index(y) for y in predicted])
    if len(t) == 0:
        return 0.0, 0.0
    counts = np.random.default_rng(SEED).multinomial(len(t), np.full(len(t), 1 / len(t)), draws)
    f1 = np.zeros((draws, len(LABELS)))
    for k in range(len(LABELS)):
        tp = counts @ ((t == k) & (p == k))
        wrong = counts @ ((t == k) != (p == k))  # false negatives and false positives
        total = 2 * tp + wrong
        f1[:, k] = np.divide(2 * tp, total, out=np.zeros(draws), where=total > 0)
    macro = f1.mean(axis=1)
    tail = (1 - level) / 2 * 100
    return float(np.percentile(macro, tail)), float(np.percentile(macro, 100 - tail))
