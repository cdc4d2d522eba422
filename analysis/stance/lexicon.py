"""A small hand-written lexicon of cues that say which level of government should hold power.

Word n-grams learned from a few thousand of our own passages mostly learn topic; these cues
are the stock phrases of the debate itself ("postcode lottery", "Whitehall knows best",
"councils should hold …"), written once from knowledge of the argument, so they fire on
articles whose vocabulary the training set never saw. A negation just before or inside a
cue ("should not be handed to councils") flips its direction.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from analysis.stance.text_features import Memo

_LOCAL_ACTOR = (r"(?:councils?|local (?:authorit(?:y|ies)|government|councils?|people|leaders|"
                r"areas?|communities|bodies|politicians)|town halls?|(?:health and wellbeing )?"
                r"boards?|(?:metro )?mayors?|combined authorit(?:y|ies)|communities|devolved "
                r"(?:administrations?|nations?|governments?)|localities)")
_CENTRAL_ACTOR = (r"(?:ministers?|the government|government|secretary of state|nhs england|"
                  r"whitehall|westminster|the centre|parliament|the nhs|national bodies|"
                  r"the department(?: of health)?|a national service)")
_MODAL = (r"(?:should|must|needs? to|ought to|ha(?:s|ve) to|are best placed to|are better placed "
          r"to|would be better placed to|deserves? to|be allowed to)")
_POWER_VERB = (r"(?:hold|keep|control|run|commission|lead|decide|take (?:charge|over|control)|"
               r"be in charge|be responsible|have (?:the )?(?:power|say|control|budget)|set|own|"
               r"manage|retain|direct|be accountable|determine|plan|be (?:handed|given|trusted))")

# (name, direction, pattern). Direction +1 is localist, -1 centralist.
CUES: tuple[tuple[str, int, str], ...] = (
    ("local_control", 1, r"\blocal(?:ly)?[- ](?:control|decision[- ]making|democra\w*|accountab\w*|"
     r"leadership|autonomy|discretion|flexibilit\w*|knowledge|voice|ownership|determination|"
     r"led|controlled|accountable)"),
    ("democratic_accountability", 1, r"\bdemocratic(?:ally)? (?:accountab\w*|mandate|control|"
     r"legitimacy|oversight|deficit)|\bdemocratis\w*|\bdemocratiz\w*|\bballot box"),
    ("devolve", 1, r"\bdevolv\w*|\bdevolution\b|\bdecentrali[sz]\w*"),
    ("handed_to_local", 1, r"\b(?:hand\w*|transferr?\w*|giv\w*|pass\w*|put|plac\w*|mov\w*|shift\w*"
     r"|return\w*|power\w*|money|budgets?|control)(?: \S+){0,4} (?:to|with|in the hands of|under"
     r"|back to|down to|for) (?:the )?" + _LOCAL_ACTOR),
    ("local_should", 1, r"\b" + _LOCAL_ACTOR + r"(?: \S+){0,2} " + _MODAL + r"(?: \S+){0,2} "
     + _POWER_VERB),
    ("local_should_loose", 1, r"\b" + _LOCAL_ACTOR + r" " + _MODAL + r"(?: not| never)?\b"),
    ("held_locally", 1, r"\b(?:be|been|being|is|are) (?:held|run|controlled|commissioned|led|"
     r"managed|decided|overseen|taken|made|pooled) (?:\S+ ){0,2}(?:by|in|at) (?:the )?"
     + _LOCAL_ACTOR + r"|\b(?:run|decided|commissioned|controlled) locally\b"),
    ("held_centrally", -1, r"\b(?:be|been|being|is|are) (?:held|run|controlled|commissioned|led|"
     r"managed|decided|overseen|set|made) (?:\S+ ){0,2}(?:by|in|from) (?:the )?"
     + _CENTRAL_ACTOR),
    ("top_down", 1, r"\btop[- ]down\b|\bwhitehall knows best|\bone[- ]size[- ]fits[- ]all|"
     r"\bcommand[- ]and[- ]control|\bmicro-?manag\w*|\bdiktats?\b|\bdictated (?:from|by)|"
     r"\bimposed (?:from|by) (?:above|the centre|whitehall|westminster|london|ministers)|"
     r"\bcentrali[sz](?:ed|ing|ation) (?:control|power|state|system|bureaucracy)|"
     r"\bremote (?:bureaucra\w*|officials|managers|civil servants)|\bpower grab|\bman in "
     r"whitehall|\bfrom (?:whitehall|westminster|london|the centre)\b"),
    ("closer_to_people", 1, r"\bcloser to (?:the )?(?:people|patients|communities|residents|"
     r"ground|home|users)|\bclosest to\b|\blocal (?:needs|circumstances|priorities|conditions)|"
     r"\bknow (?:their|the|our) (?:areas?|communit\w+|patch|people|residents)|\bplace[- ]based|"
     r"\bsubsidiarity|\blocalism"),
    ("bigger_local_role", 1, r"\b(?:greater|bigger|stronger|larger|more|enhanced|central|key|"
     r"leading|lead|pivotal|pre-eminent|real|proper) (?:role|say|voice|powers?|responsibilit\w*|"
     r"influence|control|part) (?:\S+ ){0,3}(?:for|to|of|in|with) (?:the )?" + _LOCAL_ACTOR),
    ("local_better_placed", 1, r"\b" + _LOCAL_ACTOR + r"(?: \S+){0,3} (?:better|best|well) "
     r"(?:placed|managed|equipped|able|run|positioned)|\bbetter (?:managed|run|placed) than "
     r"(?:the )?(?:nhs|health|central|national)"),
    ("give_local_power", 1, r"\b(?:give|giving|gives|grant\w*|hand\w*|let|empower\w*|trust\w*)"
     r" (?:the )?" + _LOCAL_ACTOR + r"(?: \S+){0,3} (?:the )?(?:power|responsibility|control|"
     r"budgets?|say|right|freedom|duty|money|lead)"),
    ("municipal", 1, r"\bmunicipal\w*|\blocally[- ](?:driven|run|owned|designed|determined)"),
    ("postcode_lottery", -1, r"\bpostcode lotter\w*|\bpostcode (?:rationing|care)"),
    ("national_standards", -1, r"\bnational (?:standards?|framework|rules|oversight|entitlements?|"
     r"offer|minimum|guarantee|guidelines|targets?|pay|terms|contracts?|service|direction|"
     r"leadership|grip|control)|\bsame (?:standards?|care|service|treatment|entitlement|rights)"
     r"\b(?: \S+){0,6} (?:everywhere|wherever|across|whether|in every)|\bwherever (?:you|they)"
     r" live\b|\buniversal (?:service|standards?|entitlement|right)"),
    ("ring_fenced", -1, r"\bring[- ]?fenc\w*|\bprotected (?:budget|funding)"),
    ("one_national", -1, r"\bone national\b|\bsingle national\b|\bnationally (?:run|funded|"
     r"accountable|organised|planned|set)|\bnationali[sz]\w*|\bcentral (?:control|funding|"
     r"planning|oversight|direction|grip)|\brun (?:nationally|centrally|from the centre)"),
    ("fragmentation", -1, r"\bfragment\w*|\bpatchwork\b|\bbreak(?:ing|s)? up (?:the|our) "
     r"(?:nhs|service|health service)|\bbalkani[sz]\w*|\bdismantl\w*|\binconsisten\w*|\bwid"
     r"(?:e|er|ening) variation|\bunwarranted variation|\bvaries from (?:one|area|place)"),
    ("unfit_local", -1, r"\bunelected (?:council|local|mayors?|leaders)|\bcouncil (?:leaders|"
     r"politicians|bosses|officials)\b(?: \S+){0,5} (?:cannot|can't|unfit|incapable|lack)|"
     r"\b(?:councils?|local authorities) (?:cannot|can't|are not|aren't|could not|couldn't) (?:be )"
     r"?(?:trusted|ready|capable|equipped|up to)|\bparish pump|\blocal (?:politics|politicians) "
     r"(?:interfer\w*|meddl\w*)|\bcash-strapped councils"),
    ("central_should", -1, r"\b" + _CENTRAL_ACTOR + r"(?: \S+){0,2} " + _MODAL
     + r"(?: \S+){0,2} " + _POWER_VERB),
    ("routed_centrally", -1, r"\b(?:routed|channell?ed|allocated|distributed|administered|"
     r"controlled|managed) (?:\S+ ){0,3}(?:via|through|by|from) (?:the )?(?:nhs england|department|"
     r"national \w+|secretary of state|ministers|the centre|whitehall)|\bin the hands of (?:the )?"
     r"(?:\S+ )?(?:secretary of state|ministers?|department|government|parliament|nhs england)"),
    ("accountable_centrally", -1, r"\baccountable to (?:ministers|parliament|the secretary of state"
     r"|nhs england|the government|the public through parliament)|\bnational accountab\w*"),
    ("local_hands", 1, r"\b(?:in|into|under) the (?:hands|control|stewardship) of (?:the )?"
     + _LOCAL_ACTOR + r"|\b(?:run|led|overseen|commissioned|controlled|held) by (?:the |elected )?"
     + r"(?:local|council|councillors|" + _LOCAL_ACTOR[3:]),
    ("accountable_locally", 1, r"\banswerable to (?:local|the local|councils?|residents|voters)|"
     r"\baccountab\w* (?:to|through) (?:local|the local|residents|voters|councils?|elected "
     r"councillors|the ballot)"),
    ("minister_responsible", -1, r"\b(?:secretary of state|ministers?|the government) (?:\S+ )"
     r"{0,2}(?:responsib\w*|accountab\w*|answerable)|\bministerial (?:responsibility|"
     r"accountability|duty)|\bduty to (?:provide|secure|promote) a (?:comprehensive|national)"),
    ("local_risk", -1, r"\b(?:handing|transferring|giving|passing|devolving|shifting)\b[^.;]{0,50}"
     r"\b(?:council|local|town hall)\w*[^.;]{0,50}\b(?:risk\w*|danger\w*|threat\w*|mistake|"
     r"recipe|gamble|folly|disaster)"),
)

_NEGATION_BEFORE = re.compile(r"\b(?:not|no|never|cannot|nor|without|against|oppos\w*|reject\w*"
                              r"|\w+n't)[^\w.;!?]+(?:\w+[^\w.;!?]+){0,3}$")
_NEGATION_INSIDE = re.compile(r"\b(?:not|never|cannot|\w+n't)\b")


def normalise(text: str) -> str:
    """Lower-case with curly quotes straightened, keeping every offset where it was."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.replace("’", "'").replace("‘", "'")


