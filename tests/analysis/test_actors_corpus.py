"""Speakers found on the shared reference corpus (read at run time, never copied here)."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="reference corpus not present")


@pytest.fixture(scope="module")
def attributed():
    from analysis.actors import attribute_corpus
    from analysis.ingest import load_paths
    from analysis.segment import segment

    docs = load_paths([CORPUS]).documents
    items = [(d, segment(d)) for d in docs]
    attrs, actors = attribute_corpus(items)
    by_file: dict[str, set[str]] = {}
    for (doc, passages), row in zip(items, attrs, strict=True):
        names = by_file.setdefault(Path(doc.file).name[:3], set())
        pairs = zip(passages, row, strict=True)
        names |= {a.actor for p, a in pairs if not p.boilerplate and a.actor}
    return by_file, actors


@pytest.mark.parametrize(
    "prefix, speaker",
    [
        ("000", "Graham Burgess"),  # the council chief executive quoted
        ("000", "Sir John Oldham"),  # the report's author
        ("003", "Andy Burnham"),  # the shadow health secretary
        ("004", "John Tizard"),  # the columnist
    ],
)
def test_expected_speakers_are_found(attributed, prefix, speaker):
    by_file, _ = attributed
    assert speaker in by_file[prefix]


def test_aliases_merge_across_the_corpus(attributed):
    _, actors = attributed
    names = [a.name for a in actors]
    assert names.count("Andy Burnham") == 1 and "Burnham" not in names
    oldham = next(a for a in actors if a.name == "Sir John Oldham")
    assert {"Sir John", "the Oldham report"} <= set(oldham.aliases)
