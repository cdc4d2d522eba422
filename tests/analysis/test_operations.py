"""The registry of operations: each verb declared once, run by name, returning its changes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis.operations import OPERATIONS, Outcome, perform
from analysis.progress import Cancelled, CancelToken
from analysis.store import Project

ROOT = Path(__file__).resolve().parents[2]
TEXT = (
    "Councillor Jane Doe said the council should decide how local care money is spent.\n\n"
    "The minister said national standards must apply to every hospital in England.\n"
)


@pytest.fixture
def folder(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    for i in range(3):
        (texts / f"note{i}.txt").write_text(f"Note {i}\n\n{TEXT}", encoding="utf-8")
    return texts


def test_the_window_the_child_process_and_the_cli_name_verbs_of_the_registry():
    """No verb dispatch by string outside the registry: every name used exists in it."""
    used = {
        "gui/jobs.py": {"import", "retrain", "positions", "demo"},
        "gui/exchange_actions.py": {"qdpx-export", "qdpx-import"},
        "analysis/cli_commands.py": {
            "import",
            "positions",
            "export",
            "annotate",
            "retrain",
            "report",
            "qdpx-import",
            "qdpx-export",
        },
    }
    for path, names in used.items():
        strings = {
            node.value
            for node in ast.walk(ast.parse((ROOT / path).read_text()))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        assert names <= strings, path
        assert names <= set(OPERATIONS), path
    assert "def _verb" not in (ROOT / "gui/process_jobs.py").read_text()


def test_import_then_positions_report_their_results_and_changes(tmp_path, folder):
    target = tmp_path / "p.stancemap"
    seen = []
    outcome = perform("import", target, [folder], progress=lambda f, m: seen.append(f))
    assert isinstance(outcome, Outcome) and outcome.result.documents == 3
    assert outcome.changes.structure and outcome.changes.model
    assert outcome.changes.documents == set(outcome.result.document_ids)
    assert seen and seen[-1] == pytest.approx(1.0)

    positions = perform("positions", target, "documents")
    assert len(positions.result.rows) == 3 and not positions.changes


def test_annotate_returns_the_passages_it_changed_and_is_all_or_nothing(tmp_path, folder):
    target = tmp_path / "p.stancemap"
    perform("import", target, [folder], classify=False)
    with Project(target, create=False) as project:
        first, second = project.passage_ids()[:2]
        outcome = OPERATIONS["annotate"].run(
            project, [(first, "ann", {"label": "localist"}), (second, "ann", {"label": "neutral"})]
        )
        assert outcome.result == 2 and outcome.changes.passages == {first, second}
        with pytest.raises(KeyError):
            OPERATIONS["annotate"].run(
                project,
                [(first, "bob", {"label": "centralist"}), (10**9, "bob", {"label": "neutral"})],
            )
        assert project.passage(first).manual_label == "localist"


def test_a_cancelled_operation_raises_and_leaves_no_project_behind(tmp_path, folder):
    token = CancelToken()
    token.cancel()
    target = tmp_path / "p.stancemap"
    with pytest.raises(Cancelled):
        perform("import", target, [folder], cancel=token)
    with Project(target, create=False) as project:
        assert project.documents() == []
