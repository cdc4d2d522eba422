"""One pass over a passage for every feature the stance model weighs.

The passage is lower-cased and tokenised once (``\\w\\w+`` words as scikit-learn's default,
plus clause punctuation). From that one token list come

- word unigrams and bigrams (bigrams never cross punctuation): the readable evidence;
- clause skeletons: each word with a role in the argument replaced by the role (a local
  or central level of government, a modal, a power word, a good or bad judgement, a
  negation, reported speech, description of a plan, doubt), and the role n-grams of each
  clause (``s:LOC MOD POW`` — *councils should hold*; ``s:NEG DOUBT LOC`` — *not clear
  whether … devolution*). They carry direction rather than topic, which is what has to
  transfer from our own writing to articles the model never saw;
- the hand-written cue lexicon (:mod:`analysis.stance.lexicon`): word pairs looked up in a
  dictionary, flipped by a negation just before them.

Feature strings are prefixed by block (``s:``, ``r:``, ``x:``, ``c:``; words have none), so
one vocabulary holds them all and a block's weight is a per-column scale. Features of a
conceded or questioned clause carry a second prefix (``k:c:LOC``, ``q:s:DESC LOC``).
"""

from __future__ import annotations

import re
from itertools import compress

from analysis.stance.lexicon import CUES, cue_table
from analysis.stance.scope import clause_scopes, may_have_scope

_TOKEN = re.compile(r"\w\w+|[.;:!?]")
_PUNCT = frozenset(".;:!?")
MAX_GAP = 8  # tokens between two roles of one skeleton n-gram
# Conceded and questioned features weigh as words do: the setting they were measured with.
BLOCK_PREFIXES = {"s": "roles", "r": "roles", "x": "roles", "c": "cues", "k": "words", "q": "words"}
SCOPE_KINDS = ("k", "q")

# Role words; a trailing "*" matches any ending (councils, councillor). Two-word forms are
# looked up on word bigrams.
ROLE_WORDS: dict[str, str] = {
    "LOC": "council* local locally localis* localit* borough* county counties mayor* "
    "communit* neighbourhood* devolv* devolution decentralis* decentraliz* municipal* "
    "grassroots regional region* wellbeing town_hall town_halls place_based",
    "CEN": "national* central* centre center whitehall westminster minister* ministry "
    "secretary department* uniform universal single nhs_england",
    "NHS": "nhs",
    "MOD": "should must ought need needs shall deserve* best_placed better_placed",
    "POW": "hold* held control* run runs running commission* lead leads decide* decision* "
    "charge power* budget* money fund* responsib* accountab* hand handed handing "
    "hands transfer* give giving given take taken takes oversight own owned manage* "
    "direct direction say",
    "GOOD": "better best good right crucial vital essential democratic democracy legitima* "
    "mandate closer flexib* know knows knowledge understand* trust* empower* "
    "freedom* autonomy innovat* responsive tailored strong* welcome* sensible sound",
    "BAD": "lottery postcode fragment* chaos chaotic patchwork inconsisten* variation* "
    "unelected unfit incapable failing failed fail* top_down bureaucra* remote "
    "distant micromanag* one_size meddl* interfer* dictat* diktat* impos* command grab "
    "dismantl* break* undermin* unaccountable risk* danger* threat* worse wrong poor "
    "weak inequalit* unequal disaster* mess",
    "SAY": "said says argued argues warned warns claimed claims insisted insists according "
    "told believes believe urged urges",
    "DESC": "will plan plans planned proposal* proposed propos* announced announce* bill "
    "legislation white_paper reform* reorganis* scheme pilot* introduced",
    "DOUBT": "whether unclear clear doubt* uncertain* if perhaps might may question*",
    "NEG": "not no never cannot nor neither without none nothing against oppos* reject* "
    "wouldn couldn shouldn don doesn didn isn aren wasn weren won can't",
    "BRK": "but however although though whereas yet despite while",
}
_ACTORS = frozenset({"LOC", "CEN", "NHS"})
_JUDGED = frozenset({"MOD", "GOOD", "BAD", "NEG"})


