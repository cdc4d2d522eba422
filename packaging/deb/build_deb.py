"""Builds ``dist/stancemap_<version>_<arch>.deb`` from ``build.spec`` (``make deb``).

Layout of the package: the one-folder build under ``/opt/stancemap``, a ``stancemap``
launcher in ``/usr/bin``, a desktop entry, hicolor icons and the ``.stancemap`` file type
under ``/usr/share``. No maintainer scripts: dpkg triggers of the desktop packages refresh
the menu, icon and file-type caches, so ``dpkg -r`` leaves nothing behind; and the app
writes only to the user's XDG folders, never under /opt.

    python packaging/deb/build_deb.py [--dist dist] [--work build] [--bundle DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
from elf_requirements import depends  # noqa: E402  (sits beside this script)

PACKAGE = "stancemap"
INSTALL_DIR = Path("opt") / PACKAGE
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
MAINTAINER = "StanceMap maintainers <stancemap@users.noreply.github.com>"
DESCRIPTION = """\
 Load a corpus of articles, speeches and reports; StanceMap separates article text
 from page noise, splits it into passages, tags each passage centralist, localist or
 neutral with probabilities and evidence words, finds who is speaking, and maps every
 actor and document on the centralisation-localism axis. Works offline."""


def project_metadata() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def run_pyinstaller(dist: Path, work: Path) -> Path:
    """The same build CI runs on every platform, into ``dist/stancemap``."""
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build.spec")],
        check=True, cwd=ROOT,
    )
    return dist / PACKAGE


def _install(source: Path, target: Path, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)


def _normalise_modes(root: Path) -> None:
    """Directories 755, executables 755, everything else 644, whatever the umask was."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or os.access(path, os.X_OK):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def stage(bundle: Path, staging: Path) -> None:
    """Lay out the package's file tree under ``staging`` (everything but DEBIAN/)."""
    if not (bundle / PACKAGE).is_file():
        raise SystemExit(f"build_deb: no one-folder build at {bundle}")
    shutil.copytree(bundle, staging / INSTALL_DIR, symlinks=True)
    share = staging / "usr" / "share"
    _install(HERE / "stancemap-launcher.sh", staging / "usr" / "bin" / PACKAGE, 0o755)
    _install(HERE / "stancemap.desktop", share / "applications" / f"{PACKAGE}.desktop", 0o644)
    _install(HERE / "copyright", share / "doc" / PACKAGE / "copyright", 0o644)
    _install(HERE / "stancemap-mime.xml", share / "mime" / "packages" / f"{PACKAGE}.xml", 0o644)
    icons = ROOT / "resources" / "icons"
    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{PACKAGE}.png"
        _install(icons / f"stancemap-{size}.png", target, 0o644)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps" / f"{PACKAGE}.svg"
    _install(icons / "stancemap.svg", scalable, 0o644)
    _normalise_modes(staging)


def installed_size_kib(staging: Path) -> int:
    total = sum(p.lstat().st_size for p in staging.rglob("*") if p.is_file() or p.is_symlink())
    return (total + 1023) // 1024


def control(staging: Path, version: str, arch: str) -> str:
    meta = project_metadata()
    fields = {
        "Package": PACKAGE,
        "Version": version,
        "Architecture": arch,
        "Maintainer": MAINTAINER,
        "Installed-Size": str(installed_size_kib(staging)),
        "Depends": ", ".join(depends(staging / INSTALL_DIR)),
        "Section": "science",
        "Priority": "optional",
        "Description": meta["description"],
    }
    return "".join(f"{k}: {v}\n" for k, v in fields.items()) + DESCRIPTION + "\n"


COMPRESSION = {"xz": ["-Zxz"], "fast": ["-Zgzip", "-z1"]}


def build_deb(bundle: Path, dist: Path, compression: str = "xz") -> Path:
    """Stage ``bundle``, write the control file, and run dpkg-deb; returns the .deb path.

    Releases use xz (the smallest file, about a minute on two cores); ``fast`` is for tests
    that only need an installable package.
    """
    version, arch = project_metadata()["version"], architecture()
    out = dist / f"{PACKAGE}_{version}_{arch}.deb"
    staging = dist / f"{PACKAGE}-deb-root"
    shutil.rmtree(staging, ignore_errors=True)
    stage(bundle, staging)
    (staging / "DEBIAN").mkdir(mode=0o755)
    (staging / "DEBIAN" / "control").write_text(control(staging, version, arch))
    (staging / "DEBIAN" / "control").chmod(0o644)
    subprocess.run(
        ["dpkg-deb", "--build", "--root-owner-group", *COMPRESSION[compression], str(staging),
         str(out)],
        check=True, stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(staging)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--bundle", type=Path, help="use this one-folder build, skip PyInstaller")
    parser.add_argument("--compression", choices=sorted(COMPRESSION), default="xz")
    args = parser.parse_args(argv)
    for tool in ("dpkg-deb", "readelf"):
        if not shutil.which(tool):
            print(f"build_deb: {tool} is missing (sh scripts/system-deps.sh)", file=sys.stderr)
            return 1
    started = time.perf_counter()
    bundle = args.bundle or run_pyinstaller(args.dist, args.work)
    built = time.perf_counter()
    out = build_deb(bundle, args.dist, args.compression)
    done = time.perf_counter()
    print(f"build_deb: {out} ({out.stat().st_size / 1e6:.1f} MB; "
          f"PyInstaller {built - started:.0f} s, package {done - built:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
