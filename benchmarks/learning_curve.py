"""Does the model learn from the researcher? A simulated coder on the shared corpus.

The coder labels passages of the *tuning* part of the development set in the order the
app's own uncertainty queue (``analysis.stance.rank.rank_for_labelling``) proposes them,
0, 25, 50, 100 and 200 in all; after each batch the model is retrained the way the app's
retrain does (``analysis.workflow.training_examples`` order: bootstrap set, then the
project's labels, through ``analysis.stance.training.train``), and scored on the *locked*
part, which the coder never sees. Target: +0.08 macro-F1 after 100 labels, each retrain
under 10 s.

The locked units are scored as the app shows them: every passage of the corpus is
predicted, the predictions go through the model's corpus adaptation (the estimated stance
mix for the shipped model; none once a project layer has learned the corpus, see
``StanceModel.adapt``), and each unit takes the overlap-weighted mean of its passages.
``--raw`` scores the unadapted probabilities instead.

``--tune`` runs the same simulation inside the tuning part only (labels from half of its
documents, scores on the other half), which is how the project layer's settings were chosen
without looking at the locked part.

``--same-set`` follows the customer's own protocol instead: the coder labels passages of
one set (the tuning part with ``--tune``, every labelled unit without it; ``--random`` in
a fixed random order instead of the queue's), and the retrained model and the starting
model are both scored on the units of that set not yet labelled, so the gain is measured
on the rest of the same documents.

Run: .venv/bin/python benchmarks/learning_curve.py [--tune] [--raw] [--same-set [--random]]
(``--tune`` runs both halves in turn: labels from one, scores on the other)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from analysis.corpus import LABELS, Document  # noqa: E402
from analysis.segment import segment  # noqa: E402
from analysis.stance.model import load_shipped  # noqa: E402
from analysis.stance.rank import rank_for_labelling  # noqa: E402
from analysis.stance.training import load_bootstrap, metrics_for, train  # noqa: E402
from benchmarks.eval_dev import CORPUS, unit_probabilities  # noqa: E402
from tests.data.devset import load_split  # noqa: E402

STEPS = (0, 25, 50, 100, 200)
SCORE = None  # set below: as_the_app_shows, or unit_probabilities with --raw


def tuning_halves(tuning: list[dict]) -> tuple[list[dict], list[dict]]:
    """The tuning units split by document into two halves (alternate documents)."""
    docs = sorted({u["doc"] for u in tuning})
    second = set(docs[1::2])
    return (
        [u for u in tuning if u["doc"] not in second],
        [u for u in tuning if u["doc"] in second],
    )


def as_the_app_shows(model, units: list[dict], corpus=CORPUS) -> np.ndarray:
    """(n_units, 3) probabilities read from corpus-wide, corpus-adapted passage predictions."""
    files = sorted({u["file"] for u in units} | {p.name for p in corpus.glob("*.txt")})
    files = [f for f in files if f.lower() != "readme.txt"]
    passages = {
        f: segment(Document(file=f, text=(corpus / f).read_text(encoding="utf-8"))) for f in files
    }
    every = [p for f in files for p in passages[f]]
    predictions, _ = model.adapt(
        model.predict([p.text for p in every]), use=[not p.boilerplate for p in every]
    )
    proba = np.array([[p.p_centralist, p.p_neutral, p.p_localist] for p in predictions])
    first, out = 0, np.zeros((len(units), len(LABELS)))
    for f in files:
        block, first = proba[first : first + len(passages[f])], first + len(passages[f])
        for i, unit in enumerate(units):
            if unit["file"] != f:
                continue
            overlap = np.array(
                [
                    max(0, min(unit["end"], p.end) - max(unit["start"], p.start))
                    for p in passages[f]
                ],
                dtype=float,
            )
            out[i] = (
                overlap @ block / overlap.sum()
                if overlap.sum()
                else model.predict_proba([unit["text"]])[0]
            )
    return out


def main(argv: list[str] | None = None) -> int:
    global SCORE
    tuning, locked = load_split(CORPUS)
    if argv is None:
        argv = sys.argv[1:]
    if "--raw" in argv:
        SCORE = unit_probabilities
    if "--same-set" in argv:
        units = tuning if "--tune" in argv else tuning + locked
        print(f"same-set mode: {len(units)} units, the rest of them scored after each batch")
        simulate_rest(units, random_order="--random" in argv)
        return 0
    if "--tune" not in argv:
        simulate(tuning, locked)
        return 0
    first, second = tuning_halves(tuning)
    for pool, scored in ((first, second), (second, first)):
        print(
            f"tuning mode: {len(pool)} units to label, {len(scored)} to score (no locked "
            f"units used)"
        )
        simulate(pool, scored)
    return 0


def queue_more(model, units: list[dict], labelled: list[int], step: int) -> list[int]:
    """``labelled`` topped up to ``step`` units in the order of the app's ``U`` queue."""
    taken = set(labelled)
    pool = [i for i in range(len(units)) if i not in taken]
    proba = model.predict_proba([units[i]["text"] for i in pool])
    order = rank_for_labelling(proba, [units[i]["text"] for i in pool])
    return labelled + [pool[k] for k in order[: step - len(labelled)]]


