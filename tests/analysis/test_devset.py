"""The development set must stay consistent with the corpus it points into.

Offsets are the only link between our labels and the third-party text, so a shifted span
would silently mislabel a passage; these checks catch that before any evaluation runs.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from analysis.corpus import LABELS
from tests.data.devset import SPEAKERS_FILE, load_speakers, load_stance, read_rows

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("0*.txt")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(len(CORPUS_FILES) != 5, reason="reference corpus not present")


@pytest.fixture(scope="module")
def stance():
    return load_stance(CORPUS)


def _check_spans(rows):
    for row in rows:
        size = len((CORPUS / row["file"]).read_text(encoding="utf-8"))
        assert 0 <= row["start"] < row["end"] <= size, row
        assert row["text"], row
        assert row["text"] == row["text"].strip(), row
        assert "\n" not in row["text"], row
    by_file = defaultdict(list)
    for row in rows:
        by_file[row["file"]].append((row["start"], row["end"]))
    for spans in by_file.values():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, f"overlapping spans at {start}"


def test_stance_spans_are_stripped_non_overlapping_and_inside_their_files(stance):
    _check_spans(stance)


def test_stance_labels_are_valid_and_all_three_present(stance):
    labels = {row["label"] for row in stance}
    assert labels <= set(LABELS)
    assert labels == set(LABELS)


def test_every_corpus_file_is_covered(stance):
    assert {row["file"] for row in stance} == set(CORPUS_FILES)


def test_corpus_files_have_no_byte_order_mark():
    for name in CORPUS_FILES:
        assert not (CORPUS / name).read_bytes().startswith(b"\xef\xbb\xbf"), name


def test_notes_are_short_and_not_copied_from_the_text(stance):
    for row in stance:
        note = row.get("note", "")
        assert len(note) <= 100, row
        assert not note or note.lower() not in row["text"].lower(), row


@pytest.mark.skipif(not SPEAKERS_FILE.exists(), reason="speaker file not written yet")
def test_speaker_units_match_stance_units_and_are_well_formed(stance):
    speakers = load_speakers(CORPUS)
    _check_spans(speakers)
    spans = {(r["file"], r["start"], r["end"]) for r in stance}
    assert {(r["file"], r["start"], r["end"]) for r in speakers} == spans
    for row in speakers:
        assert row["how"] in {"quote", "report", "author", "source"}, row
        if row["speaker"]:
            assert row["kind"] in {"person", "organisation"}, row
        else:
            assert row["kind"] == "", row


def test_label_file_records_carry_no_text():
    rows = read_rows(Path(__file__).resolve().parents[1] / "data" / "dev_stance.jsonl")
    assert rows
    assert all("text" not in row for row in rows)
