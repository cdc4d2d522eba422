"""The annotation log and model switching: undo restores "automatic", migrations keep labels,
a retrain's rows stay invisible until its model is switched on."""

import sqlite3

import pytest

from analysis.corpus import Document, Passage, Prediction
from analysis.store import Project
from analysis.store.connection import _statements
from analysis.store.schema import APPLICATION_ID, SCHEMA_VERSION, V1


@pytest.fixture
def project(tmp_path):
    p = Project(tmp_path / "log.stancemap")
    yield p
    p.close()


def _doc(project, file="a.txt", pieces=("Councils decide.", "The NHS is big.")) -> list[int]:
    text = " ".join(pieces)
    passages, at = [], 0
    for piece in pieces:
        passages.append(Passage(at, at + len(piece), piece))
        at += len(piece) + 1
    doc_id = project.add_document(Document(file=file, text=text), passages)
    return [p.id for p in project.passages(doc_id)]


def test_empty_issue_list_brings_the_automatic_tags_back(project):
    pid = _doc(project)[0]
    project.save_issue_tags([(pid, ["funding"])])
    project.annotate(pid, "ann", issues=["workforce"])
    assert project.passage(pid).issues == ("workforce",)
    project.annotate(pid, "ann", issues=[])
    record = project.passage(pid)
    assert record.issues == ("funding",) and record.manual_issues is None
    project.annotate(pid, "ann", no_issues=True)
    record = project.passage(pid)
    assert record.issues == () and record.manual_issues == ()


def test_boilerplate_can_go_back_to_automatic(project):
    pid = _doc(project)[0]
    project.annotate(pid, "ann", boilerplate=True)
    assert project.passage(pid).boilerplate and project.passage(pid).manual_boilerplate
    project.annotate(pid, "ann", boilerplate="")
    record = project.passage(pid)
    assert record.boilerplate is False and record.manual_boilerplate is None
    assert [a.boilerplate for a in project.history(pid)] == [True, None]


def test_pending_model_is_invisible_until_switched_on(project):
    ids = _doc(project)
    old = project.save_model("old", {}, b"", 1, {})
    project.save_predictions(old, [(i, Prediction("centralist", 0.8, 0.1, 0.1)) for i in ids])
    new = project.save_model("new", {}, b"", 2, {}, activate=False)
    project.save_predictions(new, [(ids[0], Prediction("localist", 0.1, 0.1, 0.8))])
    assert [m.id for m in project.models()] == [old]
    assert project.passage(ids[0]).predicted_label == "centralist"
    project.save_predictions(new, [(ids[1], Prediction("localist", 0.1, 0.1, 0.8))])
    project.activate_model(new)
    assert project.active_model().id == new
    assert {project.passage(i).predicted_label for i in ids} == {"localist"}
    assert project.prune_predictions() == 2
    rows = project._conn.execute("SELECT DISTINCT model_id FROM predictions").fetchall()
    assert rows == [(new,)]


def test_discarded_model_leaves_nothing(project):
    ids = _doc(project)
    pending = project.save_model("cancelled", {}, b"", 2, {}, activate=False)
    project.save_predictions(pending, [(ids[0], Prediction("neutral", 0.1, 0.8, 0.1))])
    project.discard_model(pending)
    assert project._conn.execute("SELECT count(*) FROM predictions").fetchone()[0] == 0
    assert project._conn.execute("SELECT count(*) FROM models").fetchone()[0] == 0


def _v1_project(path) -> None:
    """A project as the first release wrote it, built from the V1 schema kept in schema.py."""
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(V1):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO documents (id, file, text, imported_at) VALUES (1, 'a.txt',"
        " 'Councils decide. The NHS is big.', 'then')"
    )
    conn.execute("INSERT INTO passages VALUES (10, 1, 0, 0, 16, 'Councils decide.', 0)")
    conn.execute("INSERT INTO passages VALUES (11, 1, 1, 17, 32, 'The NHS is big.', 0)")
    conn.execute(
        "INSERT INTO models (id, created_at, name, params, arrays, training_size,"
        " active) VALUES (1, 'then', 'm', '{}', x'', 1, 1)"
    )
    conn.execute("INSERT INTO predictions VALUES (11, 1, 'centralist', 0.7, 0.2, 0.1, '[]')")
    conn.execute(
        "INSERT INTO annotations (passage_id, coder, label, boilerplate, issues,"
        " created_at) VALUES (10, 'ann', 'localist', NULL, NULL, 'then')"
    )
    conn.execute(
        "INSERT INTO annotations (passage_id, coder, label, boilerplate, issues,"
        " created_at) VALUES (11, 'bob', NULL, 1, '[\"funding\"]', 'then')"
    )
    conn.close()


def test_v1_project_migrates_with_annotations_intact(tmp_path):
    path = tmp_path / "old.stancemap"
    _v1_project(path)
    with Project(path, create=False) as project:
        assert project._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert project.passage(10).manual_label == "localist"
        assert project.passage(11).boilerplate and project.passage(11).issues == ("funding",)
        assert project.passage(11).predicted_label == "centralist"
        assert [a.coder for a in project.history()] == ["ann", "bob"]
        row = project._conn.execute(
            "SELECT file, start, end, text FROM annotations WHERE passage_id = 10"
        ).fetchone()
        assert row == ("a.txt", 0, 16, "Councils decide.")
        assert project._conn.execute("PRAGMA foreign_key_check").fetchall() == []
        project._conn.execute("DELETE FROM passages WHERE id = 10")  # no cascade any more
        assert len(project.history()) == 2
    assert (tmp_path / "old.stancemap.v1.bak").exists()
