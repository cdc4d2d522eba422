"""Hostile input to segmentation: huge paragraphs and lines, generated at test time."""

from __future__ import annotations

import time

import pytest

from analysis import segment as seg
from analysis.corpus import Document


def _passages(text: str):
    passages = seg.segment(Document(file="huge.txt", text=text))
    for p in passages:
        assert text[p.start : p.end] == p.text
    return passages


def test_punkt_never_sees_more_than_a_bounded_piece(monkeypatch):
    """NLTK guards its sentence regex with a 5 s limit for the whole text: a 10 MB paragraph
    raised TimeoutError. Punkt must only ever be handed pieces of bounded size."""
    tokenizer = seg.tokenizer()
    seen: list[int] = []
    real = type(tokenizer).span_tokenize

    def spy(self, text, *args, **kwargs):
        seen.append(len(text))
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(type(tokenizer), "span_tokenize", spy)
    text = "Councils want more say over budgets. " * 20_000  # 740 kB, one paragraph
    passages = _passages(text)
    assert max(seen) <= seg.PUNKT_CHUNK
    assert len(passages) > 1000
    assert all(len(p.text) <= seg.MAX_SENTENCE for p in passages)


@pytest.mark.parametrize(
    "text",
    [
        "a" * 10_000_000,
        "Word of the council " * 500_000,
        " " * 3_000_000 + "x",
    ],
    ids=["10MB-one-word", "10MB-no-punctuation", "3MB-of-spaces"],
)
def test_huge_line_without_sentences_is_cut_into_bounded_passages(text):
    passages = _passages(text)
    assert passages
    assert max(len(p.text) for p in passages) <= seg.MAX_SENTENCE


@pytest.mark.slow
def test_ten_megabyte_paragraph_of_sentences_segments_without_timeout():
    text = "Councils want more say over budgets. " * 270_000  # ~10 MB, no line break
    start = time.perf_counter()
    passages = _passages(text)
    assert time.perf_counter() - start < 120  # generous: ~1 s per MB on a shared machine
    assert len(passages) > 10_000


def test_long_paragraph_behaviour_unchanged_below_the_piece_size():
    text = " ".join(f"Sentence number {i} is about councils." for i in range(40))
    assert len(text) < seg.PUNKT_CHUNK
    spans = seg.sentence_spans(text)
    assert len(spans) == 40


def test_a_million_wrapped_lower_case_lines_clean_in_linear_time():
    """Joining hard-wrapped lines re-sliced the growing line at every wrap: 2 MB took 5 min."""
    from analysis.corpus import RawDocument
    from analysis.ingest import clean_document
    from analysis.ingest.lines import split_lines

    text = "a\n" * 1_000_000
    start = time.perf_counter()
    (line,) = split_lines(text)
    assert (line.start, line.end) == (0, len(text) - 1)
    (document,) = clean_document(RawDocument(path="wrap.txt", text=text, format="txt"))
    assert document.text == text
    assert time.perf_counter() - start < 30  # ~1.5 s when linear; minutes when not


def test_speaker_attribution_of_a_two_megabyte_paragraph_is_linear():
    from analysis.actors import attribute_corpus

    text = "Councils want more say over budgets, said Jane Smith. " * 40_000
    document = Document(file="said.txt", text=text)
    passages = seg.segment(document)
    start = time.perf_counter()
    attribute_corpus([(document, passages)])
    assert time.perf_counter() - start < 20  # ~8 s of linear work on a slow machine


@pytest.mark.parametrize(
    "unit",
    [
        "2 Comments\n",  # a comments header on every line: each rescanned all lines above it
        "Title Here\nBy Ann Lee\nCouncils decide things for people here in town.\nShare\n",
    ],
    ids=["comment-headers", "furniture-every-other-line"],
)
def test_pages_of_repeated_furniture_clean_and_segment_in_linear_time(unit):
    """Each of these took minutes at 800 kB (every passage summed every furniture span)."""
    from analysis.corpus import RawDocument
    from analysis.ingest import clean_document

    text = unit * (800_000 // len(unit))
    start = time.perf_counter()
    documents = clean_document(RawDocument(path="page.txt", text=text, format="txt"))
    passages = [p for d in documents for p in seg.segment(d)]
    assert passages
    assert time.perf_counter() - start < 60  # ~1-2 s when linear
