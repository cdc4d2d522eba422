"""Segmentation: exact offsets, Punkt without downloaded data, windows, boilerplate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.corpus import Document
from analysis.resources import resource_path
from analysis.segment import (
    EXTRA_ABBREVIATIONS,
    learn_params,
    params_from_json,
    params_to_json,
    segment,
    sentence_spans,
    windows,
)

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def _doc(text: str, **kw) -> Document:
    return Document(file="t.txt", text=text, **kw)


def test_passages_are_trimmed_lines_with_exact_offsets():
    text = "  First paragraph here.  \n\nSecond one.\nThird, on the next line.\n\n\n"
    passages = segment(_doc(text))
    assert [p.text for p in passages] == [
        "First paragraph here.",
        "Second one.",
        "Third, on the next line.",
    ]
    for i, p in enumerate(passages):
        assert text[p.start : p.end] == p.text
        assert p.seq == i


def test_no_split_after_titles_and_common_abbreviations():
    text = (
        "Mr. Hale met Dr. Osei and Cllr. Bright at St. Anne's. They spoke about care, "
        "e.g. beds and staff, etc. for an hour. Prof. Lang agreed."
    )
    spans = sentence_spans(text)
    sentences = [text[a:b] for a, b in spans]
    assert sentences[0] == "Mr. Hale met Dr. Osei and Cllr. Bright at St. Anne's."
    assert len(sentences) == 3
    assert sentences[-1] == "Prof. Lang agreed."


def test_shipped_punkt_parameters_are_json_and_hold_the_abbreviations():
    data = json.loads(resource_path("punkt", "params.json").read_text(encoding="utf-8"))
    assert {"mr", "dr", "cllr", "e.g"} <= set(data["abbrev_types"])
    params = params_from_json(data)
    assert set(EXTRA_ABBREVIATIONS) <= params.abbrev_types


def test_learned_params_round_trip_through_json():
    text = "The board met today. It agreed a plan. The council will pay for it. " * 20
    params = learn_params([text])
    again = params_from_json(json.loads(json.dumps(params_to_json(params))))
    assert again.abbrev_types == params.abbrev_types
    assert dict(again.ortho_context) == dict(params.ortho_context)


def test_malformed_params_are_rejected():
    with pytest.raises(ValueError):
        params_from_json(["not", "a", "dict"])


def test_long_paragraph_becomes_even_windows_of_one_to_three_sentences():
    sentences = [
        f"Sentence number {w} says something short."
        for w in ("one", "two", "three", "four", "five", "six", "seven")
    ]
    text = "Heading\n" + " ".join(sentences) + "\n"
    passages = segment(_doc(text))
    assert passages[0].text == "Heading"
    body = passages[1:]
    assert [len(sentence_spans(p.text)) for p in body] == [3, 2, 2]
    assert " ".join(p.text for p in body) == " ".join(sentences)
    for p in passages:
        assert text[p.start : p.end] == p.text


def test_four_sentences_split_two_and_two():
    text = "A one. B two. C three. D four."
    assert [text[a:b] for a, b in windows(text, 0, len(text))] == [
        "A one. B two.",
        "C three. D four.",
    ]


def test_boilerplate_flag_when_mostly_inside_a_span():
    text = "Real article text that argues a point.\nShare this page on social media\nMore prose."
    nav_start = text.index("Share")
    nav_end = text.index("\nMore")
    passages = segment(_doc(text, boilerplate=[(nav_start - 1, nav_end), (0, 4)]))
    assert [p.boilerplate for p in passages] == [False, True, False]


def test_empty_document_has_no_passages():
    assert segment(_doc("\n \n\t\n")) == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="reference corpus not present")
def test_offsets_are_exact_on_the_shared_corpus():
    files = sorted(CORPUS.glob("0*.txt"))
    assert files
    for path in files:
        text = open(path, encoding="utf-8").read()
        passages = segment(_doc(text))
        assert passages
        for p in passages:
            assert text[p.start : p.end] == p.text
            assert p.text == p.text.strip()
            assert "\n" not in p.text


def test_counting_sentence_marks_settles_paragraphs_as_punkt_would(monkeypatch):
    import analysis.segment as segment_module

    paragraphs = [
        'She said: "It will not work." Then she left. Nobody argued!',
        "Dr. Smith met Mr. Jones at 9 a.m. on the ward. They spoke. It went well. Really?",
        "Is it devolution... or is it delegation? The minister would not say.",
        "One sentence with no end mark",
        "Three. Short. Ones.",
        "Four. Short. Ones. Here.",
        "(A bracketed aside.) “A quoted view,” he said. ‘And another.’",
        "Numbers like 3.5 per cent and 2.1 per cent, and the U.K. total of £1.2bn.",
    ]
    text = "\n".join(paragraphs)
    spans = segment_module.paragraph_spans(text)
    quick = [segment_module.windows(text, a, b) for a, b in spans]
    monkeypatch.setattr(segment_module, "_sentences_at_most", lambda _text: 10**9)
    assert quick == [segment_module.windows(text, a, b) for a, b in spans]
    assert any(len(w) > 1 for w in quick)  # the long ones are still split
