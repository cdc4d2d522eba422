"""What the report reads: slim copies of the passages, true to the store, from one model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.corpus import Prediction
from analysis.report.inputs import PassageBrief, read_passages
from analysis.store import Project
from tests.support.sample_project import fill_sample_project

FIELDS = PassageBrief.__slots__


@pytest.fixture()
def project():
    project = Project(":memory:")
    fill_sample_project(project, passages=120, documents=6, coders=2)
    yield project
    project.close()


def test_briefs_say_what_the_full_records_say(project):
    records = project.passages()
    model, briefs = read_passages(project)
    assert model.id == project.active_model().id and model.arrays == b""
    assert [b.id for b in briefs] == [r.id for r in records]
    for brief, record in zip(briefs, records, strict=True):
        assert {f: getattr(brief, f) for f in FIELDS} == {f: getattr(record, f) for f in FIELDS}
    assert any(b.source == "manual" for b in briefs) and any(b.boilerplate for b in briefs)


class _RetrainedMidway:
    """The project as another process sees it when a retrain finishes during the read."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self.reads = 0
        self.new_model = None

    def __getattr__(self, name):
        return getattr(self._project, name)

    def passages(self, document_id=None, *, light=False):
        self.reads += 1
        if self.reads == 1:  # a new model during the read: every passage localist
            project = self._project
            self.new_model = project.save_model("retrained", {}, b"", 10, {}, activate=False)
            project.save_predictions(
                self.new_model,
                [(pid, Prediction("localist", 0.1, 0.1, 0.8, ())) for pid in project.passage_ids()],
            )
            project.activate_model(self.new_model)
        return self._project.passages(document_id, light=light)


def test_a_model_activated_during_the_read_is_read_again(project):
    midway = _RetrainedMidway(project)
    model, briefs = read_passages(midway)
    assert midway.reads == 2
    assert model.id == midway.new_model and model.name == "retrained"
    assert {b.predicted_label for b in briefs} == {"localist"}


def test_a_report_without_coders_never_loads_scikit_learn():
    """Agreement statistics are all the report needs scikit-learn for (120 MB at start)."""
    code = (
        "import sys\nfrom analysis.store import Project\n"
        "from analysis.report import build_report\n"
        "from tests.support.sample_project import fill_sample_project\n"
        "p = Project(':memory:'); fill_sample_project(p, 30, 3, coders=0)\n"
        "text = build_report(p).text()\n"
        "print('sklearn' in sys.modules, 'No passages have been coded by hand' in text)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
