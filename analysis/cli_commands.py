"""What each ``stancemap`` subcommand does; parsing lives in :mod:`analysis.cli`.

Each command checks its arguments (:mod:`analysis.cli_io`), runs its verb from
:mod:`analysis.operations` (the same ones the window runs) and prints the outcome.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from analysis.cli_io import (
    Failure,
    check_label,
    check_output,
    coder_or,
    default_coder,
    emit,
    json_objects,
    open_project,
    open_source,
    passage_id,
    read_jsonl,
    report_skipped,
    write_failed,
)
from analysis.corpus import LABELS
from analysis.ingest.naming import printable
from analysis.operations import OPERATIONS
from analysis.progress import Cancelled
from analysis.store import Project, ProjectError

QDPX_SUFFIX = ".qdpx"


def is_qdpx(path: str | Path) -> bool:
    return Path(path).suffix.lower() == QDPX_SUFFIX


def cmd_import(args, **_) -> int:
    if any(is_qdpx(item) for item in args.corpus):
        return _import_qdpx(args)
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
    try:
        summary = OPERATIONS["import"].run(project, corpus).result
    except Cancelled:
        raise Failure("import cancelled; the project is unchanged") from None
    except ProjectError as exc:
        raise Failure(printable(str(exc))) from None
    report_skipped(summary.errors)
    if not summary.documents:
        raise Failure("nothing was imported: no readable documents")
    _print_import(project, summary)


def _print_import(project: Project, summary) -> None:
    print(f"{printable(project.path)}: {summary.describe()}")
    print(
        f"project now holds {len(project.documents())} document(s), "
        f"{project.count_passages()} passage(s)"
    )


def _import_qdpx(args) -> int:
    """``stancemap import FILE.qdpx... -p PROJECT.stancemap``."""
    from analysis.exchange.qdpx_model import QdpxError

    if not all(is_qdpx(item) for item in args.corpus):
        raise Failure("give .qdpx files on their own, not mixed with other files", status=2)
    with open_project(args.project, create=True) as project:
        for item in args.corpus:
            try:
                summary = OPERATIONS["qdpx-import"].run(project, item).result
            except QdpxError as exc:
                raise Failure(str(exc)) from None
            except Cancelled:
                raise Failure("import cancelled; the project is unchanged") from None
            for reason in summary.skipped_sources:
                print(f"stancemap: skipped source {reason}", file=sys.stderr)
            print(f"{item}: {summary.describe()}")
        print(
            f"project now holds {len(project.documents())} document(s), "
            f"{project.count_passages()} passage(s)"
        )
    return 0


def cmd_classify(args, **_) -> int:
    items = read_jsonl(args.input)
    if args.project:
        from analysis.workflow import current_model

        with open_project(args.project) as project:
            _, model = current_model(project)
    else:
        from analysis.stance.predict_light import load_shipped_light

        model = load_shipped_light()  # numpy only: no scikit-learn import for one file
    check_output(args.output)
    predictions = model.predict_corpus([item["text"] for item in items])[0] if items else []
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
    emit("".join(line + "\n" for line in lines), args.output)
    return 0


def cmd_matrix(args, **_) -> int:
    from analysis.exports import write_matrix

    if args.format == "xlsx" and not args.output:
        raise Failure("--format xlsx needs -o FILE.xlsx", status=2)
    check_output(args.output)
    with open_source(args.source) as project:
        matrix = OPERATIONS["positions"].run(project, args.rows).result
        try:
            write_matrix(matrix, args.format, Path(args.output) if args.output else sys.stdout)
        except OSError as exc:
            raise write_failed(args.output, exc) from None
    return 0


def cmd_export(args, **_) -> int:
    if args.format == "qdpx":
        return _export_qdpx(args)
    if args.format == "xlsx" and not args.output:
        raise Failure("--format xlsx needs -o FILE.xlsx", status=2)
    check_output(args.output)
    with open_source(args.source) as project:
        try:
            out = Path(args.output) if args.output else sys.stdout
            OPERATIONS["export"].run(project, args.format, out)
        except OSError as exc:
            raise write_failed(args.output, exc) from None
    return 0


def _export_qdpx(args) -> int:
    """``stancemap export PROJECT --format qdpx -o OUT.qdpx``."""
    from analysis.exchange.qdpx_model import QdpxError

    if not args.output:
        raise Failure("--format qdpx needs -o FILE.qdpx", status=2)
    with open_source(args.source) as project:
        try:
            summary = OPERATIONS["qdpx-export"].run(project, Path(args.output)).result
        except QdpxError as exc:
            raise Failure(str(exc)) from None
    print(summary.describe())
    return 0


def cmd_annotate(args, **_) -> int:
    coder = args.coder or default_coder()
    if args.from_file:
        if args.passage or args.label:
            raise Failure("give either PASSAGE_ID LABEL or --from FILE, not both", status=2)
        return _annotate_from(args.project, args.from_file, coder)
    if args.passage is None or (args.label is None and not args.actor and not args.issue):
        raise Failure("annotate needs PASSAGE_ID LABEL (or --from FILE)", status=2)
    pid = passage_id(args.passage)
    label = check_label(args.label) if args.label is not None else None
    with open_project(args.project) as project:
        try:
            fields = {"label": label, "actor": args.actor, "issues": args.issue}
            OPERATIONS["annotate"].run(project, [(pid, coder, fields)])
        except KeyError:
            raise Failure(f"{printable(args.project)}: no passage with id {pid}") from None
        shown = label or "unchanged label"
        print(f"passage {pid}: {shown} (coder {coder})")
    return 0


def _annotate_from(project_path: str, labels_path: str, coder: str) -> int:
    rows = []
    for number, item in json_objects(labels_path, '"passage" and "label"'):
        where = f"{printable(labels_path)} line {number}: "
        if "passage" not in item or "label" not in item:
            raise Failure(f'{where}needs an object with "passage" and "label"', status=2)
        rows.append(
            (
                passage_id(item["passage"], where),
                check_label(item["label"], where),
                coder_or(item.get("coder"), coder, where),
            )
        )
    with open_project(project_path) as project:
        known = set(project.passage_ids())
        missing = [pid for pid, _, _ in rows if pid not in known]
        if missing:
            raise Failure(f"{printable(project_path)}: no passage with id {missing[0]}")
        OPERATIONS["annotate"].run(
            project, [(pid, who, {"label": label}) for pid, label, who in rows]
        )
    print(f"annotated {len(rows)} passage(s)")
    return 0


def cmd_train(args, **_) -> int:
    with open_project(args.project) as project:
        result = OPERATIONS["retrain"].run(project).result
    m = result.metrics
    print(f"trained on {result.training_size} passages ({result.manual_size} from annotations)")
    print(f"cross-validated macro-F1: {m['macro_f1']:.3f}")
    for label in LABELS:
        c = m["per_class"][label]
        print(
            f"  {label:<11} precision {c['precision']:.3f}  recall {c['recall']:.3f}"
            f"  F1 {c['f1']:.3f}  n={c['support']}"
        )
    from analysis.stance.real_text import check_of, real_text_sentence

    check = check_of(m)
    if check is not None:
        # Cross-validation over our own passages flatters the model on real articles.
        print(real_text_sentence(check, subject="the bootstrap model"))
    return 0


def report_sections(text: str) -> list[str]:
    """``--sections summary,matrix``: the export dialog's section choice, for scripts."""
    import argparse

    from analysis.report.content import SECTIONS

    wanted = [s.strip().lower() for s in text.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SECTIONS]
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(
            f"unknown section {unknown[0]!r}; use some of {','.join(SECTIONS)}"
            if unknown
            else f"no section given; use some of {','.join(SECTIONS)}"
        )
    return [s for s in SECTIONS if s in wanted]


def cmd_report(args, report_renderer=None, **_) -> int:
    if report_renderer is None:
        raise Failure("report needs the Qt PDF renderer; run it as `stancemap report`")
    check_output(args.output)
    with open_source(args.source) as project:
        sections = getattr(args, "sections", None)
        report = OPERATIONS["report"].run(project, args.rows, sections).result
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
