"""The project file under hostile conditions: foreign files, read-only media, a full disk.

Every case is made at test time the way a user meets it, and each asserts that the file on
disk is still intact afterwards.
"""

import hashlib
import json
import os
import sqlite3
import stat

import pytest

from analysis import cli
from analysis.corpus import Document, Passage
from analysis.store import Project, ProjectError
from analysis.store import connection as store_connection
from analysis.store.errors import ProjectWriteError
from analysis.workflow import build_report


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(project: Project, n: int = 3) -> list[int]:
    text = " ".join(f"Sentence {i} about councils." for i in range(n))
    spans, at = [], 0
    for i in range(n):
        piece = f"Sentence {i} about councils."
        spans.append(Passage(at, at + len(piece), piece))
        at += len(piece) + 1
    doc_id = project.add_document(Document(file="a.txt", text=text), spans)
    return [p.id for p in project.passages(doc_id)]


def test_refused_foreign_database_is_left_byte_for_byte(tmp_path):
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES ('theirs')")
    conn.commit()
    conn.close()
    before, siblings = _digest(foreign), sorted(os.listdir(tmp_path))
    with pytest.raises(ProjectError, match="another program"):
        Project(foreign)
    assert _digest(foreign) == before
    assert sorted(os.listdir(tmp_path)) == siblings  # no -wal, -shm or backup left behind
    check = sqlite3.connect(foreign)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    check.close()


def test_a_file_that_is_not_a_database_is_refused_in_one_line(tmp_path):
    junk = tmp_path / "junk.stancemap"
    junk.write_bytes(os.urandom(8192))
    before = _digest(junk)
    with pytest.raises(ProjectError, match="not a StanceMap project"):
        Project(junk)
    assert _digest(junk) == before


@pytest.fixture
def read_only_project(tmp_path, monkeypatch):
    """A project on read-only media: file and folder without write permission.

    Root ignores permission bits, so for root the permission check reads the bits itself;
    SQLite is still opened read-only and must refuse every write on its own.
    """
    folder = tmp_path / "cdrom"
    folder.mkdir()
    path = folder / "shared.stancemap"
    with Project(path) as project:
        ids = _fill(project)
        project.annotate(ids[0], "ann", label="localist")
    path.chmod(0o444)
    folder.chmod(0o555)
    if os.geteuid() == 0:

        def access(target, mode):
            return not (mode & os.W_OK) or bool(os.stat(target).st_mode & stat.S_IWUSR)

        monkeypatch.setattr(store_connection.os, "access", access)
    yield path, ids
    folder.chmod(0o755)
    path.chmod(0o644)


def test_read_only_project_opens_reads_and_exports(read_only_project, tmp_path, capsys):
    path, ids = read_only_project
    before, siblings = _digest(path), sorted(os.listdir(path.parent))
    with Project(path, create=False) as project:
        assert project.read_only
        assert project.passage(ids[0]).manual_label == "localist"
        with pytest.raises(ProjectWriteError, match="read-only") as failure:
            project.annotate(ids[1], "ann", label="neutral")
        assert failure.value.reason == "read-only"
        report = build_report(project, sections=None)  # the report's content reads fine
        assert report is not None
    out = tmp_path / "out.jsonl"
    assert cli.run(["export", str(path), "--format", "jsonl", "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["source"] for r in rows if r["id"] == ids[0]} == {"manual"}
    assert _digest(path) == before and sorted(os.listdir(path.parent)) == siblings


def test_full_disk_says_so_and_leaves_the_file_intact(tmp_path):
    path = tmp_path / "full.stancemap"
    project = Project(path)
    ids = _fill(project)
    project.annotate(ids[0], "ann", label="centralist")
    pages = project._conn.execute("PRAGMA page_count").fetchone()[0]
    project._conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk has no room left
    big = "Councils should run care. " * 20000
    with pytest.raises(ProjectWriteError, match="disk full") as failure:
        project.add_document(Document(file="big.txt", text=big), [Passage(0, 10, big[:10])])
    assert failure.value.reason == "disk full"
    assert "rollback" not in str(failure.value)
    assert not project._conn.in_transaction
    project.annotate(ids[1], "ann", label="neutral")  # small writes still fit in free pages
    project.close()
    with Project(path, create=False) as again:
        assert again._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [d.file for d in again.documents()] == ["a.txt"]
        assert again.passage(ids[0]).manual_label == "centralist"
        assert again.passage(ids[1]).manual_label == "neutral"


def test_failed_commit_does_not_hide_its_reason(tmp_path):
    path = tmp_path / "busy.stancemap"
    project = Project(path, timeout=0.1)
    ids = _fill(project)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProjectWriteError, match="busy") as failure:
            project.annotate(ids[0], "ann", label="localist")
        assert failure.value.reason == "busy"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    project.annotate(ids[0], "ann", label="localist")
    assert project.passage(ids[0]).manual_label == "localist"
    project.close()


@pytest.mark.parametrize("content", ["empty", "unreadable"])
def test_failed_first_import_leaves_no_project_file(tmp_path, capsys, content):
    source = tmp_path / "corpus"
    source.mkdir()
    if content == "unreadable":
        (source / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    target = tmp_path / "new.stancemap"
    assert cli.run(["import", str(source), "-p", str(target)]) == 1
    assert "nothing was imported" in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("new.stancemap")]


def test_failed_import_into_an_existing_project_keeps_it(tmp_path, capsys):
    target = tmp_path / "kept.stancemap"
    with Project(target) as project:
        _fill(project)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli.run(["import", str(empty), "-p", str(target)]) == 1
    with Project(target, create=False) as project:
        assert len(project.documents()) == 1
