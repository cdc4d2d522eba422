"""The installable app: build time, package size, installed size and start-up time.

Budgets (MB = 10^6 bytes): the .deb under 100 MB, installed under 350 MB, launch to a
usable window under 3 s. The package is unpacked into a temporary root (nothing touches
the system) and the installed app is run from there with a private HOME, no PYTHONPATH,
and no network when the kernel allows a private network namespace.

Start-up is measured from outside, as a user sees it: the wall time of
``stancemap --screenshot`` on the demo project, which starts the process, builds the
window, opens the project, paints, saves a PNG and exits, so it bounds the time to a
usable window from above. The first launch also builds the demo project; it is reported
separately.

Run: .venv/bin/python benchmarks/bench_install.py [--deb dist/stancemap_….deb] [--runs N]
(without --deb it builds the package first, which takes a few minutes).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD_DEB = ROOT / "packaging" / "deb" / "build_deb.py"
BUDGET = {"deb_mb": 100, "installed_mb": 350, "startup_s": 3.0}
LAUNCH_TIMEOUT_S = 120


def build(dist: Path) -> tuple[Path, float]:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(BUILD_DEB), "--dist", str(dist), "--work", str(dist.parent / "build")],
        check=True,
        cwd=ROOT,
    )
    return next(dist.glob("stancemap_*.deb")), time.perf_counter() - start


def offline() -> list[str]:
    ok = (
        shutil.which("unshare")
        and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0
    )
    return ["unshare", "-rn"] if ok else []


def launch(exe: Path, home: Path, cwd: Path, *args: str) -> float:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    start = time.perf_counter()
    try:
        result = subprocess.run(
            [*offline(), str(exe), *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=LAUNCH_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise SystemExit(
            f"bench_install: {exe.name} {' '.join(args)} did not finish in {LAUNCH_TIMEOUT_S} s"
        ) from None
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(
            f"bench_install: {exe.name} {' '.join(args)} failed: {result.stderr.strip()[-300:]}"
        )
    return elapsed


def measure(deb: Path, runs: int, scratch: Path) -> dict:
    root = scratch / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    exe = root / "opt" / "stancemap" / "stancemap"
    home = scratch / "home"
    first = launch(exe, home, scratch, "--screenshot", "first.png")
    again = [launch(exe, home, scratch, "--screenshot", "again.png") for _ in range(runs)]
    (scratch / "one.jsonl").write_text('{"id": "x", "text": "Councils should decide."}\n')
    cli = [
        launch(exe, home, scratch, "classify", "one.jsonl", "-o", "out.jsonl") for _ in range(runs)
    ]
    return {
        "deb_mb": deb.stat().st_size / 1e6,
        "installed_mb": int(re.search(r"Installed-Size: (\d+)", fields).group(1)) * 1024 / 1e6,
        "glibc": re.search(r"libc6 \(>= ([\d.]+)\)", fields).group(1),
        "first_launch_s": first,
        "startup_s": statistics.median(again),
        "cli_s": statistics.median(cli),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deb", type=Path, help="measure this package instead of building")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for tool in ("dpkg-deb", "readelf"):
        if not shutil.which(tool):
            print(f"bench_install: {tool} is missing; skipped")
            return 0
    with tempfile.TemporaryDirectory(prefix="stancemap-install-bench-") as tmp:
        scratch = Path(tmp)
        build_s = None
        deb = args.deb
        if deb is None:
            deb, build_s = build(scratch / "dist")
        figures = measure(deb, args.runs, scratch)
    if build_s is not None:
        print(f"build (PyInstaller + dpkg-deb):       {build_s:6.0f} s")
    print(
        f".deb size:                            {figures['deb_mb']:6.1f} MB "
        f"(budget {BUDGET['deb_mb']})"
    )
    print(
        f"installed size:                       {figures['installed_mb']:6.1f} MB "
        f"(budget {BUDGET['installed_mb']})"
    )
    print(f"oldest glibc (control file):          {figures['glibc']:>6}")
    print(
        f"launch to window, demo ready, median: {figures['startup_s']:6.2f} s "
        f"(budget {BUDGET['startup_s']})"
    )
    print(f"first launch (builds the demo):       {figures['first_launch_s']:6.2f} s")
    print(f"command line, classify one passage:   {figures['cli_s']:6.2f} s")
    over = [k for k, limit in BUDGET.items() if figures[k] > limit]
    if over:
        print(f"bench_install: over budget: {', '.join(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
