"""Importing files and folders as one step with progress, cancel and a list of what failed.

This is what the window's drop target and ``stancemap import`` call. Bad files are reported
and skipped so one corrupt PDF never costs a researcher the other two hundred articles:
each file is read and cleaned in the limited child of :mod:`analysis.ingest.sandbox`, and
nothing about a file's name (undecodable bytes, symbolic link loops, control characters)
can stop the walk over a folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from analysis.corpus import Document, ReadError
from analysis.ingest.naming import printable
from analysis.ingest.readers import FORMATS, SUPPORTED
from analysis.ingest.sandbox import FileReader
from analysis.progress import CancelToken, Progress, no_progress

_SKIPPED_NAMES = ("readme", "license", "licence", "changelog")
"""Files that describe a folder rather than belong to it; only skipped inside folders."""


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)


def load_paths(
    paths: list[str | Path],
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> IngestResult:
    """Read, clean and split every file named or found under the folders named.

    Raises only :class:`analysis.progress.Cancelled`, and only through ``cancel.check()``.
    """
    result = IngestResult()
    for documents in iter_documents(paths, result.errors, progress, cancel):
        result.documents.extend(documents)
    return result


def iter_documents(
    paths: list[str | Path],
    errors: list[ReadError],
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Iterator[list[Document]]:
    """Each readable file's documents, in order; unreadable files go to ``errors``.

    Two children read alternate files, each starting on its next file before this one's
    documents are handed over, so the caller's work on them (segmenting, storing) overlaps
    the reading and the reading uses both cores of a laptop: an import of thousands of
    small files no longer waits on one child once per file. Each file keeps its own time
    limit, counted from the moment its child starts on it.
    """
    files = collect_files(paths, errors)
    count = 0
    with ExitStack() as stack:
        readers = [stack.enter_context(FileReader()) for _ in range(min(_readers(), len(files)))]
        for index, path in enumerate(files[: len(readers)]):
            readers[index].submit_file(str(path))
        for index, path in enumerate(files):
            if cancel is not None:
                cancel.check()
            progress(index / max(1, len(files)), f"Reading {printable(path.name)}")
            reader = readers[index % len(readers)]
            outcome = reader.collect_file(str(path), cancel)
            if cancel is not None:
                cancel.check()
            if index + len(readers) < len(files):
                reader.submit_file(str(files[index + len(readers)]))
            if isinstance(outcome, ReadError):
                errors.append(outcome)
            else:
                count += len(outcome)
                yield outcome
    progress(1.0, f"Read {len(files)} files: {count} documents")


def _readers() -> int:
    """Reader children: two where there are two cores to run them on."""
    return 2 if (os.cpu_count() or 1) > 1 else 1


def collect_files(paths: list[str | Path], errors: list[ReadError]) -> list[Path]:
    """Files named directly, then each folder's readable files in sorted order, once each."""
    seen: set[Path] = set()
    files: list[Path] = []
    for given in paths:
        path = Path(os.fsdecode(given))
        if _is_dir(path):
            found = list(_folder_files(path, errors))
            if not found:
                errors.append(ReadError(printable(path), f"no readable files ({SUPPORTED})"))
        elif path.exists() or path.is_symlink():
            found = [path]
        else:
            errors.append(ReadError(printable(path), "file or folder not found"))
            found = []
        for file in found:
            key = _identity(file)
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a symbolic link loop, a name the system refuses
        return False


def _identity(path: Path) -> Path:
    """The real file, so one reached twice is read once; a link loop is its own identity."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _folder_files(folder: Path, errors: list[ReadError]):
    """Recursively, sorted, without hidden entries, our own project files or folder notes."""

    def unreadable(error: OSError) -> None:
        where = printable(error.filename or folder)
        errors.append(ReadError(where, f"folder cannot be read ({error.strerror or error})"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or Path(name).stem.lower() in _SKIPPED_NAMES:
                continue
            if Path(name).suffix.lower() in FORMATS:
                yield Path(root) / name
