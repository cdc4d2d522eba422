"""Word documents read with the standard library, defensively.

A .docx is a zip of XML parts, and both layers can be turned against a reader: a zip can
claim small sizes and inflate to gigabytes, XML can declare entities that expand without
end. We check the archive's directory against fixed limits, read every part through a
size-capped stream (the directory may lie), and refuse any XML with a DOCTYPE before it
reaches the parser. Only the parts we need are read: the body and the core properties.

The DOCTYPE check runs on the text, not the bytes: a part encoded as UTF-16 (or declared
in any other encoding) hides ``<!DOCTYPE`` from a byte search. So we decode the part
ourselves (byte-order mark, the NUL pattern of UTF-16/32, or the declared encoding), check
the decoded text, drop its XML declaration and hand the parser exactly the text we checked.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from io import BytesIO
from xml.etree import ElementTree

from analysis.corpus import RawDocument
from analysis.ingest.decoding import NotText, normalise_newlines

MAX_ENTRIES = 1000
MAX_TOTAL = 200 * 1024 * 1024
MAX_ENTRY = 100 * 1024 * 1024
MAX_RATIO = 100
_RATIO_FLOOR = 1024 * 1024
"""Entries smaller than this cannot exhaust anything, whatever their ratio (XML compresses well)."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})""")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NUL_PATTERNS = {
    b"\x00\x00\x00<": "utf-32-be",
    b"<\x00\x00\x00": "utf-32-le",
    b"\x00<\x00?": "utf-16-be",
    b"<\x00?\x00": "utf-16-le",
}


def read_docx(path: str, data: bytes) -> RawDocument:
    """Raises :class:`NotText` with a user-facing reason for anything we will not read."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError) as error:
        raise NotText("damaged .docx file (not a complete zip archive)") from error
    with archive:
        check_limits(archive)
        body = read_part(archive, "word/document.xml")
        if body is None:
            raise NotText("not a Word document (no word/document.xml inside)")
        text = normalise_newlines("\n\n".join(_paragraphs(_parse(body))))
        title, author = _core_properties(archive)
    if not text.strip():
        raise NotText("empty file")
    return RawDocument(path=path, text=text, format="docx", title=title, author=author)


def check_limits(archive: zipfile.ZipFile, kind: str = ".docx") -> None:
    """Refuse an archive whose directory promises more than we will unpack (also for .qdpx)."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise NotText(f"refused: {kind} holds {len(entries)} parts (limit {MAX_ENTRIES})")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_TOTAL:
        raise NotText(f"refused: {kind} would unpack to {total // 2**20} MB (limit 200 MB)")
    for entry in entries:
        if entry.file_size > MAX_ENTRY:
            raise NotText(f"refused: a part of the {kind} is larger than 100 MB")
        ratio = entry.file_size / max(1, entry.compress_size)
        if entry.file_size >= _RATIO_FLOOR and ratio > MAX_RATIO:
            raise NotText(f"refused: {kind} is compressed suspiciously well (possible zip bomb)")


def read_part(archive: zipfile.ZipFile, name: str, kind: str = ".docx") -> bytes | None:
    """One entry through a size-capped stream, because the directory's sizes may lie."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_ENTRY + 1)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise NotText(f"damaged {kind} file (a part cannot be unpacked)") from error
    if len(data) > MAX_ENTRY:
        raise NotText(f"refused: a part of the {kind} is larger than 100 MB")
    return data


def _parse(xml: bytes) -> ElementTree.Element:
    text = _XML_DECL.sub("", _xml_text(xml), count=1)
    if _DECLARATION.search(text):
        raise NotText("refused: .docx contains XML declarations (DOCTYPE/ENTITY) we do not allow")
    try:
        return ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise NotText("damaged .docx file (unreadable XML)") from error


def _xml_text(xml: bytes) -> str:
    """The part decoded the way an XML parser would (XML 1.0, appendix F)."""
    encoding = next((name for bom, name in _BOMS if xml.startswith(bom)), None)
    encoding = encoding or _NUL_PATTERNS.get(xml[:4])
    if encoding is None:
        declared = _DECLARED.match(xml)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return xml.decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        raise NotText("damaged .docx file (XML in an unreadable encoding)") from error


def _paragraphs(root: ElementTree.Element) -> list[str]:
    """Text of each w:p in document order, tabs and line breaks kept, empty ones dropped."""
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        pieces = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                pieces.append(node.text)
            elif node.tag == f"{_W}tab":
                pieces.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                pieces.append("\n")
        text = "".join(pieces).strip()
        if text:
            paragraphs.append(text)
    return paragraphs


def _core_properties(archive: zipfile.ZipFile) -> tuple[str, str]:
    data = read_part(archive, "docProps/core.xml")
    if data is None:
        return "", ""
    try:
        root = _parse(data)
    except NotText:
        return "", ""  # the body was fine; a bad metadata part only costs us the title
    title = root.findtext(f"{_DC}title") or ""
    author = root.findtext(f"{_DC}creator") or ""
    return " ".join(title.split()), " ".join(author.split())
