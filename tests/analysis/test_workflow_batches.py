"""Verbs write in short transactions, and a new model's rows stay invisible until switched on.

A second connection looks at the file in the middle of a model switch, as the window (or
`stancemap annotate`) would, and labels it there.
"""

import pytest

from analysis.progress import Cancelled, CancelToken
from analysis.store import Project
from analysis.store.model_store import WRITE_BATCH
from analysis.workflow import classify_project, current_model, switch_model
from benchmarks.stress_annotate import build_project


@pytest.fixture
def path(tmp_path):
    target = tmp_path / "batches.stancemap"
    build_project(target, 1500, per_doc=50)
    with Project(target) as project:
        classify_project(project)
    return target


class _Counting(Project):
    """Records how many rows each prediction write committed, and runs ``between`` after
    each, where another connection may look at the file."""

    sizes: list[int]
    between = staticmethod(lambda: None)

    def save_predictions(self, model_id, rows):
        rows = list(rows)
        self.sizes.append(len(rows))
        changes = super().save_predictions(model_id, rows)
        self.between()
        return changes


def test_model_switch_is_invisible_until_the_end_and_labels_commit_meanwhile(path):
    other = Project(path, create=False, timeout=1.0)
    before = {p.id: p.p_localist for p in other.passages()}
    old_model = other.active_model().id
    seen = []

    def between():
        if not seen:  # after the first batch: look, and label something
            seen.append([m.id for m in other.models()])
            pid = next(iter(before))
            other.annotate(pid, "coder", label="localist")
            assert {p.id: p.p_localist for p in other.passages()} == before

    with _Counting(path, create=False) as project:
        project.sizes, project.between = [], between
        _, model = current_model(project)
        new = switch_model(project, model, "again", 1, {}, lambda *_: None, CancelToken())
        assert max(project.sizes) <= WRITE_BATCH and sum(project.sizes) == len(before)
    assert seen == [[old_model]]
    assert other.active_model().id == new
    assert other.passage(next(iter(before))).manual_label == "localist"
    leftover = other._conn.execute(
        "SELECT count(*) FROM predictions WHERE model_id = ?", (old_model,)
    ).fetchone()[0]
    assert leftover == 0  # superseded rows pruned
    other.close()


def test_cancelled_switch_leaves_the_previous_model_and_no_rows(path):
    token = CancelToken()

    with _Counting(path, create=False) as project:
        project.sizes, project.between = [], token.cancel  # cancel after the first batch
        before = {p.id: p.predicted_label for p in project.passages()}
        old = project.active_model().id
        _, model = current_model(project)
        with pytest.raises(Cancelled):
            switch_model(project, model, "cancelled", 1, {}, lambda *_: None, token)
        assert project.active_model().id == old
        assert [m.id for m in project.models()] == [old]
        assert {p.id: p.predicted_label for p in project.passages()} == before
        models = project._conn.execute("SELECT count(*) FROM models").fetchone()[0]
        rows = project._conn.execute("SELECT count(*) FROM predictions").fetchone()[0]
        assert models == 1 and rows == len(before)


def test_passages_imported_during_a_switch_get_the_new_models_predictions(path):
    from analysis.corpus import Document, Passage

    other = Project(path, create=False, timeout=1.0)

    def between():
        if not other.documents()[-1].file.startswith("late"):
            text = "A paragraph that arrived while the model was being replaced."
            other.add_document(Document(file="late.txt", text=text), [Passage(0, len(text), text)])

    with _Counting(path, create=False) as project:
        project.sizes, project.between = [], between
        _, model = current_model(project)
        switch_model(project, model, "again", 1, {}, lambda *_: None, CancelToken())
        assert project.unpredicted_passages() == []
    late = [p for p in other.passages() if p.text.startswith("A paragraph that arrived")]
    assert len(late) == 1 and late[0].predicted_label is not None
    other.close()
