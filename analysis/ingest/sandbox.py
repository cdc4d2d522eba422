"""Every file is read in a child process that we can stop: a time and a memory limit per file.

Why a child and not a cooperative deadline in our own loops: the parsers that do the heavy
work (the standard library's HTML and CSV parsers, zipfile and the XML parser, pypdf) are
not ours, and a crafted file can make them loop, backtrack or allocate without bound. No
in-process timeout can interrupt pure-Python code safely, and a MemoryError in the app's own
process can leave it half-broken. A spawned child with an address-space limit (on Linux),
watched by the parent with a deadline, turns any such file into one killed process and a
one-line reason; the import carries on with a fresh child.

The limits, chosen so that no real article, report or spreadsheet is refused:

* size: checked before anything is read (:data:`analysis.ingest.readers.MAX_BYTES`);
* time: :data:`BASE_SECONDS` plus :data:`SECONDS_PER_MB` for each megabyte of the file, so a
  big but honest file gets the time it needs and a small hostile one is stopped quickly;
* memory: :data:`MEMORY_LIMIT` of address space for the child;
* paragraphs: :data:`MAX_PARAGRAPHS` per file, because every paragraph becomes a passage
  held and classified in the app's own process.

Reading and cleaning both run in the child (cleaning is our code and linear, but it is the
other half of "one file"), so the parent receives finished documents. Spawning costs a
fraction of a second, so one child serves a whole import and is replaced only after it had
to be killed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from multiprocessing.connection import Connection

from analysis.corpus import Document, ReadError
from analysis.ingest.decoding import NotText
from analysis.ingest.naming import printable
from analysis.progress import CancelToken

BASE_SECONDS = 20.0
SECONDS_PER_MB = 2.0
MEMORY_LIMIT = 1536 * 1024 * 1024
MAX_PARAGRAPHS = 250_000
"""Non-blank lines per file; a 50 MB book of real paragraphs has well under 100,000."""
_POLL = 0.1


class ChildRunner:
    """A reusable spawned child serving one job at a time; use as a context manager.

    ``serve(conn, memory_limit)`` is the child's loop: a job in, ``("ok", payload)`` or
    ``("error", reason)`` out, ``None`` to stop.
    """

    def __init__(self, serve: Callable, what: str, timeout: float, memory_limit: int) -> None:
        self._serve = serve
        self.what = what
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._conn_sent: Connection | None = None
        self._limit = self._deadline = 0.0

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, job, cancel: CancelToken | None = None, timeout: float | None = None):
        """The child's payload; :class:`NotText` with a reason when it fails or overruns."""
        self.submit(job, timeout)
        return self.collect(cancel)

    def submit(self, job, timeout: float | None = None) -> None:
        """Start ``job`` in the child; its clock runs from now. :meth:`collect` gets the
        result, so the caller can work on the previous result while the child reads."""
        limit = self.timeout if timeout is None else timeout
        self._conn_sent = self._ensure_child()
        self._conn_sent.send(job)
        self._limit, self._deadline = limit, time.monotonic() + limit

    def collect(self, cancel: CancelToken | None = None):
        """The submitted job's payload, waiting at most until its deadline."""
        conn, limit, deadline = self._conn_sent, self._limit, self._deadline
        while not conn.poll(max(0.0, min(_POLL, deadline - time.monotonic()))):
            if cancel is not None and cancel.cancelled:
                self._kill()
                cancel.check()
            if time.monotonic() >= deadline:
                self._kill()
                raise NotText(f"{self.what} took too long to read (over {limit:g} s)")
            if not self._alive():
                self._kill()
                raise NotText(f"{self.what} reader stopped (file too large or malformed)")
        try:
            status, payload = conn.recv()
        except (EOFError, OSError) as error:
            self._kill()
            raise NotText(f"{self.what} reader stopped (file too large or malformed)") from error
        if status != "ok":
            raise NotText(payload)
        return payload

    def close(self) -> None:
        if self._conn is not None and self._alive():
            try:
                self._conn.send(None)
            except OSError:
                pass
            assert self._process is not None
            self._process.join(timeout=1.0)
        self._kill()

    def _alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def _ensure_child(self) -> Connection:
        if self._alive() and self._conn is not None:
            return self._conn
        self._kill()
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = context.Process(
            target=self._serve,
            args=(child, self.memory_limit),
            daemon=True,
            name=f"stancemap-{self.what.lower()}",
        )
        with children_allowed():
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


