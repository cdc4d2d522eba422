"""An import classifies its new passages in a child while finding speakers: same results as in
turn, and a cancel or a failure in the child leaves the project as it was."""

import multiprocessing

import pytest

from analysis import classify_beside
from analysis.classify_beside import ClassifyFailed
from analysis.predictions import STANCE_SHARES
from analysis.progress import Cancelled, CancelToken
from analysis.store import Project
from analysis.workflow import import_corpus
from benchmarks.synthetic_corpus import write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("beside") / "corpus"
    write_corpus(folder, passages=400, seed=3)
    return folder


def _state(project: Project):
    files = {d.id: d.file for d in project.documents()}
    rows = sorted(
        (
            files[r.document_id],
            r.seq,
            r.p_centralist,
            r.p_neutral,
            r.p_localist,
            r.predicted_label,
            r.evidence,
            r.actor,
            r.issues,
        )
        for r in project.passages()
    )
    return rows, project.get_setting(STANCE_SHARES), sorted(project.actors().items())


def _import(path, corpus, monkeypatch, minimum, **kwargs):
    monkeypatch.setattr(classify_beside, "PARALLEL_MIN", minimum)
    with Project(path) as project:
        import_corpus(project, [corpus], **kwargs)
        return _state(project)


def test_side_by_side_gives_the_same_predictions_and_speakers_as_in_turn(
    tmp_path, corpus, monkeypatch
):
    calls = []
    real = classify_beside.structure_and_classify
    monkeypatch.setattr(
        classify_beside, "structure_and_classify", lambda *a: calls.append(1) or real(*a)
    )
    in_turn = _import(tmp_path / "a.stancemap", corpus, monkeypatch, 10**9)
    assert not calls
    seen = []
    beside = _import(
        tmp_path / "b.stancemap", corpus, monkeypatch, 0, progress=lambda f, m: seen.append(f)
    )
    assert calls == [1]
    assert beside == in_turn
    assert all(p is not None for row in beside[0] for p in row[2:5])
    assert seen[-1] == 1.0 and max(seen[:-1]) <= 1.0


def test_cancel_while_side_by_side_kills_the_child_and_takes_the_import_back(
    tmp_path, corpus, monkeypatch
):
    monkeypatch.setattr(classify_beside, "PARALLEL_MIN", 0)
    token = CancelToken()

    def progress(fraction, message):
        if fraction > 0.5:
            token.cancel()

    path = tmp_path / "c.stancemap"
    with Project(path) as project:
        with pytest.raises(Cancelled):
            import_corpus(project, [corpus], progress, token)
        assert not multiprocessing.active_children()
        assert project.documents() == [] and project.passages() == []
    with Project(path, create=False) as again:  # consistent on disk, and usable
        import_corpus(again, [corpus])
        assert all(r.p_neutral is not None for r in again.passages())


def test_a_failure_in_the_child_is_one_line_and_the_import_is_taken_back(
    tmp_path, corpus, monkeypatch
):
    monkeypatch.setattr(classify_beside, "PARALLEL_MIN", 0)
    path = tmp_path / "d.stancemap"
    with Project(path) as project:
        project.save_model("broken", {}, b"not a model", 1, {}, activate=True)
        with pytest.raises(ClassifyFailed) as caught:
            import_corpus(project, [corpus])
        assert "\n" not in str(caught.value) and "classifying" in str(caught.value)
        assert not multiprocessing.active_children()
        assert project.documents() == []


def test_in_memory_projects_stay_in_turn(corpus, monkeypatch):
    monkeypatch.setattr(classify_beside, "PARALLEL_MIN", 0)
    monkeypatch.setattr(classify_beside, "structure_and_classify", None)  # would fail if used
    with Project() as project:
        import_corpus(project, [corpus])
        assert all(r.p_neutral is not None for r in project.passages())
