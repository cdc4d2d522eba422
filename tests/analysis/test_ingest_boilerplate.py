"""Page furniture is marked (kept, as spans), article text and headings are not."""

from __future__ import annotations

import re

from analysis.corpus import Document, RawDocument
from analysis.ingest import clean_document, read_file
from analysis.ingest.boilerplate import classify_lines, repeated_labels
from analysis.ingest.lines import merge_spans, split_lines


def corpus_documents(corpus, prefix: str) -> list[Document]:
    (path,) = corpus.glob(f"{prefix}_*.txt")
    raw = read_file(path)
    assert isinstance(raw, RawDocument)
    return clean_document(raw)


def marked(document: Document, phrase: str) -> bool:
    start = document.text.index(phrase)
    end = start + len(phrase)
    return any(a <= start and end <= b for a, b in document.boilerplate)


def touched(document: Document, start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in document.boilerplate)


def prose_lines(document: Document, before: str | None = None, min_words: int = 12):
    limit = document.text.index(before) if before else len(document.text)
    return [
        line
        for line in split_lines(document.text)
        if line.word_count >= min_words and line.end <= limit
    ]


def test_000_click_through_is_furniture_and_every_paragraph_is_text(shared_corpus):
    (document,) = corpus_documents(shared_corpus, "000")
    assert marked(document, "Click here to read the original article")
    lines = prose_lines(document)
    assert len(lines) >= 15
    assert not any(touched(document, line.start, line.end) for line in lines)


def test_001_portal_comment_form_promo_address_and_copyright(shared_corpus):
    (document,) = corpus_documents(shared_corpus, "001")
    first = split_lines(document.text)[0]
    assert "Portal" in first.text and marked(document, first.text)
    for phrase in ("Add comment", "Security code", "Most Read Tags", "Govtoday Debate", "UNISON"):
        assert marked(document, phrase), phrase
    address = re.search(r"[A-Z]{1,2}\d \d[A-Z]{2}", document.text)
    assert address and touched(document, address.start(), address.end())
    assert marked(document, "Copyright ©")
    body = prose_lines(document, before="Written by")
    assert len(body) >= 7
    assert not any(touched(document, line.start, line.end) for line in body)


def test_003_comment_form_share_and_speech_link(shared_corpus):
    documents = corpus_documents(shared_corpus, "003")
    article = documents[0]
    for phrase in ("Read the speech.", "Bookmark and Share", "One Response to"):
        assert marked(article, phrase), phrase
    last = documents[-1]
    for phrase in ("Post a Comment", "Enter this security code", "Submit Comment for Moderation"):
        assert marked(last, phrase), phrase
    body = prose_lines(article, before="Read the speech.")
    assert len(body) >= 10
    assert not any(touched(article, line.start, line.end) for line in body)


def test_004_job_adverts_sign_up_and_banner(shared_corpus):
    (document,) = corpus_documents(shared_corpus, "004")
    tail_start = document.text.index("SIGN UP")
    for line in split_lines(document.text):
        if line.start >= tail_start:
            assert touched(document, line.start, line.end), line.text
    jobs = [x for x in split_lines(document.text) if "per annum" in x.text or "Recuriter" in x.text]
    assert len(jobs) >= 6
    for phrase in ("Highways jobs", "Linkedin Banner", "SIGN UP"):
        assert marked(document, phrase), phrase
    body = prose_lines(document, before="SIGN UP", min_words=20)
    assert len(body) >= 15
    assert not any(touched(document, line.start, line.end) for line in body)


# Synthetic pages, in our own words, to check the rules generalise beyond the corpus.

PAGE = """The Valley Courier

Home | Politics | Health | Opinion

Why the county should run its own clinics

Residents told the inquiry that decisions about their clinics are made too far away and
that nobody local can be held to account for them.

What happens next?

The county council will publish its proposals in the spring and invite comments from
patients, staff and the wider public.

Share this article

Tweet

Subscribe to our weekly newsletter

14 Comments

Alex Green says:
I disagree with the whole idea because waiting lists would grow in the smaller towns.

Leave a Reply

Valley Courier Ltd, 12 Market Street, Exeter EX1 1AA

© 2024 The Valley Courier. All rights reserved.
"""


def spans_text(text: str) -> list[str]:
    """The furniture of ``text`` as one page, merged the way ``clean_document`` merges it."""
    lines = split_lines(text)
    reasons = classify_lines(lines, repeated_labels(text))
    spans = [(line.start, line.end) for line, why in zip(lines, reasons, strict=True) if why]
    return [text[a:b] for a, b in merge_spans(spans, text)]


def test_synthetic_page_furniture_is_found_by_cue_families():
    flagged = "\n".join(spans_text(PAGE))
    for phrase in (
        "Home | Politics",
        "Share this article",
        "Tweet",
        "weekly newsletter",
        "Leave a Reply",
        "EX1 1AA",
        "All rights reserved",
    ):
        assert phrase in flagged, phrase


def test_headings_inside_an_article_are_structure_not_furniture():
    flagged = "\n".join(spans_text(PAGE))
    assert "What happens next?" not in flagged
    assert "Residents told the inquiry" not in flagged
    assert "publish its proposals" not in flagged


def test_reader_comment_is_separated_from_the_article():
    raw = RawDocument(path="page.txt", text=PAGE, format="txt")
    article, comment = clean_document(raw)
    assert "waiting lists" not in article.text
    assert comment.author == "Alex Green" and comment.part == 1
    assert comment.title.startswith("Comment by Alex Green")
    assert marked(comment, "Leave a Reply") and marked(comment, "All rights reserved")
    assert not marked(comment, "waiting lists would grow")


def test_unattributed_reader_comments_are_furniture():
    text = (
        "Ministers want one national tariff for every hospital in the country, and they say it "
        "will end the postcode lottery once and for all.\n\n3 Comments\n\n"
        "This is the worst idea I have heard in years and it will never work in practice.\n"
    )
    assert "worst idea" in "\n".join(spans_text(text))


def test_repeated_short_labels_are_furniture():
    text = "Read on\n\n" + "\n\n".join(
        f"Paragraph {n} explains in some detail why the board should meet in public each month."
        f"\n\nPermalink"
        for n in range(3)
    )
    assert spans_text(text).count("Permalink") == 3


def test_a_quoted_salary_inside_an_article_is_not_a_job_advert():
    text = (
        "The chief executive earns £150,000 – £155,000 a year, the report found.\n\n"
        "Unions argued that the money would be better spent on front-line staff in the "
        "district hospitals, where vacancies remain high.\n"
    )
    assert "Unions argued" not in "\n".join(spans_text(text))
