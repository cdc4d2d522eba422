"""Reading a .qdpx from a stranger: a zip and an XML document, each checked before use.

The zip goes through the same limits as our Word reader (entry count, sizes, compression
ratio, size-capped reads); entry names that climb out of the archive (``../``, absolute
paths) refuse the whole file, as does a malformed GUID or a DOCTYPE. A source whose text is
missing or outside the archive is skipped with a reason, so one broken source does not cost
the rest.
"""

from __future__ import annotations

import bisect
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from analysis.exchange.qdpx_model import (
    INTERNAL,
    ISSUES_CODE,
    PROJECT_ENTRY,
    SOURCES_DIR,
    CodeInfo,
    Coding,
    QdaProject,
    QdpxError,
    Selection,
    Source,
    check_guid,
    parse_xml,
    q,
)
from analysis.ingest.decoding import NotText
from analysis.ingest.docx_reader import check_limits, read_part

KIND = ".qdpx"
MAX_SELECTIONS = 1_000_000
MAX_CODE_DEPTH = 100
_CRLF = re.compile("\r\n")
_DRIVE = re.compile(r"[A-Za-z]:")


def read_qdpx(path: str | Path) -> QdaProject:
    """The project's users, codes and text sources with their text; raises QdpxError."""
    name = Path(path).name
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise QdpxError(f"{name}: no such file") from None
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise QdpxError(f"{name}: not a .qdpx file (not a complete zip archive)") from None
    with archive:
        try:
            check_limits(archive, KIND)
            entries = _entries(archive)
            data = _read(archive, entries, PROJECT_ENTRY)
            if data is None:
                raise QdpxError(f"{name}: not a .qdpx file (no project.qde inside)")
            result = parse_project(parse_xml(data))
            _load_texts(archive, entries, result)
        except NotText as error:
            raise QdpxError(f"{name}: {error}") from None
        except QdpxError as error:
            message = str(error)
            raise QdpxError(message if message.startswith(name) else f"{name}: {message}") from None
    return result


