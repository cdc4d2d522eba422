"""Speaker attribution on small documents written for these tests."""

from __future__ import annotations

import pytest

from analysis.actors import attribute_corpus
from analysis.corpus import Document, Passage


def _doc(paragraphs: list[str], author: str = "Pat Writer", source: str = "", file="a.txt"):
    text = "\n\n".join(paragraphs)
    passages, pos = [], 0
    for i, para in enumerate(paragraphs):
        start = text.index(para, pos)
        passages.append(Passage(start, start + len(para), para, seq=i))
        pos = start + len(para)
    return Document(file=file, text=text, author=author, source=source), passages


def _actors(paragraphs, **kw):
    attrs, actors = attribute_corpus([_doc(paragraphs, **kw)])
    return [a.actor for a in attrs[0]], attrs[0], actors


def test_said_after_quote_and_pronoun_continuation():
    names, attrs, _ = _actors(
        [
            "Councils in the north are planning a new care service.",
            "Dana Whitlock, chief executive of Fenshire Council, told reporters"
            " the plan was sound.",
            "“Local people should decide how their clinics are run,” she said.",
            "“The money has to follow the patient into the town hall.”",
            "Health spending rose again this year.",
        ]
    )
    assert names == ["Pat Writer", "Dana Whitlock", "Dana Whitlock", "Dana Whitlock", "Pat Writer"]
    assert [a.method for a in attrs[1:4]] == ["quote", "quote", "quote"]
    assert attrs[0].method == "author" and attrs[1].kind == "person"


def test_according_to_names_the_speaker():
    names, _, _ = _actors(["According to Professor Ravi Mendes, regional boards would fail."])
    assert names == ["Professor Ravi Mendes"]


def test_titles_and_surnames_merge_into_one_actor():
    names, _, actors = _actors(
        [
            "Shadow care minister Olive Brannagh said councils must lead on care.",
            "Brannagh said: “Town halls know their communities.”",
            "Ms Brannagh added that budgets should be pooled.",
        ]
    )
    assert names == ["Olive Brannagh"] * 3
    actor = next(a for a in actors if a.name == "Olive Brannagh")
    assert "Brannagh" in actor.aliases and "shadow care minister" in actor.aliases


def test_report_author_and_named_report_merge():
    names, attrs, actors = _actors(
        [
            "The review, by retired surgeon Sir Alan Pettifer, said hospitals should merge.",
            "Sir Alan’s review also recommended a national tariff.",
            "It added that regulators need more staff.",
            "The Pettifer review concluded that reform must be slow.",
        ]
    )
    assert names == ["Sir Alan Pettifer"] * 4
    assert attrs[0].method == "report"
    assert {"Sir Alan", "the Pettifer report"} <= set(
        next(a for a in actors if a.name == "Sir Alan Pettifer").aliases
    )


def test_mentions_are_not_speech():
    names, _, _ = _actors(
        [
            "The plan put forward by Olive Brannagh would hand budgets to councils.",
            "Critics think Olive Brannagh is wrong, and I agree with them.",
        ]
    )
    assert names == ["Pat Writer", "Pat Writer"]


def test_short_quoted_phrase_in_the_writers_argument_stays_with_the_writer():
    names, _, _ = _actors(
        [
            "I have read the strategy and its talk of “place-based leadership” many times over. "
            "It promises much but offers little for patients, and the money is not there. "
            "Nothing in it would change how a ward is run, whatever the launch said.",
        ]
    )
    assert names == ["Pat Writer"]


def test_organisations_speak_when_no_person_is_named():
    names, attrs, _ = _actors(
        [
            "The Rural Councils Association said that funding had been cut for five years.",
            "Patient Voices Network warned that waiting lists would grow.",
        ]
    )
    assert names == ["Rural Councils Association", "Patient Voices Network"]
    assert {a.kind for a in attrs} == {"organisation"}


def test_source_when_no_author_and_empty_when_neither():
    names, attrs, _ = _actors(
        ["A plain paragraph about clinics."], author="", source="Weekly Care Bulletin"
    )
    assert names == ["Weekly Care Bulletin"] and attrs[0].method == "source"
    names, attrs, _ = _actors(["A plain paragraph about clinics."], author="", source="")
    assert names == [""] and attrs[0].method == ""


def test_author_byline_is_cleaned():
    names, _, _ = _actors(["A plain paragraph."], author="By Jo Ashworth, Care Weekly")
    assert names == ["Jo Ashworth"]


def test_surname_merges_across_documents():
    first = _doc(["Olive Brannagh said councils should hold the budget."], file="one.txt")
    second = _doc(["Brannagh told the conference that trusts must cooperate."], file="two.txt")
    attrs, actors = attribute_corpus([first, second])
    assert attrs[0][0].actor == attrs[1][0].actor == "Olive Brannagh"
    assert [a.name for a in actors].count("Olive Brannagh") == 1


def test_boilerplate_passages_keep_one_attribution_each():
    doc, passages = _doc(["Olive Brannagh said councils should lead.", "Share this page"])
    passages[1].boilerplate = True
    attrs, _ = attribute_corpus([(doc, passages)])
    assert len(attrs[0]) == 2 and attrs[0][1].actor == "Pat Writer"


@pytest.mark.parametrize("text", ["", "   ", "«»", "Ünïcode “unclosed quote", "A" * 5000])
def test_odd_text_does_not_fail(text):
    attrs, _ = attribute_corpus([(Document(file="x", text=text), [Passage(0, len(text), text)])])
    assert len(attrs[0]) == 1
