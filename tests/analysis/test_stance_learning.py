"""Payload safety with a hostile project, calibration on held-out data, the project layer
and the labelling queue. Hostile files are generated here, at test time."""

from __future__ import annotations

import io
import json
import time
import zipfile

import numpy as np
import pytest

from analysis.corpus import LABELS
from analysis.stance.calibration import ece, fit_temperature
from analysis.stance.model import StanceModel, load_shipped, log_softmax
from analysis.stance.payload import MAX_ARRAY_BYTES
from analysis.stance.rank import rank_for_labelling
from analysis.stance.training import load_bootstrap, train


def _npy_header(shape, dtype="<f8") -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": dtype, "fortran_order": False, "shape": shape}
    )
    return buffer.getvalue()  # the magic string is written by the call above


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_catastrophic_cue_pattern_in_a_project_is_refused_quickly():
    params, arrays = load_shipped().to_payload()
    params["layers"]["base"]["cues"] = [["evil", 1, r"^(\w+\s?)*$"]]
    start = time.perf_counter()
    with pytest.raises(ValueError, match="word pair"):
        StanceModel.from_payload(params, arrays)
    assert time.perf_counter() - start < 1.0


def test_oversized_array_is_refused_from_its_header_before_allocating():
    params, _ = load_shipped().to_payload()
    # 6 MB of zeros compresses to a few kB but declares a 4 GB array in its header.
    bomb = _npy_header((len(LABELS), 200_000_000)) + bytes(6 * 1024 * 1024)
    arrays = _zip({"base_coef.npy": bomb})
    assert len(arrays) < 100_000
    start = time.perf_counter()
    with pytest.raises(ValueError, match="shape|larger"):
        StanceModel.from_payload(params, arrays)
    assert time.perf_counter() - start < 1.0


def test_member_lying_about_its_size_and_unknown_members_are_refused():
    params, _ = load_shipped().to_payload()
    small = _npy_header((3,)) + bytes(24)
    with pytest.raises(ValueError, match="unexpected member"):
        StanceModel.from_payload(params, _zip({"evil.npy": small}))
    lying = _npy_header((3, 1000)) + bytes(24)
    with pytest.raises(ValueError, match="larger than its archive entry|truncated"):
        StanceModel.from_payload(params, _zip({"base_coef.npy": lying}))
    with pytest.raises(ValueError, match="floating point"):
        StanceModel.from_payload(
            params, _zip({"base_coef.npy": _npy_header((3,), "|O") + bytes(24)})
        )
    assert MAX_ARRAY_BYTES < 4 * 1024**3


def test_temperature_fitted_on_held_out_logits_brings_ece_down():
    rng = np.random.default_rng(0)
    true = rng.integers(0, 3, size=3000)
    clean = rng.normal(size=(3000, 3))
    clean[np.arange(3000), true] += 1.0
    overconfident = clean * 4.0  # what a fit on its own training data looks like
    half = slice(0, 1500), slice(1500, 3000)
    t = fit_temperature(overconfident[half[0]], true[half[0]])

    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    before = ece(softmax(overconfident[half[1]]), true[half[1]])
    after = ece(softmax(overconfident[half[1]] / t), true[half[1]])
    assert t == pytest.approx(4.0, rel=0.2)
    assert before > 0.15 and after < 0.05


def test_thirty_consistent_labels_flip_predictions_on_similar_passages():
    boot_texts, boot_labels = load_bootstrap()
    # A project whose coders call passages about waiting-list audits localist.
    topics = ["dental", "stroke", "maternity", "hearing", "eye", "renal"]
    labelled = [
        f"The audit of {t} waiting lists in ward {i} was published this week."
        for i in range(5)
        for t in topics
    ]
    unseen = [
        f"The audit of {t} waiting lists in ward {i} was published this week."
        for i in range(7, 9)
        for t in topics
    ]
    base = load_shipped()
    before = [p.label for p in base.predict(unseen)]
    assert before.count("localist") < len(unseen) // 2
    texts = boot_texts + labelled
    labels = boot_labels + ["localist"] * len(labelled)
    others = [
        "The chairman thanked staff.",
        "The meeting closed at nine.",
        "Parking charges rise in April.",
        "The new ward opens next month.",
        "Volunteers ran the cafe on Sunday.",
    ]
    texts += others
    labels += ["neutral"] * len(others)
    model, metrics = train(texts, labels, project_size=len(labelled) + len(others))
    after = [p.label for p in model.predict(unseen)]
    assert after.count("localist") >= len(unseen) * 0.8
    assert metrics["project_labels"] == 35 and "bootstrap_only_macro_f1" in metrics
    # The out-of-sample reliability table covers every label and survives the project file.
    assert sum(row["n"] for row in metrics["reliability"]) == 35
    assert json.loads(json.dumps(metrics))["reliability"] == metrics["reliability"]
    # Per class too, so the Model tab can show what the labels changed in each stance.
    alone = metrics["bootstrap_only_per_class"]
    assert set(alone) == set(metrics["per_class"]) and all("f1" in row for row in alone.values())
    again = StanceModel.from_payload(*model.to_payload())
    assert np.allclose(again.predict_proba(unseen), model.predict_proba(unseen))


