"""Cut documents into passages: the units that get a stance.

A passage is a paragraph, or for a long paragraph a window of one to three sentences, so that
a verdict and its evidence stay small enough for a reader to check at a glance. Sentence
boundaries come from NLTK's Punkt algorithm with parameters we learned from our own writing
and ship as JSON (the app must work offline, and pickled NLTK data could run code on load).

Run ``python -m analysis.segment`` to relearn ``resources/punkt/params.json``.
"""

from __future__ import annotations

import json
import re
import sys
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

from analysis.corpus import Document, Passage
from analysis.resources import resource_path

PARAMS_FILE = ("punkt", "params.json")

# Abbreviations our texts use that an unsupervised trainer may not have seen often enough.
# Punkt stores them lower-cased and without the final period.
EXTRA_ABBREVIATIONS = (
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "st",
    "cllr",
    "prof",
    "no",
    "e.g",
    "i.e",
    "etc",
    "co",
    "ltd",
    "dept",
    "govt",
    "approx",
    "vs",
    "rt",
    "hon",
    "cf",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "inc",
    "plc",
)

MAX_SENTENCES = 3
MAX_CHARS = 900  # a window of few sentences is only cut when it is far over ~600
PUNKT_CHUNK = 20_000
"""Punkt sees a huge paragraph in pieces of about this size, cut after a sentence end where
there is one: NLTK runs its sentence regex under a 5 s guard for the whole text and raises
TimeoutError on a 10 MB paragraph, and bounded pieces keep the work linear in any case."""
MAX_SENTENCE = 4 * MAX_CHARS
"""A "sentence" longer than this (a pasted table, a page without punctuation) is cut at
spaces into pieces of at most MAX_CHARS, so no passage grows with its file."""
_AFTER_END = " \t\n\r\"'”’)]»"  # what may follow the mark that closes a paragraph

_BLOCK = re.compile(r"[^\n]+")


# -- Punkt parameters -------------------------------------------------------------------


def params_to_json(params: PunktParameters) -> dict:
    """Plain data only, so loading the parameters can never execute anything."""
    return {
        "abbrev_types": sorted(params.abbrev_types),
        "collocations": sorted([a, b] for a, b in params.collocations),
        "sent_starters": sorted(params.sent_starters),
        "ortho_context": {k: int(v) for k, v in sorted(params.ortho_context.items())},
    }


def params_from_json(data: dict) -> PunktParameters:
    if not isinstance(data, dict):
        raise ValueError("Punkt parameters must be a JSON object")
    params = PunktParameters()
    params.abbrev_types = {str(a) for a in data.get("abbrev_types", [])}
    params.collocations = {(str(a), str(b)) for a, b in data.get("collocations", [])}
    params.sent_starters = {str(s) for s in data.get("sent_starters", [])}
    for key, value in data.get("ortho_context", {}).items():
        params.ortho_context[str(key)] = int(value)
    params.abbrev_types.update(EXTRA_ABBREVIATIONS)
    return params


def learn_params(texts: list[str]) -> PunktParameters:
    """Train Punkt unsupervised on our own prose and add the abbreviations we know about."""
    trainer = PunktTrainer()
    for text in texts:
        trainer.train(text, finalize=False)
    trainer.finalize_training()
    params = trainer.get_params()
    params.abbrev_types = _plausible_abbreviations(params.abbrev_types, texts)
    params.abbrev_types.update(EXTRA_ABBREVIATIONS)
    return params


def _plausible_abbreviations(learned: set[str], texts: list[str]) -> set[str]:
    """Drop "abbreviations" that are ordinary words: on a small corpus Punkt can take a word
    that happened to end a few sentences ("him.") for one, and would then never split there.
    A real abbreviation is rarely written without its period."""
    bare: dict[str, int] = {}
    dotted: dict[str, int] = {}
    for text in texts:
        for match in re.finditer(r"[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Za-z]", text):
            word = match.group().lower()
            if word in learned:
                follows_dot = text[match.end() : match.end() + 1] == "."
                (dotted if follows_dot else bare)[word] = (dotted if follows_dot else bare).get(
                    word, 0
                ) + 1

    def plausible(word: str) -> bool:
        needed = 2 if len(word) == 1 or "." in word else 3
        return dotted.get(word, 0) >= needed and bare.get(word, 0) < dotted[word]

    return {w for w in learned if plausible(w)}


def own_texts() -> list[str]:
    """Text written by the team: the bootstrap training set and the demo corpus, never the
    shared third-party corpus."""
    from analysis.stance.training import load_bootstrap_records  # only the build tool needs it

    texts = [record["text"] for record in load_bootstrap_records()]
    for folder in ("demo", "demo_corpus"):
        for path in sorted(resource_path(folder).glob("**/*")):
            if path.suffix.lower() in {".txt", ".md"}:
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


