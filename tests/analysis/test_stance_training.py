"""Training: the metric structure, input checks, and the features behind direction."""

from __future__ import annotations

import pytest

from analysis.corpus import LABELS
from analysis.progress import Cancelled, CancelToken
from analysis.stance.training import load_bootstrap, train
from tests.analysis.test_stance_model import SMALL_SET


def test_train_returns_cross_validated_metrics_in_the_agreed_shape():
    texts, labels = zip(*SMALL_SET, strict=True)
    seen = []
    model, metrics = train(list(texts), list(labels), folds=2, progress=lambda f, m: seen.append(f))
    assert set(metrics) >= {
        "macro_f1",
        "per_class",
        "confusion",
        "labels",
        "training_size",
        "folds",
    }
    assert metrics["labels"] == list(LABELS)
    assert metrics["training_size"] == len(SMALL_SET) == model.training_size
    assert metrics["folds"] == 2
    assert set(metrics["per_class"]) == set(LABELS)
    for row in metrics["per_class"].values():
        assert set(row) == {"precision", "recall", "f1", "support"}
    assert len(metrics["confusion"]) == 3 and all(len(r) == 3 for r in metrics["confusion"])
    assert sum(map(sum, metrics["confusion"])) == len(SMALL_SET)
    assert 0.0 <= metrics["macro_f1"] <= 1.0
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    assert model.metrics == metrics


def test_train_is_deterministic():
    texts, labels = zip(*SMALL_SET, strict=True)
    first = train(list(texts), list(labels), folds=2)[0].to_payload()[1]
    second = train(list(texts), list(labels), folds=2)[0].to_payload()[1]
    assert first == second


def test_train_accepts_weights_and_rejects_bad_input():
    texts, labels = map(list, zip(*SMALL_SET, strict=True))
    model, _ = train(texts, labels, [1.0] * 8 + [3.0] * 4, folds=2)
    assert model.predict_proba(texts).shape == (len(texts), 3)
    with pytest.raises(ValueError, match="unknown stance label"):
        train(texts, labels[:-1] + ["sideways"], folds=2)
    with pytest.raises(ValueError, match="too few"):
        train(texts[:9], labels[:9], folds=2)
    with pytest.raises(ValueError):
        train(texts, labels[:-1], folds=2)


def test_train_can_be_cancelled():
    texts, labels = map(list, zip(*SMALL_SET, strict=True))
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        train(texts, labels, folds=2, cancel=token)


def test_bootstrap_set_loads_with_valid_labels():
    texts, labels = load_bootstrap()
    assert len(texts) > 1000 and set(labels) == set(LABELS)


def test_a_bootstrap_layer_fitted_on_the_same_passages_is_reused_not_refitted():
    from analysis.stance.training import DEFAULTS

    texts, labels = (list(x) for x in zip(*SMALL_SET, strict=True))
    settings = {**DEFAULTS, "bootstrap_size": len(texts)}
    base, _ = train(texts, labels, folds=2, settings=settings)
    project = ["Councils should hold the care budget, not ministers."] * 3 + [
        "The board meets on Tuesday in the town hall."
    ] * 3
    extra = ["localist"] * 3 + ["neutral"] * 3
    model, _ = train(texts + project, labels + extra, folds=2, project_size=6, reuse=base)
    assert model.base is base.base and model.temperature == base.temperature
    grown = texts + ["The minutes of the last meeting were agreed."]
    other = train(
        grown + project, labels + ["neutral"] + extra, folds=2, project_size=6, reuse=base
    )
    assert other[0].base is not base.base  # a different bootstrap part is fitted afresh
