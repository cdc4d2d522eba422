"""REFI-QDA exchange: the export is valid against the published schema and a project
survives the round trip. Files written by other tools, and hostile ones: test_qdpx_foreign."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema

from analysis.cli import run
from analysis.exchange import MODEL_USER, export_qdpx, import_qdpx
from analysis.exchange.qdpx_model import q
from analysis.store import Project
from analysis.workflow import import_corpus

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "refi-qda" / "Project.xsd"

# Our own sentences, written for these tests.
TEXTS = {
    "budgets.txt": (
        "Council leaders want full control of the local care budget.\n\n"
        "The health secretary insisted that one national body must set every target. "
        "Officials in Whitehall agreed with him.\n\n"
        "Joining up health and social care works best when local boards lead it.\n"
    ),
    "standards.txt": (
        "A single national standard for commissioning is the only fair answer.\n\n"
        "Nobody in the room could say what would happen next year.\n"
    ),
}


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.fixture(scope="module")
def source_project(tmp_path_factory):
    """A project with two coders (one label cleared, manual issues) and model predictions."""
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path_factory.mktemp("project") / "source.stancemap"
    project = Project(path)
    import_corpus(project, [folder])
    ids = [r.id for r in project.passages()]
    project.annotate(ids[0], "alice", label="localist", issues=["budgets and funding"])
    project.annotate(ids[1], "bob", label="centralist")
    project.annotate(ids[1], "alice", label="neutral", issues=["devolution", "commissioning"])
    project.annotate(ids[2], "bob", label="localist")
    project.annotate(ids[2], "bob", label="")  # cleared: must not travel
    project.annotate(ids[3], "bob", label="centralist")
    yield project
    project.close()


@pytest.fixture(scope="module")
def exported(source_project, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "project.qdpx"
    summary = export_qdpx(source_project, out)
    return out, summary


def _root(path: Path) -> ElementTree.Element:
    with zipfile.ZipFile(path) as archive:
        return ElementTree.fromstring(archive.read("project.qde"))


def _by_place(project: Project) -> dict[int, tuple[str, int, int]]:
    titles = {d.id: d.display_title for d in project.documents()}
    return {r.id: (titles[r.document_id], r.start, r.end) for r in project.passages()}


# -- export ----------------------------------------------------------------------------


def test_schema_is_the_published_refi_qda_project_schema(schema):
    assert schema.target_namespace == "urn:QDA-XML:project:1.0"
    header = SCHEMA.read_text(encoding="utf-8")[:3000]
    assert "REFI" in header and "MIT license" in header
    assert {"TextSourceType", "PlainTextSelectionType", "CodingType"} <= set(schema.types)


def test_export_validates_against_the_published_schema(exported, schema):
    path, _ = exported
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("project.qde").decode("utf-8")
    schema.validate(xml)  # raises on any violation
    broken = xml.replace('isCodable="true"', 'isCodable="sometimes"', 1)
    assert not schema.is_valid(broken)  # the check can fail


def test_codebook_has_stance_and_issue_parents(exported, source_project):
    root = _root(exported[0])
    top = root.findall(f"{q('CodeBook')}/{q('Codes')}/{q('Code')}")
    assert [c.get("name") for c in top] == ["Stance", "Issues"]
    assert [c.get("name") for c in top[0]] == ["centralist", "neutral", "localist"]
    assert all(c.get("isCodable") == "false" for c in top)
    issues = [c.get("name") for c in top[1]]
    codebook = [i["name"] for i in source_project.codebook()["issue"]]
    assert issues[: len(codebook)] == codebook


def test_sources_hold_the_document_text_and_selections_hit_passages(exported, source_project):
    path, summary = exported
    root = _root(path)
    sources = root.findall(f"{q('Sources')}/{q('TextSource')}")
    assert summary.sources == len(sources) == len(source_project.documents()) == 2
    texts = {source_project.document_text(d.id) for d in source_project.documents()}
    passages = {(r.start, r.end, r.text) for r in source_project.passages()}
    with zipfile.ZipFile(path) as archive:
        for source in sources:
            guid = source.get("guid")
            assert source.get("plainTextPath") == f"internal://{guid}.txt"
            text = archive.read(f"sources/{guid}.txt").decode("utf-8")
            assert text in texts
            for sel in source.findall(q("PlainTextSelection")):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                assert (start, end, text[start:end]) in passages


def test_codings_are_filed_under_their_coder_and_the_model(exported, source_project):
    root = _root(exported[0])
    users = {u.get("guid"): u.get("name") for u in root.iter(q("User"))}
    assert set(users.values()) == {"alice", "bob", MODEL_USER}
    codes = {c.get("guid"): c.get("name") for c in root.iter(q("Code"))}
    made = {}
    for sel in root.iter(q("PlainTextSelection")):
        for coding in sel.findall(q("Coding")):
            assert coding.get("creatingUser") == sel.get("creatingUser")
            code = codes[coding.find(q("CodeRef")).get("targetGUID")]
            made.setdefault(users[coding.get("creatingUser")], []).append(
                (code, coding.get("creationDateTime"))
            )
    alice = sorted(code for code, _ in made["alice"])
    assert alice == ["budgets and funding", "commissioning", "devolution", "localist", "neutral"]
    assert sorted(code for code, _ in made["bob"]) == ["centralist", "centralist"]  # no cleared
    predicted = [r for r in source_project.passages() if r.predicted_label and not r.boilerplate]
    model_labels = [c for c, _ in made[MODEL_USER] if c in ("centralist", "neutral", "localist")]
    assert len(model_labels) == len(predicted) > 0
    times = {a.created_at[:23] for a in source_project.history()}
    assert {t[:23] for _, t in made["alice"]} <= times  # our annotation times, kept


def test_export_is_reproducible(source_project, exported, tmp_path):
    again = export_qdpx(source_project, tmp_path / "again.qdpx")
    first = _root(exported[0])
    second = _root(again.path)
    guids = lambda root: [e.get("guid") for e in root.iter() if e.get("guid")]  # noqa: E731
    assert guids(first) == guids(second)


# -- import and the round trip ---------------------------------------------------------


def test_round_trip_keeps_documents_labels_by_coder_and_issues(source_project, exported, tmp_path):
    target = Project(tmp_path / "copy.stancemap")
    summary = import_qdpx(target, exported[0])
    assert summary.documents == 2 and summary.coders == ["alice", "bob"]
    assert summary.model_codings > 0  # seen, and left out

    def docs(p):
        return sorted((d.display_title, p.document_text(d.id)) for d in p.documents())

    assert docs(target) == docs(source_project)

    def labels(p):
        where = _by_place(p)
        return {c: {where[pid]: lab for pid, lab in m.items()} for c, m in p.coder_labels().items()}

    assert labels(target) == labels(source_project)

    def issues(p):
        where = _by_place(p)
        return {where[r.id]: r.issues for r in p.passages()}

    assert issues(target) == issues(source_project)

    def label_times(p):
        return sorted(r.created_at for r in p.history() if r.label)

    kept = label_times(target)  # when each label was made, not when it was imported
    assert kept and set(kept) <= set(label_times(source_project))
    target.close()


def test_model_codings_never_become_manual_labels(tmp_path, source_project):
    only_model = Project(":memory:")
    import_corpus(only_model, [_write_corpus(tmp_path)])
    export_qdpx(only_model, tmp_path / "model.qdpx")
    target = Project(":memory:")
    summary = import_qdpx(target, tmp_path / "model.qdpx", classify=False)
    assert summary.model_codings > 0
    assert target.coder_labels() == {} and target.history() == []


def test_importing_twice_adds_and_never_replaces(exported):
    target = Project(":memory:")
    import_qdpx(target, exported[0], classify=False)
    import_qdpx(target, exported[0], classify=False)
    assert len(target.documents()) == 4
    assert sum(len(m) for m in target.coder_labels().values()) == 2 * 4


def _write_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# -- command line ----------------------------------------------------------------------


def test_cli_exports_and_imports_qdpx(source_project, tmp_path, capsys, schema):
    out = tmp_path / "cli.qdpx"
    source_project.checkpoint()
    assert run(["export", str(source_project.path), "--format", "qdpx", "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        schema.validate(archive.read("project.qde").decode("utf-8"))
    target = tmp_path / "new.stancemap"
    assert run(["import", str(out), "-p", str(target)]) == 0
    assert "2 document(s)" in capsys.readouterr().out
    with Project(target) as project:
        assert set(project.coder_labels()) == {"alice", "bob"}


def test_cli_qdpx_export_needs_an_output_file(source_project, capsys):
    assert run(["export", str(source_project.path), "--format", "qdpx"]) == 2
    assert "-o FILE.qdpx" in capsys.readouterr().err
