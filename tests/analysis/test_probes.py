"""The behavioural probes stay a check, not training data."""

from analysis.corpus import LABELS
from analysis.stance.training import load_bootstrap
from benchmarks.probes import PROBES, run


def test_probes_are_not_in_the_training_set():
    training = {" ".join(t.lower().split()) for t in load_bootstrap()[0]}
    leaked = [text for _, _, text in PROBES if " ".join(text.lower().split()) in training]
    assert leaked == []


def test_probes_cover_every_label_and_the_tally_counts_each_once(capsys):
    class Always:
        def predict_proba(self, texts):
            return [[0.1, 0.8, 0.1] for _ in texts]

    assert {label for _, label, _ in PROBES} == set(LABELS)
    tally = run(Always())
    assert sum(n for _, n in tally.values()) == len(PROBES)
    neutral = sum(label == "neutral" for _, label, _ in PROBES)
    assert sum(r for r, _ in tally.values()) == neutral
    assert capsys.readouterr().out.count("\n") == len(PROBES)
