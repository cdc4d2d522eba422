"""The command line fed hostile paths and input files: one line on stderr, never a traceback."""

from __future__ import annotations

import json

import pytest

from analysis.cli import run
from analysis.store import Project
from tests.analysis.test_hostile_inputs import CASES

TEXT = (
    "Councils should decide how care money is spent,\u2028said the leader.\n\n"
    "The NHS must keep national standards\u2029everywhere, the minister said.\n"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    path = folder / "p.stancemap"
    assert run(["import", str(folder / "a.txt"), "-p", str(path)]) == 0
    return path


@pytest.fixture
def ids(project):
    with Project(project) as opened:
        return [p.id for p in opened.passages()]


def _error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err and "\x1b" not in err
    return err


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "{p}", "--format", "xlsx", "-o", "/missing/dir/x.xlsx"],
        ["export", "{p}", "--format", "csv", "-o", "/missing/dir/x.csv"],
        ["export", "{p}", "-o", "/missing/dir/x.jsonl"],
        ["matrix", "{p}", "--format", "xlsx", "-o", "/missing/dir/m.xlsx"],
        ["matrix", "{p}", "-o", "/missing/dir/m.json"],
        ["classify", "{jsonl}", "-o", "/missing/dir/c.jsonl"],
        ["import", "{txt}", "-p", "/missing/dir/new.stancemap"],
    ],
    ids=[
        "export-xlsx",
        "export-csv",
        "export-jsonl",
        "matrix-xlsx",
        "matrix-json",
        "classify",
        "import",
    ],
)
def test_output_in_a_missing_folder_is_one_line(project, tmp_path, capsys, argv):
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text('{"id": 1, "text": "Councils decide."}\n')
    txt = tmp_path / "a.txt"
    txt.write_text(TEXT)
    args = [a.format(p=project, jsonl=jsonl, txt=txt) for a in argv]
    assert run(args) == 1
    err = _error(capsys)
    assert "/missing/dir" in err and "does not exist" in err


def test_report_output_checked_before_rendering(project, capsys):
    rendered = []
    code = run(
        ["report", str(project), "-o", "/missing/dir/r.pdf"],
        report_renderer=lambda report, out: rendered.append(out),
    )
    assert code == 1 and not rendered
    assert "does not exist" in _error(capsys)


def test_output_that_is_a_folder_is_refused(project, tmp_path, capsys):
    assert run(["export", str(project), "--format", "csv", "-o", str(tmp_path)]) == 1
    assert "is a folder" in _error(capsys)


@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        ('{"passage": 3.7, "label": "neutral"}', "whole number, got 3.7"),
        ('{"passage": true, "label": "neutral"}', "whole number, got true"),
        ('{"passage": NaN, "label": "neutral"}', "NaN is not a number JSON allows"),
        ('{"passage": 1e400, "label": "neutral"}', "whole number"),
        ('{"passage": -4, "label": "neutral"}', "whole number, got -4"),
        ('{"passage": 99999999999999999999999, "label": "neutral"}', "whole number"),
        ('{"passage": null, "label": "neutral"}', "whole number, got null"),
        ('{"passage": "12abc", "label": "neutral"}', "whole number"),
        ('{"passage": 1, "label": 2}', "unknown label 2"),
        ('{"passage": 1, "label": ["neutral"]}', "unknown label"),
        ('{"passage": 1}', 'needs an object with "passage" and "label"'),
        ('{"passage": 1, "label": "neutral", "coder": 7}', '"coder" must be a name'),
        ('{"passage": 1, "label": "neutral", "coder": "a\\u001b[2Jb"}', '"coder" must be'),
        ("[1, 2]", "needs an object"),
        ("{", "not valid JSON"),
    ],
)
def test_annotate_from_refuses_bad_values_with_the_line_number(
    project, tmp_path, capsys, line, phrase
):
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"passage": 1, "label": "neutral"}\n\n' + line + "\n", encoding="utf-8")
    assert run(["annotate", "-p", str(project), "--from", str(labels)]) in (1, 2)
    err = _error(capsys)
    assert "line 3" in err and phrase in err


