"""Words the role table must not misread, and models saved with the older table still
predicting with the roles they were trained on."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.stance.features import ROLE_OVERRIDES, Analyser
from analysis.stance.model import StanceModel
from analysis.stance.training import train

# Our own sentences, written for these tests.
BODY = "Every trust will have to meet the national standards from April."
VERB = "Councils can be trusted to run care for their own towns."
NAME = "A National Health Service spokeswoman said the figures were late."


def test_an_nhs_trust_is_a_body_not_a_judgement():
    features = Analyser()(BODY)
    assert "r:GOOD" not in features
    assert not any("GOOD" in f for f in features if f.startswith("s:"))
    # The judgement is still read where the word is one.
    assert "r:GOOD" in Analyser()(VERB)
    # The table an earlier model was trained with read the body as praise.
    assert "r:GOOD" in Analyser(role_overrides={})(BODY)


PLAN = "The STP gives the area an opportunity to plan care together."
BODY_PAIR = "The combined authority will hold the budget."


def test_the_reforms_local_bodies_are_the_local_level_and_their_praise_a_judgement():
    skeleton = {f for f in Analyser()(PLAN) if f.startswith("s:")}
    assert "s:LOC GOOD" in skeleton
    assert any("LOC" in f for f in Analyser()(BODY_PAIR) if f.startswith("s:"))
    # The table of the models saved before this correction read neither.
    earlier = Analyser(role_overrides={"trust": "", "trusts": ""})
    assert not any("LOC" in f or "GOOD" in f for f in earlier(PLAN) if f.startswith("s:"))
    assert not any("LOC" in f for f in earlier(BODY_PAIR) if f.startswith("s:"))


def test_a_word_pair_can_take_a_role_as_one_mention():
    """The mechanism a later correction can use: "national health" read as the NHS."""
    plain = Analyser()(NAME)
    assert any("CEN" in f for f in plain)
    as_nhs = Analyser(role_overrides={"national health": "NHS"})(NAME)
    assert "s:NHS SAY" in as_nhs and not any(
        "CEN" in f for f in as_nhs if f[1:2] == ":" and f[0] in "rsx"
    )


def _model() -> StanceModel:
    texts = [
        "Councils should hold the care budget.",
        "Local people should decide how their services are run.",
        "Ministers must set one national standard for every trust.",
        "Only the National Health Service can end the postcode lottery.",
        "The trust board met on Tuesday and approved the minutes.",
        "The report was published in March with three annexes.",
    ] * 3
    labels = ["localist", "localist", "centralist", "centralist", "neutral", "neutral"] * 3
    return train(texts, labels, folds=2, settings={"min_df": 1})[0]


def test_a_model_saved_before_the_corrections_keeps_its_roles():
    params, arrays = _model().to_payload()
    assert params["layers"]["base"]["role_overrides"] == ROLE_OVERRIDES
    older = {**params, "version": 3, "layers": {}}
    for name, spec in params["layers"].items():
        older["layers"][name] = {k: v for k, v in spec.items() if k != "role_overrides"}
    earlier = StanceModel.from_payload(older, arrays)
    assert earlier.base.role_overrides == {}
    assert "r:GOOD" in earlier.base._analyse(BODY)
    current = StanceModel.from_payload(params, arrays)
    assert "r:GOOD" not in current.base._analyse(BODY)
    # Saved again, it keeps the table it was read with.
    again = StanceModel.from_payload(*earlier.to_payload())
    assert again.base.role_overrides == {}
    assert np.array_equal(again.predict_proba([BODY, NAME]), earlier.predict_proba([BODY, NAME]))


@pytest.mark.parametrize(
    "value",
    ["trust", ["trust"], {"trust": "PRAISE"}, {"x" * 500: ""}, {"Trust!": ""}, {"a b c": ""}, None],
)
def test_role_overrides_must_map_words_to_known_roles(value):
    params, arrays = _model().to_payload()
    params["layers"]["base"]["role_overrides"] = value
    with pytest.raises(ValueError, match="role_overrides"):
        StanceModel.from_payload(params, arrays)
