"""Actors are people and organisations that speak: crowds, titles and outlets are not."""

from __future__ import annotations

from types import SimpleNamespace

from analysis.actors import attribute_corpus
from analysis.actors.names import parse_name
from analysis.corpus import Document, Passage
from analysis.positions import build_matrix
from analysis.positions.matrix import UNATTRIBUTED
from analysis.report.formatting import lean
from analysis.report.summary import extremes_sentences, ranking_table
from analysis.store.records import DocumentRecord, PassageRecord


def _doc(paragraphs, author="", source="", title="Our own title about care budgets"):
    text = "\n\n".join(paragraphs)
    passages, pos = [], 0
    for i, para in enumerate(paragraphs):
        start = text.index(para, pos)
        passages.append(Passage(start, start + len(para), para, seq=i))
        pos = start + len(para)
    return Document(file="a.txt", text=text, title=title, author=author, source=source), passages


def test_plural_nouns_before_said_are_not_speakers():
    attrs, actors = attribute_corpus(
        [
            _doc(
                [
                    "Critics said the new board would take power from the town hall.",
                    "Campaigners told the Northern Gazette that clinics should stay local.",
                    "Supporters said a national plan was overdue.",
                ],
                author="Jo Byline",
            )
        ]
    )
    assert [a.actor for a in attrs[0]] == ["Jo Byline"] * 3
    assert {a.name for a in actors} == {"Jo Byline"}
    assert parse_name("Critics") is None and parse_name("Jones") is not None


def test_outlets_are_a_kind_of_their_own():
    attrs, actors = attribute_corpus(
        [
            _doc(
                [
                    "Councils should run public health, the editorial argued.",
                    "Dana Whitlock told Care Sector Today that the budget belonged with councils.",
                ],
                source="Care Sector Today",
            )
        ]
    )
    kinds = {a.name: a.kind for a in actors}
    assert kinds == {"Care Sector Today": "outlet", "Dana Whitlock": "person"}
    assert attrs[0][0].kind == "outlet" and attrs[0][1].kind == "person"
    assert parse_name("the Weekly Courier").kind == "outlet"
    assert parse_name("Riverside Health Trust").kind == "organisation"


def _record(pid, doc, actor, label):
    score = {"centralist": (0.8, 0.1), "localist": (0.1, 0.8), "neutral": (0.1, 0.1)}[label]
    return PassageRecord(
        id=pid,
        document_id=doc,
        seq=pid,
        start=0,
        end=5,
        text="",
        boilerplate=False,
        auto_boilerplate=False,
        label=label,
        source="model",
        p_centralist=score[0],
        p_neutral=1 - sum(score),
        p_localist=score[1],
        predicted_label=label,
        actor=actor,
    )


def test_titles_never_become_actors_and_outlets_keep_their_kind():
    docs = [
        DocumentRecord(
            1, "a.txt", 2, "I know little about blogs but here goes", "", "", "", "txt", 0
        ),
        DocumentRecord(2, "b.txt", 2, "Weekly column", "", "", "Care Sector Today", "txt", 0),
    ]
    passages = [
        _record(1, 1, "", "localist"),
        _record(2, 1, "", "centralist"),
        _record(3, 2, "", "localist"),
        _record(4, 2, "Dana Whitlock", "localist"),
    ]
    matrix = build_matrix(passages, docs, [], n_boot=50, kinds={"Dana Whitlock": "person"})
    rows = {r.name: r.kind for r in matrix.rows}
    assert rows == {
        UNATTRIBUTED: "unattributed",
        "Care Sector Today": "outlet",
        "Dana Whitlock": "person",
    }
    assert not any("blogs" in name for name in rows)


def _row(name, position, low, high, n=20, kind="person"):
    return SimpleNamespace(
        name=name,
        position=position,
        position_low=low,
        position_high=high,
        n=n,
        kind=kind,
        file=None,
    )


def test_an_interval_across_zero_reads_no_clear_position():
    assert lean(-1.2, -2.0, 0.3) == "no clear position"
    assert lean(-1.2, -2.0, -0.4) == "centralist"
    rows = [
        _row("Wide Doubt", -1.5, -3.0, 0.2),
        _row("Clear Local", 1.1, 0.4, 1.9),
        _row("The Weekly Courier", -2.5, -3.0, -2.0, kind="outlet"),
    ]
    text = " ".join(extremes_sentences(rows, "actors"))
    assert "most centralist" not in text and "No actor is clearly centralist" in text
    assert "The most localist actor is Clear Local" in text
    assert "Outlets (The Weekly Courier)" in text
    table = ranking_table(rows + [_row("Firm Central", -0.9, -1.4, -0.3)], "actors")
    assert [r[1] for r in table.rows] == ["Clear Local", "Firm Central"]


def test_a_dateline_beside_a_byline_is_never_an_actor():
    from analysis.actors import attribute_corpus
    from analysis.corpus import Document
    from analysis.segment import segment

    text = (
        "Who should run the care budget\n\nBy the Weekly Courier reporters\n\n"
        "10 October 2016\n\nThe committee met on Tuesday to hear the plans for home care.\n"
    )
    start = text.index("10 October")  # the cleaner marks the dateline as the byline
    document = Document(file="dated.txt", text=text, byline_spans=[(start, start + 15)])
    attributions, actors = attribute_corpus([(document, segment(document))])
    names = {a.actor for a in attributions[0]} | {a.name for a in actors}
    assert not any(any(ch.isdigit() for ch in name) for name in names if name)
