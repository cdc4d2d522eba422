"""The verbs a user can perform, shared by the window and the command line.

Each verb takes a ``progress(fraction, message)`` callback and a cancel token and does its
writes inside one project transaction, so a cancelled import or retrain leaves the project
exactly as it was. The window runs these in a worker thread; the command line calls them
directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.corpus import LABELS, Document, Passage, ReadError
from analysis.progress import CancelToken, Progress, no_progress, sub_progress
from analysis.store import Changes, PassageRecord, Project

CLASSIFY_BATCH = 2000
MANUAL_WEIGHT = 3.0
"""How much more a project's own annotation counts than a bootstrap passage when retraining."""


@dataclass
class ImportSummary:
    documents: int = 0
    passages: int = 0
    boilerplate: int = 0
    errors: list[ReadError] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)

    def describe(self) -> str:
        text = (
            f"imported {self.documents} document(s), {self.passages} passage(s)"
            f" ({self.boilerplate} marked as page noise)"
        )
        if self.errors:
            text += f"; skipped {len(self.errors)} file(s)"
        return text


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
    """Read, clean, segment, store, attribute and classify, all or nothing."""
    from analysis.ingest import load_paths
    from analysis.segment import segment

    cancel = cancel or CancelToken()
    result = load_paths([Path(p) for p in paths], sub_progress(progress, 0.0, 0.35), cancel)
    summary = ImportSummary(errors=list(result.errors))
    with project.transaction():
        for i, document in enumerate(result.documents):
            cancel.check()
            passages = segment(document)
            summary.document_ids.append(project.add_document(document, passages))
            summary.documents += 1
            summary.passages += len(passages)
            summary.boilerplate += sum(p.boilerplate for p in passages)
            progress(0.35 + 0.15 * (i + 1) / max(1, len(result.documents)), "Splitting passages")
        refresh_structure(project, sub_progress(progress, 0.5, 0.6), cancel)
        if classify and summary.documents:
            classify_project(project, sub_progress(progress, 0.6, 1.0), cancel)
    progress(1.0, summary.describe())
    return summary


def refresh_structure(
    project: Project, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> None:
    """Recompute speakers and issue tags for the whole project.

    Run over every document rather than only new ones so that aliases merge across the
    corpus ("Burnham" in one article is "Andy Burnham" of another).
    """
    from analysis.actors import attribute_corpus

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
    with project.transaction():
        project.save_attributions(rows)
        project.save_actors((a.name, a.kind, a.aliases) for a in actors)
        progress(0.6, "Tagging policy issues")
        tags = []
        for (_, passages), pids in zip(items, ids, strict=True):
            tags.extend((pid, codebook.tag(p.text)) for pid, p in zip(pids, passages, strict=True))
        project.save_issue_tags(tags)
    progress(1.0, "Speakers and issues updated")


def _documents_with_passages(project: Project):
    items: list[tuple[Document, list[Passage]]] = []
    ids: list[list[int]] = []
    by_doc: dict[int, list[PassageRecord]] = {}
    for record in project.passages():
        by_doc.setdefault(record.document_id, []).append(record)
    for doc in project.documents():
        records = by_doc.get(doc.id, [])
        document = Document(
            file=doc.file, text=project.document_text(doc.id), title=doc.title,
            author=doc.author, date=doc.date, source=doc.source, part=doc.part,
            origin=doc.origin, format=doc.format, byline_spans=project.byline_spans(doc.id),
        )
        passages = [Passage(r.start, r.end, r.text, r.boilerplate, r.seq) for r in records]
        items.append((document, passages))
        ids.append([r.id for r in records])
    return items, ids


def project_codebook(project: Project):
    """The project's own codebook, seeded from the shipped one on first use."""
    from analysis.issues import Codebook

    stored = project.codebook()
    if stored is not None:
        return Codebook.from_dict(stored)
    codebook = Codebook.load()
    project.save_codebook(codebook.to_dict())
    return codebook


def current_model(project: Project):
    """The project's active model; the shipped one is copied in on first use."""
    from analysis.stance.model import StanceModel, load_shipped

    record = project.active_model()
    if record is not None:
        return record.id, StanceModel.from_payload(record.params, record.arrays)
    model = load_shipped()
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
    of their passages were asked for; only the asked-for ones are saved.
    """
    cancel = cancel or CancelToken()
    with project.transaction():
        model_id, model = current_model(project)
        records = sorted(project.passages(), key=lambda r: (r.document_id, r.seq))
        wanted = None if passage_ids is None else set(passage_ids)
        if wanted is not None:
            docs = {r.document_id for r in records if r.id in wanted}
            records = [r for r in records if r.document_id in docs]
        # Page noise gets a document of its own so it neither lends nor borrows context.
        doc_ids = [-r.id if r.boilerplate else r.document_id for r in records]
        cuts = [i for i in range(1, len(records))
                if records[i].document_id != records[i - 1].document_id]
        bounds, start = [], 0  # batches of about CLASSIFY_BATCH rows, whole documents only
        for cut in [*cuts, len(records)]:
            if cut - start >= CLASSIFY_BATCH or cut == len(records):
                bounds.append((start, cut))
                start = cut
        done, total = 0, max(1, len(records))
        for start, stop in bounds:
            cancel.check()
            batch = records[start:stop]
            predictions = model.predict([r.text for r in batch], doc_ids[start:stop])
            pairs = [(r.id, p) for r, p in zip(batch, predictions, strict=True)
                     if wanted is None or r.id in wanted]
            project.save_predictions(model_id, pairs)
            done += len(batch)
            progress(done / total, f"Classified {done} of {len(records)}")
    return Changes(model=True)


def training_examples(project: Project) -> tuple[list[str], list[str], list[float], int]:
    """The bootstrap set plus the project's manual labels, weighted higher."""
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
    """Train on bootstrap + annotations, store the model, and re-predict every passage."""
    from analysis.stance.training import train

    cancel = cancel or CancelToken()
    previous = project.active_model()
    texts, labels, weights, manual = training_examples(project)
    model, metrics = train(
        texts, labels, weights, progress=sub_progress(progress, 0.0, 0.7), cancel=cancel
    )
    cancel.check()
    params, arrays = model.to_payload()
    with project.transaction():
        model_id = project.save_model(
            f"retrained on {manual} annotation(s)", params, arrays, len(texts), metrics
        )
        classify_project(project, sub_progress(progress, 0.7, 1.0), cancel)
    return TrainResult(
        model_id, metrics, previous.metrics if previous else None, len(texts), manual
    )


def build_positions(project: Project, rows: str = "actors", n_boot: int = 1000, seed: int = 0):
    from analysis.positions import build_matrix

    codebook = project_codebook(project)
    return build_matrix(
        project.passages(light=True), project.documents(), codebook.names, rows=rows,
        n_boot=n_boot, seed=seed, kinds={n: k for n, (k, _) in project.actors().items()},
    )


def build_report(project: Project, *, rows: str = "actors", sections=None,
                 progress: Progress = no_progress, cancel: CancelToken | None = None):
    """The report's content as plain data; the window or the CLI hands it to a renderer."""
    from analysis.report import build_report as assemble

    return assemble(project, rows=rows, sections=sections, progress=progress, cancel=cancel)
