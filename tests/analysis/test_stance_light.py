"""The numpy-only prediction path gives the model's own probabilities and evidence, and
``stancemap classify`` without a project no longer imports scikit-learn."""

import json
import subprocess
import sys

import numpy as np

from analysis.stance.model import load_shipped
from analysis.stance.predict_light import load_shipped_light

TEXTS = [
    "Councils should decide how care is run in their own towns.",
    "Ministers in Whitehall must set one national standard for every hospital.",
    "The committee met on Tuesday; the minutes follow.",
    "",
    "... !!",
    "Café owners ask whether the NHS — not the borough — should pay. Ünïcode 🏥 too.",
]


def test_light_model_matches_the_full_model():
    full, light = load_shipped(), load_shipped_light()
    assert np.allclose(full.predict_proba(TEXTS), light.predict_proba(TEXTS), atol=1e-12)
    for a, b in zip(full.predict(TEXTS), light.predict(TEXTS), strict=True):
        assert a.label == b.label and a.evidence == b.evidence


def test_classify_without_a_project_does_not_import_sklearn(tmp_path):
    sample = tmp_path / "one.jsonl"
    sample.write_text(json.dumps({"id": "1", "text": TEXTS[0]}) + "\n")
    code = (
        "import sys; from analysis.cli import main; sys.argv = ['stancemap', 'classify', "
        f"{str(sample)!r}]; main(); print('SKLEARN', 'sklearn' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert json.loads(lines[0])["label"] == load_shipped().predict(TEXTS[:1])[0].label
    assert lines[-1] == "SKLEARN False"


def test_rows_are_scikit_learns_tfidf_times_the_column_weights():
    """Our counting loop replaced ``TfidfVectorizer.transform``; it must give its rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    layer = load_shipped().base
    texts = [*TEXTS, "council council council, councils; nhs nhs.", "the the the"] * 3
    reference = TfidfVectorizer(analyzer=layer._analyse, sublinear_tf=True, vocabulary=layer._index)
    reference.idf_ = layer.idf
    expected = reference.transform(texts).tocsr()
    expected.data *= layer.colw[expected.indices]
    ours = layer.transform(texts)
    assert ours.shape == expected.shape
    assert np.array_equal(ours.indptr, expected.indptr)
    assert np.array_equal(ours.indices, expected.indices)
    assert np.allclose(ours.data, expected.data, rtol=0, atol=1e-15)
    assert layer.transform([]).shape == (0, len(layer.vocabulary))