def test_with_a_project_layer_only_the_bootstrap_part_is_reweighted_to_the_mix():
    from analysis.stance.blend import softmax
    from analysis.stance.priors import adjust

    shipped = load_shipped()
    texts = [f"The council met on day {i} and noted the minutes." for i in range(40)]
    texts += ["Councils should hold the budget for care, not ministers."] * 5
    _, shipped_mix = shipped.adapt(shipped.predict(texts))
    learned = StanceModel(
        shipped.base, temperature=shipped.temperature, project=shipped.base, project_weight=0.5
    )
    assert learned.learned_from_project
    kept, mix = learned.adapt(learned.predict(texts))
    # The mix is estimated from the bootstrap layer's part alone ...
    assert mix == pytest.approx(shipped_mix)
    # ... which is re-weighted before the blend; the project layer's part is left as it is.
    z, q = learned._parts(texts, learned.base.transform(texts))
    adjusted = np.log(adjust(np.exp(z), mix, learned.training_prior()))
    expected = softmax(learned._blended(adjusted, q))
    got = np.array([[p.p_centralist, p.p_neutral, p.p_localist] for p in kept])
    assert np.allclose(got, expected)
    after = adjust(learned.predict_proba(texts), mix, learned.training_prior())
    assert not np.allclose(got, after, atol=1e-3)  # not the blend re-weighted afterwards
    assert [p.label for p in kept] == [LABELS[k] for k in expected.argmax(axis=1)]


def test_project_weight_is_chosen_for_telling_the_stances_apart_not_for_the_mix():
    from analysis.stance import project_layer as training

    truth = np.array([1] * 18 + [2] * 2)  # a project's labels: mostly neutral
    says_neutral = np.tile([0.0, 4.0, 0.0], (20, 1))  # repeats the mix, misses both sided
    separates = np.zeros((20, 3))
    separates[np.arange(20), truth] = 1.0  # right everywhere, less sure
    assert training._balanced_log_loss(says_neutral, truth) > training._balanced_log_loss(
        separates, truth
    )
    # A plain mean over the labels would have preferred the one that repeats the mix.
    nll = -log_softmax(says_neutral)[np.arange(20), truth].mean()
    assert nll < -log_softmax(separates)[np.arange(20), truth].mean()


def test_rank_for_labelling_puts_the_least_sure_first_and_skips_near_duplicates():
    proba = np.array([[0.9, 0.05, 0.05], [0.34, 0.33, 0.33], [0.5, 0.4, 0.1], [0.33, 0.34, 0.33]])
    assert rank_for_labelling(proba)[:2] in ([1, 3], [3, 1])
    texts = ["x", "councils should hold the budget", "ward audit", "councils should hold budget"]
    order = rank_for_labelling(proba, texts)
    assert order[0] == 1 and order.index(2) < order.index(3)  # the near-copy waits
    assert rank_for_labelling(np.zeros((0, 3))) == []


def test_evidence_is_lazy_and_still_a_list_of_terms():
    model = load_shipped()
    prediction = model.predict(["Councils should hold the budget, not Whitehall."])[0]
    assert prediction._evidence is None
    assert all(isinstance(t, str) and isinstance(w, float) for t, w in prediction.evidence)
    assert prediction._evidence is not None
    assert isinstance(prediction.cannot_judge, bool)


