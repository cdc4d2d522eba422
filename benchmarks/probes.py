"""Behavioural probes: does the model get the kinds of sentence it is known to get wrong?

The development set has 9 centralist units, too few to show whether a change fixes a kind
of error. These probes, written by us and kept out of ``resources/training``, each stand
for one failure kind named in the model's review: a policy described rather than argued
for, the service called by its full name, doubt about a side, a concession followed by the
writer's own view, reported speech, irony, and plain advocacy as a control. They are a
check of behaviour, not a score to tune on: a change is chosen on the tuning part, then
this list is run once to see which kinds of error it touched.

Run: .venv/bin/python benchmarks/probes.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from analysis.corpus import LABELS  # noqa: E402

# (kind, expected label, text)
PROBES = [
    (
        "description",
        "neutral",
        "The white paper sets national standards and targets that "
        "every trust will have to meet from April.",
    ),
    (
        "description",
        "neutral",
        "Under the reforms, a decentralisation will place the "
        "commissioning budget with GP consortia in each area.",
    ),
    (
        "description",
        "neutral",
        "The bill transfers public health duties from primary care "
        "trusts to local authorities in 2013.",
    ),
    (
        "named",
        "neutral",
        "The National Health Service marked its birthday with a tea party for staff "
        "who joined in its first decade.",
    ),
    (
        "named",
        "neutral",
        "A spokesman for the National Health Service said the figures would be published "
        "next week.",
    ),
    (
        "doubt",
        "neutral",
        "It is not clear whether there will be genuine devolution of health "
        "budgets to the combined authority.",
    ),
    (
        "doubt",
        "neutral",
        "Critics and supporters of devolution both agree that the funding formula needs review.",
    ),
    (
        "concession",
        "localist",
        "Of course national standards matter, but decisions about "
        "local services belong with local people.",
    ),
    (
        "concession",
        "centralist",
        "Devolution sounds attractive, but a national health "
        "service needs national rules, not 150 different ones.",
    ),
    (
        "concession",
        "localist",
        "Far from being a threat, giving health and wellbeing boards "
        "real power over budgets is the only way to join up care.",
    ),
    (
        "reported",
        "centralist",
        "Handing the NHS to 150 councils would be a recipe for a "
        "postcode lottery, the shadow health secretary warned.",
    ),
    (
        "reported",
        "localist",
        "The chief executive said the council, not Whitehall, should "
        "decide how social care money is spent locally.",
    ),
    (
        "reported",
        "neutral",
        "The minister said the board would meet quarterly and publish its minutes.",
    ),
    (
        "irony",
        "centralist",
        "Oh yes, let's give the NHS to the same councils that closed our "
        "libraries. What could possibly go wrong?",
    ),
    (
        "advocacy",
        "localist",
        "Councils know their communities far better than any official "
        "in Whitehall, and they should hold the budget.",
    ),
    (
        "advocacy",
        "centralist",
        "Only national standards can end the postcode lottery; "
        "ministers must keep control of the NHS.",
    ),
]


def run(model) -> dict[str, tuple[int, int]]:
    """Per kind: (right, total); prints one line per probe."""
    proba = model.predict_proba([text for _, _, text in PROBES])
    tally: dict[str, list[int]] = {}
    for (kind, expected, text), p in zip(PROBES, proba, strict=True):
        guess = LABELS[int(np.argmax(p))]
        right = guess == expected
        tally.setdefault(kind, [0, 0])
        tally[kind][0] += int(right)
        tally[kind][1] += 1
        shown = " ".join(f"{v:.2f}" for v in p)
        print(
            f"{'ok ' if right else 'ERR'} {kind:<11} {expected:<10} -> {guess:<10} [{shown}] "
            f"{text[:70]}"
        )
    return {kind: (r, n) for kind, (r, n) in tally.items()}


def main() -> int:
    from analysis.stance.model import load_shipped

    tally = run(load_shipped())
    right = sum(r for r, _ in tally.values())
    print(
        f"{right} of {len(PROBES)} right; "
        + ", ".join(f"{kind} {r}/{n}" for kind, (r, n) in tally.items())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
