"""The project layer: what the model learns from the researcher's own labels, and how much
say it gets (chosen out of sample over those labels)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from analysis.corpus import LABELS
from analysis.progress import CancelToken
from analysis.stance.fitting import (
    DEFAULTS,
    SEED,
    fit_layer,
    load_bootstrap_records,
    macro_f1_interval,
    metrics_for,
)
from analysis.stance.linear import Linear
from analysis.stance.model import StanceModel

# The project layer's settings were chosen by the learning-curve simulation inside the
# tuning part only (``benchmarks/learning_curve.py --tune``, both halves in turn): a
# class-balanced layer with a weak penalty chased the project's few sided labels and fell
# back between 50 and 100 labels; an unbalanced one with a firmer penalty kept rising (mean
# macro-F1 over 25/50/100 labels 0.545 against 0.507). A slower ramp (k = 40) did as well
# there but no longer let thirty consistent labels flip similar passages. The layer's
# weight is chosen by log-loss averaged over the stances (see ``_balanced_log_loss``), and
# only the bootstrap layer's part is re-weighted to the corpus's estimated mix
# (``StanceModel.adapt``, :mod:`analysis.stance.blend`); see docs/model-evaluation.md.
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


def fit_project_layer(texts, labels, settings, base: StanceModel) -> tuple[Linear | None, float]:
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
    corpus_prior=None,
) -> tuple[dict, float]:
    """Agreement with the user's own labels, out of sample, and the project layer's weight.

    Each label is predicted by the bootstrap layer plus a project layer fitted on the other
    folds. The weight is the one of ``WEIGHTS`` (times the n / (n + k) ramp) whose blend
    predicts the held-out labels best (log-loss averaged over the stances, so repeating a
    mostly neutral mix does not win): it grows with the number of labels and
    with how much the project's labels disagree with the bootstrap layer, and it is chosen
    out of sample, so a handful of noisy labels cannot take over.

    With ``corpus_prior`` (the corpus's estimated stance mix, which the window adapts to)
    the figures reported are those of the verdicts as the window shows them: the bootstrap
    layer's part adjusted to that mix before the blend (:mod:`analysis.stance.blend`). The
    weight is chosen on the unadjusted part either way, so the figure a researcher reads
    never changes what the model learns."""
    from analysis.stance.blend import blend, present_columns, project_part
    from analysis.stance.model import log_softmax, softmax

    smallest = min(labels.count(label) for label in set(labels))
    k = max(2, min(folds, smallest)) if smallest >= 2 else 2
    order = np.random.default_rng(SEED).permutation(len(texts))
    fold_of = np.empty(len(texts), dtype=int)
    fold_of[order] = np.arange(len(texts)) % k
    z = log_softmax(model.base.logits(model.base.transform(texts)) / model.temperature)
    shown = z if corpus_prior is None else _adjusted(z, corpus_prior, model)
    zp, shown_p = z.copy(), shown.copy()
    for f in range(k):
        if cancel is not None:
            cancel.check()
        train_idx, test_idx = np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f)
        sub_labels = [labels[i] for i in train_idx]
        layer, _ = fit_project_layer(
            [texts[i] for i in train_idx], sub_labels, model.settings, model
        )
        if layer is not None:
            cols = present_columns(layer)
            q = project_part(z[test_idx], layer, [texts[i] for i in test_idx], cols)
            zp[test_idx] = blend(z[test_idx], q, cols, 1.0)
            shown_p[test_idx] = blend(shown[test_idx], q, cols, 1.0)
    truth = np.array([LABELS.index(y) for y in labels])
    ramp = len(texts) / (len(texts) + PROJECT_K)
    losses = [_balanced_log_loss((1 - w * ramp) * z + w * ramp * zp, truth) for w in WEIGHTS]
    weight = WEIGHTS[int(np.argmin(losses))] * ramp
    proba = softmax((1 - weight) * shown + weight * shown_p)
    predicted = [LABELS[j] for j in proba.argmax(axis=1)]
    out = metrics_for(labels, predicted, proba)
    alone = metrics_for(labels, [LABELS[j] for j in shown.argmax(axis=1)])
    out.update(
        {
            "folds": k,
            "kind": "agreement with your labels (cross-validated)",
            "adapted_to_corpus": corpus_prior is not None,
            "macro_f1_interval": list(macro_f1_interval(labels, predicted)),
            "bootstrap_only_macro_f1": alone["macro_f1"],
            "bootstrap_only_per_class": alone["per_class"],
        }
    )
    return out, weight


def _adjusted(z: np.ndarray, prior, model: StanceModel) -> np.ndarray:
    """The bootstrap layer's log-probabilities re-weighted to the corpus's stance mix."""
    from analysis.stance.priors import adjust

    proba = adjust(np.exp(z), np.asarray(prior, dtype=float), model.training_prior())
    return np.log(np.clip(proba, 1e-300, None))


def _balanced_log_loss(z: np.ndarray, truth: np.ndarray) -> float:
    """Mean log-loss of each labelled stance, averaged over stances: a project's labels are
    mostly neutral, and a plain mean would pick the blend that best repeats that mix rather
    than the one that best tells the stances apart."""
    from analysis.stance.model import log_softmax

    nll = -log_softmax(z)[np.arange(len(truth)), truth]
    return float(np.mean([nll[truth == k].mean() for k in np.unique(truth)]))
