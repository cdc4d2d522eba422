"""A small hand-written lexicon of the debate's stock phrases, as plain word pairs.

Word n-grams learned from a few thousand of our own passages mostly learn topic; these cues
are the stock phrases of the argument itself ("postcode lottery", "top down", "closer to
patients"), written once from knowledge of the debate, so they fire on articles whose
vocabulary the training set never saw. A negation shortly before a cue flips its direction
("it is not about local control").

A cue is one word or a pair of lower-case words looked up in a dictionary: no regular expression is
ever built from a cue, so a model file (which stores the cues it was trained with) can
bring no pattern that hangs the app, and matching costs one dictionary lookup per word
pair that the word features compute anyway. Structural cues ("councils should hold …")
are left to the clause skeletons of :mod:`analysis.stance.features`.
"""

from __future__ import annotations

import re

# direction +1 localist, -1 centralist; each line: a cue name, then its word pairs.
_LOCALIST = """
local_control: local control|local decision|local democracy|local accountability|
    local leadership|local autonomy|local discretion|local flexibility|local knowledge|
    local voice|local ownership|locally led|locally controlled|locally accountable|
    locally determined|locally run|locally designed
democratic: democratic accountability|democratic mandate|democratic control|
    democratic legitimacy|democratic oversight|democratic deficit|ballot box|
    elected councillors|local mandate
devolve: devolve power|devolve powers|devolve budgets|devolved powers|devolved budgets|
    genuine devolution|real devolution|full devolution|further devolution|more devolution|
    greater devolution
top_down: top down|knows best|one size|size fits|command and|and control|micro manage|
    micromanagement|micromanaging|power grab|imposed from|dictated from|diktats from|
    remote bureaucrats|remote officials|from whitehall|from westminster|centralised control|
    centralised system|centralised bureaucracy|distant officials
closer: closer to|closest to|local needs|local circumstances|local priorities|local conditions|
    place based|subsidiarity|know their|their communities|their patch
local_role: greater role|bigger role|stronger role|bigger say|greater say|real say|more say|
    more powers|greater powers|new powers|lead role|leading role
local_hands: hands of|under local|back to|power to|control to|budgets to|money to|given to|
    handed to|handing power|handing control|handing budgets|transfer power|transferring power|
    give councils|giving councils|let councils|trust councils|trust local|empower councils|
    empowering councils|empower local|empowering local
better_placed: best placed|better placed|well placed|better equipped|best equipped
accountable_locally: answerable to|accountable to
"""
_CENTRALIST = """
postcode_lottery: postcode lottery|postcode lotteries|postcode rationing|postcode care
national_standards: national standards|national standard|national framework|national rules|
    national oversight|national entitlement|national entitlements|national offer|
    national minimum|national guarantee|national guidelines|national pay|national contracts|
    national direction|national leadership|national grip|national control|
    national accountability|same standards|same care|same service|same treatment|
    same entitlement|wherever you|wherever they|universal service|universal standards|
    universal entitlement
ring_fenced: ring fenced|ring fence|ringfenced|ringfence|protected budget|protected funding
one_national: one national|single national|nationally run|nationally funded|
    nationally accountable|nationally organised|nationally planned|nationally set|
    central control|central funding|central planning|central oversight|central direction|
    central grip|run nationally|run centrally|national service|national health
fragmentation: break up|breaking up|
    breaks up|balkanisation|dismantle the|dismantling the|dismantling of|wide variation|
    wider variation|widening variation|unwarranted variation|varies from|patchwork of
unfit_local: unelected council|council leaders|council politicians|council bosses|parish pump|
    local politicians|cash strapped|not ready|not capable|not equipped|cannot be|be trusted
ministers_responsible: secretary of|of state|ministerial responsibility|
    ministerial accountability|ministerial duty|accountable to|comprehensive health|
    comprehensive service
"""
WORD_PAIR = re.compile(r"^[a-z]{2,30}(?: [a-z]{2,30})?$")
MAX_CUES = 2000


def _parse(block: str, sign: int) -> list[tuple[str, int, str]]:
    out = []
    for entry in re.split(r"\n(?=\w)", block.strip()):  # indented lines continue an entry
        name, _, phrases = entry.partition(":")
        out.extend(
            (name.strip(), sign, " ".join(p.split())) for p in phrases.split("|") if p.strip()
        )
    return out


# (name, direction, "word word"); a phrase of three words is matched by its first pair.
CUES: tuple[tuple[str, int, str], ...] = tuple(
    (n, s, " ".join(p.split()[:2])) for n, s, p in _parse(_LOCALIST, 1) + _parse(_CENTRALIST, -1)
)


def check_cues(cues) -> tuple[tuple[str, int, str], ...]:
    """Cues as stored in a model file, validated: each a ``[name, +1 or -1, "word word"]``
    (or one word) of lower-case letters, at most ``MAX_CUES`` of them. Raises ``ValueError``."""
    if not isinstance(cues, list) or len(cues) > MAX_CUES:
        raise ValueError("stance model cue lexicon is malformed or too large")
    out = []
    for cue in cues:
        if not (
            isinstance(cue, list)
            and len(cue) == 3
            and isinstance(cue[0], str)
            and re.fullmatch(r"[a-z_]{1,40}", cue[0])
            and cue[1] in (1, -1)
            and cue[1] is not True
            and isinstance(cue[2], str)
            and WORD_PAIR.match(cue[2])
        ):
            raise ValueError("stance model cue lexicon holds an entry that is not a word pair")
        out.append((cue[0], int(cue[1]), cue[2]))
    return tuple(out)


def cue_table(cues) -> dict[str, tuple[str, int]]:
    """Word pair -> (cue name, direction); the first cue listing a pair wins."""
    table: dict[str, tuple[str, int]] = {}
    for name, sign, phrase in cues:
        table.setdefault(phrase, (name, sign))
    return table
