"""Training the stance model and measuring it honestly.

Two layers. The *bootstrap layer* is a class-balanced logistic regression over our own
written passages (``resources/training``); it is what ships, and a retrain reuses it when
the bootstrap part of the training data is unchanged. The *project layer* is a logistic
regression on the researcher's own labels only, blended with the bootstrap layer with
weight n / (n + ``PROJECT_K``): with a handful of labels it barely moves the verdicts, with
a few hundred it dominates. Folding the project's labels into the bootstrap fit instead
moved nothing measurable (they weigh a few passages against thousands).

Every model carries out-of-sample metrics: cross-validation over the bootstrap set for a
bootstrap-only model, and for a project model the agreement with the user's own labels by
cross-validation over those labels (each label predicted by a model that did not see it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from analysis.corpus import LABELS
from analysis.progress import CancelToken, Progress, no_progress
from analysis.resources import resource_path
from analysis.stance.calibration import ece, fit_temperature
from analysis.stance.features import Analyser, block_of
from analysis.stance.lexicon import CUES
from analysis.stance.model import Linear, StanceModel, load_shipped

SEED = 20240611
# The project layer's settings were chosen by the learning-curve simulation inside the
# tuning part only (``benchmarks/learning_curve.py --tune``, both halves in turn): a
# class-balanced layer with a weak penalty chased the project's few sided labels and fell
# back between 50 and 100 labels; an unbalanced one with a firmer penalty kept rising (mean
# macro-F1 over 25/50/100 labels 0.545 against 0.507). A slower ramp (k = 40) did as well
# there but no longer let thirty consistent labels flip similar passages.
PROJECT_K = 20
MIN_CLASS = 5
ANCHORS_PER_CLASS = 60
ANCHOR_WEIGHT = 0.5
ANCHORS_ALWAYS = True
# Multiples of the ramp n / (n + PROJECT_K) tried by cross-validation over the labels.
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
MIN_PROJECT_LABELS = 6
PROJECT_BALANCED = False
STACKED = True
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
        out["ece"] = ece(np.asarray(proba), [labels.index(t) for t in true])
    return out


def _check(texts: Sequence[str], labels: Sequence[str], weights) -> None:
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    unknown = sorted({str(label) for label in labels} - set(LABELS))
    if unknown:
        raise ValueError(f"unknown stance label(s): {', '.join(unknown)}")
    if weights is not None and len(weights) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(weights)} weights")


def cross_validate(
    texts: list[str],
    labels: list[str],
    folds: int,
    settings: dict | None,
    cancel: CancelToken | None = None,
) -> tuple[np.ndarray, dict]:
    """Out-of-fold logits (bootstrap layer) and their metrics."""
    logits = np.zeros((len(texts), len(LABELS)))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for train_idx, test_idx in splitter.split(texts, labels):
        if cancel is not None:
            cancel.check()
        layer = fit_layer(
            [texts[i] for i in train_idx], [labels[i] for i in train_idx], settings=settings
        )
        held = [texts[i] for i in test_idx]
        logits[test_idx] = layer.logits(layer.transform(held))
    predicted = [LABELS[k] for k in logits.argmax(axis=1)]
    return logits, metrics_for(labels, predicted)


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    weights=None,
    *,
    folds: int = 5,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    settings: dict | None = None,
    name: str = "stance",
    project_size: int = 0,
) -> tuple[StanceModel, dict]:
    """Fit a model and measure it out of sample; returns the model and its metrics.

    The last ``project_size`` passages are the project's own labels: they train the
    project layer, and the rest trains (or, when it is the shipped model's training set,
    reuses) the bootstrap layer. Without project labels this is the bootstrap training
    behind ``python -m analysis.stance.build``. ``weights`` are checked but no longer used:
    the project layer's weight is chosen by cross-validation instead of a fixed
    per-passage weight."""
    texts, labels = [str(t) for t in texts], [str(label) for label in labels]
    _check(texts, labels, weights)
    split = len(texts) - max(0, int(project_size))
    base_texts, base_labels = texts[:split], labels[:split]
    project = (texts[split:], labels[split:])
    progress(0.05, "preparing the bootstrap layer")
    base, temperature, base_metrics = _bootstrap_layer(
        base_texts, base_labels, folds, settings, cancel
    )
    if cancel is not None:
        cancel.check()
    progress(0.5, "fitting the project layer")
    model = StanceModel(
        base,
        temperature=temperature,
        name=name,
        training_size=len(texts),
        metrics=base_metrics,
        settings={**DEFAULTS, **(settings or {})},
    )
    if len(project[0]) >= MIN_PROJECT_LABELS:
        agreement, weight = project_agreement(model, *project, folds=folds, cancel=cancel)
        model.project, _ = _project_layer(*project, settings, model)
        model.project_weight = weight if model.project is not None else 0.0
        model.metrics = {
            **agreement,
            "bootstrap": base_metrics,
            "training_size": len(texts),
            "project_labels": len(project[0]),
            "project_weight": model.project_weight,
        }
    progress(1.0, "trained")
    return model, model.metrics


def _bootstrap_layer(texts, labels, folds, settings, cancel):
    shipped = _shipped_or_none()
    if (
        shipped is not None
        and not settings
        and shipped.settings.get("bootstrap_size") == len(texts)
        and shipped.base is not None
    ):
        return shipped.base, shipped.temperature, dict(shipped.metrics)
    smallest = min([labels.count(label) for label in LABELS])
    if smallest < 2:
        raise ValueError("need at least two passages of each stance; too few in the bootstrap part")
    logits, metrics = cross_validate(texts, labels, max(2, min(folds, smallest)), settings, cancel)
    temperature = fit_temperature(logits, [LABELS.index(y) for y in labels])
    metrics.update({"training_size": len(texts), "folds": folds, "cv_temperature": temperature})
    return fit_layer(texts, labels, settings=settings), temperature, metrics


def _shipped_or_none():
    try:
        return load_shipped()
    except ValueError:
        return None


def _project_layer(texts, labels, settings, base: StanceModel) -> tuple[Linear | None, float]:
    """The stacked project layer over the labels of classes with at least ``MIN_CLASS``
    examples (a class with fewer keeps the bootstrap layer's say), or None."""
    s = {**DEFAULTS, **(settings or {})}
    keep = [i for i, y in enumerate(labels) if list(labels).count(y) >= MIN_CLASS]
    if not keep:
        return None, 0.0
    texts, labels = [texts[i] for i in keep], [labels[i] for i in keep]
    weights = [1.0] * len(texts)
    if ANCHORS_ALWAYS or len(set(labels)) < 2:
        extra_texts, extra_labels = _anchors()
        texts, labels = texts + extra_texts, labels + extra_labels
        weights += [ANCHOR_WEIGHT] * len(extra_texts)
    prior = None
    if STACKED:
        from analysis.stance.model import log_softmax

        prior = log_softmax(base.base.logits(base.base.transform(list(texts))) / base.temperature)
    layer = fit_layer(
        texts,
        labels,
        weights,
        settings=settings,
        balanced=PROJECT_BALANCED,
        C=s["project_C"],
        prior=prior,
    )
    return layer, len(keep) / (len(keep) + PROJECT_K)


@lru_cache(maxsize=1)
def _cached_anchors() -> tuple[tuple[str, ...], tuple[str, ...]]:
    records = load_bootstrap_records()
    rng = np.random.default_rng(SEED)
    texts, labels = [], []
    for label in LABELS:
        pool = [r["text"] for r in records if r["label"] == label]
        for i in rng.choice(len(pool), size=min(ANCHORS_PER_CLASS, len(pool)), replace=False):
            texts.append(pool[i])
            labels.append(label)
    return tuple(texts), tuple(labels)


def _anchors() -> tuple[list[str], list[str]]:
    """A fixed sample of bootstrap passages of every stance: when the project's labels
    are all of one stance, the project layer still learns what sets them apart."""
    texts, labels = _cached_anchors()
    return list(texts), list(labels)


def project_agreement(
    model: StanceModel,
    texts: list[str],
    labels: list[str],
    *,
    folds: int = 5,
    cancel: CancelToken | None = None,
) -> tuple[dict, float]:
    """Agreement with the user's own labels, out of sample, and the project layer's weight.

    Each label is predicted by the bootstrap layer plus a project layer fitted on the other
    folds. The weight is the one of ``WEIGHTS`` (times the n / (n + k) ramp) whose blend
    predicts the held-out labels best (log-loss): it grows with the number of labels and
    with how much the project's labels disagree with the bootstrap layer, and it is chosen
    out of sample, so a handful of noisy labels cannot take over."""
    from analysis.stance.model import log_softmax, project_logprobs, softmax

    smallest = min(labels.count(label) for label in set(labels))
    k = max(2, min(folds, smallest)) if smallest >= 2 else 2
    order = np.random.default_rng(SEED).permutation(len(texts))
    fold_of = np.empty(len(texts), dtype=int)
    fold_of[order] = np.arange(len(texts)) % k
    z = log_softmax(model.base.logits(model.base.transform(texts)) / model.temperature)
    zp = z.copy()
    for f in range(k):
        if cancel is not None:
            cancel.check()
        train_idx, test_idx = np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f)
        sub_labels = [labels[i] for i in train_idx]
        layer, _ = _project_layer([texts[i] for i in train_idx], sub_labels, model.settings, model)
        if layer is not None:
            zp[test_idx] = project_logprobs(z[test_idx], layer, [texts[i] for i in test_idx])
    truth = np.array([LABELS.index(y) for y in labels])
    ramp = len(texts) / (len(texts) + PROJECT_K)
    losses = [
        float(-log_softmax((1 - w * ramp) * z + w * ramp * zp)[np.arange(len(truth)), truth].mean())
        for w in WEIGHTS
    ]
    weight = WEIGHTS[int(np.argmin(losses))] * ramp
    proba = softmax((1 - weight) * z + weight * zp)
    out = metrics_for(labels, [LABELS[j] for j in proba.argmax(axis=1)], proba)
    out.update(
        {
            "folds": k,
            "kind": "agreement with your labels (cross-validated)",
            "bootstrap_only_macro_f1": metrics_for(labels, [LABELS[j] for j in z.argmax(axis=1)])[
                "macro_f1"
            ],
        }
    )
    return out, weight
