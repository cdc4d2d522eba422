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

from collections.abc import Sequence

import numpy as np
from sklearn.model_selection import StratifiedKFold

from analysis.corpus import LABELS
from analysis.progress import CancelToken, Progress, no_progress
from analysis.stance.calibration import fit_temperature
from analysis.stance.fitting import (  # noqa: F401  (re-exported for callers of this module)
    DEFAULTS,
    SEED,
    fit_layer,
    load_bootstrap,
    load_bootstrap_records,
    metrics_for,
)
from analysis.stance.model import StanceModel, load_shipped
from analysis.stance.project_layer import (
    MIN_PROJECT_LABELS,
    fit_project_layer,
    project_agreement,
)


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
    reuse: StanceModel | None = None,
    corpus_prior=None,
) -> tuple[StanceModel, dict]:
    """Fit a model and measure it out of sample; returns the model and its metrics.

    The last ``project_size`` passages are the project's own labels: they train the
    project layer, and the rest trains (or, when it is the shipped model's training set,
    reuses) the bootstrap layer. Without project labels this is the bootstrap training
    behind ``python -m analysis.stance.build``. ``weights`` are checked but no longer used:
    the project layer's weight is chosen by cross-validation instead of a fixed
    per-passage weight. ``reuse`` is a model whose bootstrap layer was fitted on exactly
    the bootstrap part given (by default the shipped model is reused when it was).
    ``corpus_prior`` is the corpus's estimated stance mix: the agreement figures are then
    those of the verdicts as the window shows them, adapted to it."""
    texts, labels = [str(t) for t in texts], [str(label) for label in labels]
    _check(texts, labels, weights)
    split = len(texts) - max(0, int(project_size))
    base_texts, base_labels = texts[:split], labels[:split]
    project = (texts[split:], labels[split:])
    progress(0.05, "preparing the bootstrap layer")
    base, temperature, base_metrics = _bootstrap_layer(
        base_texts, base_labels, folds, settings, cancel, reuse
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
        agreement, weight = project_agreement(
            model, *project, folds=folds, cancel=cancel, corpus_prior=corpus_prior
        )
        model.project, _ = fit_project_layer(*project, settings, model)
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


def _bootstrap_layer(texts, labels, folds, settings, cancel, reuse=None):
    shipped = reuse if reuse is not None else _shipped_or_none()
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