def _role_tables() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact, prefixes = {}, []
    for role, words in ROLE_WORDS.items():
        for word in words.split():
            word = word.replace("_", " ")
            if word.endswith("*"):
                prefixes.append((word[:-1], role))
            else:
                exact.setdefault(word, role)
    prefixes.sort(key=lambda item: -len(item[0]))
    return exact, prefixes


_EXACT, _PREFIXES = _role_tables()


# Corrections to the role table, recorded in every model trained since (payload version 4);
# a model saved without them keeps the table it was trained with. An NHS trust is a body,
# not a judgement ("trusted" and "trustworthy" still judge). The local partnership bodies
# of the reforms (STPs, CCGs, health and wellbeing boards, combined authorities) are the
# local level the argument is about, and praise in the register of plans ("opportunities",
# "flourish", "enables") is a judgement like "better". A word maps to "" (no role) or to
# another role; a word pair to the role it takes as one mention.
ROLE_OVERRIDES: dict[str, str] = {
    "trust": "",
    "trusts": "",
    **dict.fromkeys(
        "stp stps ccg ccgs hwb hwbs partnership partnerships consortia consortium".split(),
        "LOC",
    ),
    "integrated care": "LOC",
    "combined authority": "LOC",
    "combined authorities": "LOC",
    **dict.fromkeys(
        "opportunity opportunities flourish flourishing enable enables positive "
        "success successful".split(),
        "GOOD",
    ),
}


class _RoleOf(dict):
    """Token -> role or ``""``, filled on first sight: the same few thousand words recur.
    ``two`` holds the word pairs that take a role as one mention, overrides applied."""

    def __init__(self, overrides: dict[str, str]) -> None:
        super().__init__({p: "." for p in _PUNCT})  # clause punctuation is its own role
        self.update({w: r for w, r in overrides.items() if " " not in w})
        self.two = {w: r for w, r in _EXACT.items() if " " in w}
        self.two.update({w: r for w, r in overrides.items() if " " in w})

    def __missing__(self, token: str) -> str:
        role = _EXACT.get(token)
        if role is None:
            role = next((r for p, r in _PREFIXES if token.startswith(p)), "")
        if len(self) < 500_000:
            self[token] = role
        return role


_ROLE_TABLES: dict[tuple, _RoleOf] = {}


def role_table(overrides: dict[str, str]) -> _RoleOf:
    """The shared token -> role table for one set of overrides."""
    key = tuple(sorted(overrides.items()))
    if key not in _ROLE_TABLES:
        _ROLE_TABLES[key] = _RoleOf(overrides)
    return _ROLE_TABLES[key]


_ROLE_OF = role_table(ROLE_OVERRIDES)


class Analyser:
    """A callable for the vectoriser: the feature strings of one passage. Holds the cue
    table, so a model rebuilt from a file uses the cues it was trained with.

    With ``scoped`` (every model trained since payload version 3), words a writer only
    concedes or questions (:mod:`analysis.stance.scope`) no longer count as the passage's
    own words, cues or skeletons; their role, skeleton and cue features come back under a
    ``k:`` (conceded) or ``q:`` (questioned) prefix, so the model can learn what a
    concession or a doubt says. A passage without marker words gives exactly the features
    it gave before. Models saved earlier keep ``scoped=False`` and predict as they did;
    likewise ``role_overrides`` (:data:`ROLE_OVERRIDES`).
    """

    def __init__(self, cues=CUES, scoped: bool = True, role_overrides=None) -> None:
        self.cues = tuple(cues)
        self.scoped = bool(scoped)
        self.role_overrides = dict(ROLE_OVERRIDES if role_overrides is None else role_overrides)
        self._table = cue_table(self.cues)
        self._role_of = role_table(self.role_overrides)

    def __call__(self, text: str) -> list[str]:
        lowered = text.lower()
        toks = _TOKEN.findall(lowered)
        if not self.scoped or not may_have_scope(toks):
            return self._features(toks)
        toks, marks = clause_scopes(lowered)
        if not any(marks):
            return self._features(toks)
        out = self._features([t if not m else "." for t, m in zip(toks, marks, strict=True)])
        for kind in SCOPE_KINDS:
            if kind in marks:
                out.extend(
                    kind + ":" + f
                    for f in self._features(_inside(toks, marks, kind))
                    if f[1:2] == ":" and not f.startswith("x:")
                )
        return out

    def _features(self, toks: list[str]) -> list[str]:
        words = [t for t in toks if t not in _PUNCT]
        pairs = [a + " " + b for a, b in zip(toks, toks[1:], strict=False)]
        out = words + [p for p in pairs if p[0] not in _PUNCT and p[-1] not in _PUNCT]
        role_of = self._role_of
        roles = list(map(role_of.__getitem__, toks))
        if not role_of.two.keys().isdisjoint(pairs):
            for i, pair in enumerate(pairs):
                two = role_of.two.get(pair)
                if two:
                    roles[i], roles[i + 1] = two, ""
        out.extend(_skeleton([(i, r) for i, r in enumerate(roles) if r]))
        table = self._table
        for keys in (toks, pairs):
            # Only the positions that hold a cue: found at C speed, most positions hold none.
            for i in compress(range(len(keys)), map(table.__contains__, keys)):
                hit = table[keys[i]]
                negated = "NEG" in roles[max(0, i - 4) : i]
                sign = -hit[1] if negated else hit[1]
                out.append("c:" + ("not_" if negated else "") + hit[0])
                out.append("c:LOC" if sign > 0 else "c:CEN")
        return out


