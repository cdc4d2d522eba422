"""Spreadsheets of texts: one document per row, from whichever column holds the text.

Researchers often arrive with a CSV exported from a survey tool or a scraper. We sniff the
delimiter rather than asking, take the column that is obviously the text (by name, else the
one with the longest values), and keep any title/author/date/id columns as metadata.
"""

from __future__ import annotations

import csv
import io

from analysis.corpus import RawDocument
from analysis.ingest.decoding import NotText

_TEXT_NAMES = ("text", "body", "content", "passage")
_META_NAMES = {
    "title": ("title", "headline", "heading", "subject"),
    "author": ("author", "byline", "writer", "speaker"),
    "date": ("date", "published", "publication date", "created"),
    "id": ("id", "identifier", "doc_id", "document_id"),
    "source": ("source", "publication", "outlet"),
}
_SNIFF_BYTES = 64 * 1024
_FIELD_LIMIT = 16 * 1024 * 1024


def read_csv(path: str, text: str, encoding: str) -> RawDocument:
    rows = _rows(text)
    if len(rows) < 2:
        raise NotText("CSV has no data rows (a header row and at least one row are needed)")
    header = [cell.strip() for cell in rows[0]]
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    text_column = _text_column(header, body)
    meta = {key: _find(header, names) for key, names in _META_NAMES.items()}
    records = []
    for index, row in enumerate(body):
        value = _cell(row, text_column).strip()
        if not value:
            continue
        record = {"text": value, "row": index}
        for key, column in meta.items():
            if column is not None and column != text_column and _cell(row, column).strip():
                record[key] = _cell(row, column).strip()
        records.append(record)
    if not records:
        raise NotText(f"CSV column “{header[text_column]}” holds no text")
    return RawDocument(path=path, text=text, format="csv", encoding=encoding, records=records)


def _rows(text: str) -> list[list[str]]:
    sample = text[:_SNIFF_BYTES]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t|")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))  # whole articles in a cell
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise NotText(f"damaged CSV file ({error})") from error


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [name.lower() for name in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _text_column(header: list[str], body: list[list[str]]) -> int:
    named = _find(header, _TEXT_NAMES)
    if named is not None:
        return named
    width = max(len(header), *(len(row) for row in body)) if body else len(header)
    averages = [
        sum(len(_cell(row, column)) for row in body) / max(1, len(body)) for column in range(width)
    ]
    return max(range(width), key=lambda column: averages[column])


def _cell(row: list[str], column: int) -> str:
    return row[column] if column < len(row) else ""
