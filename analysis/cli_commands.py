"""What each ``stancemap`` subcommand does; parsing lives in :mod:`analysis.cli`."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

from analysis.corpus import LABELS
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
        raise Failure(f"{path}: no such project file")
    if target.is_dir():
        raise Failure(f"{path}: is a folder, not a project file (.stancemap)")
    try:
        return Project(target, create=create)
    except ProjectError as exc:
        raise Failure(str(exc)) from None


def open_source(path: str) -> Project:
    """A project file as it is, or a corpus imported into a temporary project."""
    from analysis.workflow import import_corpus

    target = Path(path)
    if not target.exists():
        raise Failure(f"{path}: no such file or folder")
    if target.is_file() and is_project_file(target):
        return open_project(path)
    project = Project(":memory:")
    summary = import_corpus(project, [target])
    _report_skipped(summary.errors)
    if not summary.documents:
        raise Failure(f"{path}: no readable documents")
    return project


def _report_skipped(errors) -> None:
    for error in errors:
        print(f"stancemap: skipped {error}", file=sys.stderr)


def cmd_import(args, **_) -> int:
    from analysis.exchange.commands import import_command, is_qdpx

    if any(is_qdpx(item) for item in args.corpus):
        return import_command(args)
    for item in args.corpus:
        if not Path(item).exists():
            raise Failure(f"{item}: no such file or folder")
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
        raise Failure(str(exc)) from None
    _report_skipped(summary.errors)
    if not summary.documents:
        raise Failure("nothing was imported: no readable documents")
    print(f"{project.path}: {summary.describe()}")
    print(
        f"project now holds {len(project.documents())} document(s), "
        f"{project.count_passages()} passage(s)"
    )


def _read_jsonl(path: str) -> list[dict]:
    source = sys.stdin if path == "-" else None
    try:
        lines = (
            source.read().splitlines()
            if source
            else Path(path).read_text(encoding="utf-8-sig").splitlines()
        )
    except FileNotFoundError:
        raise Failure(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Failure(f"{path}: cannot be read as UTF-8 text ({exc.__class__.__name__})") from None
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise Failure(f"{path} line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(item, dict) or "text" not in item or "id" not in item:
            raise Failure(f'{path} line {number}: needs an object with "id" and "text"')
        if not isinstance(item["text"], str):
            raise Failure(f'{path} line {number}: "text" must be a string')
        items.append(item)
    return items


def cmd_classify(args, **_) -> int:
    items = _read_jsonl(args.input)
    if args.project:
        from analysis.workflow import current_model

        with open_project(args.project) as project:
            _, model = current_model(project)
    else:
        from analysis.stance.model import load_shipped

        model = load_shipped()
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
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def cmd_matrix(args, **_) -> int:
    from analysis.exports import write_matrix
    from analysis.workflow import build_positions

    if args.format == "xlsx" and not args.output:
        raise Failure("--format xlsx needs -o FILE.xlsx", status=2)
    with open_source(args.source) as project:
        matrix = build_positions(project, rows=args.rows)
        write_matrix(matrix, args.format, Path(args.output) if args.output else sys.stdout)
    return 0


def cmd_export(args, **_) -> int:
    from analysis.exports import write_passages

    if args.format == "qdpx":
        from analysis.exchange.commands import export_command

        return export_command(args)
    if args.format == "xlsx" and not args.output:
        raise Failure("--format xlsx needs -o FILE.xlsx", status=2)
    with open_source(args.source) as project:
        write_passages(project, args.format, Path(args.output) if args.output else sys.stdout)
    return 0


def _check_label(label: str, where: str = "") -> str:
    if label not in LABELS:
        raise Failure(f"{where}unknown label {label!r}; use one of {', '.join(LABELS)}", status=2)
    return label


def _passage_id(value, where: str = "") -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Failure(f"{where}passage id must be a number, got {value!r}", status=2) from None


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
            raise Failure(f"{args.project}: no passage with id {pid}") from None
        shown = label or "unchanged label"
        print(f"passage {pid}: {shown} (coder {coder})")
    return 0


def _annotate_from(project_path: str, labels_path: str, coder: str) -> int:
    rows = []
    for number, item in enumerate(_read_labels(labels_path), 1):
        where = f"{labels_path} line {number}: "
        rows.append(
            (
                _passage_id(item.get("passage"), where),
                _check_label(item.get("label"), where),
                item.get("coder") or coder,
            )
        )
    with open_project(project_path) as project:
        known = set(project.passage_ids())
        missing = [pid for pid, _, _ in rows if pid not in known]
        if missing:
            raise Failure(f"{project_path}: no passage with id {missing[0]}")
        with project.transaction():
            for pid, label, who in rows:
                project.annotate(pid, who, label=label)
    print(f"annotated {len(rows)} passage(s)")
    return 0


def _read_labels(path: str) -> list[dict]:
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise Failure(f"{path}: cannot be read ({exc.strerror or exc})") from None
    out = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise Failure(f"{path} line {number}: not valid JSON ({exc.msg})") from None
            if not isinstance(item, dict):
                raise Failure(f"{path} line {number}: needs an object with passage and label")
            out.append(item)
    return out


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
    with open_source(args.source) as project:
        report = build_report(project, rows=args.rows, sections=getattr(args, "sections", None))
        report_renderer(report, Path(args.output))
    print(f"wrote {args.output}")
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
