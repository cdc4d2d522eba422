"""One file to a :class:`RawDocument`, or to a one-line reason why not.

The app imports whatever folder a researcher drops on it, so a reader must never raise:
every failure, expected or not, comes back as a :class:`ReadError` the window can list.
"""

from __future__ import annotations

from pathlib import Path

from analysis.corpus import RawDocument, ReadError
from analysis.ingest.csv_reader import read_csv
from analysis.ingest.decoding import NotText, decode_bytes
from analysis.ingest.docx_reader import read_docx
from analysis.ingest.html_reader import read_html
from analysis.ingest.pdf_reader import PdfExtractor
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
MAX_BYTES = 250 * 1024 * 1024


def read_file(
    path: str | Path, pdf: PdfExtractor | None = None, cancel: CancelToken | None = None
) -> RawDocument | ReadError:
    """Decode one file. ``pdf`` lets a caller share one PDF child across many files."""
    name = str(path)
    try:
        return _read(Path(path), pdf, cancel)
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
        return ReadError(name, f"could not be read ({error.strerror or type(error).__name__})")
    except Exception as error:  # noqa: BLE001 - a bad file must never take the import down
        return ReadError(name, f"could not be read (unexpected {type(error).__name__})")


def _read(path: Path, pdf: PdfExtractor | None, cancel: CancelToken | None) -> RawDocument:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise NotText(f"unsupported file type ({path.suffix or 'no extension'}); reads {SUPPORTED}")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise NotText(f"file too large ({size // 2**20} MB; limit {MAX_BYTES // 2**20} MB)")
    if size == 0:
        raise NotText("empty file")
    name = str(path)
    if kind == "pdf":
        if pdf is not None:
            return _require_text(pdf.read(name, cancel))
        with PdfExtractor() as own:
            return _require_text(own.read(name, cancel))
    data = path.read_bytes()
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


def _require_text(raw: RawDocument) -> RawDocument:
    if not raw.text.strip():
        raise NotText("empty file" if raw.format != "html" else "no text in the page")
    return raw
