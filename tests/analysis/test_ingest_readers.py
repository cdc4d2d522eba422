"""Readers: encodings, formats, hostile files, folders, progress and cancel."""

from __future__ import annotations

import codecs
import io
import sys
import zipfile
from pathlib import Path

import pytest

from analysis.corpus import RawDocument, ReadError
from analysis.ingest import clean_document, load_paths, read_file
from analysis.ingest.pdf_reader import PdfExtractor
from analysis.progress import Cancelled, CancelToken

SAMPLE = "Councils “should” decide – locally.\nThe centre sets standards.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def read_ok(path: Path) -> RawDocument:
    raw = read_file(path)
    assert isinstance(raw, RawDocument), raw
    return raw


def read_error(path: Path) -> str:
    raw = read_file(path)
    assert isinstance(raw, ReadError), raw
    assert "\n" not in raw.reason and raw.reason
    return raw.reason


# --- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-16-le"),
        SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("cp1252"),
        SAMPLE.replace("\n", "\r\n").encode("utf-8"),
        SAMPLE.replace("\n", "\r").encode("cp1252"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "cp1252",
        "crlf",
        "cr",
    ],  # fmt: skip
)
def test_encodings_decode_to_the_same_text(tmp_path, data):
    raw = read_ok(write(tmp_path, "a.txt", data))
    assert raw.text == SAMPLE


def test_latin1_fallback_for_bytes_cp1252_does_not_define(tmp_path):
    raw = read_ok(write(tmp_path, "a.txt", b"Caf\xe9 \x81 local"))
    assert raw.encoding == "latin-1" and raw.text.startswith("Café")


def test_typographic_characters_are_kept_so_offsets_stay_exact(tmp_path):
    text = "A\u00a0B ‘quoted’ – “double”\n"
    raw = read_ok(write(tmp_path, "a.txt", text.encode("utf-8")))
    assert raw.text == text and len(raw.text) == len(text)


def test_binary_named_txt_is_refused(tmp_path):
    assert read_error(write(tmp_path, "b.txt", bytes(range(256)) * 20)) == "binary file, not text"
    control = bytes([1, 2, 3, 4, 5, 6, 7, 65]) * 100
    assert read_error(write(tmp_path, "c.txt", control)) == "binary file, not text"


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n   "])
def test_empty_or_blank_file(tmp_path, data):
    assert read_error(write(tmp_path, "e.txt", data)) == "empty file"


def test_unsupported_and_missing_files(tmp_path):
    assert "unsupported file type" in read_error(write(tmp_path, "x.rtf", b"{\\rtf1}"))
    assert read_error(tmp_path / "missing.txt") == "file not found"


# --- html --------------------------------------------------------------------------------

PAGE = b"""<!doctype html><html><head><title>Local care plans | Our Site</title>
<style>p { color: red }</style><script>var x = "not prose";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>Local care plans</h1><p>Boards should hold the
budget &amp; answer to voters.</p><p>A second<br>paragraph.</p>
<noscript>Enable scripts</noscript><template><p>hidden</p></template>
<footer><p>Our address line</p></footer></body></html>"""


def test_html_becomes_paragraphs_without_scripts(tmp_path):
    raw = read_ok(write(tmp_path, "p.html", PAGE))
    assert raw.title == "Local care plans | Our Site"
    assert "Boards should hold the budget & answer to voters." in raw.text
    assert "A second\nparagraph." in raw.text
    assert "\n\nLocal care plans\n\n" in raw.text
    for hidden in ("color", "not prose", "Enable scripts", "hidden"):
        assert hidden not in raw.text


def test_html_navigation_and_footer_are_marked_furniture(tmp_path):
    raw = read_ok(write(tmp_path, "p.htm", PAGE))
    marked = [raw.text[a:b] for a, b in raw.boilerplate]
    assert any("Home" in m and "News" in m for m in marked)
    assert any("Our address line" in m for m in marked)
    (document,) = clean_document(raw)
    assert document.title == "Local care plans"
    start = document.text.index("Boards should")
    assert not any(a <= start < b for a, b in document.boilerplate)
    footer = document.text.index("Our address line")
    assert any(a <= footer < b for a, b in document.boilerplate)


def test_html_declared_charset_is_honoured(tmp_path):
    data = '<meta charset="windows-1252"><p>“Local” care</p>'.encode("cp1252")
    assert "“Local” care" in read_ok(write(tmp_path, "c.html", data)).text


