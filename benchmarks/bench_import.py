"""Wall time, start-up included, to import, clean, segment and classify the reference corpus.

Runs the installed ``stancemap`` command as a user would (a fresh process each time) and
prints the best and median of several runs. Target: under 3 s.

Run: .venv/bin/python benchmarks/bench_import.py [--corpus DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def one_run(exe: Path, corpus: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "bench.stancemap"
        start = time.perf_counter()
        done = subprocess.run(
            [str(exe), "import", str(corpus), "-p", str(project)], capture_output=True, text=True
        )
        elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"import failed: {done.stderr.strip()}")
    return elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    exe = Path(sys.executable).with_name("stancemap")
    times = [one_run(exe, args.corpus) for _ in range(args.runs)]
    print(
        f"import + clean + segment + classify of {args.corpus.name}/ in a new process: "
        f"best {min(times):.2f} s, median {statistics.median(times):.2f} s "
        f"over {args.runs} runs (target < 3 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
