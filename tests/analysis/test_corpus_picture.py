"""On the reference corpus, the matrix must show what a careful reader sees.

Who argues for local control (the council chief executive, the shadow health secretary, the
columnist), that the report's author is found at all, and which archive posts lean which way.
"""

import pytest

from analysis.store import Project
from analysis.workflow import build_positions, import_corpus


@pytest.fixture(scope="module")
def corpus_project(shared_corpus):
    project = Project(":memory:")
    import_corpus(project, [shared_corpus])
    yield project
    project.close()


@pytest.fixture(scope="module")
def actors(corpus_project):
    return {row.name: row for row in build_positions(corpus_project, rows="actors").rows}


@pytest.fixture(scope="module")
def documents(corpus_project):
    return build_positions(corpus_project, rows="documents").rows


@pytest.mark.parametrize("name", ["Graham Burgess", "Andy Burnham", "John Tizard"])
def test_localist_voices_appear_by_name_on_the_localist_side(actors, name):
    # The axis position is the log-odds of localist over centralist passages (DESIGN.md).
    row = actors[name]
    assert row.position > 0 and row.counts["L"] > row.counts["C"]


@pytest.mark.parametrize("name", ["Graham Burgess", "John Tizard"])
def test_clear_localists_also_have_a_positive_mean_stance(actors, name):
    assert actors[name].score > 0


def test_the_reports_author_is_found(actors):
    assert actors["Sir John Oldham"].n >= 3


def _post(documents, opening: str):
    found = [row for row in documents if row.name.startswith(opening)]
    assert len(found) == 1, opening
    return found[0]


@pytest.mark.parametrize(
    "opening",
    [
        "In the context of whole person",  # local authorities should commission health
        "By happy coincidence",  # welcoming the NHS budget handed to Greater Manchester
        "For all of its many strengths",  # democratising the NHS through local governance
    ],
)
def test_archive_posts_for_local_control_score_above_zero(documents, opening):
    assert _post(documents, opening).score > 0


def test_the_readers_post_against_council_control_scores_below_zero(documents):
    row = _post(documents, "I know nothing about writing blogs")
    assert row.score < 0 and row.high < 0
