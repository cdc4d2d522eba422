"""Checking what the command line is given and where it writes, before any work starts.

Input files are checked line by line with the line number in the reason; output paths are
checked before any work starts, so a typo in ``-o`` costs one line, not an import. Every
path we print goes through :func:`analysis.ingest.naming.printable`.
"""

from __future__ import annotations

import getpass
import json
import math
import os
import sys
from pathlib import Path

from analysis.corpus import LABELS
from analysis.ingest.naming import printable
from analysis.store import Project, ProjectError
from analysis.store.connection import SQLITE_MAGIC


class Failure(Exception):
    """A reason to stop, with the exit status the contract gives it."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def default_coder() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user database in some containers
        return "anonymous"


def is_project_file(path: Path) -> bool:
    if path.suffix.lower() == ".stancemap":
        return True
    try:
        with path.open("rb") as handle:
            return path.is_file() and handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def open_project(path: str, *, create: bool = False) -> Project:
    target = Path(path)
    if not create and not target.exists():
        raise Failure(f"{printable(path)}: no such project file")
    if target.is_dir():
        raise Failure(f"{printable(path)}: is a folder, not a project file (.stancemap)")
    if create and not target.exists():
        check_output(path)
    try:
        return Project(target, create=create)
    except ProjectError as exc:
        raise Failure(str(exc)) from None


def open_source(path: str) -> Project:
    """A project file as it is, or a corpus imported into a temporary project."""
    from analysis.operations import OPERATIONS

    target = Path(path)
    if not target.exists():
        raise Failure(f"{printable(path)}: no such file or folder")
    if target.is_file() and is_project_file(target):
        return open_project(path)
    project = Project(":memory:")
    summary = OPERATIONS["import"].run(project, [target]).result
    report_skipped(summary.errors)
    if not summary.documents:
        raise Failure(f"{printable(path)}: no readable documents")
    return project


def check_output(path: str | None) -> None:
    """Refuse an output path we could not write, before any work is done."""
    if not path or path == "-":
        return
    target = Path(path)
    shown = printable(path)
    if target.is_dir():
        raise Failure(f"{shown}: is a folder; give a file name")
    folder = target.parent
    if not folder.is_dir():
        raise Failure(f"{shown}: cannot write there (folder {printable(folder)} does not exist)")
    if not os.access(folder, os.W_OK):
        raise Failure(f"{shown}: cannot write there (permission denied)")


def write_failed(path, error: OSError) -> Failure:
    return Failure(f"{printable(path)}: could not be written ({error.strerror or error})")


def report_skipped(errors) -> None:
    for error in errors:
        print(f"stancemap: skipped {printable(str(error))}", file=sys.stderr)


def _jsonl_lines(path: str) -> list[str]:
    """Lines split on ``\\n`` only: ``str.splitlines`` also splits at U+2028 and U+2029, which
    JSON allows unescaped inside strings (and our own export writes)."""
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise Failure(f"{printable(path)}: no such file") from None
    except IsADirectoryError:
        raise Failure(f"{printable(path)}: is a folder, not a file") from None
    except OSError as exc:
        raise Failure(f"{printable(path)}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise Failure(f"{printable(path)}: not UTF-8 text (byte {exc.start})") from None
    return [line.removesuffix("\r") for line in text.split("\n")]


def _no_constants(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def json_objects(path: str, needs: str) -> list[tuple[int, dict]]:
    """``(line number, object)`` for each non-blank line; any other line is refused."""
    out = []
    for number, line in enumerate(_jsonl_lines(path), 1):
        if not line.strip():
            continue
        where = f"{printable(path)} line {number}"
        try:
            item = json.loads(line, parse_constant=_no_constants)
        except json.JSONDecodeError as exc:
            raise Failure(f"{where}: not valid JSON ({exc.msg})") from None
        except (ValueError, RecursionError) as exc:
            raise Failure(f"{where}: not valid JSON ({printable(str(exc))[:80]})") from None
        if not isinstance(item, dict):
            raise Failure(f"{where}: needs an object with {needs}")
        out.append((number, item))
    return out


def read_jsonl(path: str) -> list[dict]:
    items = []
    for number, item in json_objects(path, '"id" and "text"'):
        where = f"{printable(path)} line {number}"
        if "text" not in item or "id" not in item:
            raise Failure(f'{where}: needs an object with "id" and "text"')
        if not isinstance(item["text"], str):
            raise Failure(f'{where}: "text" must be a string')
        ident = item["id"]
        if isinstance(ident, bool) or not isinstance(ident, (str, int)):
            raise Failure(f'{where}: "id" must be a string or a whole number, got {quoted(ident)}')
        items.append(item)
    return items


def quoted(value) -> str:
    text = "NaN" if isinstance(value, float) and math.isnan(value) else json.dumps(value)
    return printable(text if len(text) <= 40 else text[:39] + "…")


def emit(text: str, output: str | None) -> None:
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise write_failed(output, exc) from None
    else:
        sys.stdout.write(text)


MAX_ID = 2**63 - 1


def check_label(label, where: str = "") -> str:
    if not isinstance(label, str) or label not in LABELS:
        shown = quoted(label) if not isinstance(label, str) else printable(repr(label))
        raise Failure(f"{where}unknown label {shown}; use one of {', '.join(LABELS)}", status=2)
    return label


def passage_id(value, where: str = "") -> int:
    """A whole number (or its digits as text); never a bool, a fraction, NaN or infinity."""
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value)
    if number is None or not 0 < number <= MAX_ID:
        raise Failure(f"{where}passage id must be a whole number, got {quoted(value)}", status=2)
    return number


def coder_or(value, default: str, where: str) -> str:
    if value is None or value == "":
        return default
    if not isinstance(value, str) or not value.strip() or not value.isprintable():
        raise Failure(f'{where}"coder" must be a name in plain text, got {quoted(value)}', 2)
    return value.strip()
