"""Writing a model's predictions for a project, adapted to the corpus's own stance mix.

Kept apart from the verbs in :mod:`analysis.workflow` because three of them (classify,
retrain, import) share it, and because the order matters: every passage is predicted first,
the share of passages taking each side is estimated from all of them, and only then are the
adapted predictions written, in short batches so a label typed meanwhile never waits long.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.corpus import LABELS
from analysis.progress import CancelToken, Progress, collection_paused
from analysis.store import Project
from analysis.store.model_store import WRITE_BATCH
from analysis.store.queries import PassageSpan

CLASSIFY_BATCH = 2000
STANCE_SHARES = "stance_shares"
"""Project setting: the corpus's estimated share of passages per stance (JSON)."""

__all__ = ["CLASSIFY_BATCH", "STANCE_SHARES", "predict_into", "stance_shares"]


def predict_into(
    project: Project,
    model_id: int,
    model,
    progress: Progress,
    cancel: CancelToken,
    *,
    passage_ids: Sequence[int] | None = None,
) -> None:
    """Write ``model``'s predictions under ``model_id``, at most WRITE_BATCH rows a commit.

    All passages are predicted first, then adapted to the corpus's estimated class mix
    (page noise left out of the estimate; see :mod:`analysis.stance.priors`), then saved.
    A batch too small to estimate from reuses the project's last estimate."""
    with collection_paused():
        _predict_into(project, model_id, model, progress, cancel, passage_ids)


def _predict_into(project, model_id, model, progress, cancel, passage_ids) -> None:
    records = project.passage_spans()
    wanted = None if passage_ids is None else set(passage_ids)
    if wanted is not None:
        docs = {r.document_id for r in records if r.id in wanted}
        records = [r for r in records if r.document_id in docs]
    # Page noise gets a document of its own so it neither lends nor borrows context.
    doc_ids = [-r.id if r.boilerplate else r.document_id for r in records]
    predictions, total = [], max(1, len(records))
    for start, stop in _document_batches(records):
        cancel.check()
        predictions += model.predict(_texts(project, records[start:stop]), doc_ids[start:stop])
        progress(0.9 * len(predictions) / total, f"Classified {len(predictions)} of {total}")
    cancel.check()
    predictions = _adapt_to_corpus(project, model, records, predictions)
    pairs = [
        (r.id, p)
        for r, p in zip(records, predictions, strict=True)
        if wanted is None or r.id in wanted
    ]
    for first in range(0, len(pairs), WRITE_BATCH):
        cancel.check()
        batch = pairs[first : first + WRITE_BATCH]
        if hasattr(model, "fill_evidence"):
            model.fill_evidence([p for _, p in batch])
        project.save_predictions(model_id, batch)
    progress(1.0, f"Classified {len(records)} of {len(records)}")


def _adapt_to_corpus(project: Project, model, records: list[PassageSpan], predictions):
    """Predictions re-weighted to the share of passages estimated to take each side; the
    shares are stored in the project setting ``STANCE_SHARES`` for the Model tab and the
    report ("about 78% of passages take no side")."""
    import json

    from analysis.stance.priors import MIN_BATCH

    use = [not r.boilerplate for r in records]
    if sum(use) >= MIN_BATCH:
        predictions, prior = model.adapt(predictions, use=use)
        if not project.read_only:
            shares = {label: round(float(v), 4) for label, v in zip(LABELS, prior, strict=True)}
            project.set_setting(STANCE_SHARES, json.dumps({**shares, "passages": sum(use)}))
        return predictions
    stored = stance_shares(project)
    if stored is None:
        return predictions
    return model.adapt(predictions, prior=[stored[label] for label in LABELS])[0]


def stance_shares(project: Project) -> dict | None:
    """The corpus's estimated share of passages per stance (and how many passages it was
    estimated from), or None before the first estimate."""
    import json

    try:
        stored = json.loads(project.get_setting(STANCE_SHARES) or "null")
    except json.JSONDecodeError:
        return None
    if not isinstance(stored, dict) or not all(
        isinstance(stored.get(label), (int, float)) and stored[label] > 0 for label in LABELS
    ):
        return None
    return stored


def _texts(project: Project, records: list[PassageSpan]) -> list[str]:
    """The passages' texts, cut from their documents' texts (each read once): the records
    are read without text or evidence, which a full read would fetch and parse for every
    passage of the project at once."""
    documents: dict[int, str] = {}
    out = []
    for r in records:
        text = documents.get(r.document_id)
        if text is None:
            text = documents[r.document_id] = project.document_text(r.document_id)
        out.append(text[r.start : r.end])
    return out


def _document_batches(records: list[PassageSpan]) -> list[tuple[int, int]]:
    """Batches of about CLASSIFY_BATCH passages that never split a document."""
    cuts = [
        i for i in range(1, len(records)) if records[i].document_id != records[i - 1].document_id
    ]
    bounds, start = [], 0
    for cut in [*cuts, len(records)]:
        if cut - start >= CLASSIFY_BATCH or cut == len(records):
            bounds.append((start, cut))
            start = cut
    return bounds