analyse = Analyser()


def _inside(toks: list[str], marks: list[str], kind: str) -> list[str]:
    """The tokens of one scope kind, each stretch outside it reduced to one clause break."""
    out: list[str] = []
    for tok, mark in zip(toks, marks, strict=True):
        if mark == kind:
            out.append(tok)
        elif not out or out[-1] != ".":
            out.append(".")
    return out


def _skeleton(marked: list[tuple[int, str]]) -> list[str]:
    out: list[str] = []
    clause: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, role in [*marked, (10**9, ".")]:
        if role in (".", "BRK"):
            _clause_ngrams(clause, out)
            seen.update(r for _, r in clause)
            clause = [(index, "BRK")] if role == "BRK" else []
            continue
        if clause and clause[-1][1] == role and index - clause[-1][0] <= 1:
            clause[-1] = (index, role)  # "national health service": one mention
            continue
        clause.append((index, role))
    actor = "A1" if seen & {"LOC", "CEN"} else "A0"
    judged = "J1" if seen & _JUDGED else "J0"
    out.append(f"x:{actor}{judged}")
    return out


def _clause_ngrams(clause: list[tuple[int, str]], out: list[str]) -> None:
    out.extend("r:" + role for _, role in clause if role not in _ACTORS)
    for i in range(len(clause) - 1):
        a, b = clause[i], clause[i + 1]
        if b[0] - a[0] > MAX_GAP:
            continue
        out.append(f"s:{a[1]} {b[1]}")
        if i + 2 < len(clause) and clause[i + 2][0] - b[0] <= MAX_GAP:
            out.append(f"s:{a[1]} {b[1]} {clause[i + 2][1]}")


_FILLER = frozenset("the a an of and in to for on at by with from".split())


def block_of(feature: str) -> str:
    """``words``, ``roles``, ``cues`` or ``actors``: which block a feature belongs to.
    ``actors`` are word features made only of names of a level of government ("nhs",
    "the council"): they say what a passage is about, not which way it leans, so they
    get a block weight of their own."""
    if len(feature) > 2 and feature[1] == ":":
        return BLOCK_PREFIXES.get(feature[0], "words")
    words = [w for w in feature.split() if w not in _FILLER]
    if words and all(_ROLE_OF[w] in _ACTORS for w in words):
        return "actors"
    return "words"


_FUNCTION_WORDS = frozenset(
    "a an the and or but if of to in on at by for with from as into than that this these "
    "those there here it its is are was were be been being has have had do does did "
    "which who whom whose what when where why how all any each both few some such too very "
    "also just i me my we our you your he him his she her they them their one".split()
)


def shown_as_evidence(feature: str) -> bool:
    """Whether a feature can be shown to a reader as evidence: a word or word pair of the
    text (not a clause skeleton or cue, which have no single surface form), and not made of
    function words alone ("that", "of the"), which weigh in the model but tell a reader
    nothing. Modals and negations ("should", "not") stay: they carry the argument."""
    if feature[1:2] == ":" or block_of(feature) not in ("words", "actors"):
        return False
    return not all(word in _FUNCTION_WORDS for word in feature.split())
