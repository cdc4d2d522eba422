"""The verbs a user can perform, shared by the window and the command line.

Each verb takes a ``progress(fraction, message)`` callback and a cancel token. No verb holds
the write lock for long: a coder labelling in the window (or ``stancemap annotate`` in a
terminal) must commit in milliseconds at any moment, so verbs write in short transactions of
at most ``WRITE_BATCH`` rows. A retrain's predictions go under a new, pending model that one
tiny transaction switches on at the end; a cancelled retrain removes it, and a cancelled
import removes the documents it added. The window runs these in a worker; the command line
calls them directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from analysis.corpus import LABELS, Document, Passage, ReadError
from analysis.predictions import predict_into, stance_shares
from analysis.progress import CancelToken, Progress, collection_paused, no_progress, sub_progress
from analysis.store import Changes, PassageRecord, Project
from analysis.store.model_store import WRITE_BATCH

MANUAL_WEIGHT = 3.0
"""How much more a project's own annotation counts than a bootstrap passage when retraining."""


@dataclass
class ImportSummary:
    documents: int = 0
    passages: int = 0
    boilerplate: int = 0
    errors: list[ReadError] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    unchanged: int = 0  # documents already in the project with the same text
    updated: int = 0  # documents already in the project whose text changed
    kept_labels: int = 0  # annotated passages of re-imported documents still annotated
    unplaced_labels: int = 0  # ... that could not be placed and stay in the log

    def describe(self) -> str:
        text = (
            f"imported {self.documents} document(s), {self.passages} passage(s)"
            f" ({self.boilerplate} marked as page noise)"
        )
        if self.unchanged or self.updated:
            text += f"; {self.unchanged} unchanged, {self.updated} updated"
        if self.kept_labels or self.unplaced_labels:
            text += f"; kept {self.kept_labels} label(s)"
        if self.unplaced_labels:
            text += f"; {self.unplaced_labels} could not be placed and stay in the log"
        if self.errors:
            text += f"; skipped {len(self.errors)} file(s)"
        return text

    def add(self, update, passages: list[Passage]) -> None:
        self.document_ids.append(update.document_id)
        self.documents += 1
        self.passages += len(passages)
        self.boilerplate += sum(p.boilerplate for p in passages)
        self.unchanged += update.status == "unchanged"
        self.updated += update.status == "changed"
        self.kept_labels += update.kept
        self.unplaced_labels += update.unplaced


@dataclass
class TrainResult:
    model_id: int
    metrics: dict
    previous_metrics: dict | None
    training_size: int
    manual_size: int


def import_corpus(
    project: Project,
    paths: Sequence[str | Path],
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    *,
    classify: bool = True,
) -> ImportSummary:
    """Read, clean, segment, store (short transactions of a few documents), attribute, classify.

    Re-importing adds and updates, never deletes: a file no longer in the folder keeps its
    document (remove it explicitly if it should go). Cancelling removes the documents this
    import added; documents it updated keep the new text, with their annotations.
    """
    cancel = cancel or CancelToken()
    summary = ImportSummary()
    added: list[int] = []
    with collection_paused():
        _import_into(project, paths, progress, cancel, classify, summary, added)
    progress(1.0, summary.describe())
    return summary


def _import_into(project, paths, progress, cancel, classify, summary, added) -> None:
    from analysis.ingest import iter_documents

    try:
        batch: list[tuple[Document, list[Passage]]] = []
        for documents in iter_documents(
            [Path(p) for p in paths], summary.errors, sub_progress(progress, 0.0, 0.5), cancel
        ):
            batch.extend(_segmented(documents))
            if sum(len(p) for _, p in batch) >= WRITE_BATCH:
                _store_batch(project, batch, summary, added, cancel)
                batch = []
        _store_batch(project, batch, summary, added, cancel)
        from analysis.classify_beside import finish_import

        wanted = bool(classify and summary.documents)
        finish_import(project, wanted, progress, cancel, refresh_structure, classify_project)
    except BaseException:  # cancelled, failed or interrupted: take back what was added
        _quietly(project.delete_documents, added)
        raise


