"""The command-line side of .qdpx exchange, reached from ``stancemap export`` and ``import``."""

from __future__ import annotations

import sys
from pathlib import Path

from analysis.exchange.qdpx_export import export_qdpx
from analysis.exchange.qdpx_import import import_qdpx
from analysis.exchange.qdpx_model import QdpxError
from analysis.progress import Cancelled

SUFFIX = ".qdpx"


def is_qdpx(path: str | Path) -> bool:
    return Path(path).suffix.lower() == SUFFIX


def export_command(args) -> int:
    """``stancemap export PROJECT --format qdpx -o OUT.qdpx``."""
    from analysis.cli_commands import Failure, open_source

    if not args.output:
        raise Failure("--format qdpx needs -o FILE.qdpx", status=2)
    with open_source(args.source) as project:
        try:
            summary = export_qdpx(project, Path(args.output))
        except QdpxError as exc:
            raise Failure(str(exc)) from None
    print(summary.describe())
    return 0


def import_command(args) -> int:
    """``stancemap import FILE.qdpx... -p PROJECT.stancemap``."""
    from analysis.cli_commands import Failure, open_project

    if not all(is_qdpx(item) for item in args.corpus):
        raise Failure("give .qdpx files on their own, not mixed with other files", status=2)
    with open_project(args.project, create=True) as project:
        for item in args.corpus:
            try:
                summary = import_qdpx(project, item)
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
