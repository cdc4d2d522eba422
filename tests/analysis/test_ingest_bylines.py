"""Authors, dates, sources and titles from the lines that name them."""

from __future__ import annotations

import pytest

from analysis.corpus import Document, RawDocument
from analysis.ingest import clean_document, read_file


def corpus_documents(corpus, prefix: str) -> list[Document]:
    (path,) = corpus.glob(f"{prefix}_*.txt")
    raw = read_file(path)
    assert isinstance(raw, RawDocument)
    return clean_document(raw)


def byline_texts(document: Document) -> list[str]:
    return [document.text[a:b] for a, b in document.byline_spans]


def is_furniture(document: Document, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in document.boilerplate)


def test_000_labelled_byline_with_publication(shared_corpus):
    (document,) = corpus_documents(shared_corpus, "000")
    assert document.title == "Councils must ‘demonstrate readiness’ for greater health role"
    assert document.author == "Kaye Wiggins"
    assert document.source == "LGC"
    assert any(t.startswith("Author:") for t in byline_texts(document))
    assert all(is_furniture(document, a, b) for a, b in document.byline_spans)


def test_001_written_by_with_date_on_the_next_line(shared_corpus):
    (document,) = corpus_documents(shared_corpus, "001")
    assert document.author == "Richard Humphries"
    assert document.date == "27 April 2012"
    assert len(document.byline_spans) == 2
    assert all(is_furniture(document, a, b) for a, b in document.byline_spans)
    assert document.title and "Portal" not in document.title


def test_004_name_and_date_heading_and_closing_bio(shared_corpus):
    (document,) = corpus_documents(shared_corpus, "004")
    assert document.author == "John Tizard"
    assert document.date == "06 April 2011"
    assert "John Tizard" not in document.title
    texts = byline_texts(document)
    assert any(" is director of " in t for t in texts) and len(texts) == 2


def test_003_masthead_is_the_source_not_the_title(shared_corpus):
    documents = corpus_documents(shared_corpus, "003")
    article = documents[0]
    assert article.source == "Hospital Dr News"
    assert article.title != article.source and "budgets" in article.title
    assert is_furniture(article, 0, len("Hospital Dr News"))
    commenters = [d.author for d in documents[1:]]
    assert commenters == ["Malcolm Morrison"]


def make(text: str, path: str = "note.txt") -> Document:
    (document,) = clean_document(RawDocument(path=path, text=text, format="txt"))
    return document


BODY = (
    "Health and wellbeing boards should be given the power to approve local plans, because "
    "councillors answer to the voters who use the services.\n\n"
    "Others argue that only a national body can guarantee the same standard everywhere.\n"
)


@pytest.mark.parametrize(
    ("header", "author", "date"),
    [
        ("By Priya Shah\n\n", "Priya Shah", ""),
        ("By Dr Tom O'Neill | 3 March 2015\n\n", "Dr Tom O'Neill", "3 March 2015"),
        ("Posted by Jane Doe on March 3, 2015\n\n", "Jane Doe", "March 3, 2015"),
        ("Priya Shah 12 May 2016\n\n", "Priya Shah", "12 May 2016"),
    ],
)
def test_bylines_at_the_top(header, author, date):
    document = make("Boards or Whitehall?\n\n" + header + BODY)
    assert (document.author, document.date) == (author, date)
    assert document.title == "Boards or Whitehall?"
    assert document.byline_spans


def test_bio_line_at_the_end():
    document = make(
        "A plan for care\n\n"
        + BODY
        + "\nLena Ortiz is professor of public policy at a northern university.\n"
    )
    assert document.author == "Lena Ortiz"


def test_a_sentence_starting_with_by_is_not_a_byline():
    document = make(
        "By the end of the year every council will have published its plan for social care.\n\n"
        + BODY
    )
    assert document.author == ""


def test_title_falls_back_to_the_first_sentence_then_the_file_name():
    assert make(BODY).title.startswith("Health and wellbeing boards should be given")
    assert make(BODY).title.endswith("…")
    assert make("\n\n", path="/x/empty_note.txt").title == "empty_note"


def test_republished_note_and_copyright_give_the_source():
    assert (
        make(BODY + "\nThis was first published by the Northern Echo\n").source == "Northern Echo"
    )
    assert make(BODY + "\nCopyright © 2019 Care Policy Forum. All rights reserved.\n").source == (
        "Care Policy Forum"
    )


@pytest.mark.parametrize(
    ("head", "author", "date", "source"),
    [
        (
            "Speech by Cllr Mara Quint, Leader of Eastfold Council, Tolby, 4 June 2023",
            "Cllr Mara Quint",
            "4 June 2023",
            "",
        ),
        (
            "Statement by Owen Prestwick, Minister for Care, 2 May 2022",
            "Owen Prestwick",
            "2 May 2022",
            "",
        ),
        ("*Hattie Lowe, 9 October 2021*", "Hattie Lowe", "9 October 2021", ""),
        ("By Ned Farrant, health correspondent", "Ned Farrant", "", ""),
    ],
)
def test_speech_statement_and_emphasised_bylines(head, author, date, source):
    body = (
        "A heading for the piece\n\n" + head + "\n\n"
        "The first paragraph of the piece runs on for a while so that it reads as prose, "
        "with a full stop at the end of it.\n"
    )
    (document,) = clean_document(RawDocument(path="piece.txt", text=body, format="txt"))
    assert (document.author, document.date, document.source) == (author, date, source)
    assert any(head.strip("*") in text for text in byline_texts(document))
