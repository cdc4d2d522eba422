"""The ``stancemap`` entry point: a subcommand runs headless, anything else opens the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from analysis.cli import SUBCOMMANDS, run

    if argv and argv[0] in SUBCOMMANDS:
        return run(argv)
    raise SystemExit("the window is not built yet")


if __name__ == "__main__":
    sys.exit(main())
