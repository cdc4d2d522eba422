"""Context smoothing: neighbours in the same document move a passage's verdict, nothing else."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.corpus import LABELS
from analysis.stance.context import smooth
from analysis.stance.model import load_shipped

LOCALIST = [0.05, 0.15, 0.80]
NEUTRAL = [0.05, 0.90, 0.05]
UNDECIDED = [0.20, 0.42, 0.38]


def test_rows_still_sum_to_one_and_the_input_is_left_alone():
    probas = np.array([LOCALIST, UNDECIDED, NEUTRAL, LOCALIST])
    before = probas.copy()
    out = smooth(probas, [1, 1, 1, 2], weight=0.3, doc_weight=0.1)
    assert out.shape == probas.shape
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_array_equal(probas, before)


def test_zero_weights_change_nothing():
    probas = np.array([LOCALIST, UNDECIDED, NEUTRAL])
    np.testing.assert_allclose(smooth(probas, [1, 1, 1], weight=0.0, doc_weight=0.0), probas)


def test_an_undecided_passage_between_two_arguments_takes_their_side():
    probas = np.array([LOCALIST, UNDECIDED, LOCALIST])
    out = smooth(probas, [7, 7, 7], weight=0.3, doc_weight=0.0)
    assert LABELS[int(out[1].argmax())] == "localist"
    assert LABELS[int(probas[1].argmax())] == "neutral"


def test_a_confident_passage_keeps_its_label_among_neutral_neighbours():
    probas = np.array([NEUTRAL, LOCALIST, NEUTRAL])
    out = smooth(probas, [3, 3, 3], weight=0.3, doc_weight=0.1)
    assert [LABELS[int(k)] for k in out.argmax(axis=1)] == ["neutral", "localist", "neutral"]


def test_documents_do_not_lend_each_other_context():
    probas = np.array([LOCALIST, LOCALIST, UNDECIDED, NEUTRAL])
    out = smooth(probas, [1, 1, 2, 2], weight=0.5, doc_weight=0.0)
    # The undecided passage's only neighbour in its own document is neutral.
    assert out[2, 2] < probas[2, 2]
    np.testing.assert_allclose(out[0], probas[0])


def test_a_document_of_one_passage_is_unchanged():
    probas = np.array([UNDECIDED, LOCALIST])
    np.testing.assert_allclose(smooth(probas, [1, 2], weight=0.4, doc_weight=0.2), probas)


@pytest.mark.parametrize(("ids", "weight", "doc_weight"), [
    ([1, 1], 0.3, 0.1),          # three rows, two ids
    ([1, 1, 1], -0.1, 0.0),
    ([1, 1, 1], 0.8, 0.4),       # weights above one in total
])
def test_bad_arguments_are_refused_with_value_error(ids, weight, doc_weight):
    with pytest.raises(ValueError):
        smooth(np.array([LOCALIST, UNDECIDED, NEUTRAL]), ids, weight=weight,
               doc_weight=doc_weight)


def test_model_predict_with_documents_labels_by_the_smoothed_probabilities():
    model = load_shipped()
    texts = [
        "Councils should hold the whole health and care budget for their area.",
        "The board met on a Tuesday in the town hall annexe.",
        "Ministers must keep national standards so care is the same wherever you live.",
        "The report runs to forty pages.",
    ]
    alone = model.predict(texts)
    together = model.predict(texts, [1, 1, 2, 2])
    assert len(together) == len(texts)
    for text, p in zip(texts, together, strict=True):
        probas = [p.p_centralist, p.p_neutral, p.p_localist]
        assert p.label == LABELS[int(np.argmax(probas))]
        assert sum(probas) == pytest.approx(1.0)
        assert all(term in text for term, _ in p.evidence)
    for a, b in zip(alone, together, strict=True):
        if a.label == b.label:  # same verdict: the same words of the passage itself
            assert a.evidence == b.evidence
    with pytest.raises(ValueError):
        model.predict(texts, [1, 2])