def test_model_tab_and_report_say_what_the_figure_measures():
    from analysis.report.method import _measure_sentence
    from gui.views.model_view import summary_line

    project = {"macro_f1": 0.71, "project_labels": 40, "bootstrap_only_macro_f1": 0.52, "ece": 0.06}
    bootstrap = {"macro_f1": 0.85}
    line = summary_line(project, bootstrap)
    assert "Agreement with your 40 labels" in line and "0.71" in line and "0.52" in line
    assert "since the previous model" not in line  # different kinds of figure
    assert "own training passages" in summary_line(bootstrap, None)
    assert "+0.05" in summary_line({**project, "macro_f1": 0.76}, project)
    assert "agreement with those labels" in _measure_sentence(project)
    assert "flatter" in _measure_sentence(bootstrap)
    # How much say the labels have, including none while they do not help out of sample.
    assert "carry 62% of each verdict" in summary_line({**project, "project_weight": 0.62}, None)
    assert "bootstrap model decides" in summary_line({**project, "project_weight": 0.0}, None)
    assert "62%" in _measure_sentence({**project, "project_weight": 0.62})
    # The agreement figure comes with its range when the labels are few.
    ranged = {**project, "macro_f1_interval": [0.52, 0.88]}
    assert "0.71</b> (95% interval 0.52\u20130.88)" in summary_line(ranged, None)
    assert "(95% interval 0.52\u20130.88, by resampling the labels)" in _measure_sentence(ranged)
    assert "bootstrap model's" in _measure_sentence({**project, "project_weight": 0.0})


def test_a_model_saved_by_the_earlier_version_is_replaced_without_reading_it():
    hostile = {
        "format": "stancemap-stance-model",
        "version": 1,
        "blocks": {"cues": {"cues": [["evil", 1, r"^(\w+\s?)*$"]]}},
    }
    model = StanceModel.from_payload(hostile, b"not even an archive")
    assert "earlier version" in model.name
    assert model.predict_proba(["Councils should hold the budget."]).shape == (1, 3)
    assert "earlier version" not in load_shipped().name


def test_classification_is_a_pure_function_of_payload_and_texts():
    from analysis.stance.model import classify

    model = load_shipped()
    texts = ["Councils should hold the budget.", "The meeting closed at nine."]
    params, arrays = model.to_payload()
    assert np.allclose(classify(params, arrays, texts), model.predict_proba(texts))
    assert np.allclose(classify(params, arrays, texts[::-1]), model.predict_proba(texts)[::-1])


def test_split_keeps_documents_whole_and_the_locked_part_has_every_stance():
    from tests.data.devset import load_split

    try:
        tuning, locked = load_split()
    except FileNotFoundError:
        pytest.skip("reference corpus not present")
    assert not {u["doc"] for u in tuning} & {u["doc"] for u in locked}
    assert {u["label"] for u in locked} == set(LABELS)
    assert len(tuning) > len(locked) > 100


def test_evidence_worked_out_in_a_batch_is_what_each_passage_gives_alone():
    model = load_shipped()
    texts, _ = load_bootstrap()
    texts = texts[:300] + ["", "the", "Councils should run care, not Whitehall."]
    one_by_one = [p.evidence for p in model.adapt(model.predict(texts))[0]]
    batch = model.adapt(model.predict(texts))[0]
    model.fill_evidence(batch)
    assert [p._evidence for p in batch] == one_by_one
    assert sum(1 for e in one_by_one if e) > 250 and one_by_one[300] == []


def test_the_queue_alternates_sided_and_neutral_leaning_passages_in_a_neutral_corpus():
    rng = np.random.default_rng(3)
    neutral = rng.dirichlet([3, 5, 3], size=90)  # most of the corpus, and the least sure
    neutral = neutral[neutral.argmax(axis=1) == 1]
    sided = rng.dirichlet([12, 1, 2], size=10)
    proba = np.vstack([neutral, sided])
    first = rank_for_labelling(proba, limit=10)
    leaning = ["neutral" if proba[i].argmax() == 1 else "sided" for i in first]
    assert leaning == ["sided", "neutral"] * 5
    by_entropy = np.argsort((proba * np.log(proba)).sum(axis=1))  # most uncertain first
    assert sum(proba[i].argmax() != 1 for i in by_entropy[:10]) <= 1  # what pure order gives


