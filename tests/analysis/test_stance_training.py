"""Training: the metric structure, input checks, and the features behind direction."""

from __future__ import annotations

import pytest
from sklearn.base import clone

from analysis.corpus import LABELS
from analysis.progress import Cancelled, CancelToken
from analysis.stance.lexicon import CueLexicon
from analysis.stance.text_features import DirectionAnalyzer, WordAnalyzer
from analysis.stance.training import load_bootstrap, train
from tests.analysis.test_stance_model import SMALL_SET


def test_train_returns_cross_validated_metrics_in_the_agreed_shape():
    texts, labels = zip(*SMALL_SET, strict=True)
    seen = []
    model, metrics = train(list(texts), list(labels), folds=2,
                           progress=lambda f, m: seen.append(f))
    assert set(metrics) >= {"macro_f1", "per_class", "confusion", "labels", "training_size",
                            "folds"}
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
    assert len(texts) == len(labels) > 0
    assert set(labels) <= set(LABELS)


def test_negation_marks_the_words_it_governs():
    features = WordAnalyzer()("Councils should not hold the budget.")
    assert "not_hold" in features
    assert "hold" not in features


def test_direction_skeleton_abstracts_who_and_how():
    features = DirectionAnalyzer()("Councils should hold the budget.")
    assert "s:LOC MOD POW" in features


def test_cue_lexicon_flips_direction_under_negation():
    lexicon = CueLexicon().fit(None)
    names = lexicon.feature_names_
    plain = {names[c] for c, _, _ in lexicon.matches("This will create a postcode lottery.")}
    negated = {names[c] for c, _, _ in lexicon.matches("It is not a postcode lottery.")}
    assert "cue_centralist" in plain and "cue_localist" not in plain
    assert "not_postcode_lottery" in negated and "cue_centralist" not in negated


def test_cue_lexicon_follows_estimator_conventions():
    lexicon = CueLexicon()
    assert not hasattr(lexicon, "feature_names_")
    copy = clone(lexicon)
    assert copy.get_params() == lexicon.get_params()
    X = copy.fit(["a"]).transform(["Whitehall knows best.", "Nothing here."])
    assert X.shape == (2, copy.n_features_out_)
    assert X[0].sum() > 0 and X[1].sum() == 0


def test_pure_naive_bayes_settings_give_a_linear_model_with_bayes_weights():
    from dataclasses import replace

    import numpy as np
    from sklearn.naive_bayes import MultinomialNB

    from analysis.stance.pipeline import Settings

    texts, labels = zip(*SMALL_SET, strict=True)
    settings = replace(Settings(), nb_share=1.0, neutral_bias=0.0)
    model, _ = train(list(texts), list(labels), folds=2, settings=settings)
    X = model.features.transform(list(texts))
    bayes = MultinomialNB(alpha=settings.nb_alpha, fit_prior=False).fit(X, list(labels))
    np.testing.assert_allclose(model.classifier.coef_, bayes.feature_log_prob_)
    np.testing.assert_allclose(model.classifier.predict_proba(X), bayes.predict_proba(X),
                               atol=1e-9)
