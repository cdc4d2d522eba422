"""PDF text extraction in a child process that we can stop.

PDF parsers can be made to loop or to allocate without bound by a crafted file, and no
in-process timeout can interrupt pure-Python code safely. So pypdf runs in a spawned child
with an address-space limit (on Linux) and the parent waits with a deadline: a hostile PDF
costs us one killed process and a one-line reason, never a hung or exhausted app. The
child machinery is :class:`analysis.ingest.sandbox.ChildRunner`, which every other reader
shares; an import reads PDFs inside that file reader's child, and this class serves callers
that read one PDF on its own.
"""

from __future__ import annotations

import logging
from multiprocessing.connection import Connection

from analysis.corpus import RawDocument
from analysis.ingest.decoding import NotText, normalise_newlines
from analysis.ingest.sandbox import ChildRunner, limit_memory
from analysis.progress import CancelToken

TIMEOUT_SECONDS = 20.0
MEMORY_LIMIT = 1536 * 1024 * 1024


class PdfExtractor(ChildRunner):
    """Reads PDFs one at a time in a reusable child; use as a context manager."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS, memory_limit: int = MEMORY_LIMIT):
        super().__init__(_serve, "PDF", timeout, memory_limit)

    def read(self, path: str, cancel: CancelToken | None = None) -> RawDocument:
        """Raises :class:`NotText` with the reason when the PDF gives no text."""
        text, title, author = self.call(path, cancel)
        return RawDocument(path=path, text=text, format="pdf", title=title, author=author)


def _serve(conn: Connection, memory_limit: int) -> None:
    """The child's loop: a path in, ("ok", (text, title, author)) or ("error", reason) out."""
    limit_memory(memory_limit)
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            conn.send(("ok", extract(path)))
        except NotText as error:
            conn.send(("error", str(error)))
        except MemoryError:
            conn.send(("error", "PDF is too large or complex to read (reader ran out of memory)"))
        except Exception as error:  # noqa: BLE001 - to a user, any parser failure is damage
            conn.send(("error", f"damaged PDF file ({type(error).__name__})"))


def extract(path: str) -> tuple[str, str, str]:
    """Text, title and author of a PDF; runs in the child, never in the app's process."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise NotText("encrypted PDF (needs a password)")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except FileNotDecryptedError as error:
        raise NotText("encrypted PDF (needs a password)") from error
    except PdfReadError as error:
        raise NotText(f"damaged PDF file ({_short(error)})") from error
    text = normalise_newlines("\n\n".join(page for page in pages if page))
    if not text.strip():
        raise NotText("no text in PDF (scanned pages need OCR first)")
    meta = reader.metadata or {}
    return text, str(meta.get("/Title") or ""), str(meta.get("/Author") or "")


def _short(error: Exception) -> str:
    message = " ".join(str(error).split())
    return message[:80] if message else type(error).__name__
