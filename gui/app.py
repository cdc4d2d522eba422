"""The ``stancemap`` entry point: a subcommand runs headless, anything else opens the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _report_renderer():
    """The Qt PDF renderer, if the report package is installed (imported only when needed)."""
    try:
        from gui.report.pdf import render_report
    except ImportError:
        return None
    return render_report


def parse_window_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="stancemap", description="Open the StanceMap window")
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PROJECT_OR_CORPUS",
        help="a .stancemap project, a folder or files to import",
    )
    parser.add_argument(
        "--screenshot", metavar="OUT.png", help="load, render the main window, save a PNG and exit"
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # background verbs run in child processes
    argv = list(sys.argv[1:] if argv is None else argv)
    from analysis.cli import SUBCOMMANDS, run

    if argv and argv[0] in SUBCOMMANDS:
        renderer = _report_renderer() if argv[0] == "report" else None
        return run(argv, report_renderer=renderer)
    try:
        args = parse_window_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    if args.version:
        from analysis import __version__

        print(f"StanceMap {__version__}")
        return 0
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"stancemap: {missing[0]}: no such file or folder", file=sys.stderr)
        return 2
    from gui.startup import run_window

    return run_window([Path(p) for p in args.paths], screenshot=args.screenshot)


if __name__ == "__main__":
    sys.exit(main())
