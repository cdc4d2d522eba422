"""Turning a passage into the word and direction features the stance model weighs.

Two analyzers, each a plain callable so scikit-learn's ``TfidfVectorizer`` can use it and
each able to say *where* in the passage a feature came from, so the evidence shown to the
reader is words that are literally on the page:

- :class:`WordAnalyzer` — stemmed word uni/bigrams with negation marking ("should not hold"
  yields ``not_hold``), the classic bag of words.
- :class:`DirectionAnalyzer` — a skeleton of each clause in which words are replaced by
  their role (a local actor, a national actor, a modal, a word about power, a good or a bad
  judgement, a negation). Its n-grams ("LOC MOD POW": *councils should hold*) carry the
  direction of an argument rather than its topic, which is what has to transfer from our own
  writing to articles the model has never seen.
"""

from __future__ import annotations

import re

from nltk.stem.snowball import SnowballStemmer

_TOKEN = re.compile(r"£?\d[\d,.]*(?:bn|m|k|%)?|[^\W\d_]+(?:['’\-][^\W\d_]+)*|[.,;:!?()\"“”]")
_NEGATORS = frozenset(
    "not no never cannot nor neither without none nobody nothing".split())
_CLAUSE_BREAKERS = frozenset("but however although though whereas yet".split())
_STOP_UNIGRAMS = frozenset(
    "the a an of and in to for on at by with is was are were be been it its this that as "
    "from or has have had he she they their his her which who will would said".split())
NEGATION_SCOPE = 4

_stemmer = SnowballStemmer("english")
_stem_cache: dict[str, str] = {}


def stem(word: str) -> str:
    """Snowball stem, memoised: the same few thousand words recur in every passage."""
    found = _stem_cache.get(word)
    if found is None:
        if len(_stem_cache) > 200_000:
            _stem_cache.clear()
        found = _stemmer.stem(word) if len(word) > 3 else word
        _stem_cache[word] = found
    return found


def tokens(text: str) -> list[tuple[str, int, int, bool]]:
    """(feature form, start, end, is_break) per token; words within a negation's scope come
    back as ``not_<stem>``; punctuation and clause breakers are breaks."""
    out: list[tuple[str, int, int, bool]] = []
    scope = 0
    for match in _TOKEN.finditer(text):
        raw = match.group()
        if raw[0] in '.,;:!?()"“”':
            out.append((raw, match.start(), match.end(), True))
            scope = 0
            continue
        word = raw.lower().replace("’", "'")
        if word[0] == "£" or word[0].isdigit():
            form = "#num"
        elif word in _NEGATORS or word.endswith("n't"):
            out.append(("not", match.start(), match.end(), False))
            scope = NEGATION_SCOPE
            continue
        elif word in _CLAUSE_BREAKERS:
            out.append((word, match.start(), match.end(), True))
            scope = 0
            continue
        else:
            form = stem(word)
        if scope:
            form = "not_" + form
            scope -= 1
        out.append((form, match.start(), match.end(), False))
    return out


MEMO_SIZE = 8192


class Memo:
    """The features of the last few thousand passages, by text.

    ``StanceModel.predict`` vectorises a batch and then asks where each feature occurs to
    show evidence; remembering the spans found while vectorising makes the evidence nearly
    free instead of a second pass over the text.
    """

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self.size = size
        self.found: dict[str, list] = {}

    def get(self, text: str, compute):
        found = self.found.get(text)
        if found is None:
            if len(self.found) >= self.size:
                self.found.clear()
            found = self.found[text] = compute(text)
        return found


class WordAnalyzer:
    """Stemmed, negation-marked word n-grams that never cross punctuation."""

    def __init__(self, ngram_max: int = 2) -> None:
        self.ngram_max = ngram_max
        self.memo = Memo()

    def get_params(self) -> dict:
        return {"ngram_max": self.ngram_max}

    def __call__(self, text: str) -> list[str]:
        return [feature for feature, _, _ in self.memo.get(text, self._spans)]

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        return self.memo.get(text, self._spans)

    def _spans(self, text: str) -> list[tuple[str, int, int]]:
        out = []
        run: list[tuple[str, int, int, bool]] = []
        for token in tokens(text) + [("", 0, 0, True)]:
            if not token[3]:
                run.append(token)
                continue
            if token[0] and token[0] in _CLAUSE_BREAKERS:
                out.append((token[0], token[1], token[2]))
            out.extend(self._ngrams(run))
            run = []
        return out

    def _ngrams(self, run: list[tuple[str, int, int, bool]]) -> list[tuple[str, int, int]]:
        out = [(form, a, b) for form, a, b, _ in run if form not in _STOP_UNIGRAMS]
        for n in range(2, self.ngram_max + 1):
            for i in range(len(run) - n + 1):
                out.append((" ".join(t[0] for t in run[i:i + n]), run[i][1], run[i + n - 1][2]))
        return out


def _stems(words: str) -> set[str]:
    return {stem(w) for w in words.split()}