@lru_cache(maxsize=1)
def tokenizer() -> PunktSentenceTokenizer:
    """The sentence splitter, built once; falls back to bare abbreviations if the shipped
    parameters are missing so segmentation still works in a broken install."""
    path = resource_path(*PARAMS_FILE)
    try:
        params = params_from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        params = PunktParameters()
        params.abbrev_types.update(EXTRA_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


# -- segmentation ----------------------------------------------------------------------


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    for base, end_of_piece in _pieces(text):
        piece = text[base:end_of_piece]
        for start, end in tokenizer().span_tokenize(piece):
            start, end = _trim(piece, start, end)
            if end > start:
                spans.extend(_cut_long(text, base + start, base + end))
    return spans


def _pieces(text: str) -> list[tuple[int, int]]:
    """Bounds of the pieces Punkt reads: the whole text unless it is over PUNKT_CHUNK."""
    out, pos = [], 0
    while len(text) - pos > PUNKT_CHUNK:
        low, high = pos + PUNKT_CHUNK // 2, pos + PUNKT_CHUNK
        cut = max(text.rfind(mark, low, high) for mark in (". ", "? ", "! ", ".\n"))
        cut = cut + 2 if cut >= 0 else text.rfind(" ", low, high) + 1
        cut = cut if cut > low else high
        out.append((pos, cut))
        pos = cut
    out.append((pos, len(text)))
    return out


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence as it is, or an overlong one cut at the last space before MAX_CHARS."""
    if end - start <= MAX_SENTENCE:
        return [(start, end)]
    out = []
    while start < end:
        stop = end if end - start <= MAX_CHARS else text.rfind(" ", start + 1, start + MAX_CHARS)
        stop = stop if stop > start else min(end, start + MAX_CHARS)
        a, b = _trim(text, start, stop)
        if b > a:
            out.append((a, b))
        start = stop
    return out


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Non-empty lines, trimmed: saved pages put one paragraph per line, and a blank line
    is just an empty one."""
    spans = []
    for match in _BLOCK.finditer(text):
        start, end = _trim(text, match.start(), match.end())
        if end > start:
            spans.append((start, end))
    return spans


def windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a long paragraph into windows of one to three sentences, as even as possible
    (four sentences give 2 + 2, seven give 3 + 2 + 2), so that a stance carried by one part
    is not diluted by the rest; a paragraph of few but very long sentences is cut by length."""
    if end - start <= MAX_CHARS and _sentences_at_most(text[start:end]) <= MAX_SENTENCES:
        return [(start, end)]  # what the split below would give, without running Punkt
    sentences = [(start + a, start + b) for a, b in sentence_spans(text[start:end])]
    n = len(sentences)
    if n <= 1 or (end - start <= MAX_CHARS and n <= MAX_SENTENCES):
        return [(start, end)]
    count = max(-(-n // MAX_SENTENCES), min(n, -(-(end - start) // MAX_CHARS)))
    small, extra = divmod(n, count)
    out, first = [], 0
    for k in range(count):
        size = small + (1 if k < extra else 0)
        out.append((sentences[first][0], sentences[first + size - 1][1]))
        first += size
    return out


def _sentences_at_most(text: str) -> int:
    """An upper bound on the sentences Punkt finds in ``text``: it ends a sentence only
    after a full stop, question mark or exclamation mark, and one that closes the text
    ends no sentence before another. Most paragraphs are settled by it, which halves the
    time of segmenting a corpus."""
    marks = text.count(".") + text.count("?") + text.count("!")
    closed = text.rstrip(_AFTER_END)[-1:] in (".", "?", "!")
    return marks if closed else marks + 1


def segment(document: Document) -> list[Passage]:
    """The passages of a document, in order, with offsets exact into ``document.text``."""
    text = document.text
    spans = [w for p in paragraph_spans(text) for w in windows(text, *p)]
    boiler = _merge(document.boilerplate)
    ends = [b for _, b in boiler]
    return [
        Passage(a, b, text[a:b], boilerplate=_mostly_inside(a, b, boiler, ends), seq=i)
        for i, (a, b) in enumerate(spans)
    ]


# -- helpers ---------------------------------------------------------------------------


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for a, b in sorted((int(a), int(b)) for a, b in spans if b > a):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _mostly_inside(start: int, end: int, spans: list[tuple[int, int]], ends: list[int]) -> bool:
    """More than half of the passage's characters fall in page-noise spans.

    ``spans`` are merged and sorted and ``ends`` are their ends, so only the spans that can
    overlap are visited: summing over every span for every passage was quadratic on a page
    with thousands of furniture lines."""
    covered = 0
    for k in range(bisect_right(ends, start), len(spans)):
        a, b = spans[k]
        if a >= end:
            break
        covered += min(end, b) - max(start, a)
    return covered * 2 > end - start


def main(argv: list[str] | None = None) -> int:
    texts = own_texts()
    if not texts:
        print("no training text found under resources/training or resources/demo", file=sys.stderr)
        return 1
    params = learn_params(texts)
    out = Path(resource_path(*PARAMS_FILE))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(params_to_json(params), indent=1) + "\n", encoding="utf-8")
    tokenizer.cache_clear()
    print(f"learned Punkt parameters from {len(texts)} texts -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