def _entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Entries by normalised, case-folded name; a name that escapes the archive refuses it.

    Case-folded because tools disagree on the folder's name ("sources/", "Sources/").
    """
    out: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        clean = _inside(info.filename)
        if clean is None:
            raise QdpxError(f"refused: entry {info.filename[:80]!r} points outside the archive")
        out[clean.casefold()] = info
    return out


def _inside(name: str) -> str | None:
    """``name`` normalised inside the archive, or None if it is absolute or climbs out."""
    raw = name.replace("\\", "/")
    clean = posixpath.normpath(raw)
    if raw.startswith("/") or _DRIVE.match(raw) or clean == ".." or clean.startswith("../"):
        return None
    return clean


def _read(archive, entries, name: str) -> bytes | None:
    info = entries.get(name.casefold())
    return None if info is None else read_part(archive, info.filename, KIND)


def parse_project(root: ElementTree.Element) -> QdaProject:
    if root.tag != q("Project"):
        raise QdpxError("not a REFI-QDA project (the root of project.qde is not <Project>)")
    result = QdaProject()
    for user in root.iter(q("User")):
        result.users[check_guid(user.get("guid"), "a user")] = user.get("name") or "unnamed coder"
    codes = root.find(f"{q('CodeBook')}/{q('Codes')}")
    for code in [] if codes is None else codes.findall(q("Code")):
        _walk_code(code, None, result.codes)
    sources = root.find(q("Sources"))
    for element in [] if sources is None else list(sources):
        if element.tag == q("TextSource"):
            result.sources.append(_source(element))
        else:
            label = element.get("name") or element.tag.rpartition("}")[2]
            result.skipped_sources.append(f"{label}: only text sources are imported")
    if sum(len(s.selections) for s in result.sources) > MAX_SELECTIONS:
        raise QdpxError(f"refused: more than {MAX_SELECTIONS:,} selections")
    return result


def _walk_code(element, parent: str | None, out: dict[str, CodeInfo], depth: int = 0) -> None:
    if depth > MAX_CODE_DEPTH:
        raise QdpxError(f"refused: codes nested more than {MAX_CODE_DEPTH} deep")
    name = (element.get("name") or "").strip()
    out[check_guid(element.get("guid"), f"code {name[:40]!r}")] = CodeInfo(name, parent)
    for child in element.findall(q("Code")):
        _walk_code(child, name, out, depth + 1)


def _source(element) -> Source:
    guid = check_guid(element.get("guid"), "a source")
    user = _user(element.get("creatingUser"), "a source")
    source = Source(
        guid=guid,
        name=(element.get("name") or "").strip() or f"source {guid[:8]}",
        description=element.findtext(q("Description")) or "",
        text=element.findtext(q("PlainTextContent")),
        text_path=element.get("plainTextPath"),
    )
    for sel in element.findall(q("PlainTextSelection")):
        where = f"a selection in {source.name[:40]!r}"
        check_guid(sel.get("guid"), where)
        start, end = (
            _position(sel.get("startPosition"), where),
            _position(sel.get("endPosition"), where),
        )
        selection = Selection(start, end, _user(sel.get("creatingUser"), where) or user)
        for coding in sel.findall(q("Coding")):
            check_guid(coding.get("guid"), where)
            ref = coding.find(q("CodeRef"))
            code = check_guid(None if ref is None else ref.get("targetGUID"), where)
            selection.codings.append(
                Coding(
                    code,
                    _user(coding.get("creatingUser"), where) or selection.user,
                    coding.get("creationDateTime") or sel.get("creationDateTime") or "",
                )
            )
        source.selections.append(selection)
    return source


def _user(value: str | None, where: str) -> str | None:
    return None if value is None else check_guid(value, where)


def _position(value: str | None, where: str) -> int:
    try:
        number = int((value or "").strip())
    except ValueError:
        raise QdpxError(f"refused: {where} has a position that is not a number") from None
    if number < 0:
        raise QdpxError(f"refused: {where} has a negative position")
    return number


def _load_texts(archive, entries, project: QdaProject) -> None:
    kept = []
    for source in project.sources:
        if source.text is None:
            reason = _load_text(archive, entries, source)
            if reason:
                project.skipped_sources.append(f"{source.name}: {reason}")
                continue
        source.text, shift = _normalise(source.text)
        for selection in source.selections:
            selection.start, selection.end = shift(selection.start), shift(selection.end)
        kept.append(source)
    project.sources = kept


def _load_text(archive, entries, source: Source) -> str | None:
    """Fill ``source.text`` from the archive; return why not, or None."""
    path = source.text_path or ""
    if not path.startswith(INTERNAL):
        return "its text is outside the .qdpx (only text inside the archive is read)"
    inner = _inside(path[len(INTERNAL) :])
    if inner is None:
        raise QdpxError(f"refused: source {source.name[:40]!r} points outside the archive")
    data = _read(archive, entries, f"{SOURCES_DIR}/{inner}")
    if data is None:  # some tools leave the folder out
        data = _read(archive, entries, inner)
    if data is None:
        return f"{SOURCES_DIR}/{inner} is missing from the archive"
    try:
        source.text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return f"{SOURCES_DIR}/{inner} is not UTF-8 text"
    return None


def _normalise(text: str):
    """Windows line ends become ``\\n``; returns the text and a map for old offsets."""
    removed = [m.start() for m in _CRLF.finditer(text)]
    if not removed:
        return text, lambda offset: offset

    def shift(offset: int) -> int:
        return offset - bisect.bisect_left(removed, offset)

    return text.replace("\r\n", "\n"), shift


def issue_parent(code: CodeInfo) -> bool:
    return (code.parent or "").casefold() == ISSUES_CODE.casefold()