# Roles of words in an argument about who should run health and care. Lists are of surface
# words, compared by stem.
ROLES: dict[str, set[str]] = {
    "LOC": _stems(
        "council councils councillor councillors local locally localism localities locality "
        "borough boroughs county counties mayor mayors community communities neighbourhood "
        "neighbourhoods devolved devolve devolving devolution wellbeing municipal grassroots "
        "place-based town-hall regional regions"),
    "CEN": _stems(
        "national nationally nationwide central centrally centre center centralised "
        "centralized centralisation whitehall westminster government minister ministers "
        "ministerial secretary department country uniform universal single ministry"),
    "NHS": _stems("nhs"),
    "MOD": _stems(
        "should must need needs ought shall require requires deserve deserves best-placed "
        "better-placed want wants"),
    "POW": _stems(
        "hold held control controls controlled run runs running commission commissioning lead "
        "decide decision decisions charge power powers budget budgets money funds funding "
        "responsibility responsible accountable accountability hand handed handing transfer "
        "transferred give given take taken oversight own owned manage managed direct say"),
    "GOOD": _stems(
        "better best good right crucial vital essential democratic democracy legitimacy "
        "legitimate mandate closer flexible flexibility know knowledge understand trusted "
        "empower empowered freedom freedoms autonomy innovation responsive tailored strong "
        "stronger welcome sensible sound"),
    "BAD": _stems(
        "lottery postcode fragmented fragmentation fragment chaos chaotic patchwork "
        "inconsistent inconsistency variation unelected unfit incapable failing failed fail "
        "top-down bureaucratic bureaucracy remote distant micromanage micromanagement "
        "one-size meddling interference interfere dictate diktat imposed impose command grab "
        "dismantle dismantling break breaking undermine unaccountable risk danger dangerous "
        "threat worse wrong poor weak inequality inequalities unequal disaster mess"),
}
_ACTORS = frozenset({"LOC", "CEN", "NHS"})
_ROLE_OF: dict[str, str] = {}
for _role, _members in ROLES.items():
    for _member in _members:
        _ROLE_OF.setdefault(_member, _role)


class DirectionAnalyzer:
    """Role skeleton n-grams of each clause (see the module docstring)."""

    def __init__(self, ngram_max: int = 3, max_gap: int = 6, context: int = 0,
                 actor_only: bool = False, gate: bool = False) -> None:
        self.ngram_max = ngram_max
        self.max_gap = max_gap
        self.context = context
        self.actor_only = actor_only
        self.gate = gate
        self.memo = Memo()

    def get_params(self) -> dict:
        return {"ngram_max": self.ngram_max, "max_gap": self.max_gap, "context": self.context,
                "actor_only": self.actor_only, "gate": self.gate}

    def __call__(self, text: str) -> list[str]:
        return [feature for feature, _, _ in self.memo.get(text, self._spans)]

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        return self.memo.get(text, self._spans)

    def _spans(self, text: str) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        skeleton: list[tuple[str, int, int, int]] = []  # role, start, end, token index
        toks = tokens(text) + [("", 0, 0, True)]
        clause_start = 0
        seen: set[str] = set()
        for index, (form, start, end, is_break) in enumerate(toks):
            if is_break:
                seen.update(r.lstrip("~") for r, *_ in skeleton)
                out.extend(self._ngrams(skeleton))
                if self.context:
                    out.extend(self._anchored(toks, clause_start, index, skeleton))
                skeleton = []
                clause_start = index + 1
                continue
            negated = form.startswith("not_")
            role = "NEG" if form == "not" else _ROLE_OF.get(form[4:] if negated else form)
            if role is None:
                continue
            if form == "govern" and skeleton and skeleton[-1][0] == "LOC":
                continue  # "local government" is a local actor, not a national one
            if negated and role != "NEG":
                role = "~" + role
            if skeleton and skeleton[-1][0] == role and index - skeleton[-1][3] <= 1:
                skeleton[-1] = (role, skeleton[-1][1], end, index)
                continue
            skeleton.append((role, start, end, index))
        if self.gate:
            # Whether the passage names a level of government at all, and judges anything:
            # a passage that does neither can hardly say who should run care.
            actor = "A1" if seen & {"LOC", "CEN"} else "A0"
            judged = "J1" if seen & {"MOD", "GOOD", "BAD", "NEG"} else "J0"
            out.append((f"x:{actor}{judged}", 0, 0))
        return out

    def _anchored(self, toks, first: int, stop: int, skeleton) -> list[tuple[str, int, int]]:
        """Words near a mention of a level of government, tagged with that level: what is
        said *about* councils or the centre, rather than what the passage is about."""
        out = []
        for role, _, _, at in skeleton:
            if role.lstrip("~") not in _ACTORS:
                continue
            for j in range(max(first, at - self.context), min(stop, at + self.context + 1)):
                form = toks[j][0]
                if j != at and form not in _STOP_UNIGRAMS and _ROLE_OF.get(form) not in _ACTORS:
                    out.append((role + "|" + form, toks[j][1], toks[j][2]))
        return out

    def _ngrams(self, skeleton: list[tuple[str, int, int, int]]) -> list[tuple[str, int, int]]:
        out = [] if self.actor_only else [
            ("r:" + role, a, b) for role, a, b, _ in skeleton if role not in _ACTORS | {"POW"}]
        for n in range(2, self.ngram_max + 1):
            for i in range(len(skeleton) - n + 1):
                part = skeleton[i:i + n]
                if any(part[k + 1][3] - part[k][3] > self.max_gap for k in range(n - 1)):
                    continue
                if self.actor_only and not any(r.lstrip("~") in _ACTORS for r, *_ in part):
                    continue
                out.append(("s:" + " ".join(r for r, *_ in part), part[0][1], part[-1][2]))
        return out
