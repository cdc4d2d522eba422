"""PDF text extraction in a child process that we can stop.

PDF parsers can be made to loop or to allocate without bound by a crafted file, and no
in-process timeout can interrupt pure-Python code safely. So pypdf runs in a spawned child
with an address-space limit (on Linux) and the parent waits with a deadline: a hostile PDF
costs us one killed process and a one-line reason, never a hung or exhausted app.

Spawning costs a fraction of a second, so one child serves every PDF of an import and is
replaced only after it had to be killed. Other formats never start it.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
from multiprocessing.connection import Connection

from analysis.corpus import RawDocument
from analysis.ingest.decoding import NotText, normalise_newlines
from analysis.progress import CancelToken

TIMEOUT_SECONDS = 20.0
MEMORY_LIMIT = 1536 * 1024 * 1024
_POLL = 0.1


class PdfExtractor:
    """Reads PDFs one at a time in a reusable child; use as a context manager."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS, memory_limit: int = MEMORY_LIMIT):
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> PdfExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, path: str, cancel: CancelToken | None = None) -> RawDocument:
        """Raises :class:`NotText` with the reason when the PDF gives no text."""
        conn = self._ensure_child()
        conn.send(path)
        waited = 0.0
        while not conn.poll(_POLL):
            waited += _POLL
            if cancel is not None and cancel.cancelled:
                self._kill()
                cancel.check()
            if waited >= self.timeout:
                self._kill()
                raise NotText(f"PDF took too long to read (over {self.timeout:g} s)")
        try:
            status, payload = conn.recv()
        except (EOFError, OSError) as error:
            self._kill()
            raise NotText("PDF reader stopped (file too large or malformed)") from error
        if status != "ok":
            raise NotText(payload)
        text, title, author = payload
        return RawDocument(path=path, text=text, format="pdf", title=title, author=author)

    def close(self) -> None:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            try:
                self._conn.send(None)
            except OSError:
                pass
            self._process.join(timeout=1.0)
        self._kill()

    def _ensure_child(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._kill()
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, self.memory_limit), daemon=True, name="stancemap-pdf"
        )
        self._process.start()
        child.close()
        self._conn = parent
        return parent

    def _kill(self) -> None:
        process = self._process
        if process is not None and process.pid is not None:
            if process.is_alive():
                process.kill()
            process.join(timeout=2.0)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None


def _serve(conn: Connection, memory_limit: int) -> None:
    """The child's loop: a path in, ("ok", (text, title, author)) or ("error", reason) out."""
    _limit_memory(memory_limit)
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


def _limit_memory(limit: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


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