class CueLexicon(TransformerMixin, BaseEstimator):
    """Counts of each cue (negated cues as their own column) plus two totals, localist and
    centralist, after negation flips; sublinear so one strong cue is not drowned out by
    length."""

    def __init__(self, cues: tuple[tuple[str, int, str], ...] = CUES) -> None:
        self.cues = cues

    def fit(self, X, y=None):  # noqa: ARG002 - sklearn signature
        self._compile()
        names = [name for name, _, _ in self.cues]
        self.feature_names_ = names + ["not_" + n for n in names] + ["cue_localist",
                                                                    "cue_centralist"]
        self.n_features_out_ = len(self.feature_names_)
        return self

    def _compile(self) -> None:
        self.compiled_ = [(name, sign, re.compile(pattern)) for name, sign, pattern in self.cues]

    def get_feature_names_out(self, input_features=None):  # noqa: ARG002
        return np.asarray(self.feature_names_, dtype=object)

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """(column, start, end) of every cue in ``text``; the evidence view uses the spans."""
        if not hasattr(self, "memo_"):
            self.memo_ = Memo()
        return self.memo_.get(text, self._matches)

    def _matches(self, text: str) -> list[tuple[int, int, int]]:
        low = normalise(text)
        n = len(self.cues)
        out = []
        for i, (_, sign, pattern) in enumerate(self.compiled_):
            for match in pattern.finditer(low):
                negated = bool(_NEGATION_BEFORE.search(low, max(0, match.start() - 40),
                                                       match.start())
                               or _NEGATION_INSIDE.search(match.group()))
                out.append((i + n if negated else i, match.start(), match.end()))
                direction = -sign if negated else sign
                out.append((2 * n if direction > 0 else 2 * n + 1, match.start(), match.end()))
        return out

    def transform(self, X):
        if not hasattr(self, "compiled_"):
            self._compile()
        rows, cols = [], []
        for r, text in enumerate(X):
            for col, _, _ in self.matches(text):
                rows.append(r)
                cols.append(col)
        data = np.ones(len(rows), dtype=np.float64)
        counts = sparse.csr_matrix((data, (rows, cols)), shape=(len(X), self.n_features_out_))
        counts.sum_duplicates()
        counts.data = np.log1p(counts.data)
        return counts
