"""The command-line contract of DESIGN.md, exercised as a script would use it."""

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import run
from analysis.corpus import LABELS
from analysis.store import Project

CONTRACT_FIELDS = {
    "id",
    "document",
    "file",
    "author",
    "start",
    "end",
    "text",
    "boilerplate",
    "label",
    "p_centralist",
    "p_neutral",
    "p_localist",
    "score",
    "source",
    "actor",
    "issues",
    "coder",
    "annotated_at",
}


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory, shared_corpus):
    path = tmp_path_factory.mktemp("cli") / "corpus.stancemap"
    assert run(["import", str(shared_corpus), "-p", str(path)]) == 0
    return path


@pytest.fixture
def project_copy(corpus_project, tmp_path):
    target = tmp_path / "copy.stancemap"
    with Project(corpus_project) as project:
        project.backup(target)
    return target


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    return err


def test_import_prints_a_summary_and_fills_the_project(corpus_project, capsys):
    with Project(corpus_project) as project:
        docs = project.documents()
        assert len(docs) >= 12  # the archive page splits into its posts
        passages = project.passages()
        assert all(p.label in LABELS for p in passages)
        assert any(p.boilerplate for p in passages)


def test_classify_writes_the_contract_fields(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    lines = [
        {
            "id": "a",
            "text": "Councils, not Whitehall, should hold the health budget for their area.",
        },
        {
            "id": 7,
            "text": "Set care standards nationally: no patient should face a postcode lottery.",
        },
    ]
    source.write_text("".join(json.dumps(x) + "\n" for x in lines))
    out = tmp_path / "out.jsonl"
    assert run(["classify", str(source), "-o", str(out)]) == 0
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", 7]
    for r in rows:
        assert set(r) == {"id", "label", "p_centralist", "p_neutral", "p_localist", "score"}
        assert r["label"] in LABELS
        assert r["p_centralist"] + r["p_neutral"] + r["p_localist"] == pytest.approx(1, abs=1e-5)
        assert r["score"] == pytest.approx(r["p_localist"] - r["p_centralist"], abs=1e-5)
    assert rows[0]["score"] > rows[1]["score"]


def test_classify_reports_a_malformed_line(tmp_path, capsys):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": 1, "text": "fine"}\n{"id": 2, "text": \n')
    assert run(["classify", str(source)]) == 1
    assert "line 2" in _one_line_error(capsys)


def test_annotate_then_export_shows_the_manual_label(project_copy, tmp_path, capsys):
    with Project(project_copy) as project:
        pid = next(p.id for p in project.passages() if not p.boilerplate)
    assert (
        run(
            [
                "annotate",
                "-p",
                str(project_copy),
                str(pid),
                "centralist",
                "--coder",
                "ann",
                "--actor",
                "Jane Roe",
                "--issue",
                "commissioning",
            ]
        )
        == 0
    )
    out = tmp_path / "export.jsonl"
    assert run(["export", str(project_copy), "-o", str(out)]) == 0
    records = [json.loads(x) for x in out.read_text().splitlines()]
    assert set(records[0]) == CONTRACT_FIELDS
    mine = next(r for r in records if r["id"] == pid)
    assert (mine["label"], mine["source"], mine["actor"]) == ("centralist", "manual", "Jane Roe")
    assert mine["issues"] == ["commissioning"] and mine["score"] == -1
    assert mine["coder"] == "ann" and mine["annotated_at"]


def test_annotate_refuses_unknown_labels_and_passages(project_copy, capsys):
    assert run(["annotate", "-p", str(project_copy), "1", "federalist"]) == 2
    assert "unknown label" in _one_line_error(capsys)
    assert run(["annotate", "-p", str(project_copy), "999999", "neutral"]) == 1
    assert "no passage" in _one_line_error(capsys)


def test_annotate_from_a_labels_file(project_copy, tmp_path, capsys):
    with Project(project_copy) as project:
        ids = [p.id for p in project.passages()[:3]]
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        "".join(
            json.dumps({"passage": pid, "label": "localist", "coder": "bob"}) + "\n" for pid in ids
        )
    )
    assert run(["annotate", "-p", str(project_copy), "--from", str(labels)]) == 0
    with Project(project_copy) as project:
        assert project.coder_labels()["bob"] == {pid: "localist" for pid in ids}


def test_matrix_json_and_csv_follow_the_contract(corpus_project, tmp_path, capsys):
    out = tmp_path / "m.json"
    assert run(["matrix", str(corpus_project), "--rows", "documents", "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["issues"] and data["rows"]
    row = data["rows"][0]
    assert {"name", "file", "n", "score", "low", "high", "position", "cells"} <= set(row)
    assert set(row["cells"]) <= set(data["issues"]) | {"all"}
    out_csv = tmp_path / "m.csv"
    assert run(["matrix", str(corpus_project), "--format", "csv", "-o", str(out_csv)]) == 0
    table = list(csv.reader(io.StringIO(out_csv.read_text())))
    assert table[0][:7] == ["name", "file", "n", "score", "low", "high", "position"]
    assert len(table) > 2


def test_export_csv_neutralises_formulas(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(
        'Budget row\n\n=HYPERLINK("http://example.invalid","click") councils should decide.\n'
    )
    out = tmp_path / "x.csv"
    assert run(["export", str(corpus), "--format", "csv", "-o", str(out)]) == 0
    cells = [c for row in csv.reader(io.StringIO(out.read_text())) for c in row]
    assert not any(c.startswith("=") for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_a_file_that_is_not_a_project_is_refused(tmp_path, capsys):
    fake = tmp_path / "fake.stancemap"
    fake.write_text("not a database")
    assert run(["train", "-p", str(fake)]) == 1
    assert "not a StanceMap project" in _one_line_error(capsys)


def test_an_empty_folder_is_refused(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert run(["import", str(tmp_path / "empty"), "-p", str(tmp_path / "p.stancemap")]) == 1
    assert "no readable" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    assert run(["matrix"]) == 2
    assert "usage error" in _one_line_error(capsys)


def test_train_prints_cross_validated_figures(project_copy, capsys):
    assert run(["train", "-p", str(project_copy)]) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out
    for label in LABELS:
        assert label in out
    assert "On published text kept apart from its tuning" in out


def test_entry_point_runs_headless(tmp_path):
    exe = Path(sys.executable).with_name("stancemap")
    if not exe.exists():
        exe = shutil.which("stancemap")
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "Give the money to councils."}\n{broken\n')
    done = subprocess.run([str(exe), "classify", str(source)], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("stancemap:") and "Traceback" not in done.stderr
