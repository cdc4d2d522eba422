"""A small page-flow engine: blocks that measure themselves, split at page ends, and draw.

Just enough of a typesetter for a report: paragraphs break between lines (never leaving a
single line behind), tables break between rows and repeat their header, headings stay with
what follows them, figures and evidence passages are never split.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from PySide6.QtGui import QPainter

from gui.report.text import TextBox

MIN_LINES = 2


class Flowable:
    space_before = 0.0
    space_after = 0.0
    keep_with_next = False
    bookmark: tuple[str, int] | None = None

    def height(self) -> float:
        raise NotImplementedError

    def min_height(self) -> float:
        """The least of this block that may start a page's last lines (for keep-with-next)."""
        return self.height()

    def split(self, space: float) -> tuple[Flowable | None, Flowable | None]:
        """(the part that fits in ``space``, the rest); atomic blocks do not split."""
        return None, self

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        raise NotImplementedError


class PageBreak(Flowable):
    def height(self) -> float:
        return 0.0

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        pass


class TextFlow(Flowable):
    """A paragraph or heading, or a run of its lines after a page split."""

    def __init__(
        self,
        box: TextBox,
        *,
        before: float = 0.0,
        after: float = 0.0,
        first: int = 0,
        last: int | None = None,
        keep_with_next: bool = False,
        bookmark: tuple[str, int] | None = None,
        indent: float = 0.0,
    ) -> None:
        self.box = box
        self.first = first
        self.last = box.lines if last is None else last
        self.space_before = before
        self.space_after = after
        self.keep_with_next = keep_with_next
        self.bookmark = bookmark
        self.indent = indent

    def height(self) -> float:
        return self.box.height(self.first, self.last)

    def min_height(self) -> float:
        return self.box.height(self.first, min(self.last, self.first + MIN_LINES))

    def split(self, space: float):
        total = self.last - self.first
        fit = self.box.lines_fitting(self.first, space)
        if total <= 2 * MIN_LINES - 1 or fit < MIN_LINES:
            return None, self
        fit = min(fit, total - MIN_LINES)
        cut = self.first + fit
        head = TextFlow(
            self.box,
            before=self.space_before,
            first=self.first,
            last=cut,
            bookmark=self.bookmark,
            indent=self.indent,
        )
        tail = TextFlow(
            self.box,
            after=self.space_after,
            first=cut,
            last=self.last,
            keep_with_next=self.keep_with_next,
            indent=self.indent,
        )
        return head, tail

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        self.box.draw(painter, x + self.indent, y, self.first, self.last)


@dataclass
class Placement:
    flowable: Flowable
    y: float


@dataclass
class Bookmark:
    title: str
    level: int
    page: int
    y: float


@dataclass
class Pages:
    pages: list[list[Placement]] = field(default_factory=lambda: [[]])
    bookmarks: list[Bookmark] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    """The section title in force on each page, for the running head."""


class Paginator:
    """Places flowables down pages of ``body_height``; see :func:`paginate`."""

    def __init__(self, body_height: float) -> None:
        self.body_height = body_height
        self.out = Pages()
        self.y = 0.0
        self.section = ""

    def new_page(self) -> None:
        self.out.sections.append(self.section)
        self.out.pages.append([])
        self.y = 0.0

    def place(self, f: Flowable, before: float) -> None:
        if f.bookmark:
            title, level = f.bookmark
            if level == 1:
                self.section = title
            self.out.bookmarks.append(
                Bookmark(title, level, len(self.out.pages) - 1, self.y + before)
            )
        self.out.pages[-1].append(Placement(f, self.y + before))
        self.y += before + f.height() + f.space_after

    def finish(self) -> Pages:
        self.out.sections.append(self.section)
        if not self.out.pages[-1]:
            self.out.pages.pop()
            self.out.sections.pop()
        return self.out


def _kept_with(f: Flowable, queue: deque) -> float:
    """Height of the chain a heading must share its page with (caption, note, first lines).

    The space after each kept block counts too: leaving it out let a heading fit at the
    foot of a page while the note it holds on to did not, stranding the heading.
    """
    extra, current = 0.0, f
    for nxt in queue:
        if not current.keep_with_next or isinstance(nxt, PageBreak):
            break
        extra += current.space_after + nxt.space_before
        extra += nxt.height() if nxt.keep_with_next else nxt.min_height()
        current = nxt
    return extra


def paginate(flowables, body_height: float) -> Pages:
    p = Paginator(body_height)
    queue = deque(flowables)
    while queue:
        f = queue.popleft()
        if isinstance(f, PageBreak):
            if p.out.pages[-1]:
                p.new_page()
            continue
        before = f.space_before if p.y > 0 else 0.0
        space = body_height - p.y - before
        need = f.height() + _kept_with(f, queue)
        if need <= space:
            p.place(f, before)
            continue
        if not f.keep_with_next:
            head, rest = f.split(space)
            if head is not None:
                p.place(head, before)
                p.new_page()
                queue.appendleft(rest)
                continue
        if p.out.pages[-1]:
            p.new_page()
            queue.appendleft(f)
            continue
        head, rest = f.split(body_height)
        p.place(head or f, 0.0)
        if rest is not None and head is not None:
            p.new_page()
            queue.appendleft(rest)
    return p.finish()
