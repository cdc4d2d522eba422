"""Importing files and folders as one step with progress, cancel and a list of what failed.

This is what the window's drop target and ``stancemap import`` call. Bad files are reported
and skipped so one corrupt PDF never costs a researcher the other two hundred articles.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from analysis.corpus import Document, ReadError
from analysis.ingest.cleaning import clean_document
from analysis.ingest.pdf_reader import PdfExtractor
from analysis.ingest.readers import FORMATS, SUPPORTED, read_file
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
    files = collect_files(paths, result.errors)
    with PdfExtractor() as pdf:
        for index, path in enumerate(files):
            if cancel is not None:
                cancel.check()
            progress(index / max(1, len(files)), f"Reading {path.name}")
            raw = read_file(path, pdf=pdf, cancel=cancel)
            if cancel is not None:
                cancel.check()
            if isinstance(raw, ReadError):
                result.errors.append(raw)
                continue
            try:
                result.documents.extend(clean_document(raw))
            except Exception as error:  # noqa: BLE001 - report, keep importing the rest
                result.errors.append(ReadError(str(path), f"could not be cleaned ({error})"))
    progress(1.0, f"Read {len(files)} files: {len(result.documents)} documents")
    return result


def collect_files(paths: list[str | Path], errors: list[ReadError]) -> list[Path]:
    """Files named directly, then each folder's readable files in sorted order, once each."""
    seen: set[Path] = set()
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = list(_folder_files(path))
            if not found:
                errors.append(ReadError(str(path), f"no readable files ({SUPPORTED})"))
        elif path.exists() or path.is_symlink():
            found = [path]
        else:
            errors.append(ReadError(str(path), "file or folder not found"))
            found = []
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


def _folder_files(folder: Path):
    """Recursively, sorted, without hidden entries, our own project files or folder notes."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or Path(name).stem.lower() in _SKIPPED_NAMES:
                continue
            if Path(name).suffix.lower() in FORMATS:
                yield Path(root) / name
