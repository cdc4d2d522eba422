"""Clause scope: what a writer concedes or questions stops counting as what they assert,
and models saved before scope existed still predict exactly as they did."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.stance import payload
from analysis.stance.features import Analyser, shown_as_evidence
from analysis.stance.model import StanceModel
from analysis.stance.predict_light import model_from_payload as light_from_payload
from analysis.stance.scope import clause_scopes
from analysis.stance.training import train

# Our own sentences, written for these tests.
CONCEDED = "Although councils know their towns, ministers must keep one national standard."
QUESTIONED = "It is not clear whether councils will gain real power over the budget."
OPENED = "Of course national targets matter, but councils should decide how care is run."
PLAIN_BUT = "Councils should run care, but they need the money to do it."


def _marked(text: str, kind: str) -> list[str]:
    toks, marks = clause_scopes(text.lower())
    return [t for t, m in zip(toks, marks, strict=True) if m == kind]


def test_concessive_and_questioned_clauses_are_marked():
    assert _marked(CONCEDED, "k") == ["councils", "know", "their", "towns"]
    assert _marked(QUESTIONED, "q") == [
        "councils",
        "will",
        "gain",
        "real",
        "power",
        "over",
        "the",
        "budget",
    ]
    assert _marked(OPENED, "k") == ["of", "course", "national", "targets", "matter"]
    # A bare "X, but Y" asserts both halves.
    assert _marked(PLAIN_BUT, "k") == [] and _marked(PLAIN_BUT, "q") == []


def test_a_scope_ends_at_the_sentence():
    text = "Whether that helps is open. Councils should hold the budget."
    assert _marked(text, "q") == ["that", "helps", "is", "open"]


def test_conceded_words_leave_the_assertion_and_come_back_prefixed():
    features = Analyser()(CONCEDED)
    assert "councils" not in features and "know" not in features
    assert "ministers" in features and "although" in features
    assert any(f.startswith("k:") for f in features)
    assert all(f[3:4] == ":" for f in features if f.startswith("k:"))  # no bare words
    assert all(not shown_as_evidence(f) for f in features if f.startswith(("k:", "q:")))
    questioned = Analyser()(QUESTIONED)
    assert "power" not in questioned and any(f.startswith("q:") for f in questioned)


@pytest.mark.parametrize(
    "text",
    [
        PLAIN_BUT,
        "Councils know their communities best.",
        "The white paper was published on Monday; ministers will respond.",
    ],
)
def test_passages_without_a_scope_keep_their_features(text):
    assert Analyser()(text) == Analyser(scoped=False)(text)


def _small_model() -> StanceModel:
    texts = [
        "Councils should hold the care budget.",
        "Local people should decide how services are run.",
        "Town halls know their streets and must lead.",
        "Ministers must set one national standard.",
        "Whitehall should keep national targets for every trust.",
        "Only the NHS nationally can end the postcode lottery.",
        "The board met on Tuesday and approved the minutes.",
        "The report was published in March with three annexes.",
        "Figures for the year are set out in the table below.",
    ] * 2
    labels = (["localist"] * 3 + ["centralist"] * 3 + ["neutral"] * 3) * 2
    return train(texts, labels, folds=2, settings={"min_df": 1})[0]


def test_a_model_saved_before_clause_scope_predicts_as_it_did():
    model = _small_model()
    params, arrays = model.to_payload()
    assert params["version"] == payload.VERSION
    assert params["layers"]["base"]["scoped"] is True
    # What an earlier version wrote: version 2, no scope flag.
    older = {**params, "version": 2, "layers": {}}
    for name, spec in params["layers"].items():
        older["layers"][name] = {
            k: v for k, v in spec.items() if k not in ("scoped", "role_overrides")
        }
    texts = [CONCEDED, QUESTIONED, OPENED, PLAIN_BUT]
    unscoped = StanceModel.from_payload(older, arrays)
    assert unscoped.base.scoped is False
    # Rebuilt by hand with the features it was trained on, it must agree to the last bit.
    expected = StanceModel.from_payload(params, arrays)
    expected.base._analyse = Analyser(expected.base.cues, scoped=False, role_overrides={})
    assert np.array_equal(unscoped.predict_proba(texts), expected.predict_proba(texts))
    light = light_from_payload(older, arrays)
    assert np.allclose(light.predict_proba(texts), unscoped.predict_proba(texts), atol=1e-12)
    # Saved again, it keeps its features.
    again = StanceModel.from_payload(*unscoped.to_payload())
    assert again.base.scoped is False
    assert np.array_equal(again.predict_proba(texts), unscoped.predict_proba(texts))


def test_scope_flag_must_be_a_boolean():
    params, arrays = _small_model().to_payload()
    params["layers"]["base"]["scoped"] = "yes"
    with pytest.raises(ValueError, match="scoped"):
        StanceModel.from_payload(params, arrays)


def test_the_light_path_replaces_a_first_version_model_too():
    model = light_from_payload({"format": payload.FORMAT, "version": 1}, b"junk")
    assert "earlier version" in model.name
    assert model.predict_proba([CONCEDED]).shape == (1, 3)