def test_evidence_shows_words_a_reader_can_weigh_not_function_words():
    from analysis.stance.features import shown_as_evidence

    model = load_shipped()
    texts, _ = load_bootstrap()
    terms = {t for p in model.predict(texts[:400]) for t, _ in p.evidence}
    assert terms and all(shown_as_evidence(t) for t in terms)
    assert not terms & {"that", "the", "of the", "it is", "and"}
    assert all(shown_as_evidence(t) for t in ("should", "not", "one size"))
    assert not shown_as_evidence("of the") and not shown_as_evidence("s:LOC MOD")


def test_reliability_on_the_coders_labels_is_told_in_words_and_in_the_report():
    from analysis.report.method import _reliability_blocks
    from analysis.stance.calibration import reliability, when_sure
    from gui.views.model_view import summary_line

    proba = np.array([[0.9, 0.05, 0.05]] * 6 + [[0.1, 0.85, 0.05]] * 4 + [[0.5, 0.3, 0.2]] * 5)
    true = [0] * 5 + [2] + [1] * 4 + [0, 1, 1, 2, 2]
    rows = reliability(proba, true)
    assert when_sure(rows) == (10, 0.9)  # nine of the ten stated at 80% or more were right
    assert when_sure(rows, 0.95) is None
    metrics = {"macro_f1": 0.7, "project_labels": 15, "ece": 0.1, "reliability": rows}
    assert "matched yours 90% of the time (10 of your labels)" in summary_line(metrics, None)
    assert "matched yours" not in summary_line({**metrics, "project_labels": 0}, None)
    (table,) = _reliability_blocks(metrics)
    assert [r[0] for r in table.rows] == ["50\u201360%", "80\u201390%", "90\u2013100%"]
    assert sum(int(r[1]) for r in table.rows) == 15 and table.rows[0][3] == "20%"
    assert _reliability_blocks({**metrics, "project_labels": 0}) == []


def test_agreement_is_measured_on_verdicts_as_the_window_shows_them():
    from analysis.stance.fitting import metrics_for
    from analysis.stance.priors import adjust
    from analysis.stance.project_layer import project_agreement

    model = load_shipped()
    texts = [f"The board of ward {i} published its minutes on care." for i in range(12)]
    texts += [f"Councils in district {i} should run care, not Whitehall." for i in range(6)]
    texts += [f"Ministers must set one national standard for region {i}." for i in range(6)]
    labels = ["neutral"] * 12 + ["localist"] * 6 + ["centralist"] * 6
    plain, weight = project_agreement(model, texts, labels)
    even, weight_even = project_agreement(model, texts, labels, corpus_prior=[1 / 3] * 3)
    mix = [0.02, 0.9, 0.08]  # a corpus that is nine-tenths neutral
    shown, weight_shown = project_agreement(model, texts, labels, corpus_prior=mix)
    # The figure a researcher reads never changes what the model learns.
    assert weight == weight_even == weight_shown
    assert not plain["adapted_to_corpus"] and shown["adapted_to_corpus"]
    assert even["macro_f1"] == pytest.approx(plain["macro_f1"])  # an even mix changes nothing
    # The bootstrap layer's figure is that of its verdicts adjusted to the corpus's mix.
    proba = adjust(model.predict_proba(texts), np.array(mix), model.training_prior())
    expected = metrics_for(labels, [LABELS[k] for k in proba.argmax(axis=1)])
    assert shown["bootstrap_only_macro_f1"] == pytest.approx(expected["macro_f1"])
    # ... and the blend's probabilities, calibration included, are the adapted ones.
    assert shown["ece"] != pytest.approx(plain["ece"], abs=1e-3)
    assert even["ece"] == pytest.approx(plain["ece"])


def test_the_agreement_interval_narrows_with_more_labels_and_holds_the_figure():
    from analysis.stance.fitting import macro_f1_interval, metrics_for

    rng = np.random.default_rng(3)
    true = list(rng.choice(LABELS, 400, p=[0.2, 0.6, 0.2]))
    guess = [t if rng.random() < 0.8 else str(rng.choice(LABELS)) for t in true]
    few, many = macro_f1_interval(true[:40], guess[:40]), macro_f1_interval(true, guess)
    for (low, high), n in ((few, 40), (many, 400)):
        assert low <= metrics_for(true[:n], guess[:n])["macro_f1"] <= high
    assert many[1] - many[0] < (few[1] - few[0]) / 2
    assert macro_f1_interval(["neutral"] * 5 + ["localist"] * 5, ["neutral"] * 10)[1] < 0.5