def _segmented(documents: list[Document]) -> list[tuple[Document, list[Passage]]]:
    from analysis.segment import segment

    return [(document, segment(document)) for document in documents]


def _store_batch(
    project: Project, batch, summary: ImportSummary, added: list[int], cancel: CancelToken
) -> None:
    """A few documents in one short transaction (about WRITE_BATCH passages)."""
    if not batch:
        return
    cancel.check()
    for (_, passages), update in zip(batch, project.import_documents(batch), strict=True):
        if update.status == "new":
            added.append(update.document_id)
        summary.add(update, passages)


def refresh_structure(
    project: Project, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> None:
    """Recompute speakers and issue tags for the whole project.

    Run over every document rather than only new ones so that aliases merge across the
    corpus ("Burnham" in one article is "Andy Burnham" of another).
    """
    from analysis.actors import attribute_corpus
    from analysis.issues import project_codebook

    cancel = cancel or CancelToken()
    codebook = project_codebook(project)
    items, ids = _documents_with_passages(project)
    progress(0.2, "Finding speakers")
    attributions, actors = attribute_corpus(items)
    cancel.check()
    rows = []  # every passage, so a speaker no longer found is cleared, not left stale
    for pids, found in zip(ids, attributions, strict=True):
        rows.extend(
            (pid, a.actor, a.method, a.confidence) for pid, a in zip(pids, found, strict=True)
        )
    for start in range(0, len(rows), WRITE_BATCH):
        project.save_attributions(rows[start : start + WRITE_BATCH])
    project.save_actors((a.name, a.kind, a.aliases) for a in actors)
    progress(0.6, "Tagging policy issues")
    tags = []
    for (_, passages), pids in zip(items, ids, strict=True):
        tags.extend((pid, codebook.tag(p.text)) for pid, p in zip(pids, passages, strict=True))
    for start in range(0, len(tags), WRITE_BATCH):
        cancel.check()
        project.save_issue_tags(tags[start : start + WRITE_BATCH])
    progress(1.0, "Speakers and issues updated")


def _documents_with_passages(project: Project):
    items: list[tuple[Document, list[Passage]]] = []
    ids: list[list[int]] = []
    by_doc: dict[int, list[PassageRecord]] = {}
    # Read without text (and evidence), which is cut from the document's own text below:
    # the full read would fetch every document's text a second time.
    for record in project.passages(light=True):
        by_doc.setdefault(record.document_id, []).append(record)
    for doc in project.documents():
        records = by_doc.get(doc.id, [])
        text = project.document_text(doc.id)
        document = Document(
            file=doc.file,
            text=text,
            title=doc.title,
            author=doc.author,
            date=doc.date,
            source=doc.source,
            part=doc.part,
            origin=doc.origin,
            format=doc.format,
            byline_spans=project.byline_spans(doc.id),
        )
        passages = [
            Passage(r.start, r.end, text[r.start : r.end], r.boilerplate, r.seq) for r in records
        ]
        items.append((document, passages))
        ids.append([r.id for r in records])
    return items, ids


def current_model(project: Project):
    """The project's active model; the shipped one is copied in on first use.

    A read-only project gets the shipped model with id None: it can predict, not store.
    """
    from analysis.stance.model import StanceModel, load_shipped

    record = project.active_model()
    if record is not None:
        return record.id, StanceModel.from_payload(record.params, record.arrays)
    model = load_shipped()
    if project.read_only:
        return None, model
    params, arrays = model.to_payload()
    model_id = project.save_model(
        "shipped", params, arrays, model.training_size, model.metrics, activate=True
    )
    return model_id, model


def classify_project(
    project: Project,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    *,
    passage_ids: Sequence[int] | None = None,
) -> Changes:
    """Predict every (or the given) passage with the project's current model.

    Passages are read in document order and each one's probabilities are smoothed with its
    neighbours (page noise left out), so whole documents are predicted even when only some
    of their passages were asked for; only the asked-for ones are saved. The probabilities
    are adapted to the corpus's estimated share of each stance
    (:func:`analysis.predictions.stance_shares`). The rows go to the active model in short
    transactions: each is that model's answer, so a reader never sees two models mixed.
    """
    cancel = cancel or CancelToken()
    if passage_ids is not None and not passage_ids:
        return Changes()
    model_id, model = current_model(project)
    predict_into(project, model_id, model, progress, cancel, passage_ids=passage_ids)
    return Changes(model=True)


def training_examples(project: Project) -> tuple[list[str], list[str], list[float], int]:
    """The bootstrap set, then the project's manual labels (the last ``manual`` items),
    which train the model's project layer."""
    from analysis.stance.training import load_bootstrap

    texts, labels = load_bootstrap()
    weights = [1.0] * len(texts)
    manual = [r for r in project.passages() if r.manual_label in LABELS and not r.boilerplate]
    texts = list(texts) + [r.text for r in manual]
    labels = list(labels) + [r.manual_label for r in manual]
    weights += [MANUAL_WEIGHT] * len(manual)
    return texts, labels, weights, len(manual)


def retrain(
    project: Project, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> TrainResult:
    """Train on bootstrap + annotations, store the model, and re-predict every passage.

    The agreement with the annotations is measured on verdicts adapted to the corpus's
    last estimated stance mix, as the window shows them (none before the first
    classification)."""
    from analysis.stance.training import train

    cancel = cancel or CancelToken()
    previous = project.active_model()
    texts, labels, weights, manual = training_examples(project)
    shares = stance_shares(project)
    model, metrics = train(
        texts,
        labels,
        weights,
        progress=sub_progress(progress, 0.0, 0.7),
        cancel=cancel,
        project_size=manual,
        corpus_prior=None if shares is None else [shares[label] for label in LABELS],
    )
    cancel.check()
    model_id = switch_model(
        project,
        model,
        f"retrained on {manual} annotation(s)",
        len(texts),
        metrics,
        sub_progress(progress, 0.7, 1.0),
        cancel,
    )
    return TrainResult(
        model_id, metrics, previous.metrics if previous else None, len(texts), manual
    )


def switch_model(
    project: Project,
    model,
    name: str,
    training_size: int,
    metrics: dict,
    progress: Progress,
    cancel: CancelToken,
) -> int:
    """Store ``model`` pending, predict every passage under it, then switch it on.

    Until the switch nobody sees the new rows; on cancel or failure they are removed. The
    predictions of the models it supersedes are pruned afterwards, in short batches too.
    """
    from datetime import datetime, timedelta

    params, arrays = model.to_payload()
    model_id = project.save_model(name, params, arrays, training_size, metrics, activate=False)
    try:
        predict_into(project, model_id, model, progress, cancel)
        cancel.check()
        project.activate_model(model_id)
    except BaseException:
        _quietly(project.discard_model, model_id)  # else pruned by a later retrain
        raise
    missing = project.unpredicted_passages()  # imported by another process meanwhile
    if missing:
        predict_into(project, model_id, model, no_progress, CancelToken(), passage_ids=missing)
    stale = datetime.now(UTC) - timedelta(hours=6)
    project.prune_predictions(stale_pending_before=stale.isoformat(timespec="milliseconds"))
    return model_id


def _quietly(undo, *args) -> None:
    """Undo what a failed verb wrote, but never hide the reason it failed."""
    from analysis.store import ProjectError

    try:
        undo(*args)
    except ProjectError:
        pass


def build_positions(project: Project, rows: str = "actors", n_boot: int = 1000, seed: int = 0):
    from analysis.issues import project_codebook
    from analysis.positions import build_matrix

    codebook = project_codebook(project)
    return build_matrix(
        project.passages(light=True),
        project.documents(),
        codebook.names,
        rows=rows,
        n_boot=n_boot,
        seed=seed,
        kinds={n: k for n, (k, _) in project.actors().items()},
    )


def build_report(
    project: Project,
    *,
    rows: str = "actors",
    sections=None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
):
    """The report's content as plain data; the window or the CLI hands it to a renderer."""
    from analysis.report import build_report as assemble

    return assemble(project, rows=rows, sections=sections, progress=progress, cancel=cancel)
