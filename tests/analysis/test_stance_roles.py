"""Words the role table must not misread, and models saved with the older table still
predicting with the roles they were trained on."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.stance import payload
from analysis.stance.features import UNSET_ROLES, Analyser
from analysis.stance.model import StanceModel
from analysis.stance.training import train

# Our own sentences, written for these tests.
BODY = "Every trust will have to meet the national standards from April."
VERB = "Councils can be trusted to run care for their own towns."


def test_an_nhs_trust_is_a_body_not_a_judgement():
    assert "trust" in UNSET_ROLES
    features = Analyser()(BODY)
    assert "r:GOOD" not in features
    assert not any("GOOD" in f for f in features if f.startswith("s:"))
    # The judgement is still read where the word is one.
    assert "r:GOOD" in Analyser()(VERB)
    # The table an earlier model was trained with read the body as praise.
    assert "r:GOOD" in Analyser(unset_roles=())(BODY)


def _model() -> StanceModel:
    texts = [
        "Councils should hold the care budget.",
        "Local people should decide how their services are run.",
        "Ministers must set one national standard for every trust.",
        "Only the NHS nationally can end the postcode lottery.",
        "The trust board met on Tuesday and approved the minutes.",
        "The report was published in March with three annexes.",
    ] * 3
    labels = ["localist", "localist", "centralist", "centralist", "neutral", "neutral"] * 3
    return train(texts, labels, folds=2, settings={"min_df": 1})[0]


def test_a_model_saved_before_unset_roles_keeps_its_roles():
    params, arrays = _model().to_payload()
    assert params["layers"]["base"]["unset_roles"] == list(UNSET_ROLES)
    older = {**params, "version": 3, "layers": {}}
    for name, spec in params["layers"].items():
        older["layers"][name] = {k: v for k, v in spec.items() if k != "unset_roles"}
    earlier = StanceModel.from_payload(older, arrays)
    assert earlier.base.unset_roles == ()
    assert "r:GOOD" in earlier.base._analyse(BODY)
    current = StanceModel.from_payload(params, arrays)
    assert "r:GOOD" not in current.base._analyse(BODY)
    # Saved again, it keeps the table it was read with.
    again = StanceModel.from_payload(*earlier.to_payload())
    assert again.base.unset_roles == ()
    assert np.array_equal(again.predict_proba([BODY]), earlier.predict_proba([BODY]))


@pytest.mark.parametrize("value", ["trust", [1, 2], ["x" * 500], None])
def test_unset_roles_must_be_a_list_of_words(value):
    params, arrays = _model().to_payload()
    params["layers"]["base"]["unset_roles"] = value
    with pytest.raises(ValueError, match="unset_roles"):
        StanceModel.from_payload(params, arrays)
    assert payload.VERSION in payload.READABLE
