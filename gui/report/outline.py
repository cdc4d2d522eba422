"""PDF bookmarks (the outline a viewer shows in its sidebar), added after Qt writes the file.

``QPdfWriter`` has no API for an outline, so we reopen the file with pypdf, add one entry
per section and sub-heading pointing at the exact spot on its page, ask viewers to open
with the outline visible, and write the file back atomically.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    level: int
    page: int
    """Zero-based page index in the final file."""
    top: float
    """Distance from the top of the page, in PDF points."""


def add_outline(path: Path, entries: list[OutlineEntry], metadata: dict[str, str]) -> None:
    writer = PdfWriter(clone_from=PdfReader(str(path)))
    parents: dict[int, object] = {}
    for entry in entries:
        page = writer.pages[min(entry.page, len(writer.pages) - 1)]
        height = float(page.mediabox.height)
        parent = next(
            (parents[lvl] for lvl in range(entry.level - 1, 0, -1) if lvl in parents), None
        )
        item = writer.add_outline_item(
            title=entry.title,
            page_number=entry.page,
            parent=parent,
            fit=Fit.xyz(left=0, top=max(0.0, height - entry.top)),
        )
        parents[entry.level] = item
        for deeper in [lvl for lvl in parents if lvl > entry.level]:
            del parents[deeper]
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({f"/{k}": v for k, v in metadata.items()})
    handle, temp = tempfile.mkstemp(suffix=".pdf", dir=str(path.parent))
    try:
        with os.fdopen(handle, "wb") as out:
            writer.write(out)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