# --- docx --------------------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CORE = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Care at home'
    "</dc:title><dc:creator>Jo Example</dc:creator></cp:coreProperties>"
)


def docx_bytes(body: str, extra: dict[str, bytes] | None = None, core: str = CORE) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>"
        )
        archive.writestr("docProps/core.xml", core)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


BODY = (
    "<w:p><w:r><w:t>First</w:t><w:tab/><w:t>para</w:t></w:r></w:p><w:p/>"
    '<w:p><w:r><w:t xml:space="preserve">Line one</w:t><w:br/><w:t>line two</w:t></w:r></w:p>'
)


def test_docx_paragraphs_title_and_author(tmp_path):
    raw = read_ok(write(tmp_path, "d.docx", docx_bytes(BODY)))
    assert raw.text == "First\tpara\n\nLine one\nline two"
    assert (raw.title, raw.author) == ("Care at home", "Jo Example")
    (document,) = clean_document(raw)
    assert document.author == "Jo Example" and document.title == "Care at home"


def test_truncated_docx_is_damaged(tmp_path):
    data = docx_bytes(BODY)
    reason = read_error(write(tmp_path, "t.docx", data[: len(data) // 2]))
    assert reason.startswith("damaged .docx file")


def test_zip_bomb_like_docx_is_refused(tmp_path):
    bomb = docx_bytes(BODY, {"word/media/fill.bin": b"\0" * (8 * 1024 * 1024)})
    assert "zip bomb" in read_error(write(tmp_path, "bomb.docx", bomb))


def test_docx_with_too_many_parts_is_refused(tmp_path):
    many = {f"word/media/{n}.txt": b"x" for n in range(1001)}
    assert "parts" in read_error(write(tmp_path, "many.docx", docx_bytes(BODY, many)))


def test_docx_with_entity_declarations_is_refused(tmp_path):
    evil = '<!DOCTYPE w [<!ENTITY a "aaaa">]>'
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("word/document.xml", f"{evil}<w:document {W}><w:body/></w:document>")
    assert "DOCTYPE" in read_error(write(tmp_path, "x.docx", data.getvalue()))


def test_zip_that_is_not_word(tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "not a Word document" in read_error(write(tmp_path, "n.docx", data.getvalue()))


# --- pdf ---------------------------------------------------------------------------------


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a standard font, written object by object with a correct xref."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({x}) '" for x in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


PDF_LINES = ["Care closer to home", "Councils should plan services with their residents."]


def test_pdf_text_is_extracted_in_a_child_process(tmp_path):
    raw = read_ok(write(tmp_path, "p.pdf", tiny_pdf(PDF_LINES)))
    assert raw.format == "pdf"
    assert "Care closer to home" in raw.text and "with their residents." in raw.text


def test_truncated_pdf_is_damaged(tmp_path):
    data = tiny_pdf(PDF_LINES)
    assert "damaged PDF" in read_error(write(tmp_path, "cut.pdf", data[: len(data) // 2]))


def test_encrypted_pdf_needs_a_password(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(tiny_pdf(PDF_LINES))))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "encrypted" in read_error(write(tmp_path, "lock.pdf", buffer.getvalue()))


def test_pdf_without_text(tmp_path):
    assert "no text in PDF" in read_error(write(tmp_path, "blank.pdf", tiny_pdf([])))


def test_pdf_deadline_stops_the_child(tmp_path):
    path = write(tmp_path, "p.pdf", tiny_pdf(PDF_LINES))
    with PdfExtractor(timeout=0.01) as extractor:
        raw = read_file(path, pdf=extractor)
    assert isinstance(raw, ReadError) and "took too long" in raw.reason


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="address-space limit is Linux-only"
)
def test_pdf_memory_limit_ends_in_a_reason_not_a_crash(tmp_path):
    path = write(tmp_path, "p.pdf", tiny_pdf(PDF_LINES))
    with PdfExtractor(memory_limit=32 * 1024 * 1024) as starved:
        raw = read_file(path, pdf=starved)
    assert isinstance(raw, ReadError) and "PDF" in raw.reason


# --- csv ---------------------------------------------------------------------------------


def test_csv_rows_become_documents_with_their_metadata(tmp_path):
    data = (
        b"ID;Headline;Author;Body\n"
        b"a1;Boards;Ann Lee;Health boards should control the budget locally.\n"
        b"a2;Standards;;National standards must apply everywhere, said the minister.\n"
        b";;;\n"
    )
    raw = read_ok(write(tmp_path, "rows.csv", data))
    documents = clean_document(raw)
    assert [d.part for d in documents] == [0, 1]
    assert documents[0].title == "Boards" and documents[0].author == "Ann Lee"
    assert documents[1].text.startswith("National standards")


def test_csv_without_a_named_text_column_uses_the_longest(tmp_path):
    data = b"code,comment\n1,Short\n2,Local people know best what their area needs from care.\n"
    documents = clean_document(read_ok(write(tmp_path, "x.csv", data)))
    assert documents[-1].text.startswith("Local people")


def test_csv_with_only_a_header(tmp_path):
    assert "no data rows" in read_error(write(tmp_path, "h.csv", b"text,title\n"))


# --- folders, progress, cancel -----------------------------------------------------------


def test_folder_is_read_recursively_sorted_and_skips_hidden_and_projects(tmp_path):
    write(tmp_path, "b.txt", b"Second file text.")
    write(tmp_path, "a.md", b"# First\n\nFirst file text.")
    write(tmp_path, "sub/c.txt", b"Nested file text.")
    write(tmp_path, ".hidden.txt", b"Hidden text.")
    write(tmp_path, ".git/d.txt", b"Hidden folder text.")
    write(tmp_path, "p.stancemap", b"SQLite format 3\0")
    write(tmp_path, "README.md", b"About this folder.")
    result = load_paths([tmp_path])
    assert [Path(d.file).name for d in result.documents] == ["a.md", "b.txt", "c.txt"]
    assert result.errors == []


def test_bad_files_fail_alone_and_the_rest_still_import(tmp_path):
    write(tmp_path, "good.txt", b"Councils should decide how money is spent locally.")
    write(tmp_path, "bin.txt", bytes(range(256)) * 8)
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "cut.docx", docx_bytes(BODY)[:300])
    write(tmp_path, "cut.pdf", tiny_pdf(PDF_LINES)[:300])
    result = load_paths([tmp_path])
    assert [Path(d.file).name for d in result.documents] == ["good.txt"]
    names = sorted(Path(e.path).name for e in result.errors)
    assert names == ["bin.txt", "cut.docx", "cut.pdf", "empty.txt"]


def test_folder_with_nothing_readable(tmp_path):
    write(tmp_path, "image.png", b"\x89PNG")
    result = load_paths([tmp_path])
    assert result.documents == []
    assert len(result.errors) == 1 and result.errors[0].path == str(tmp_path)
    assert result.errors[0].reason.startswith("no readable files (.txt, .md")


def test_progress_is_reported_per_file(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path, name, b"Some text for the file.")
    seen: list[tuple[float, str]] = []
    load_paths([tmp_path], progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert len(seen) == 4 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert "a.txt" in seen[0][1]


def test_cancel_stops_the_import(tmp_path):
    for name in ("a.txt", "b.txt"):
        write(tmp_path, name, b"Some text for the file.")
    token = CancelToken()

    def cancel_after_first(fraction: float, message: str) -> None:
        if fraction > 0:
            token.cancel()

    with pytest.raises(Cancelled):
        load_paths([tmp_path], progress=cancel_after_first, cancel=token)


def test_files_read_by_alternate_children_come_back_in_order_with_the_broken_one_reported(
    tmp_path,
):
    import gc

    for i in range(7):
        write(tmp_path, f"{i}.txt", f"Paragraph number {i} of the corpus.".encode())
    write(tmp_path, "3.txt", bytes(range(256)) * 40)  # not text: reported, the rest read
    result = load_paths([tmp_path])
    assert [d.file for d in result.documents] == [
        str(tmp_path / f"{i}.txt") for i in (0, 1, 2, 4, 5, 6)
    ]
    assert [e.path for e in result.errors] == [str(tmp_path / "3.txt")]
    assert gc.isenabled()


def test_an_import_leaves_garbage_collection_as_it_found_it(tmp_path):
    import gc

    from analysis.store import Project
    from analysis.workflow import import_corpus

    write(tmp_path, "a.txt", b"Councils should run care.\n\nThe board met on Tuesday.")
    with Project(":memory:") as project:
        import_corpus(project, [tmp_path], classify=False)
        assert gc.isenabled()
        token = CancelToken()
        token.cancel()
        with pytest.raises(Cancelled):
            import_corpus(project, [tmp_path], cancel=token)
        assert gc.isenabled()