def retrain(boot_texts, boot_labels, units: list[dict], labelled: list[int]):
    """The app's retrain on the bootstrap set plus the labelled units: (model, metrics, s)."""
    texts = boot_texts + [units[i]["text"] for i in labelled]
    labels = boot_labels + [units[i]["label"] for i in labelled]
    start = time.perf_counter()
    model, metrics = train(texts, labels, project_size=len(labelled))
    return model, metrics, time.perf_counter() - start


def simulate(tuning: list[dict], locked: list[dict]) -> None:
    """Label ``tuning`` units in the order of the app's queue, retrain, score ``locked``."""
    boot_texts, boot_labels = load_bootstrap()
    model = load_shipped()
    truth = [u["label"] for u in locked]
    labelled: list[int] = []
    print(
        f"{'labels':>6}  {'scored macro-F1':>15}  {'C / N / L F1':>18}  {'ECE':>5}  "
        f"{'retrain s':>9}  {'CV agreement':>12}"
    )
    first = None
    for step in STEPS:
        if step > len(tuning):
            break
        took, agreement = 0.0, float("nan")
        if step:
            labelled = queue_more(model, tuning, labelled, step)
            model, metrics, took = retrain(boot_texts, boot_labels, tuning, labelled)
            agreement = metrics.get("macro_f1", float("nan"))
        proba = SCORE(model, locked, CORPUS)
        m = metrics_for(truth, [LABELS[k] for k in proba.argmax(axis=1)], proba)
        first = m["macro_f1"] if first is None else first
        per = " / ".join(f"{m['per_class'][c]['f1']:.2f}" for c in LABELS)
        print(
            f"{step:>6}  {m['macro_f1']:>9.3f} ({m['macro_f1'] - first:+.3f})  {per:>18}  "
            f"{m['ece']:.3f}  {took:>9.2f}  {agreement:>12.3f}"
        )


def simulate_rest(units: list[dict], *, random_order: bool = False) -> None:
    """Label ``units`` in the order of the app's queue (or in a fixed random order, as a
    coder working through documents would); after each retrain score the starting model
    and the retrained one on the units not labelled yet."""
    shuffled = [int(i) for i in np.random.default_rng(0).permutation(len(units))]
    boot_texts, boot_labels = load_bootstrap()
    model = load_shipped()
    start_proba = SCORE(model, units, CORPUS)
    labelled: list[int] = []
    print(
        f"{'labels':>6}  {'rest':>4}  {'start F1':>8}  {'retrained F1':>12}  {'gain':>6}  "
        f"{'C / N / L F1 (retrained)':>24}  {'ECE':>5}  {'retrain s':>9}  {'weight':>6}"
    )
    for step in STEPS[1:]:
        if step >= len(units):
            break
        if random_order:
            labelled = shuffled[:step]
        else:
            labelled = queue_more(model, units, labelled, step)
        model, _, took = retrain(boot_texts, boot_labels, units, labelled)
        taken = set(labelled)
        rest = [i for i in range(len(units)) if i not in taken]
        truth = [units[i]["label"] for i in rest]
        new_proba = SCORE(model, [units[i] for i in rest], CORPUS)
        before = metrics_for(truth, [LABELS[k] for k in start_proba[rest].argmax(axis=1)])
        after = metrics_for(truth, [LABELS[k] for k in new_proba.argmax(axis=1)], new_proba)
        per = " / ".join(f"{after['per_class'][c]['f1']:.2f}" for c in LABELS)
        print(
            f"{step:>6}  {len(rest):>4}  {before['macro_f1']:>8.3f}  {after['macro_f1']:>12.3f}  "
            f"{after['macro_f1'] - before['macro_f1']:>+6.3f}  {per:>24}  {after['ece']:.3f}  "
            f"{took:>9.2f}  {model.project_weight:>6.2f}"
        )


SCORE = as_the_app_shows

if __name__ == "__main__":
    raise SystemExit(main())
