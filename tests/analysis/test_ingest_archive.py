"""A page of several posts becomes several documents with exact offsets into the file."""

from __future__ import annotations

from analysis.corpus import Document, RawDocument
from analysis.ingest import clean_document, read_file
from analysis.ingest.archive import split_parts
from analysis.ingest.cues import is_post_footer
from analysis.ingest.lines import split_lines


def corpus_file(corpus, prefix: str) -> RawDocument:
    (path,) = corpus.glob(f"{prefix}_*.txt")
    raw = read_file(path)
    assert isinstance(raw, RawDocument)
    return raw


def covered(document: Document, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in document.boilerplate)


def test_002_archive_splits_into_about_a_dozen_titled_posts(shared_corpus):
    raw = corpus_file(shared_corpus, "002")
    documents = clean_document(raw)
    assert 10 <= len(documents) <= 14
    assert [d.part for d in documents] == list(range(len(documents)))
    for document in documents:
        assert document.title.strip(), document.part
        assert len(document.title) <= 100
        assert raw.text[document.origin : document.origin + len(document.text)] == document.text
    origins = [d.origin for d in documents]
    assert origins == sorted(set(origins))


def test_002_separator_lines_are_furniture(shared_corpus):
    documents = clean_document(corpus_file(shared_corpus, "002"))
    footers = 0
    for document in documents:
        for line in split_lines(document.text):
            if is_post_footer(line):
                footers += 1
                assert covered(document, line.start, line.end), line.text
    assert footers >= 10


def test_002_page_head_is_furniture_of_the_first_post(shared_corpus):
    first = clean_document(corpus_file(shared_corpus, "002"))[0]
    for label in ("Blog", "Categories", "Category Archives"):
        start = first.text.index(label)
        assert covered(first, start, start + len(label)), label
    assert first.title not in ("Blog", "Categories")


def test_002_heading_titles_and_shortened_first_sentences(shared_corpus):
    documents = clean_document(corpus_file(shared_corpus, "002"))
    titles = [d.title for d in documents]
    assert any(t.isupper() for t in titles)  # an all-capitals heading line
    assert any(t.endswith("…") for t in titles)  # a first sentence, shortened
    assert documents[-1].author  # a signature after the last post


def test_single_articles_are_one_part_at_offset_zero(shared_corpus):
    for prefix in ("000", "001", "004"):
        raw = corpus_file(shared_corpus, prefix)
        (document,) = clean_document(raw)
        assert (document.part, document.origin, document.text) == (0, 0, raw.text)


ARCHIVE = """Archives

Category: Care

Board meetings in public

Our board has agreed to hold every meeting in public from next month, so that residents
can hear how decisions about their services are made.

Posted in Care | 2 Comments

THE CASE FOR POOLED BUDGETS

Pooling the money for health and social care in each county would let local leaders
move spending to where it does most good.

Sam Carter

Posted in Care | Leave a comment

Some think the national tariff keeps hospitals honest. It sets one price for every
procedure across the country, whatever the local costs.

Posted in Care | 5 Comments
"""


def test_synthetic_archive_posts_titles_and_signature():
    documents = clean_document(RawDocument(path="archive.txt", text=ARCHIVE, format="txt"))
    assert [d.title for d in documents] == [
        "Board meetings in public",
        "THE CASE FOR POOLED BUDGETS",
        "Some think the national tariff keeps hospitals honest.",
    ]
    assert documents[1].author == "Sam Carter"
    for document in documents:
        assert ARCHIVE[document.origin :].startswith(document.text)
        footer = document.text.index("Posted in Care")
        assert covered(document, footer, footer + len("Posted in Care"))


def test_a_lone_footer_does_not_split_an_article():
    text = (
        "The trust will consult residents on the new plan over the summer months ahead.\n\n"
        "Tagged | 3 Comments\n\nLeave a comment\n"
    )
    assert len(split_parts(text)) == 1
