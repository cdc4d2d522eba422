"""The stance model: payload round trip without pickle, evidence, the shipped model."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

from analysis.corpus import LABELS
from analysis.stance.model import StanceModel, load_shipped
from analysis.stance.training import train

# Written for these tests, in our own words.
SMALL_SET = [
    ("Councils should hold the health budget because they answer to local voters.", "localist"),
    ("Give town halls the power to commission care; local people know their needs.", "localist"),
    (
        "Decisions about community services must be devolved to the boroughs that run them.",
        "localist",
    ),
    ("Whitehall knows best is a failed creed: hand control to local authorities.", "localist"),
    ("Only one national service can stop a postcode lottery in cancer care.", "centralist"),
    (
        "National standards set by ministers must apply in every town, not vary by council.",
        "centralist",
    ),
    (
        "Handing the NHS to council leaders would fragment care and break up the service.",
        "centralist",
    ),
    (
        "Ring-fenced national funding is the only guarantee of equal treatment everywhere.",
        "centralist",
    ),
    ("The board met on Tuesday and approved the minutes of its previous meeting.", "neutral"),
    (
        "The council published its annual accounts, showing spending of four million pounds.",
        "neutral",
    ),
    ("The hospital trust appointed a new chief executive after a long search.", "neutral"),
    ("A report on waiting times will be published by the department next spring.", "neutral"),
]


@pytest.fixture(scope="module")
def small_model() -> StanceModel:
    texts, labels = zip(*SMALL_SET, strict=True)
    model, _ = train(list(texts), list(labels), folds=2)
    return model


@pytest.fixture(scope="module")
def shipped() -> StanceModel:
    return load_shipped()


def _unzip(arrays: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(arrays)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rezip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_payload_round_trip_predicts_identically(small_model):
    params, arrays = small_model.to_payload()
    params = json.loads(json.dumps(params))  # what a project file stores
    again = StanceModel.from_payload(params, arrays)
    probe = [text for text, _ in SMALL_SET] + ["Something new about care homes and councils."]
    np.testing.assert_allclose(
        again.predict_proba(probe), small_model.predict_proba(probe), atol=1e-6
    )
    assert [p.label for p in again.predict(probe)] == [p.label for p in small_model.predict(probe)]
    assert again.training_size == small_model.training_size == len(SMALL_SET)
    assert again.metrics == json.loads(json.dumps(small_model.metrics))


def test_payload_is_plain_data_loadable_without_pickle(small_model):
    params, arrays = small_model.to_payload()
    json.dumps(params)  # raises if anything is not JSON
    with np.load(io.BytesIO(arrays), allow_pickle=False) as npz:
        assert {"base_coef", "base_intercept"} <= set(npz.files)
        assert all(npz[key].dtype.kind == "f" for key in npz.files)


def test_payload_bytes_are_deterministic(small_model):
    assert small_model.to_payload()[1] == small_model.to_payload()[1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: "not a dict",
        lambda p: {**p, "format": "something-else"},
        lambda p: {**p, "version": 99},
        lambda p: {**p, "classes": ["a", "b", "c"]},
        lambda p: {**p, "layers": {"base": {**p["layers"]["base"], "vocabulary": ["x", "x"]}}},
        lambda p: {**p, "layers": {}},
        lambda p: {
            **p,
            "layers": {"base": {**p["layers"]["base"], "cues": [["bad", 1, "(a+)+$"]]}},
        },
        lambda p: {**p, "temperature": float("nan")},
    ],
)
def test_malformed_params_are_rejected_with_value_error(small_model, damage):
    params, arrays = small_model.to_payload()
    with pytest.raises(ValueError):
        StanceModel.from_payload(damage(params), arrays)


def test_malformed_arrays_are_rejected_with_value_error(small_model):
    params, arrays = small_model.to_payload()
    with pytest.raises(ValueError):
        StanceModel.from_payload(params, b"not a zip archive")
    members = _unzip(arrays)
    members.pop("base_coef.npy")
    with pytest.raises(ValueError, match="base_coef"):
        StanceModel.from_payload(params, _rezip(members))


def test_arrays_holding_pickled_objects_are_refused(small_model):
    params, arrays = small_model.to_payload()
    members = _unzip(arrays)
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    members["base_coef.npy"] = buffer.getvalue()
    with pytest.raises(ValueError):
        StanceModel.from_payload(params, _rezip(members))


def test_predictions_have_three_probabilities_and_evidence_from_the_text(shipped):
    texts = [
        "Councils should be in charge of commissioning, because local people can hold "
        "them to account at the ballot box.",
        "The inspection found that the ward had too few nurses on the night shift.",
    ]
    predictions = shipped.predict(texts)
    assert len(predictions) == 2
    for text, p in zip(texts, predictions, strict=True):
        probs = (p.p_centralist, p.p_neutral, p.p_localist)
        assert sum(probs) == pytest.approx(1.0)
        assert p.label == LABELS[int(np.argmax(probs))]
        assert p.evidence
        for term, weight in p.evidence:
            assert term.strip() and term in text.lower()
            assert isinstance(weight, float)
        weights = [w for _, w in p.evidence]
        positive = [w for w in weights if w > 0]
        assert positive == sorted(positive, reverse=True)
        assert weights[: len(positive)] == positive  # pushing terms come first
    assert shipped.predict_proba(texts).shape == (2, 3)


def test_empty_input_gives_empty_output(shipped):
    assert shipped.predict([]) == []
    assert shipped.predict_proba([]).shape == (0, 3)


def test_non_text_input_is_refused_clearly(shipped):
    with pytest.raises(ValueError, match="must be text"):
        shipped.predict(["fine", None])
    with pytest.raises(ValueError, match="single string"):
        shipped.predict_proba("a passage")


def test_shipped_model_reads_a_clear_localist_and_a_clear_centralist_sentence(shipped):
    localist = (
        "Our councillors answer to the people who live here, so the county council, "
        "not a quango in London, should decide how the local health budget is spent."
    )
    centralist = (
        "Splitting the NHS into dozens of council-run fiefdoms would create a "
        "postcode lottery; care must stay a single national service with the same "
        "standards for every patient."
    )
    labels = [p.label for p in shipped.predict([localist, centralist])]
    assert labels == ["localist", "centralist"]


def test_shipped_model_carries_its_provenance(shipped):
    assert shipped.training_size > 0
    assert 0.0 <= shipped.metrics["macro_f1"] <= 1.0
    assert shipped.name