def test_exported_jsonl_with_line_separators_reads_back(project, tmp_path, capsys, ids):
    exported = tmp_path / "export.jsonl"
    assert run(["export", str(project), "-o", str(exported)]) == 0
    raw = exported.read_text(encoding="utf-8")
    assert "\u2028" in raw and "\u2029" in raw  # our own export writes them unescaped
    out = tmp_path / "classified.jsonl"
    assert run(["classify", str(exported), "-o", str(out)]) == 0
    assert [json.loads(x)["id"] for x in out.read_text().split("\n") if x] == ids
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        "".join(
            json.dumps(
                {"passage": pid, "label": "localist", "note": "a\u2028b"}, ensure_ascii=False
            )
            + "\n"
            for pid in ids
        ),
        encoding="utf-8",
    )
    assert run(["annotate", "-p", str(project), "--from", str(labels)]) == 0
    assert f"annotated {len(ids)} passage(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("ident", "shown"),
    [
        ("NaN", "NaN is not a number"),
        ("true", "got true"),
        ("3.5", "got 3.5"),
        ("[1]", "got [1]"),
        ("null", "got null"),
        ("Infinity", "Infinity is not a number"),
    ],
)
def test_classify_refuses_ids_that_are_not_strings_or_whole_numbers(tmp_path, capsys, ident, shown):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "x"}\n{"id": ' + ident + ', "text": "Councils."}\n')
    assert run(["classify", str(source)]) == 1
    err = _error(capsys)
    assert "line 2" in err and shown in err


def test_paths_with_newlines_and_escape_codes_are_printed_escaped(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\n\x1b[2J.txt").write_bytes(b"")
    (folder / "good.txt").write_text(TEXT)
    project = tmp_path / "p.stancemap"
    assert run(["import", str(folder), "-p", str(project)]) == 0
    captured = capsys.readouterr()
    skipped = [line for line in captured.err.splitlines() if "skipped" in line]
    assert len(skipped) == 1 and "evil\\n\\x1b[2J.txt: empty file" in skipped[0]
    assert "\x1b" not in captured.err + captured.out
    assert run(["import", str(tmp_path / "no\nsuch\x1b[31m"), "-p", str(project)]) == 1
    assert "no\\nsuch\\x1b[31m: no such file" in _error(capsys)


def test_import_of_every_hostile_case_finishes_with_one_line_per_skipped_file(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(TEXT)
    expected_skips = 0
    for case_id, build, expected in CASES:
        folder = corpus / case_id
        folder.mkdir()
        build(folder)
        # a folder's files of other types are passed over silently, by design
        expected_skips += expected not in ("imported", "unsupported file type")
    project = tmp_path / "all.stancemap"
    assert run(["import", str(corpus), "-p", str(project)]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == expected_skips and all(x.startswith("stancemap: skipped ") for x in lines)
    assert "\x1b" not in captured.err and "Traceback" not in captured.err
    with Project(project) as opened:
        files = {d.file.rsplit("/", 1)[-1] for d in opened.documents()}
    assert "good.txt" in files and "inside.txt" in files


def test_real_entry_point_prints_only_its_own_lines_for_junk_files(tmp_path):
    """The reader child shares the terminal: a parser's warnings must not leak into it."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("stancemap")
    if not exe.exists():
        exe = Path(shutil.which("stancemap") or "stancemap")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(TEXT)
    (corpus / "junk.pdf").write_bytes(os.urandom(2048))
    (corpus / "bad\n\x1b[2J.html").write_bytes(b"<![" * 100 + b">")
    done = subprocess.run(
        [str(exe), "import", str(corpus), "-p", str(tmp_path / "p.stancemap")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and all(x.startswith("stancemap: skipped ") for x in lines), lines
    assert "\x1b" not in done.stderr and "bad\\n\\x1b[2J.html" in done.stderr


def test_a_failed_first_import_leaves_no_empty_project(tmp_path, capsys):
    corpus = tmp_path / "junk"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    project = tmp_path / "new.stancemap"
    assert run(["import", str(corpus), "-p", str(project)]) == 1
    assert "nothing was imported" in capsys.readouterr().err
    assert not list(tmp_path.glob("new.stancemap*"))
