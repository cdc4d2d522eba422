"""One file to a :class:`RawDocument`, or to a one-line reason why not.

The app imports whatever folder a researcher drops on it, so a reader must never raise:
every failure, expected or not, comes back as a :class:`ReadError` the window can list.
Anything that is not a regular file (a folder, a pipe that would block for ever, a device)
and anything over its size limit is refused before a byte is read. The limits are far above
any article or report and well below what would make the app slow: the text formats get
50 MB (a 50 MB text is some eight million words), Word files 50 MB, PDFs 200 MB (scans and
images make honest PDFs large). Imports run this inside the time- and memory-limited child
of :mod:`analysis.ingest.sandbox`.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from analysis.corpus import RawDocument, ReadError
from analysis.ingest.csv_reader import read_csv
from analysis.ingest.decoding import NotText, decode_bytes
from analysis.ingest.docx_reader import read_docx
from analysis.ingest.html_reader import read_html
from analysis.ingest.naming import printable
from analysis.ingest.pdf_reader import PdfExtractor, extract
from analysis.progress import Cancelled, CancelToken

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".csv": "csv",
}
SUPPORTED = ".txt, .md, .html, .htm, .docx, .pdf, .csv"
MAX_BYTES = 50 * 1024 * 1024
MAX_PDF_BYTES = 200 * 1024 * 1024


def read_file(
    path: str | Path,
    pdf: PdfExtractor | None = None,
    cancel: CancelToken | None = None,
    *,
    inline_pdf: bool = False,
) -> RawDocument | ReadError:
    """Decode one file. ``pdf`` lets a caller share one PDF child across many files;
    ``inline_pdf`` reads PDFs in this process, for callers already inside a limited child."""
    name = printable(path)
    try:
        raw = _read(Path(os.fsdecode(path)), pdf, cancel, inline_pdf)
    except Cancelled:
        raise
    except NotText as error:
        return ReadError(name, str(error))
    except FileNotFoundError:
        return ReadError(name, "file not found")
    except IsADirectoryError:
        return ReadError(name, "is a folder, not a file")
    except PermissionError:
        return ReadError(name, "permission denied")
    except OSError as error:
        if error.errno == errno.ELOOP:
            return ReadError(name, "symbolic link loop (the link points back at itself)")
        return ReadError(name, f"could not be read ({error.strerror or type(error).__name__})")
    except MemoryError:
        return ReadError(name, "too large or complex to read (ran out of memory)")
    except Exception as error:  # noqa: BLE001 - a bad file must never take the import down
        return ReadError(name, f"could not be read (unexpected {type(error).__name__})")
    raw.path = name
    return raw


def _read(
    path: Path, pdf: PdfExtractor | None, cancel: CancelToken | None, inline_pdf: bool
) -> RawDocument:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise NotText(f"unsupported file type ({path.suffix or 'no extension'}); reads {SUPPORTED}")
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotText("not a regular file (a pipe, device or socket)")
    limit = MAX_PDF_BYTES if kind == "pdf" else MAX_BYTES
    if info.st_size > limit:
        raise NotText(f"too large ({_mb(info.st_size)}; the limit is {_mb(limit)})")
    if info.st_size == 0:
        raise NotText("empty file")
    name = str(path)
    if kind == "pdf":
        return _require_text(_read_pdf(name, pdf, cancel, inline_pdf))
    data = _read_capped(path, limit)
    if kind == "docx":
        return _require_text(read_docx(name, data))
    if kind == "html":
        return _require_text(read_html(name, data))
    text, encoding = decode_bytes(data)
    if not text.strip():
        raise NotText("empty file")
    if kind == "csv":
        return read_csv(name, text, encoding)
    return RawDocument(path=name, text=text, format=kind, encoding=encoding)


def _read_pdf(
    name: str, pdf: PdfExtractor | None, cancel: CancelToken | None, inline: bool
) -> RawDocument:
    if inline:
        try:
            text, title, author = extract(name)
        except (NotText, OSError, MemoryError):
            raise
        except Exception as error:  # noqa: BLE001 - to a user, any parser failure is damage
            raise NotText(f"damaged PDF file ({type(error).__name__})") from error
        return RawDocument(path=name, text=text, format="pdf", title=title, author=author)
    if pdf is not None:
        return pdf.read(name, cancel)
    with PdfExtractor() as own:
        return own.read(name, cancel)


def _read_capped(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing a file that grew past the limit since it was measured."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotText(f"too large (over {_mb(limit)})")
    return data


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 1024:.0f} kB"


def _require_text(raw: RawDocument) -> RawDocument:
    if not raw.text.strip():
        raise NotText("empty file" if raw.format != "html" else "no text in the page")
    return raw
