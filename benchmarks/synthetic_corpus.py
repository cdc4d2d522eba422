"""A large corpus in our own words, for every benchmark that needs scale.

Real corpora of 100,000 passages cannot ship with the project (they are third-party text),
so this writes one from combinatorial templates: news reports, blog posts and council
minutes with a title, a byline, named speakers quoted and reported, pronoun follow-ups,
unnamed plural voices ("Critics said") and outlets, on the health-and-care axis the model
scores. Speaker frequencies follow a Zipf-like spread (a few prolific voices, thousands of
occasional ones), which is what makes the positions matrix hard at size. Everything is
deterministic for a seed.

Run: .venv/bin/python benchmarks/synthetic_corpus.py OUT_DIR [--passages N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

FIRST = (
    "Amara Bea Cal Dana Eliot Fern Gus Hana Idris Jude Kit Lorna Milo Nia Owen Pia "
    "Quinn Rosa Saul Tess Umar Vera Wyn Yara Zeb Alba Bram Cleo Dev Esme Flynn Gwen "
    "Hugo Isla Jory Kezia Lars Mabel Noor Orla Pavel Rhea Sol Thea Ulla Vince Wren"
).split()
SURNAMES = (
    "Ashdown Brackley Colwell Denholm Ellery Fairlie Garside Hollins Inchley Jessop "
    "Kettering Lowther Marlow Netley Orrell Pendle Quarry Rendall Selwood Thirsk "
    "Underhill Varley Wetherby Yelland Acklam Birtle Chorley Dunmore Eskdale Froome "
    "Gilling Hebden Ilkley Kersey Langley Medway Norland Oakworth Pickering Redmire "
    "Sowerby Tansley Ulverston Wenlock Alston Bewley Catterick Dinsdale"
).split()
ROLES = (
    "chief executive of {org}",
    "leader of {place} Council",
    "chair of the {place} health and wellbeing board",
    "director of public health for {place}",
    "a GP in {place}",
    "the shadow care minister",
    "finance director at {org}",
)
ORGS = (
    "the Northfold Care Alliance",
    "the Riverside Health Trust",
    "the Commissioning Forum",
    "the Community Nursing Network",
    "the Carers Federation",
    "the Local Care Partnership",
    "the Hospital Leaders Group",
    "the Patients Union",
)
PLACES = (
    "Ashbury Bramhope Caldergate Dunmere Eastwick Fellside Grimsthorpe Harrowby "
    "Kingsmere Lakenby Moorcross Northwold Oxenden Pelham Redcastle Stanwick "
    "Thornbury Wexcombe"
).split()
OUTLETS = (
    "the Weekly Courier",
    "Care Sector Today",
    "the Northern Gazette",
    "Council Review Online",
    "Health Policy Digest",
)
PLURALS = ("Critics", "Supporters", "Campaigners", "Residents", "Unions", "Opponents")
THINGS = (
    "social care",
    "community nursing",
    "public health",
    "mental health services",
    "hospital discharge",
    "prevention",
    "home care",
    "the care budget",
)

CLAIMS = {
    "localist": (
        "councils who know {place} should decide how {thing} money is spent",
        "decisions on {thing} belong with local people and the councillors they elect",
        "the health and wellbeing board in {place} must hold the budget for {thing}",
        "we cannot run {thing} from a desk in Whitehall; give the power back to the town hall",
    ),
    "centralist": (
        "only a national standard for {thing} will end the postcode lottery",
        "ministers must keep firm control of {thing} so every patient is treated the same",
        "the NHS needs one national plan for {thing}, not a patchwork of local schemes",
        "leaving {thing} to each council would let standards drift apart across England",
    ),
    "neutral": (
        "the review of {thing} will report to the committee in the spring",
        "figures on {thing} for {place} were published on Tuesday",
        "a consultation on {thing} closes at the end of the month",
        "the meeting about {thing} heard from officers and members of the public",
    ),
}
QUOTE_FORMS = (
    "“{Claim}.” {name}, {role}, said.",
    "{name}, {role}, said: “{Claim}.”",
    "“{Claim},” said {name}.",
    "{name} told {outlet} that {claim}.",
    "According to {name}, {claim}.",
    "{name} warned that {claim}, adding that the decision could not wait.",
)
FOLLOW_FORMS = (
    "{pron} said {claim}.",
    "“We have waited long enough,” {pron_lower} added. “{Claim}.”",
)
WRITER_FORMS = (
    "In {place}, {claim}, or so the argument runs in the council chamber.",
    "It is hard to avoid the conclusion that {claim}.",
    "The numbers matter here: {claim}.",
    "This week the debate turned again to {thing} in {place}.",
)
PLURAL_FORMS = ("{plural} said {claim}.", "{plural} told {outlet} that {claim}.")
TITLES = (
    "Who should run {thing} in {place}?",
    "{Place} council and the future of {thing}",
    "Why {thing} is back on the agenda",
    "Notes from the {place} board meeting",
)


class _Speakers:
    """A Zipf-like population of people: a few prolific, thousands of occasional."""

    def __init__(self, rng: random.Random, count: int = 5000) -> None:
        pairs = [(f, s) for s in SURNAMES for f in FIRST]
        rng.shuffle(pairs)
        self.people = [
            (f"{f} {s}", rng.choice(ROLES), rng.choice(("localist", "centralist", "neutral")))
            for f, s in pairs[:count]
        ]
        self.weights = [1.0 / (i + 1) ** 1.05 for i in range(len(self.people))]

    def pick(self, rng: random.Random):
        return rng.choices(self.people, self.weights)[0]


def _claim(rng: random.Random, lean: str) -> str:
    label = lean if rng.random() < 0.6 else rng.choice(tuple(CLAIMS))
    return rng.choice(CLAIMS[label]).format(place=rng.choice(PLACES), thing=rng.choice(THINGS))


def _fill(rng: random.Random, form: str, lean: str, **extra) -> str:
    claim = _claim(rng, lean)
    place = rng.choice(PLACES)
    return form.format(
        claim=claim,
        Claim=claim[0].upper() + claim[1:],
        place=place,
        Place=place,
        thing=rng.choice(THINGS),
        outlet=rng.choice(OUTLETS),
        plural=rng.choice(PLURALS),
        **extra,
    )


def _paragraph(rng: random.Random, speakers: _Speakers, state: dict) -> str:
    draw = rng.random()
    if draw < 0.45:
        name, role, lean = speakers.pick(rng)
        state["last"] = lean
        short = name.split()[-1] if rng.random() < 0.3 and state.get("named") else name
        state["named"] = True
        role = role.format(org=rng.choice(ORGS), place=rng.choice(PLACES))
        return _fill(rng, rng.choice(QUOTE_FORMS), lean, name=short, role=role)
    if draw < 0.6 and state.get("last"):
        pron = rng.choice(("He", "She"))
        return _fill(
            rng, rng.choice(FOLLOW_FORMS), state["last"], pron=pron, pron_lower=pron.lower()
        )
    if draw < 0.7:
        return _fill(rng, rng.choice(PLURAL_FORMS), rng.choice(tuple(CLAIMS)))
    first = _fill(rng, rng.choice(WRITER_FORMS), state["writer"])
    return first + " " + _fill(rng, rng.choice(WRITER_FORMS), state["writer"])


def document(rng: random.Random, speakers: _Speakers, paragraphs: int) -> str:
    """One article: title, byline (an author or an outlet's desk), date, paragraphs."""
    place, thing = rng.choice(PLACES), rng.choice(THINGS)
    title = rng.choice(TITLES).format(place=place, Place=place, thing=thing)
    title = title[0].upper() + title[1:]
    author = f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}"
    byline = f"By {author}" if rng.random() < 0.8 else f"By {rng.choice(OUTLETS)} reporters"
    month = rng.choice(("March", "June", "October"))
    date = f"{rng.randint(1, 28)} {month} 20{rng.randint(12, 24)}"
    state = {"writer": rng.choice(tuple(CLAIMS))}
    body = [_paragraph(rng, speakers, state) for _ in range(paragraphs)]
    return "\n\n".join([title, byline, date, *body]) + "\n"


def documents(passages: int, seed: int = 1) -> Iterator[str]:
    """Articles until about ``passages`` body paragraphs have been written."""
    rng = random.Random(seed)
    speakers = _Speakers(rng)
    written = 0
    while written < passages:
        n = min(passages - written, rng.randint(12, 40))
        written += n
        yield document(rng, speakers, n)


def texts(count: int, seed: int = 1) -> Iterator[str]:
    """``count`` passage texts without files: for classification at 100k or 1M."""
    rng = random.Random(seed)
    speakers = _Speakers(rng)
    state = {"writer": "neutral"}
    for _ in range(count):
        yield _paragraph(rng, speakers, state)


def write_corpus(out: Path, passages: int = 100_000, seed: int = 1) -> int:
    """Write the corpus as .txt files under ``out``; returns the number of documents."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for count, text in enumerate(documents(passages, seed), start=1):
        (out / f"article_{count:05d}.txt").write_text(text, encoding="utf-8")
    return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    n = write_corpus(args.out, args.passages, args.seed)
    print(f"wrote {n} documents, about {args.passages} passages, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
