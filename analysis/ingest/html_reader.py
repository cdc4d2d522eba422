"""Saved web pages to plain text, keeping what the markup already says about page furniture.

The standard library's tolerant parser is enough: we need paragraphs, not a DOM. Scripts,
styles and templates never become prose. Navigation, footers, sidebars and forms are kept
as text but recorded as furniture spans, because the markup's own word on what is noise is
better evidence than anything we can guess from the words.

The standard parser rescans to the end of the input for every ``<`` that never closes (a
``</`` repeated a million times took five minutes), so a ``<`` after the page's last ``>``
is turned into the text it would become anyway before the parser sees it; open-element
bookkeeping uses counters, not scans of the stack, so deep nesting stays linear too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from analysis.corpus import RawDocument
from analysis.ingest.decoding import NotText, decode_bytes

_INVISIBLE = {"script", "style", "noscript", "template", "head", "svg", "object", "iframe"}
_FURNITURE = {"nav", "footer", "aside", "form"}
_FURNITURE_ROLES = {"navigation", "contentinfo", "complementary", "search", "banner"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr",
    "blockquote", "pre", "figure", "figcaption", "address", "hr", "details", "summary",
    "fieldset", "caption", "body", "title",
}  # fmt: skip
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source",
         "track", "wbr", "param"}  # fmt: skip
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.pending_break = 0
        self.pending_space = False
        self.hidden: list[str] = []
        self.hidden_open: dict[str, int] = {}
        self.furniture: list[list] = []  # [tag, start offset, nested same-name depth]
        self.furniture_open: dict[str, int] = {}
        self.spans: list[tuple[int, int]] = []
        self.in_title = False
        self.title = ""
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self._void(tag)
            return
        if tag == "title":
            self.in_title = True
            return
        if tag == "body" and self.hidden_open.get("head"):
            self.hidden.clear()  # a page that never closed its <head>
            self.hidden_open.clear()
        if tag in _INVISIBLE:
            self.hidden.append(tag)
            _count(self.hidden_open, tag, 1)
            return
        if tag in _BLOCKS:
            self._block()
        if tag == "pre":
            self.pre += 1
        role = dict(attrs).get("role") or ""
        if tag in _FURNITURE or role.lower() in _FURNITURE_ROLES:
            self.furniture.append([tag, self.length, 0])
            _count(self.furniture_open, tag, 1)
        elif self.furniture and self.furniture[-1][0] == tag:
            self.furniture[-1][2] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self._void(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if self.hidden and tag in _INVISIBLE:
            if self.hidden_open.get(tag):
                while self.hidden:
                    popped = self.hidden.pop()
                    _count(self.hidden_open, popped, -1)
                    if popped == tag:
                        break
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        self._close_furniture(tag)
        if tag in _BLOCKS:
            self._block()

    def _close_furniture(self, tag: str) -> None:
        if not self.furniture_open.get(tag):
            return
        if self.furniture[-1][0] == tag and self.furniture[-1][2]:
            self.furniture[-1][2] -= 1
            return
        start = self.length
        while self.furniture:
            open_tag, start, _ = self.furniture.pop()
            _count(self.furniture_open, open_tag, -1)
            if open_tag == tag:
                break
        if not self.furniture:
            self.spans.append((start, self.length))

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.hidden:
            return
        if self.pre:
            self._emit(data.replace("\r\n", "\n"))
            return
        leading = data[:1].isspace()
        words = _SPACE.sub(" ", data).strip(" ")
        if not words:
            self.pending_space = self.pending_space or bool(data)
            return
        if leading:
            self.pending_space = True
        self._emit(words)
        self.pending_space = data[-1:].isspace()

    def _emit(self, text: str) -> None:
        if self.length:
            if self.pending_break:
                text = "\n" * self.pending_break + text
            elif self.pending_space:
                text = " " + text
        self.pending_break = 0
        self.pending_space = False
        self.parts.append(text)
        self.length += len(text)

    def _block(self) -> None:
        self.pending_break = 2

    def _void(self, tag: str) -> None:
        if tag == "br":
            self.pending_break = max(self.pending_break, 1)
        elif tag == "hr":
            self._block()

    def result(self) -> tuple[str, list[tuple[int, int]]]:
        if self.furniture:
            self.spans.append((self.furniture[0][1], self.length))
        return "".join(self.parts), [(a, b) for a, b in self.spans if a < b]


def _count(counts: dict[str, int], tag: str, step: int) -> None:
    counts[tag] = counts.get(tag, 0) + step


def defuse_unclosed(text: str) -> str:
    """Every ``<`` after the last ``>`` written as ``&lt;``: it can open no tag, and left
    alone each one makes the parser rescan the rest of the input."""
    last = text.rfind(">")
    if text.find("<", last + 1) < 0:
        return text
    return text[: last + 1] + text[last + 1 :].replace("<", "&lt;")


def read_html(path: str, data: bytes) -> RawDocument:
    text, encoding = _decode_html(data)
    builder = _TextBuilder()
    try:
        builder.feed(defuse_unclosed(text))
        builder.close()
    except (AssertionError, ValueError, IndexError) as error:  # the parser's own complaints
        raise NotText("damaged HTML page (the markup cannot be parsed)") from error
    body, spans = builder.result()
    return RawDocument(
        path=path,
        text=body,
        format="html",
        encoding=encoding,
        title=" ".join(builder.title.split()),
        boilerplate=spans,
    )


def _decode_html(data: bytes) -> tuple[str, str]:
    """Honour a page's declared charset when the bytes agree with it, else detect."""
    declared = _CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = declared.group(1).decode("ascii", "replace").lower()
        if "16" not in name and "32" not in name:
            try:
                text = data.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
            else:
                return decode_bytes(text.encode("utf-8"))[0], name
    return decode_bytes(data)
