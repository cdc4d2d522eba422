"""The project file: schema, identity checks, append-only annotations and durability."""

import sqlite3

import pytest

from analysis.corpus import Document, Passage, Prediction
from analysis.store import Project, ProjectError, ProjectInUse
from analysis.store.schema import APPLICATION_ID, SCHEMA_VERSION


def _fill(project: Project) -> int:
    doc = Document(file="a.txt", text="Councils should decide. The NHS is big.", author="Ann")
    return project.add_document(
        doc, [Passage(0, 23, "Councils should decide."), Passage(24, 39, "The NHS is big.")]
    )


@pytest.fixture(params=["memory", "file"])
def project(request, tmp_path):
    p = Project(":memory:" if request.param == "memory" else tmp_path / "t.stancemap")
    yield p
    p.close()


def test_new_project_has_identity_and_wal(tmp_path):
    path = tmp_path / "x.stancemap"
    Project(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_documents_and_passages_round_trip(project):
    doc_id = _fill(project)
    docs = project.documents()
    assert [d.id for d in docs] == [doc_id] and docs[0].passage_count == 2
    texts = [p.text for p in project.passages(doc_id)]
    assert texts == ["Councils should decide.", "The NHS is big."]
    assert project.document_text(doc_id)[0:8] == "Councils"


def test_manual_label_overrides_prediction_and_clear_restores_it(project):
    _fill(project)
    first = project.passage_ids()[0]
    model = project.save_model("m", {}, b"", 1, {})
    project.save_predictions(model, [(first, Prediction("localist", 0.1, 0.2, 0.7))])
    assert project.passage(first).source == "model"
    assert project.passage(first).score == pytest.approx(0.6)
    changes = project.annotate(first, "ann", label="centralist")
    assert changes.passages == {first}
    assert (project.passage(first).label, project.passage(first).source) == ("centralist", "manual")
    assert project.passage(first).score == -1.0
    project.annotate(first, "ann", label="")
    assert (project.passage(first).label, project.passage(first).source) == ("localist", "model")
    assert [a.label for a in project.history(first)] == ["centralist", ""]


def test_actor_issue_and_boilerplate_annotations(project):
    _fill(project)
    pid = project.passage_ids()[1]
    project.save_attributions([(pid, "Ann", "author", 1.0)])
    project.save_issue_tags([(pid, ["budgets"])])
    assert project.passage(pid).actor == "Ann"
    project.annotate(
        pid, "bob", actor="Sir John Oldham", issues=["commissioning"], boilerplate=True
    )
    record = project.passage(pid)
    assert (record.actor, record.actor_method) == ("Sir John Oldham", "manual")
    assert record.issues == ("commissioning",) and record.auto_issues == ("budgets",)
    assert record.boilerplate and not record.auto_boilerplate
    project.annotate(pid, "bob", actor="", boilerplate=False)
    assert project.passage(pid).actor == "Ann" and not project.passage(pid).boilerplate


def test_unknown_label_and_passage_are_refused(project):
    _fill(project)
    with pytest.raises(ValueError, match="unknown label"):
        project.annotate(project.passage_ids()[0], "ann", label="federalist")
    with pytest.raises(KeyError):
        project.annotate(999, "ann", label="neutral")


def test_coder_labels_take_each_coders_latest(project):
    _fill(project)
    a, b = project.passage_ids()
    project.annotate(a, "ann", label="localist")
    project.annotate(a, "ann", label="neutral")
    project.annotate(b, "bob", label="centralist")
    project.annotate(b, "bob", label="")
    assert project.coder_labels() == {"ann": {a: "neutral"}}


def test_cancelled_transaction_leaves_project_unchanged(project):
    _fill(project)
    before = project.count_passages()
    with pytest.raises(RuntimeError), project.transaction():
        _fill(project)
        project.add_document(Document(file="b.txt", text="x"), [Passage(0, 1, "x")])
        raise RuntimeError("cancel")
    assert project.count_passages() == before


def test_annotation_survives_reopen_without_close(tmp_path):
    path = tmp_path / "p.stancemap"
    first = Project(path)
    _fill(first)
    pid = first.passage_ids()[0]
    first.annotate(pid, "ann", label="localist")
    # a second connection sees the committed row at once, as a restarted app would
    other = Project(path)
    assert other.passage(pid).manual_label == "localist"
    other.close()
    first.close()


def test_refuses_files_that_are_not_projects(tmp_path):
    text = tmp_path / "notes.stancemap"
    text.write_text("hello, I am not a database")
    with pytest.raises(ProjectError, match="not a StanceMap project"):
        Project(text)
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(ProjectError, match="another program"):
        Project(foreign)


def test_refuses_projects_from_a_newer_version(tmp_path):
    path = tmp_path / "future.stancemap"
    Project(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="newer StanceMap"):
        Project(path)


def test_second_editor_is_warned(tmp_path):
    path = tmp_path / "shared.stancemap"
    first, second = Project(path), Project(path)
    first.lock()
    with pytest.raises(ProjectInUse, match="another StanceMap window"):
        second.lock()
    first.close()
    second.lock()  # free again once the first window closed
    second.close()


def test_backup_is_a_working_project(tmp_path):
    with Project(tmp_path / "a.stancemap") as project:
        _fill(project)
        copy = project.backup()
    with Project(copy) as restored:
        assert len(restored.documents()) == 1


def test_evidence_with_quotes_and_accents_is_stored_as_valid_json(project):
    import json

    _fill(project)
    first = project.passage_ids()[0]
    model = project.save_model("m", {}, b"", 1, {})
    evidence = [('say "no"', 0.123456), ("café", -0.5), ("back\\slash", 1e-7)]
    project.save_predictions(model, [(first, Prediction("localist", 0.1, 0.2, 0.7, evidence))])
    raw = project._conn.execute(
        "SELECT evidence FROM predictions WHERE passage_id = ?", (first,)
    ).fetchone()[0]
    assert json.loads(raw) == [['say "no"', 0.1235], ["café", -0.5], ["back\\slash", 0.0]]


def test_passage_spans_agree_with_full_records_including_page_noise_marks(project):
    _fill(project)
    first, second = project.passage_ids()
    project.annotate(first, "ann", boilerplate=True)
    project.annotate(second, "ann", label="localist")
    spans = project.passage_spans()
    full = sorted(project.passages(), key=lambda r: (r.document_id, r.seq))
    assert [(s.id, s.document_id, s.seq, s.start, s.end, s.boilerplate) for s in spans] == [
        (r.id, r.document_id, r.seq, r.start, r.end, r.boilerplate) for r in full
    ]
    assert spans[0].boilerplate is True and spans[1].boilerplate is False
