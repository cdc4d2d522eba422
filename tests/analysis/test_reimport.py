"""Importing a folder again updates it and keeps every label that can still be placed.

Documents are written at test time: one stays the same, one changes (a paragraph added at
the top, one removed), and one is deleted from the folder before the second import.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.store import Project
from analysis.workflow import import_corpus

KEEP = "Local boards know their own hospitals and should set the budget for them."
GONE = "A national agency would cut waiting lists faster than any county could."
STAY = "Ministers ought to leave social care to the elected councils of each town."
NEW = "This paragraph was written after the first import and changes every offset."
OTHER = "Whitehall should agree one contract for every surgery across the country."


def _write(folder: Path, name: str, paragraphs) -> None:
    (folder / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


@pytest.fixture
def folder(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "same.txt", [OTHER, STAY])
    _write(corpus, "changed.txt", [KEEP, GONE, STAY])
    _write(corpus, "removed.txt", [GONE, OTHER])
    return corpus


def _passage(project: Project, file: str, text: str) -> int:
    doc = next(d for d in project.documents() if d.file.endswith(file))
    return next(p.id for p in project.passages(doc.id) if p.text == text)


def test_reimport_keeps_unchanged_reanchors_changed_and_keeps_removed(folder, tmp_path):
    project = Project(tmp_path / "p.stancemap")
    import_corpus(project, [folder], classify=False)
    same_ids = [
        p.id for p in project.passages() if "same.txt" in project.document(p.document_id).file
    ]
    labels = {
        ("same.txt", STAY): "localist",
        ("changed.txt", KEEP): "localist",
        ("changed.txt", GONE): "centralist",
        ("removed.txt", OTHER): "centralist",
    }
    for (file, text), label in labels.items():
        project.annotate(_passage(project, file, text), "ann", label=label)

    _write(folder, "changed.txt", [NEW, KEEP, STAY])
    (folder / "removed.txt").unlink()
    summary = import_corpus(project, [folder], classify=False)

    assert (summary.unchanged, summary.updated) == (1, 1)
    assert (summary.kept_labels, summary.unplaced_labels) == (2, 1)
    assert "kept 2 label(s); 1 could not be placed and stay in the log" in summary.describe()
    assert [p.id for p in project.passages() if p.id in same_ids] == same_ids
    assert project.passage(_passage(project, "same.txt", STAY)).manual_label == "localist"
    assert project.passage(_passage(project, "changed.txt", KEEP)).manual_label == "localist"
    assert project.passage(_passage(project, "changed.txt", NEW)).manual_label is None
    assert project.passage(_passage(project, "removed.txt", OTHER)).manual_label == "centralist"
    lost = [a for a in project.history() if a.passage_id is None]
    assert [a.label for a in lost] == ["centralist"] and project.unplaced_annotations() == 1

    _write(folder, "changed.txt", [NEW, KEEP, GONE, STAY])  # the paragraph comes back
    summary = import_corpus(project, [folder], classify=False)
    assert summary.unplaced_labels == 0 and project.unplaced_annotations() == 0
    assert project.passage(_passage(project, "changed.txt", GONE)).manual_label == "centralist"
    project.close()


def test_reimport_keeps_predictions_of_unchanged_documents(folder, tmp_path):
    project = Project(tmp_path / "p.stancemap")
    import_corpus(project, [folder])
    pid = _passage(project, "same.txt", OTHER)
    before = project.passage(pid)
    assert before.predicted_label is not None
    assert project.unpredicted_passages() == []
    _write(folder, "changed.txt", [NEW, KEEP])
    import_corpus(project, [folder])
    assert project.passage(pid).p_localist == before.p_localist
    assert project.unpredicted_passages() == []
    project.close()


def _stancemap(*args) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("stancemap")
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=300)


def test_cli_import_twice_keeps_an_annotate_label(folder, tmp_path):
    target = tmp_path / "cli.stancemap"
    assert _stancemap("import", folder, "-p", target).returncode == 0
    with Project(target, create=False) as project:
        pid = _passage(project, "changed.txt", KEEP)
    done = _stancemap("annotate", "-p", target, pid, "localist")
    assert done.returncode == 0, done.stderr
    _write(folder, "changed.txt", [NEW, KEEP, STAY])
    again = _stancemap("import", folder, "-p", target)
    assert again.returncode == 0, again.stderr
    assert "kept 1 label(s)" in again.stdout
    out = tmp_path / "out.jsonl"
    assert _stancemap("export", target, "--format", "jsonl", "-o", out).returncode == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    kept = [r for r in rows if r["text"] == KEEP]
    assert len(kept) == 1 and kept[0]["source"] == "manual" and kept[0]["label"] == "localist"