@contextmanager
def children_allowed():
    """Let a daemonic process (the window runs its verbs in one) start our reader child.

    multiprocessing refuses children to daemonic processes so that none outlives a parent
    that is killed at exit. Ours cannot linger: it is itself daemonic, it returns when its
    pipe closes, and a CPU-time limit per file ends it mid-parse if its parent is gone."""
    me = multiprocessing.current_process()
    daemonic = me.daemon
    if daemonic:
        me.daemon = False
    try:
        yield
    finally:
        if daemonic:
            me.daemon = True


def limit_cpu(seconds: float) -> None:
    """A CPU-time ceiling from now on: the backstop if the parent that watches us is gone."""
    try:
        import resource
    except ImportError:  # Windows: the parent's deadline is the only limit
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    limit = int(usage.ru_utime + usage.ru_stime + seconds) + 5
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))


def limit_memory(limit: int) -> None:
    """Cap the calling process's address space (Linux only; elsewhere the deadline remains)."""
    if not sys.platform.startswith("linux"):
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class FileReader(ChildRunner):
    """Reads and cleans whole files in the child: a path in, documents or a reason out."""

    def __init__(
        self,
        memory_limit: int = MEMORY_LIMIT,
        base_seconds: float = BASE_SECONDS,
        seconds_per_mb: float = SECONDS_PER_MB,
    ) -> None:
        super().__init__(_serve_files, "File", base_seconds, memory_limit)
        self.seconds_per_mb = seconds_per_mb

    def load(self, path: str, cancel: CancelToken | None = None) -> list[Document] | ReadError:
        self.submit_file(path)
        return self.collect_file(path, cancel)

    def submit_file(self, path: str) -> None:
        """Start reading ``path``; its time limit runs from now."""
        self.submit((path, self._budget(path)), self._budget(path))

    def collect_file(self, path: str, cancel: CancelToken | None = None):
        """The documents of the file last submitted, or a :class:`ReadError` with why not."""
        try:
            return self.collect(cancel)
        except NotText as error:
            return ReadError(printable(path), str(error))

    def _budget(self, path: str) -> float:
        return self.timeout + self.seconds_per_mb * _megabytes(path)


def _check_paragraphs(documents: list[Document]) -> None:
    """Refuse a file of millions of one-word lines: each would become a passage, and the
    passages (not the file) are what the app holds in memory and classifies."""
    if sum(d.text.count("\n") + 1 for d in documents) <= MAX_PARAGRAPHS:  # CSV: rows
        return
    count = sum(1 for d in documents for line in d.text.split("\n") if line.strip())
    if count > MAX_PARAGRAPHS:
        raise NotText(_too_many(count))


def _too_many(count: int) -> str:
    return f"too many paragraphs ({count:,}; the limit is {MAX_PARAGRAPHS:,} per file)"


def _megabytes(path: str) -> float:
    try:
        return os.stat(path).st_size / 2**20
    except OSError:
        return 0.0


def _serve_files(conn: Connection, memory_limit: int) -> None:
    """The child's loop; imports stay here so the parent never loads a parser it needs not."""
    limit_memory(memory_limit)
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its warnings would print as ours
    warnings.simplefilter("ignore")
    from analysis.ingest.cleaning import clean_document
    from analysis.ingest.readers import read_file

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        path, budget = job
        limit_cpu(budget)
        try:
            raw = read_file(path, inline_pdf=True)
            if isinstance(raw, ReadError):
                conn.send(("error", raw.reason))
            else:
                if len(raw.records) > MAX_PARAGRAPHS:  # refuse before cleaning every row
                    raise NotText(_too_many(len(raw.records)))
                documents = clean_document(raw)
                _check_paragraphs(documents)
                conn.send(("ok", documents))
        except NotText as error:
            conn.send(("error", str(error)))
        except MemoryError:
            conn.send(("error", "too large or complex to read (the reader ran out of memory)"))
        except Exception as error:  # noqa: BLE001 - report, keep importing the rest
            conn.send(("error", f"could not be cleaned ({type(error).__name__})"))
