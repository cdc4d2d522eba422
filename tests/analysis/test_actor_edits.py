"""The user's actor edits: merge, rename and retype, applied on read, kept across detection."""

from __future__ import annotations

import sqlite3

import pytest

from analysis.store import Project, ProjectError, actor_edits
from analysis.store.schema import MIGRATIONS
from analysis.workflow import build_positions, refresh_structure


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from analysis.demo import ensure_demo_project

    return ensure_demo_project(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def project(built, tmp_path):
    import shutil

    target = tmp_path / "p.stancemap"
    shutil.copy(built, target)
    with Project(target) as p:
        yield p


def _actors(project) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in project.passages():
        counts[p.actor] = counts.get(p.actor, 0) + 1
    return counts


def test_rename_moves_every_passage_to_the_new_name(project):
    before = _actors(project)
    name = max(before, key=before.get)
    actor_edits.rename(project, name, "The Renamed One")
    after = _actors(project)
    assert name not in after
    assert after["The Renamed One"] == before[name]


def test_merge_sums_passages_and_the_matrix_shows_one_row(project):
    before = _actors(project)
    a, b = sorted(before, key=before.get)[-2:]
    actor_edits.merge(project, [a, b], a)
    after = _actors(project)
    assert b not in after and after[a] == before[a] + before[b]
    names = [row.name for row in build_positions(project, rows="actors", n_boot=50).rows]
    assert a in names and b not in names


def test_edits_survive_rerunning_speaker_detection(project):
    name = next(iter(_actors(project)))
    actor_edits.rename(project, name, "Kept Name")
    actor_edits.retype(project, "Kept Name", "organisation")
    refresh_structure(project)
    assert "Kept Name" in _actors(project) and name not in _actors(project)
    assert actor_edits.edits(project).kind(name) == "organisation"


def test_renaming_back_and_case_only_renames_do_not_loop():
    edits = actor_edits.ActorEdits()
    edits._apply("rename", "Ann Smith", "Anne Smith")
    edits._apply("rename", "Anne Smith", "Ann Smith")
    assert edits.resolve("Ann Smith") == "Ann Smith"
    assert edits.resolve("anne smith") == "Ann Smith"
    edits._apply("rename", "Ann Smith", "ANN SMITH")
    assert edits.resolve("ann smith") == "ANN SMITH"


def test_retype_follows_a_rename_and_rejects_unknown_kinds(project):
    actor_edits.retype(project, "Health Weekly", "outlet")
    actor_edits.rename(project, "Health Weekly", "Health Weekly Online")
    edits = actor_edits.edits(project)
    assert edits.kind("Health Weekly Online") == "outlet"
    with pytest.raises(ProjectError):
        actor_edits.retype(project, "Health Weekly", "alien")
    with pytest.raises(ProjectError):
        actor_edits.rename(project, "Health Weekly", "   ")


def test_edits_are_an_append_only_history(project):
    actor_edits.rename(project, "A", "B")
    actor_edits.retype(project, "B", "person")
    assert [(op, a, v) for op, a, v, _ in actor_edits.history(project)] == [
        ("rename", "A", "B"),
        ("retype", "B", "person"),
    ]


def test_a_version_one_project_gains_the_actor_edits_table(tmp_path):
    path = tmp_path / "old.stancemap"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA application_id = 1398033744")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Project(path) as project:
        actor_edits.rename(project, "X", "Y")
        assert actor_edits.edits(project).resolve("x") == "Y"
    assert (tmp_path / "old.stancemap.v1.bak").exists()
