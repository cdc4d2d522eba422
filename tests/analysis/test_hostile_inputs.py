"""Hostile files, generated at test time, imported next to one good file.

Every case must end in one of two ways: imported, or skipped with a one-line reason, and in
both the good file beside it is imported. ``CASES`` is also the source of the table in
docs/hostile-inputs.md.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from analysis.corpus import ReadError
from analysis.ingest import load_paths, read_file
from analysis.ingest.sandbox import FileReader

GOOD = "Councils should decide how the money for care is spent in their own area.\n"
IMPORTED = "imported"


def _docx(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _body(text: str) -> str:
    return (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )


_BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-16"?>'
    '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' + _body("&b;")
)


def _write(folder: Path, name: str | bytes, data: bytes) -> Path:
    path = Path(os.fsdecode(folder)) / os.fsdecode(name)
    path.write_bytes(data)
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _loop(folder: Path) -> Path:
    path = folder / "loop.txt"
    path.symlink_to(path.name)
    return path


def _sparse(folder: Path, name: str, size: int) -> Path:
    path = folder / name
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def _folder_named_txt(folder: Path) -> Path:
    inner = folder / "x.txt"
    inner.mkdir()
    (inner / "inside.txt").write_text(GOOD)
    return inner


# (id, builder, expected): expected is IMPORTED or a phrase the one-line reason must hold.
CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("name-not-utf8", lambda d: _write(d, b"caf\xe9-\xff.txt", GOOD.encode()), IMPORTED),
    ("name-newline-ansi", lambda d: _write(d, "a\nb\x1b[31m.txt", b""), "empty file"),
    ("symlink-loop", _loop, "symbolic link loop"),
    ("fifo-named-txt", _fifo, "not a regular file"),
    ("folder-named-x.txt", _folder_named_txt, IMPORTED),
    ("empty-txt", lambda d: _write(d, "empty.txt", b""), "empty file"),
    ("empty-docx", lambda d: _write(d, "empty.docx", b""), "empty file"),
    ("empty-pdf", lambda d: _write(d, "empty.pdf", b""), "empty file"),
    ("empty-html", lambda d: _write(d, "empty.html", b""), "empty file"),
    ("whitespace-txt", lambda d: _write(d, "blank.txt", b" \n\t\n" * 100), "empty file"),
    ("binary-as-txt", lambda d: _write(d, "junk.txt", bytes(range(256)) * 64), "binary file"),
    ("binary-as-md", lambda d: _write(d, "junk.md", os.urandom(4096)), "binary file"),
    ("binary-as-csv", lambda d: _write(d, "junk.csv", b"\x00\x01\x02" * 999), "binary file"),
    ("binary-as-docx", lambda d: _write(d, "junk.docx", os.urandom(4096)), "damaged .docx"),
    ("binary-as-pdf", lambda d: _write(d, "junk.pdf", os.urandom(4096)), "PDF"),
    ("zip-as-docx", lambda d: _write(d, "z.docx", _docx({"a.txt": b"x"})), "not a Word doc"),
    (
        "zip-bomb-docx",
        lambda d: _write(d, "bomb.docx", _docx({"word/document.xml": b" " * (4 << 20)})),
        "zip bomb",
    ),
    (
        "docx-1500-parts",
        lambda d: _write(d, "many.docx", _docx({f"p{i}": b"" for i in range(1500)})),
        "holds 1500 parts",
    ),
    (
        "docx-utf16-doctype",
        lambda d: _write(
            d,
            "laughs.docx",
            _docx({"word/document.xml": codecs.BOM_UTF16_LE + _BILLION_LAUGHS.encode("utf-16-le")}),
        ),
        "DOCTYPE",
    ),
    (
        "docx-utf16-no-bom-doctype",
        lambda d: _write(
            d, "laughs2.docx", _docx({"word/document.xml": _BILLION_LAUGHS.encode("utf-16-be")})
        ),
        "DOCTYPE",
    ),
    (
        "docx-bogus-encoding",
        lambda d: _write(
            d,
            "enc.docx",
            _docx({"word/document.xml": b'<?xml version="1.0" encoding="x-none"?><a/>'}),
        ),
        "unreadable encoding",
    ),
    ("html-endtag-x1M", lambda d: _write(d, "lt.html", b"</" * 1_000_000), IMPORTED),
    ("html-comment-x500k", lambda d: _write(d, "c.html", b"<!--" * 500_000), IMPORTED),
    ("html-marked-section", lambda d: _write(d, "m.html", b"<![" * 1000 + b">"), "damaged HTML"),
    ("html-nested-200k", lambda d: _write(d, "n.html", b"<div>" * 200_000 + b"deep"), IMPORTED),
    (
        "html-unbalanced-nav",
        lambda d: _write(d, "nav.html", b"<nav>" * 100_000 + b"x" + b"</aside>" * 100_000),
        IMPORTED,
    ),
    ("html-script-only", lambda d: _write(d, "s.html", b"<script>" + b"x" * 9999), "no text"),
    ("txt-200MB", lambda d: _sparse(d, "huge.txt", 200 << 20), "too large (200 MB; the limit"),
    ("pdf-300MB", lambda d: _sparse(d, "huge.pdf", 300 << 20), "too large (300 MB; the limit"),
    (
        "txt-300k-one-word-lines",
        lambda d: _write(d, "lines.txt", b"a\n" * 300_000),
        "too many paragraphs (300,000; the limit is 250,000 per file)",
    ),
    (
        "csv-300k-rows",
        lambda d: _write(d, "rows.csv", b"text\n" + b"ok\n" * 300_000),
        "too many paragraphs (300,000; the limit",
    ),
    ("csv-header-only", lambda d: _write(d, "h.csv", b"text,title\n"), "no data rows"),
    (
        "utf8-one-bad-byte",
        lambda d: _write(d, "bad.txt", ("Café “care” – " * 20 + GOOD).encode() + b"\x92"),
        IMPORTED,
    ),
    ("unsupported-type", lambda d: _write(d, "x.rtf", b"{\\rtf1}"), "unsupported file type"),
]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every case in its own folder plus one good file, read in one import."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "good.txt").write_text(GOOD)
    made = {}
    for case_id, build, _ in CASES:
        folder = root / case_id
        folder.mkdir()
        made[case_id] = build(folder)
    paths = [root / "good.txt"] + [made[case_id] for case_id, _, _ in CASES]
    start = time.perf_counter()
    result = load_paths(paths)
    return made, result, time.perf_counter() - start


def _outcome(made: Path, result) -> tuple[list, list[ReadError]]:
    from analysis.ingest.naming import printable

    shown = printable(made)
    documents = [d for d in result.documents if d.file.startswith(shown)]
    errors = [e for e in result.errors if e.path.startswith(shown)]
    return documents, errors


@pytest.mark.parametrize(("case_id", "expected"), [(c, e) for c, _, e in CASES])
def test_each_hostile_file_is_imported_or_skipped_with_one_line(imported, case_id, expected):
    made, result, _ = imported
    documents, errors = _outcome(made[case_id], result)
    if expected == IMPORTED:
        assert documents and not errors, errors
    else:
        assert len(errors) == 1 and not documents, (documents, errors)
        line = str(errors[0])
        assert expected in errors[0].reason
        assert "\n" not in line and "\x1b" not in line and line.isprintable()


def test_the_good_file_survives_every_hostile_neighbour(imported):
    _, result, seconds = imported
    assert any(d.file.endswith("good.txt") for d in result.documents)
    assert seconds < 120  # the slowest honest case is a few seconds; a hang would be minutes


def test_undecodable_name_is_stored_escaped(imported):
    made, result, _ = imported
    (document,) = _outcome(made["name-not-utf8"], result)[0]
    assert document.file.endswith("caf\\xe9-\\xff.txt")
    document.file.encode("utf-8")  # storable and printable


def test_one_invalid_byte_keeps_the_file_utf8(imported):
    made, result, _ = imported
    (document,) = _outcome(made["utf8-one-bad-byte"], result)[0]
    assert "Café “care”" in document.text and "\ufffd" in document.text


def test_a_ten_megabyte_csv_cell_and_paragraph_import(tmp_path):
    cell = "Local boards know their towns. " * 330_000
    (tmp_path / "big.csv").write_text(f'text,title\n"{cell}",Big\nshort row text,Small\n')
    (tmp_path / "para.txt").write_text(cell)
    result = load_paths([tmp_path])
    assert result.errors == []
    lengths = sorted(len(d.text.strip()) for d in result.documents)
    assert lengths == [len("short row text"), len(cell.strip()), len(cell.strip())]


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True,
    reason="root reads files whatever their permissions",
)
def test_unreadable_file_is_skipped(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(GOOD)
    path.chmod(0)
    raw = read_file(path)
    assert isinstance(raw, ReadError) and raw.reason == "permission denied"


def test_a_reader_over_its_time_budget_is_stopped(tmp_path):
    path = tmp_path / "slow.html"
    path.write_bytes(b"<p>" + b"Councils decide. " * 50_000)
    with FileReader(base_seconds=0.0, seconds_per_mb=0.0) as reader:
        outcome = reader.load(str(path))
        assert isinstance(outcome, ReadError) and "took too long" in outcome.reason
        assert isinstance(reader.load(str(tmp_path / "slow.html")), ReadError)


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="address-space limit is Linux-only"
)
def test_a_reader_over_its_memory_limit_is_stopped_and_replaced(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Councils decide. " * 2_000_000)  # 34 MB, more than the child may hold
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    with FileReader(memory_limit=256 << 20) as reader:
        outcome = reader.load(str(big))
        assert isinstance(outcome, ReadError)
        assert "memory" in outcome.reason or "stopped" in outcome.reason
        documents = reader.load(str(good))
    assert not isinstance(documents, ReadError) and documents[0].text.strip() == GOOD.strip()


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        ("Café “care” – naïve ".encode() * 5 + b"\x92 end", "utf-8", "\ufffd end"),
        ("café naïve – ‘quoted’".encode("cp1252"), "cp1252", "café naïve – ‘quoted’"),
        (b"plain text with one \x92s quote", "cp1252", "one ’s quote"),
    ],
    ids=["utf8-with-one-stray-byte", "real-cp1252", "ascii-with-one-cp1252-quote"],
)
def test_one_invalid_byte_does_not_turn_utf8_into_latin1(data, encoding, expected):
    from analysis.ingest.decoding import decode_bytes

    text, used = decode_bytes(data)
    assert used == encoding and expected in text
    assert "Ã" not in text  # no mojibake of the valid UTF-8 around the stray byte


def test_printable_escapes_every_name_a_terminal_would_misuse():
    from analysis.ingest.naming import printable

    assert printable(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert printable("a\nb\x1b[31m\u2028.txt") == "a\\nb\\x1b[31m\\u2028.txt"
    assert printable("Café “report”.txt") == "Café “report”.txt"
    assert printable(b"raw\xffbytes") == "raw\\xffbytes"


def _import_in_child(folder: str, queue) -> None:
    result = load_paths([folder])
    queue.put(([Path(d.file).name for d in result.documents], [e.reason for e in result.errors]))


def test_import_inside_a_daemonic_process_still_reads_in_a_limited_child(tmp_path):
    """The window runs its verbs in a daemonic child, which multiprocessing forbids to have
    children: the import failed with "daemonic processes are not allowed to have children"."""
    import multiprocessing

    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "empty.txt").write_bytes(b"")
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_import_in_child, args=(str(tmp_path), queue), daemon=True)
    child.start()
    import queue as queues

    outcome = None
    deadline = time.monotonic() + 120
    while outcome is None and time.monotonic() < deadline:
        try:
            outcome = queue.get(timeout=0.5)
        except queues.Empty:
            assert child.is_alive() or not queue.empty(), f"child ended with {child.exitcode}"
    child.join(timeout=30)
    assert outcome is not None
    names, reasons = outcome
    assert names == ["good.txt"] and reasons == ["empty file"]
