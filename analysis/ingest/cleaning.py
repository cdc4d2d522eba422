"""From a file's decoded text to documents: split into parts, mark furniture, read bylines.

Nothing is deleted here. Every document's text is an exact slice of the file's text
(``origin`` says where), and noise is recorded as spans, so the text view can grey it out
and a user can overrule any verdict.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.corpus import Document, RawDocument
from analysis.ingest.archive import Part, split_parts
from analysis.ingest.boilerplate import classify_lines, repeated_labels
from analysis.ingest.bylines import find_byline
from analysis.ingest.lines import merge_spans, split_lines
from analysis.ingest.titles import find_title, footer_source, masthead, shorten

_QUOTES = "\"'“”‘’ "
_JUNK_TITLE = re.compile(r"^(?:microsoft word\s*-|untitled\b)|\.(?:docx?|pdf|txt|html?)$", re.I)


def clean_document(raw: RawDocument) -> list[Document]:
    """One document per article, post or attributed comment (one per row for CSV files)."""
    if raw.records:
        return [_record_document(raw, record) for record in raw.records]
    repeated = repeated_labels(raw.text)
    parts = split_parts(raw.text)
    documents: list[Document] = []
    for number, part in enumerate(parts):
        document = _part_document(raw, part, number, repeated)
        if part.kind == "comment":
            article = documents[0].title.strip(_QUOTES) if documents else ""
            on = f" on “{shorten(article, 70)}”" if article else ""
            document.title = f"Comment by {part.author}{on}"
        elif len(parts) == 1 and _usable_title(raw.title):
            document.title = _usable_title(raw.title)
        documents.append(document)
    for document in documents:
        document.title = document.title or Path(raw.path).stem
    return documents


def _part_document(raw: RawDocument, part: Part, number: int, repeated: frozenset[str]) -> Document:
    text = raw.text[part.start : part.end]
    lines = split_lines(text)
    reasons = classify_lines(lines, repeated)
    byline = find_byline(lines, reasons)
    if part.kind == "comment" and lines:
        byline.author, byline.date = part.author, part.date or byline.date
        byline.spans.insert(0, (lines[0].start, lines[0].end))
    skip = {i for i, why in enumerate(reasons) if why}
    skip |= {i for i, line in enumerate(lines) if (line.start, line.end) in byline.spans}
    furniture = [(lines[i].start, lines[i].end) for i, why in enumerate(reasons) if why]
    source = byline.source
    head = masthead(lines, reasons) if number == 0 else None
    if head is not None:
        skip.add(head)
        furniture.append((lines[head].start, lines[head].end))
        source = source or lines[head].text
    title, _ = find_title(lines, skip)
    furniture += byline.spans + _reader_spans(raw, part)
    return Document(
        file=raw.path,
        text=text,
        title=title,
        author=raw.author if not byline.author and part.kind == "post" else byline.author,
        date=byline.date,
        source=source or footer_source(lines, reasons),
        part=number,
        origin=part.start,
        format=raw.format,
        boilerplate=merge_spans(furniture, text),
        byline_spans=sorted(byline.spans),
    )


def _reader_spans(raw: RawDocument, part: Part) -> list[tuple[int, int]]:
    """Furniture the reader found (HTML navigation, footers), moved into this part's offsets."""
    spans = []
    for start, end in raw.boilerplate:
        start, end = max(start, part.start), min(end, part.end)
        if start < end:
            spans.append((start - part.start, end - part.start))
    return spans


def _record_document(raw: RawDocument, record: dict) -> Document:
    """A CSV row: its own columns win over anything guessed from its text."""
    text = record["text"]
    single = RawDocument(path=raw.path, text=text, format=raw.format)
    document = _part_document(single, Part(0, len(text)), 0, frozenset())
    document.part = record.get("row", 0)
    document.title = (
        record.get("title") or document.title or f"{Path(raw.path).stem} row {document.part + 1}"
    )
    document.author = record.get("author") or document.author
    document.date = record.get("date") or document.date
    document.source = record.get("source") or document.source
    return document


def _usable_title(title: str) -> str:
    """A title from file metadata, unless it is a tool's placeholder or a file name."""
    title = " ".join(title.split())
    if not title or _JUNK_TITLE.search(title):
        return ""
    return title.split(" | ")[0].strip()
