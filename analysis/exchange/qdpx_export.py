"""Writing a project as a REFI-QDA .qdpx, for colleagues in NVivo, MAXQDA, ATLAS.ti, QualCoder.

Each document becomes a plain-text source; each passage that someone coded becomes one
selection per user, holding that user's stance and issue codings. A coder's codings carry
the time the label was made; the model's are filed under :data:`MODEL_USER`. GUIDs are
derived from the project, so exporting twice gives the same identifiers and a colleague's
tool can recognise sources it has seen before.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

from analysis import __version__
from analysis.corpus import LABELS
from analysis.exchange.qdpx_model import (
    INTERNAL,
    ISSUES_CODE,
    MODEL_USER,
    NS,
    PROJECT_ENTRY,
    SOURCES_DIR,
    STANCE_CODE,
    STANCE_COLOURS,
    QdpxError,
    make_guid,
    q,
)
from analysis.progress import CancelToken, Progress, no_progress
from analysis.store import PassageRecord, Project

DESCRIPTION_KEYS = ("file", "part", "author", "date", "source")
"""Document fields written as "key: value" lines in a source's description, read back on import."""


@dataclass
class ExportSummary:
    path: Path
    sources: int
    manual_codings: int
    model_codings: int
    coders: int

    def describe(self) -> str:
        return (
            f"exported {self.sources} document(s) with {self.manual_codings} coding(s) by "
            f"{self.coders} coder(s) and {self.model_codings} by the model to {self.path}"
        )


class _Codings:
    """Codings grouped by passage and user: {passage id: {user name: [(code, time)]}}."""

    def __init__(self) -> None:
        self.by_passage: dict[int, dict[str, list[tuple[str, str]]]] = defaultdict(dict)

    def add(self, passage_id: int, user: str, code: str, created: str) -> None:
        self.by_passage[passage_id].setdefault(user, []).append((code, created))


