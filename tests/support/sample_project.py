"""A synthetic project for previewing the report layout, for tests and for benchmarks.

The sentences are made up from a few templates of our own, the people are fictional, and
the labels are drawn at random with a lean per speaker; nothing here is a finding. It lets
the report be exercised at any size (the benchmark uses 20,000 passages) without a trained
model or a real corpus.
"""

from __future__ import annotations

import random

from analysis.corpus import Document, Passage, Prediction
from analysis.store import Project

SPEAKERS = [
    ("Councillor Ada Marsh", 1.2),
    ("Mayor Ruth Okafor", 0.9),
    ("Dr Ben Ashworth", 0.2),
    ("Health Minister Tom Reed", -1.1),
    ("Professor Lena Hart", -0.4),
    ("Sam Patel, care home owner", 0.5),
    ("the Treasury", -1.4),
    ("Joan Lyle MP", -0.7),
]
ISSUES = [
    "Budgets and funding",
    "Commissioning",
    "Accountability and democracy",
    "Integration of health and social care",
    "Devolution",
]
TEMPLATES = {
    "localist": [
        "Councils know their {place} and should hold the {thing} budget themselves.",
        "Decisions about {thing} belong with the local health and wellbeing board, not with "
        "officials far away.",
        "Give the {place} its own powers over {thing} and let voters judge the results.",
    ],
    "centralist": [
        "Only a national standard for {thing} can stop a postcode lottery across every {place}.",
        "The department must keep control of {thing} so that every patient gets the same service.",
        "Ministers should set the {thing} rules centrally and hold every {place} to them.",
    ],
    "neutral": [
        "The report on {thing} was published on Tuesday after a long consultation.",
        "A meeting about {thing} in the {place} is planned for the spring.",
        "Figures on {thing} were presented to the committee without comment.",
    ],
}
PLACES = ["borough", "county", "city region", "district", "neighbourhood"]
THINGS = ["social care", "public health", "hospital", "prevention", "community nursing"]
EVIDENCE = {
    "localist": [("council", 0.9), ("local", 0.8), ("board", 0.5)],
    "centralist": [("nation", -0.9), ("minist", -0.7), ("standard", -0.6)],
    "neutral": [("report", 0.1)],
}


def _label(rng: random.Random, lean: float) -> str:
    draw = rng.gauss(lean, 1.0)
    return "localist" if draw > 0.45 else "centralist" if draw < -0.45 else "neutral"


def _prediction(rng: random.Random, label: str) -> Prediction:
    main = rng.uniform(0.45, 0.95)
    rest = 1.0 - main
    split = rng.uniform(0.2, 0.8)
    others = [rest * split, rest * (1 - split)]
    probs = {label: main}
    rest_labels = [x for x in ("centralist", "neutral", "localist") if x != label]
    for other, p in zip(rest_labels, others, strict=True):
        probs[other] = p
    return Prediction(
        label, probs["centralist"], probs["neutral"], probs["localist"], EVIDENCE[label]
    )


def _document(rng: random.Random, index: int, size: int):
    speaker, lean = SPEAKERS[index % len(SPEAKERS)]
    parts, passages, labels, pos = [], [], [], 0
    for seq in range(size):
        label = _label(rng, lean)
        text = rng.choice(TEMPLATES[label]).format(
            place=rng.choice(PLACES), thing=rng.choice(THINGS)
        )
        text = f"{text[0].upper()}{text[1:]}"
        passages.append(Passage(pos, pos + len(text), text, seq=seq))
        labels.append(label)
        parts.append(text)
        pos += len(text) + 2
    boiler = "Share this page | Sign up to our newsletter | Cookies"
    passages.append(Passage(pos, pos + len(boiler), boiler, True, size))
    parts.append(boiler)
    doc = Document(
        file=f"sample/brief_{index:04d}.txt",
        text="\n\n".join(parts),
        title=f"Briefing {index + 1}: who should run care?",
        author=speaker,
        date=f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}",
    )
    return doc, passages, labels, speaker


def _metrics(training_size: int) -> dict:
    per_class = {
        "centralist": {"precision": 0.81, "recall": 0.77, "f1": 0.79, "support": 410},
        "neutral": {"precision": 0.74, "recall": 0.80, "f1": 0.77, "support": 520},
        "localist": {"precision": 0.84, "recall": 0.79, "f1": 0.81, "support": 450},
    }
    return {
        "macro_f1": 0.79,
        "per_class": per_class,
        "training_size": training_size,
        "labels": ["centralist", "neutral", "localist"],
        "confusion": [[316, 62, 32], [51, 416, 53], [24, 70, 356]],
    }


def fill_sample_project(
    project: Project, passages: int = 200, documents: int = 12, coders: int = 3, seed: int = 7
) -> None:
    """Fill ``project`` with synthetic documents, predictions, speakers, issues and codes."""
    rng = random.Random(seed)
    per_doc = max(1, passages // max(1, documents))
    with project.transaction():
        model_id = project.save_model("sample model", {}, b"", 1380, _metrics(1380))
        project.save_codebook(
            {
                "version": 1,
                "issue": [
                    {
                        "name": name,
                        "description": f"Passages about {name.lower()}.",
                        "stems": [name.split()[0].lower()],
                        "phrases": [],
                    }
                    for name in ISSUES
                ],
            }
        )
        records = []
        for index in range(documents):
            doc, parts, labels, speaker = _document(rng, index, per_doc)
            doc_id = project.add_document(doc, parts)
            ids = [r.id for r in project.passages(doc_id)]
            records.extend(zip(ids, labels + [None], [speaker] * len(ids), strict=True))
        project.save_predictions(
            model_id, [(pid, _prediction(rng, label)) for pid, label, _ in records if label]
        )
        project.save_attributions([(pid, who, "byline", 0.9) for pid, _, who in records])
        project.save_issue_tags(
            [(pid, rng.sample(ISSUES, rng.randint(0, 2))) for pid, label, _ in records if label]
        )
        _code_by_hand(project, rng, [(pid, label) for pid, label, _ in records if label], coders)


def _code_by_hand(project: Project, rng: random.Random, items, coders: int) -> None:
    """Each coder labels an overlapping tenth of the passages and sometimes disagrees."""
    chosen = items[:: max(1, len(items) // max(1, len(items) // 10))][:400]
    for c in range(coders):
        name = f"coder {chr(ord('A') + c)}"
        for pid, label in chosen[c * len(chosen) // (coders + 2) :]:
            if rng.random() < 0.15:
                label = rng.choice(["centralist", "neutral", "localist"])
            project.annotate(pid, name, label=label)
