"""Which words of a passage the writer asserts, and which they only concede or question.

"Although councils know their areas, only national standards end the lottery" argues for
the centre; "it is not clear whether there will be genuine devolution" argues for nobody.
A bag of words counts *councils* and *devolution* as if the writer claimed them. Here each
token is marked as asserted (``""``), conceded (``"k"``) or questioned (``"q"``):

- a concessive subordinate clause — after *although, though, whereas, despite, while* up to
  the next comma or the end of the sentence — is conceded;
- the part of a sentence before *but* or *however* is conceded only when it opens as a
  concession (*of course, admittedly, granted, true, …*). A bare "X, but Y" often asserts
  both halves, and treating X as conceded cost accuracy on our held-out writing;
- after *whether, unclear, uncertain* up to the next comma or the end of the sentence is
  questioned.

The marker words themselves stay asserted: *although* and *whether* are evidence of the
passage's shape. The rules are deliberately few: each one was kept only if it held up on
held-out text (see ``docs/model-evaluation.md``).
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w\w+|[.;:!?,]")
_STOP = frozenset(".;:!?")
SUBORDINATE = frozenset("although though whereas despite while".split())
TURN = frozenset("but however".split())
OPENERS = frozenset("course admittedly granted true certainly sure undoubtedly agreed".split())
QUESTIONED = frozenset("whether unclear uncertain".split())
_OPENS = SUBORDINATE | QUESTIONED


def may_have_scope(tokens: list[str]) -> bool:
    """False when :func:`clause_scopes` would surely mark nothing: a set test on the
    passage's tokens, so the common case (no marker word) costs next to nothing."""
    if not _OPENS.isdisjoint(tokens):
        return True
    return not TURN.isdisjoint(tokens) and not OPENERS.isdisjoint(tokens)


def clause_scopes(lowered: str) -> tuple[list[str], list[str]]:
    """The tokens of an already lower-cased text (words and sentence punctuation, commas
    left out) and, for each, ``""``, ``"k"`` or ``"q"``."""
    toks: list[str] = []
    marks: list[str] = []
    sentence = 0  # index of the current sentence's first token
    open_kind = ""
    for tok in _TOKEN.findall(lowered):
        if tok == ",":
            open_kind = ""
            continue
        mark = open_kind
        if tok in _STOP:
            open_kind, mark = "", ""
            sentence = len(toks) + 1
        elif tok in TURN:
            if OPENERS.intersection(toks[sentence:]):
                for j in range(sentence, len(toks)):
                    if not marks[j]:
                        marks[j] = "k"
            open_kind, mark = "", ""
        elif tok in SUBORDINATE:
            open_kind, mark = "k", ""
        elif tok in QUESTIONED:
            open_kind, mark = "q", ""
        toks.append(tok)
        marks.append(mark)
    return toks, marks
