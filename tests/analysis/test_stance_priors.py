"""The corpus's class mix, estimated by EM from the model's own posteriors, and the
posteriors adjusted to it (analysis.stance.priors), in the project and the command line."""

import json
import random

import numpy as np
import pytest

from analysis.cli import run
from analysis.corpus import LABELS, Document, Passage
from analysis.predictions import stance_shares
from analysis.stance.model import load_shipped
from analysis.stance.priors import MAX_RATIO, MIN_BATCH, adapt, adjust, estimate_priors
from analysis.store import Project
from analysis.workflow import classify_project
from benchmarks.stress_annotate import sentence

UNIFORM = np.full(3, 1 / 3)


def synthetic(true_prior, n, seed=0):
    """Posteriors that are exactly calibrated under a uniform prior: three Gaussian
    classes in one dimension, posteriors from their likelihoods, classes drawn with
    ``true_prior``."""
    rng = np.random.default_rng(seed)
    y = rng.choice(3, size=n, p=true_prior)
    x = rng.normal(loc=np.array([-1.5, 0.0, 1.5])[y], scale=1.0)
    likelihood = np.exp(-0.5 * (x[:, None] - np.array([-1.5, 0.0, 1.5])) ** 2)
    return likelihood / likelihood.sum(axis=1, keepdims=True), y


def test_em_recovers_a_known_prior_shift():
    true = np.array([0.1, 0.8, 0.1])
    proba, y = synthetic(true, 6000)
    estimate = estimate_priors(proba, UNIFORM, strength=0.0, max_ratio=np.inf)
    assert np.abs(estimate - true).max() < 0.03
    assert np.abs(proba.mean(axis=0) - true).max() > 0.15  # the naive mean is far off
    adjusted = adjust(proba, estimate, UNIFORM)
    assert (adjusted.argmax(1) == y).mean() > (proba.argmax(1) == y).mean() + 0.05


def test_the_shipped_settings_move_toward_the_true_mix_within_bounds():
    proba, _ = synthetic(np.array([0.05, 0.85, 0.10]), 400)
    estimate = estimate_priors(proba, UNIFORM)
    assert estimate[1] > 0.6
    assert np.all(estimate / UNIFORM <= MAX_RATIO + 1e-9)
    assert np.all(estimate / UNIFORM >= 1 / MAX_RATIO - 1e-9)
    assert estimate.sum() == pytest.approx(1.0)


def test_a_tiny_batch_is_left_alone_and_a_small_one_barely_moves():
    confident_neutral = np.tile([0.02, 0.96, 0.02], (MIN_BATCH - 1, 1))
    adjusted, prior = adapt(confident_neutral)
    assert np.array_equal(prior, UNIFORM)
    assert np.allclose(adjusted, confident_neutral)
    _, small = adapt(np.tile([0.02, 0.96, 0.02], (MIN_BATCH, 1)))
    _, large = adapt(np.tile([0.02, 0.96, 0.02], (3000, 1)))
    assert UNIFORM[1] < small[1] < large[1]
    assert small[1] < 0.75  # shrunk toward the training prior
    assert np.all(large / UNIFORM <= MAX_RATIO + 1e-9)


def test_argmax_is_unchanged_when_the_estimate_equals_the_training_prior():
    rng = np.random.default_rng(3)
    base = rng.dirichlet([1, 1, 1], size=40)
    # Every row with its three cyclic shifts: the batch has no preferred class.
    proba = np.vstack([np.roll(base, s, axis=1) for s in range(3)])
    adjusted, prior = adapt(proba)
    assert prior == pytest.approx(UNIFORM, abs=1e-9)
    assert np.array_equal(adjusted.argmax(1), proba.argmax(1))
    assert np.allclose(adjust(proba, UNIFORM, UNIFORM), proba)


def test_page_noise_is_left_out_of_the_estimate():
    proba, _ = synthetic(np.array([0.3, 0.4, 0.3]), 300)
    noise = np.tile([0.01, 0.98, 0.01], (300, 1))
    both = np.vstack([proba, noise])
    use = np.r_[np.ones(300, bool), np.zeros(300, bool)]
    assert adapt(both, use=use)[1] == pytest.approx(adapt(proba)[1])
    assert adapt(both)[1][1] > adapt(proba)[1][1] + 0.1


def test_a_class_balanced_model_was_trained_under_uniform_priors():
    assert load_shipped().training_prior() == pytest.approx(UNIFORM)


def _project(path, documents=4, per_doc=25, noise=5):
    rng = random.Random(5)
    with Project(path) as project:
        for d in range(documents):
            pieces = [sentence(rng) for _ in range(per_doc)] + ["Share this page"] * noise
            spans, at = [], 0
            for i, piece in enumerate(pieces):
                spans.append(Passage(at, at + len(piece), piece, boilerplate=i >= per_doc))
                at += len(piece) + 2
            project.add_document(Document(file=f"d{d}.txt", text="\n\n".join(pieces)), spans)
    return documents * per_doc


def test_classify_project_stores_the_estimated_shares_and_labels_follow_them(tmp_path):
    sided = _project(tmp_path / "p.stancemap")
    with Project(tmp_path / "p.stancemap") as project:
        assert stance_shares(project) is None
        classify_project(project)
        shares = stance_shares(project)
        records = sorted(project.passages(), key=lambda r: (r.document_id, r.seq))
    assert shares["passages"] == sided
    assert sum(shares[label] for label in LABELS) == pytest.approx(1.0, abs=1e-3)
    model = load_shipped()
    raw = model.predict([r.text for r in records])
    use = [not r.boilerplate for r in records]
    expected, prior = model.adapt(raw, use=use)
    assert [shares[label] for label in LABELS] == pytest.approx(prior, abs=1e-4)
    assert not np.allclose(prior, UNIFORM, atol=0.01)  # the estimate did move
    for record, p in zip(records, expected, strict=True):
        assert record.p_neutral == pytest.approx(p.p_neutral, abs=1e-6)
        assert record.predicted_label == p.label


def test_classify_cli_adapts_a_batch_to_its_mix(tmp_path):
    rng = random.Random(9)
    texts = [sentence(rng) for _ in range(60)]
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
    assert run(["classify", str(source), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    expected = load_shipped().predict_corpus(texts)[0]
    raw = load_shipped().predict(texts)
    assert [r["p_neutral"] for r in rows] == pytest.approx(
        [p.p_neutral for p in expected], abs=1e-5
    )
    assert [r["label"] for r in rows] == [p.label for p in expected]
    assert any(abs(p.p_neutral - q.p_neutral) > 1e-3 for p, q in zip(expected, raw, strict=True))
