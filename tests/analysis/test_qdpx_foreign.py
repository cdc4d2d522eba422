"""A .qdpx written by another tool, or by an attacker: foreign codings are re-anchored by
coder, and a hostile archive is refused in one line without touching the project."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from pathlib import Path

import pytest

from analysis.cli import run
from analysis.exchange import MODEL_USER, QdpxError, import_qdpx
from analysis.exchange.qdpx_model import NS
from analysis.store import Project

# -- a .qdpx written by another tool ---------------------------------------------------

G = {k: str(uuid.uuid4()) for k in ("u1", "u2", "stance", "loc", "iss", "dev", "other", "src")}
FOREIGN_TEXT = "First point about councils.\r\nSecond point: the NHS decides. It always has.\r\n"


def _selection(start: int, end: int, code: str, user: str = "u1") -> str:
    return (
        f'<PlainTextSelection guid="{uuid.uuid4()}" startPosition="{start}" '
        f'endPosition="{end}" creatingUser="{G[user]}">'
        f'<Coding guid="{uuid.uuid4()}" creatingUser="{G[user]}">'
        f'<CodeRef targetGUID="{G[code]}"/></Coding></PlainTextSelection>'
    )


def _project_xml(selections: str = "", *, src: str | None = None, path: str | None = None) -> str:
    path = path if path is not None else f"internal://{G['src']}.txt"
    return (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="theirs">'
        f'<Users><User guid="{G["u1"]}" name="carol"/><User guid="{G["u2"]}" name="{MODEL_USER}"/>'
        f'</Users><CodeBook><Codes><Code guid="{G["stance"]}" name="Stance" isCodable="false">'
        f'<Code guid="{G["loc"]}" name="localist" isCodable="true"/></Code>'
        f'<Code guid="{G["iss"]}" name="Issues" isCodable="false">'
        f'<Code guid="{G["dev"]}" name="devolution" isCodable="true"/></Code>'
        f'<Code guid="{G["other"]}" name="Emotions" isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{src or G["src"]}" name="interview one" '
        f'plainTextPath="{path}"><Description>author: Jane Doe\ndate: 2024-05-01</Description>'
        f"{selections}</TextSource></Sources></Project>"
    )


def _qdpx(tmp_path: Path, xml: str | bytes, entries: dict | None = None, name="in.qdpx") -> Path:
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    if entries is None:
        entries = {f"sources/{G['src']}.txt": FOREIGN_TEXT.encode("utf-8")}
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", data)
        for entry, content in entries.items():
            archive.writestr(entry, content)
    return path


def test_foreign_codings_are_reanchored_by_coder(tmp_path):
    second = FOREIGN_TEXT.index("Second")
    it = FOREIGN_TEXT.index("It always")
    selections = (
        _selection(second, it - 1, "loc")  # one sentence inside the second passage
        + _selection(0, len(FOREIGN_TEXT), "dev")  # the whole text
        + _selection(0, 10, "other")  # a code that is not ours
        + _selection(0, 27, "loc", user="u2")  # the model's: left out
    )
    project = Project(":memory:")
    summary = import_qdpx(project, _qdpx(tmp_path, _project_xml(selections)), classify=False)
    passages = project.passages()
    assert project.document_text(passages[0].document_id) == FOREIGN_TEXT.replace("\r\n", "\n")
    carol = project.coder_labels()["carol"]
    labelled = {project.passage(pid).text: label for pid, label in carol.items()}
    assert labelled == {"Second point: the NHS decides. It always has.": "localist"}
    assert all("devolution" in r.issues for r in passages)
    assert summary.other_codings == 1 and summary.model_codings == 1
    (document,) = project.documents()
    assert (document.title, document.author, document.date) == (
        "interview one",
        "Jane Doe",
        "2024-05-01",
    )
    assert summary.describe().startswith("imported 1 document(s)")


# -- hostile files ---------------------------------------------------------------------


def _bomb(tmp_path):
    return _qdpx(tmp_path, _project_xml(), {f"sources/{G['src']}.txt": b"\0" * (20 * 2**20)})


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    f'<Project xmlns="{NS}" name="&b;"/>'
)

HOSTILE = {
    "zip bomb": (_bomb, "suspiciously well"),
    "DOCTYPE": (lambda t: _qdpx(t, BILLION_LAUGHS), "DOCTYPE"),
    "DOCTYPE in UTF-16": (
        lambda t: _qdpx(
            t, BILLION_LAUGHS.replace('"1.0"?>', '"1.0" encoding="utf-16"?>').encode("utf-16")
        ),
        "DOCTYPE",
    ),
    "../ entry": (
        lambda t: _qdpx(t, _project_xml(), {"../evil.txt": b"x", f"sources/{G['src']}.txt": b"x"}),
        "outside the archive",
    ),
    "../ source path": (
        lambda t: _qdpx(t, _project_xml(path="internal://../../etc/passwd")),
        "outside the archive",
    ),
    "drive path": (
        lambda t: _qdpx(t, _project_xml(path="internal://C:/Windows/win.ini")),
        "outside the archive",
    ),
    "no text source": (
        lambda t: _qdpx(t, _project_xml(path="file:///home/someone/interview.txt")),
        "no text source to import",
    ),
    "codes nested without end": (lambda t: _qdpx(t, _nested_codes(5000)), "nested more than"),
    "bad GUID": (lambda t: _qdpx(t, _project_xml(src="not-a-guid')")), "invalid GUID"),
    "not a zip": (lambda t: _write(t / "in.qdpx", b"PK\3\4 truncated"), "not a complete zip"),
    "no project.qde": (lambda t: _write(t / "in.qdpx", _zip({"a.xml": b"<a/>"})), "no project.qde"),
    "broken XML": (lambda t: _qdpx(t, "<Project"), "not valid XML"),
}


def _nested_codes(depth: int) -> str:
    code = '<Code guid="{}" name="c" isCodable="true">'
    opening = "".join(code.format(uuid.uuid4()) for _ in range(depth))
    codes = f"<CodeBook><Codes>{opening}{'</Code>' * depth}</Codes></CodeBook>"
    return re.sub("<CodeBook>.*</CodeBook>", codes, _project_xml())


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_qdpx_is_refused_in_one_line(case, tmp_path, capsys):
    make, reason = HOSTILE[case]
    path = make(tmp_path)
    project = Project(":memory:")
    with pytest.raises(QdpxError, match=reason) as caught:
        import_qdpx(project, path, classify=False)
    assert "\n" not in str(caught.value)
    assert project.documents() == []
    status = run(["import", str(path), "-p", str(tmp_path / "p.stancemap")])
    err = capsys.readouterr().err
    assert status == 1 and reason in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("folder", ["Sources/", ""])
def test_source_text_is_found_whatever_the_folder_is_called(tmp_path, folder):
    entries = {f"{folder}{G['src']}.txt": FOREIGN_TEXT.encode("utf-8")}
    project = Project(":memory:")
    summary = import_qdpx(project, _qdpx(tmp_path, _project_xml(), entries), classify=False)
    assert summary.documents == 1 and project.count_passages() == 2


def test_missing_source_file_is_skipped_and_the_rest_imported(tmp_path):
    other = str(uuid.uuid4())
    xml = _project_xml().replace(
        "</Sources>",
        f'<TextSource guid="{other}" name="lost" plainTextPath="internal://{other}.txt"/>'
        "</Sources>",
    )
    project = Project(":memory:")
    summary = import_qdpx(project, _qdpx(tmp_path, xml), classify=False)
    assert summary.documents == 1
    assert summary.skipped_sources == [f"lost: sources/{other}.txt is missing from the archive"]
