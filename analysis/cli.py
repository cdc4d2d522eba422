"""The ``stancemap`` command line: the contract in DESIGN.md, headless.

Exit status 0 on success, 2 on a usage error, 1 on failure, always with a one-line reason on
stderr — never a traceback — because scripts and colleagues' pipelines depend on it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from analysis import __version__
from analysis.cli_commands import COMMANDS, report_sections
from analysis.cli_io import Failure
from analysis.ingest.naming import printable
from analysis.store import ProjectError

SUBCOMMANDS = ("import", "classify", "matrix", "export", "annotate", "train", "report")

ReportRenderer = Callable[..., None]


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line instead of printing usage and exiting."""

    def error(self, message: str):  # noqa: D401 - argparse override
        raise _UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="stancemap", description="Who stands where on central vs local control")
    parser.add_argument("--version", action="version", version=f"StanceMap {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("import", help="create or extend a project from files or folders")
    p.add_argument("corpus", nargs="+")
    p.add_argument("-p", "--project", required=True)

    p = sub.add_parser("classify", help="classify JSONL passages (id, text)")
    p.add_argument("input")
    p.add_argument("-o", "--output")
    p.add_argument("-p", "--project")

    p = sub.add_parser("matrix", help="the positions matrix")
    p.add_argument("source")
    p.add_argument("--rows", choices=("actors", "documents"), default="actors")
    p.add_argument("--format", choices=("csv", "json", "xlsx"), default="json")
    p.add_argument("-o", "--output")

    p = sub.add_parser("export", help="one record per passage, or a REFI-QDA project (.qdpx)")
    p.add_argument("source")
    p.add_argument("--format", choices=("jsonl", "csv", "xlsx", "qdpx"), default="jsonl")
    p.add_argument("-o", "--output")

    p = sub.add_parser("annotate", help="label passages by hand")
    p.add_argument("-p", "--project", required=True)
    p.add_argument("passage", nargs="?")
    p.add_argument("label", nargs="?")
    p.add_argument("--coder", default=None)
    p.add_argument("--actor")
    p.add_argument("--issue", action="append")
    p.add_argument("--from", dest="from_file")

    p = sub.add_parser("train", help="retrain on the bootstrap set and the annotations")
    p.add_argument("-p", "--project", required=True)

    p = sub.add_parser("report", help="write a PDF report")
    p.add_argument("source")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--rows", choices=("actors", "documents"), default="actors")
    p.add_argument(
        "--sections",
        type=report_sections,
        default=None,
        help="comma-separated, in any order (default: all): "
        "summary,matrix,strip,documents,evidence,method,codebook",
    )
    return parser


def run(argv: list[str], *, report_renderer: ReportRenderer | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except _UsageError as exc:
        print(f"stancemap: usage error: {printable(str(exc))}", file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](args, report_renderer=report_renderer) or 0
    except Failure as exc:
        print(f"stancemap: {printable(str(exc))}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("stancemap: interrupted", file=sys.stderr)
        return 1
    except ProjectError as exc:  # e.g. a full disk or a busy file: already a sentence
        print(f"stancemap: {printable(str(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # last resort: a one-line reason, never a traceback
        reason = printable(f"{type(exc).__name__}: {exc}")
        print(f"stancemap: {args.command} failed: {reason}", file=sys.stderr)
        return 1


def main() -> int:
    return run(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