def export_qdpx(
    project: Project,
    out: str | Path,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportSummary:
    """Write ``out`` atomically: a failed or cancelled export leaves no half-written file."""
    cancel = cancel or CancelToken()
    out = Path(out)
    salt = project.get_setting("created_at") or project.name
    progress(0.05, "Reading the project")
    records, history = project.passages(), project.history()
    issues = _issue_names(project, records, history)
    codes = _code_guids(salt, issues)
    codings, coders = _manual_codings(project, history, codes)
    manual = sum(len(c) for users in codings.by_passage.values() for c in users.values())
    model_count = _model_codings(project, records, codes, codings)
    users = {name: make_guid(salt, "user", name) for name in [*coders, MODEL_USER]}
    root = ElementTree.Element(
        q("Project"),
        {
            "name": project.name,
            "origin": f"StanceMap {__version__}",
            "creationDateTime": _time(None),
        },
    )
    users_el = ElementTree.SubElement(root, q("Users"))
    for name, guid in users.items():
        ElementTree.SubElement(users_el, q("User"), {"guid": guid, "name": name})
    root.append(_codebook(codes, issues))
    texts = _sources(project, root, records, codings, users, salt, progress, cancel)
    cancel.check()
    progress(0.9, "Writing the archive")
    _write_zip(out, root, texts)
    progress(1.0, "Exported")
    return ExportSummary(out, len(texts), manual, model_count, len(coders))


def _issue_names(project: Project, records: list[PassageRecord], history) -> list[str]:
    """The codebook's issues, then any others a passage carries, in a stable order."""
    stored = project.codebook() or {}
    names = [i.get("name") for i in stored.get("issue", stored.get("issues", [])) or []]
    if not names:
        from analysis.issues import Codebook

        names = Codebook.load().names
    seen = {n for n in names if isinstance(n, str)}
    names = [n for n in names if isinstance(n, str)]
    extra = {i for r in records for i in (*r.issues, *r.auto_issues)}
    extra |= {i for a in history for i in a.issues or ()}
    return names + sorted(extra - seen)


def _code_guids(salt: str, issues: list[str]) -> dict[tuple[str, str], str]:
    codes = {("stance", ""): make_guid(salt, "code", STANCE_CODE)}
    codes[("issues", "")] = make_guid(salt, "code", ISSUES_CODE)
    for label in LABELS:
        codes[("label", label)] = make_guid(salt, "code", "label", label)
    for issue in issues:
        codes[("issue", issue)] = make_guid(salt, "code", "issue", issue)
    return codes


def _codebook(codes: dict, issues: list[str]) -> ElementTree.Element:
    book = ElementTree.Element(q("CodeBook"))
    top = ElementTree.SubElement(book, q("Codes"))
    stance = _code(top, codes[("stance", "")], STANCE_CODE, codable=False)
    for label in LABELS:
        _code(stance, codes[("label", label)], label, colour=STANCE_COLOURS[label])
    parent = _code(top, codes[("issues", "")], ISSUES_CODE, codable=False)
    for issue in issues:
        _code(parent, codes[("issue", issue)], issue)
    return book


def _code(parent, guid: str, name: str, *, codable: bool = True, colour: str | None = None):
    attrs = {"guid": guid, "name": name, "isCodable": "true" if codable else "false"}
    if colour:
        attrs["color"] = colour
    return ElementTree.SubElement(parent, q("Code"), attrs)


def _manual_codings(project: Project, history, codes: dict) -> tuple[_Codings, list[str]]:
    """Each coder's current label and issue tags per passage, with when they were set."""
    current = project.coder_labels()
    label_time: dict[tuple[int, str], str] = {}
    issue_state: dict[tuple[int, str], tuple[tuple[str, ...], str]] = {}
    for record in history:
        key = (record.passage_id, record.coder)
        if record.label:
            label_time[key] = record.created_at
        if record.issues is not None:
            issue_state[key] = (record.issues, record.created_at)
    codings = _Codings()
    for coder, labels in current.items():
        for pid, label in labels.items():
            codings.add(pid, coder, codes[("label", label)], label_time.get((pid, coder), ""))
    for (pid, coder), (issues, created) in issue_state.items():
        for issue in issues:
            codings.add(pid, coder, codes[("issue", issue)], created)
    coders = sorted({c for users in codings.by_passage.values() for c in users})
    return codings, coders


def _model_codings(project, records, codes, codings: _Codings) -> int:
    """The active model's label and the automatic issue tags of every non-noise passage."""
    active = project.active_model()
    created = active.created_at if active else ""
    count = 0
    for record in records:
        if record.boilerplate:
            continue
        if record.predicted_label in LABELS:
            codings.add(record.id, MODEL_USER, codes[("label", record.predicted_label)], created)
            count += 1
        for issue in record.auto_issues:
            codings.add(record.id, MODEL_USER, codes[("issue", issue)], created)
            count += 1
    return count


def _sources(project, root, records, codings, users, salt, progress, cancel) -> dict[str, str]:
    by_doc: dict[int, list[PassageRecord]] = defaultdict(list)
    for record in records:
        by_doc[record.document_id].append(record)
    documents = project.documents()
    if not documents:
        return {}
    sources = ElementTree.SubElement(root, q("Sources"))
    texts: dict[str, str] = {}
    for i, doc in enumerate(documents):
        cancel.check()
        guid = make_guid(salt, "source", doc.file, doc.part)
        texts[guid] = project.document_text(doc.id)
        element = ElementTree.SubElement(
            sources,
            q("TextSource"),
            {"guid": guid, "name": doc.display_title, "plainTextPath": f"{INTERNAL}{guid}.txt"},
        )
        ElementTree.SubElement(element, q("Description")).text = _description(doc)
        for record in by_doc.get(doc.id, []):
            for user, items in sorted(codings.by_passage.get(record.id, {}).items()):
                element.append(_selection(record, user, items, users[user], guid, salt))
        progress(0.1 + 0.8 * (i + 1) / len(documents), "Writing sources")
    return texts


def _description(doc) -> str:
    values = {k: getattr(doc, k) for k in DESCRIPTION_KEYS}
    return "\n".join(f"{k}: {v}" for k, v in values.items() if v not in ("", None, 0))


def _selection(record, user: str, items, user_guid: str, source: str, salt: str):
    guid = make_guid(salt, "selection", source, record.id, user)
    created = min((_time(t) for _, t in items), default=_time(None))
    element = ElementTree.Element(
        q("PlainTextSelection"),
        {
            "guid": guid,
            "startPosition": str(record.start),
            "endPosition": str(record.end),
            "creatingUser": user_guid,
            "creationDateTime": created,
        },
    )
    for code, when in items:
        coding = ElementTree.SubElement(
            element,
            q("Coding"),
            {
                "guid": make_guid(salt, "coding", guid, code),
                "creatingUser": user_guid,
                "creationDateTime": _time(when),
            },
        )
        ElementTree.SubElement(coding, q("CodeRef"), {"targetGUID": code})
    return element


def _time(value: str | None) -> str:
    """An xsd:dateTime; our stored ISO times pass as they are, anything else becomes now."""
    if value:
        try:
            stamp = datetime.fromisoformat(value)
        except ValueError:
            stamp = None
        if stamp is not None:
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=UTC)
            return stamp.isoformat(timespec="milliseconds")
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _write_zip(out: Path, root, texts: dict[str, str]) -> None:
    ElementTree.register_namespace("", NS)
    xml = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    try:
        handle, temp = tempfile.mkstemp(prefix=".qdpx-", dir=out.parent or ".")
    except OSError as error:
        raise QdpxError(f"cannot write {out}: {error.strerror or error}") from None
    try:
        with (
            os.fdopen(handle, "wb") as stream,
            zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            archive.writestr(PROJECT_ENTRY, xml)
            for guid, text in texts.items():
                archive.writestr(f"{SOURCES_DIR}/{guid}.txt", text.encode("utf-8"))
        os.replace(temp, out)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise QdpxError(f"cannot write {out}: {error.strerror or error}") from None
