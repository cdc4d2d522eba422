"""What each ``stancemap`` subcommand does; parsing lives in :mod:`analysis.cli`.

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
from analysis.progress import Cancelled
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
    from analysis.workflow import import_corpus

    target = Path(path)
    if not target.exists():
        raise Failure(f"{printable(path)}: no such file or folder")
    if target.is_file() and is_project_file(target):
        return open_project(path)
    project = Project(":memory:")
    summary = import_corpus(project, [target])
    _report_skipped(summary.errors)
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


def _report_skipped(errors) -> None:
    for error in errors:
        print(f"stancemap: skipped {printable(str(error))}", file=sys.stderr)


def cmd_import(args, **_) -> int:
    from analysis.exchange.commands import import_command, is_qdpx

    if any(is_qdpx(item) for item in args.corpus):
        return import_command(args)
    for item in args.corpus:
        if not Path(item).exists() and not Path(item).is_symlink():
            raise Failure(f"{printable(item)}: no such file or folder")
    project = open_project(args.project, create=True)
    try:
        _import_into(project, args.corpus)
    except BaseException:
        project.discard()  # a failed first import leaves no empty project behind
        raise
    project.close()
    return 0


def _import_into(project: Project, corpus: list[str]) -> None:
    from analysis.workflow import import_corpus

    try:
        summary = import_corpus(project, corpus)
    except Cancelled:
        raise Failure("import cancelled; the project is unchanged") from None
    except ProjectError as exc:
        raise Failure(printable(str(exc))) from None
    _report_skipped(summary.errors)
    if not summary.documents:
        raise Failure("nothing was imported: no readable documents")
    _print_import(project, summary)


def _print_import(project: Project, summary) -> None:
    print(f"{printable(project.path)}: {summary.describe()}")
    print(
        f"project now holds {len(project.documents())} document(s), "
        f"{project.count_passages()} passage(s)"
    )


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


def _json_objects(path: str, needs: str) -> list[tuple[int, dict]]:
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


def _read_jsonl(path: str) -> list[dict]:
    items = []
    for number, item in _json_objects(path, '"id" and "text"'):
        where = f"{printable(path)} line {number}"
        if "text" not in item or "id" not in item:
            raise Failure(f'{where}: needs an object with "id" and "text"')
        if not isinstance(item["text"], str):
            raise Failure(f'{where}: "text" must be a string')
        ident = item["id"]
        if isinstance(ident, bool) or not isinstance(ident, (str, int)):
            raise Failure(f'{where}: "id" must be a string or a whole number, got {_shown(ident)}')
        items.append(item)
    return items


def _shown(value) -> str:
    text = "NaN" if isinstance(value, float) and math.isnan(value) else json.dumps(value)
    return printable(text if len(text) <= 40 else text[:39] + "…")


def cmd_classify(args, **_) -> int:
    items = _read_jsonl(args.input)
    if args.project:
        from analysis.workflow import current_model

        with open_project(args.project) as project:
            _, model = current_model(project)
    else:
        from analysis.stance.predict_light import load_shipped_light

        model = load_shipped_light()  # numpy only: no scikit-learn import for one file
    check_output(args.output)
    predictions = model.predict([item["text"] for item in items]) if items else []
    lines = []
    for item, p in zip(items, predictions, strict=True):
        lines.append(
            json.dumps(
                {
                    "id": item["id"],
                    "label": p.label,
                    "p_centralist": round(p.p_centralist, 6),
                    "p_neutral": round(p.p_neutral, 6),
                    "p_localist": round(p.p_localist, 6),
                    "score": round(p.score, 6),
                }
            )
        )
    _emit("".join(line + "\n" for line in lines), args.output)
    return 0


def _emit(text: str, output: str | None) -> None:
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise write_failed(output, exc) from None
    else:
        sys.stdout.write(text)


def cmd_matrix(args, **_) -> int:
    from analysis.exports import write_matrix
    from analysis.workflow import build_positions

    if args.format == "xlsx" and not args.output:
        raise Failure("--format xlsx needs -o FILE.xlsx", status=2)
    check_output(args.output)
    with open_source(args.source) as project:
        matrix = build_positions(project, rows=args.rows)
        try:
            write_matrix(matrix, args.format, Path(args.output) if args.output else sys.stdout)
        except OSError as exc:
            raise write_failed(args.output, exc) from None
    return 0


def cmd_export(args, **_) -> int:
    from analysis.exports import write_passages

    if args.format == "qdpx":
        from analysis.exchange.commands import export_command

        return export_command(args)
    if args.format == "xlsx" and not args.output:
        raise Failure("--format xlsx needs -o FILE.xlsx", status=2)
    check_output(args.output)
    with open_source(args.source) as project:
        try:
            write_passages(project, args.format, Path(args.output) if args.output else sys.stdout)
        except OSError as exc:
            raise write_failed(args.output, exc) from None
    return 0


MAX_ID = 2**63 - 1


def _check_label(label, where: str = "") -> str:
    if not isinstance(label, str) or label not in LABELS:
        shown = _shown(label) if not isinstance(label, str) else printable(repr(label))
        raise Failure(f"{where}unknown label {shown}; use one of {', '.join(LABELS)}", status=2)
    return label


def _passage_id(value, where: str = "") -> int:
    """A whole number (or its digits as text); never a bool, a fraction, NaN or infinity."""
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value)
    if number is None or not 0 < number <= MAX_ID:
        raise Failure(f"{where}passage id must be a whole number, got {_shown(value)}", status=2)
    return number


def _coder(value, default: str, where: str) -> str:
    if value is None or value == "":
        return default
    if not isinstance(value, str) or not value.strip() or not value.isprintable():
        raise Failure(f'{where}"coder" must be a name in plain text, got {_shown(value)}', 2)
    return value.strip()


def cmd_annotate(args, **_) -> int:
    coder = args.coder or default_coder()
    if args.from_file:
        if args.passage or args.label:
            raise Failure("give either PASSAGE_ID LABEL or --from FILE, not both", status=2)
        return _annotate_from(args.project, args.from_file, coder)
    if args.passage is None or (args.label is None and not args.actor and not args.issue):
        raise Failure("annotate needs PASSAGE_ID LABEL (or --from FILE)", status=2)
    pid = _passage_id(args.passage)
    label = _check_label(args.label) if args.label is not None else None
    with open_project(args.project) as project:
        try:
            project.annotate(pid, coder, label=label, actor=args.actor, issues=args.issue)
        except KeyError:
            raise Failure(f"{printable(args.project)}: no passage with id {pid}") from None
        shown = label or "unchanged label"
        print(f"passage {pid}: {shown} (coder {coder})")
    return 0


def _annotate_from(project_path: str, labels_path: str, coder: str) -> int:
    rows = []
    for number, item in _json_objects(labels_path, '"passage" and "label"'):
        where = f"{printable(labels_path)} line {number}: "
        if "passage" not in item or "label" not in item:
            raise Failure(f'{where}needs an object with "passage" and "label"', status=2)
        rows.append(
            (
                _passage_id(item["passage"], where),
                _check_label(item["label"], where),
                _coder(item.get("coder"), coder, where),
            )
        )
    with open_project(project_path) as project:
        known = set(project.passage_ids())
        missing = [pid for pid, _, _ in rows if pid not in known]
        if missing:
            raise Failure(f"{printable(project_path)}: no passage with id {missing[0]}")
        with project.transaction():
            for pid, label, who in rows:
                project.annotate(pid, who, label=label)
    print(f"annotated {len(rows)} passage(s)")
    return 0


def cmd_train(args, **_) -> int:
    from analysis.workflow import retrain

    with open_project(args.project) as project:
        result = retrain(project)
    m = result.metrics
    print(f"trained on {result.training_size} passages ({result.manual_size} from annotations)")
    print(f"cross-validated macro-F1: {m['macro_f1']:.3f}")
    for label in LABELS:
        c = m["per_class"][label]
        print(
            f"  {label:<11} precision {c['precision']:.3f}  recall {c['recall']:.3f}"
            f"  F1 {c['f1']:.3f}  n={c['support']}"
        )
    return 0


def report_sections(text: str) -> list[str]:
    """``--sections summary,matrix``: the export dialog's section choice, for scripts."""
    import argparse

    from analysis.report.content import SECTIONS

    wanted = [s.strip().lower() for s in text.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SECTIONS]
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(
            f"unknown section {unknown[0]!r}; use some of {','.join(SECTIONS)}" if unknown
            else f"no section given; use some of {','.join(SECTIONS)}"
        )
    return [s for s in SECTIONS if s in wanted]


def cmd_report(args, report_renderer=None, **_) -> int:
    from analysis.workflow import build_report

    if report_renderer is None:
        raise Failure("report needs the Qt PDF renderer; run it as `stancemap report`")
    check_output(args.output)
    with open_source(args.source) as project:
        report = build_report(project, rows=args.rows, sections=getattr(args, "sections", None))
        try:
            report_renderer(report, Path(args.output))
        except OSError as exc:
            raise write_failed(args.output, exc) from None
    print(f"wrote {printable(args.output)}")
    return 0


COMMANDS = {
    "import": cmd_import,
    "classify": cmd_classify,
    "matrix": cmd_matrix,
    "export": cmd_export,
    "annotate": cmd_annotate,
    "train": cmd_train,
    "report": cmd_report,
}
