"""What the one-folder build needs from the system, read from its ELF files.

The Depends line of the package must be true for the files we actually ship, not for the
machine we built on: the oldest glibc comes from the highest ``GLIBC_x.y`` symbol version
any bundled file requires, the oldest libstdc++ from the highest ``GLIBCXX_3.4.n``, and the
other packages from the shared libraries the bundle links but does not contain.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
_VERSION_NEED = re.compile(r"Name: (GLIBC(?:XX)?)_(\d+(?:\.\d+)+)\b")
_NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")

# Sonames that belong to glibc itself (satisfied by libc6 at the computed version).
GLIBC_SONAMES = {
    "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1",
    "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "libresolv.so.2", "libmvec.so.1",
}

# Debian package for each system library the bundle links (see SYSTEM_LIBRARIES in
# packaging/bundle_filters.py). libxcb-* follow one naming rule, handled in package_for().
PACKAGES = {
    "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1", "libxcb.so.1": "libxcb1",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0", "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0", "libgio-2.0.so.0": "libglib2.0-0",
    "libz.so.1": "zlib1g", "libzstd.so.1": "libzstd1", "libbz2.so.1.0": "libbz2-1.0",
    "liblzma.so.5": "liblzma5", "libpng16.so.16": "libpng16-16", "libexpat.so.1": "libexpat1",
    "libuuid.so.1": "libuuid1", "libffi.so.8": "libffi8", "libpcre2-8.so.0": "libpcre2-8-0",
    "libgcc_s.so.1": "libgcc-s1", "libstdc++.so.6": "libstdc++6", "libssl.so.3": "libssl3",
    "libcrypto.so.3": "libssl3",
}

# Loaded with dlopen() rather than linked, so no scan finds them: Qt's D-Bus support (portal
# file dialogs, input methods) and the xcb cursor and keyboard and GL libraries it probes.
ALWAYS = ("libdbus-1-3", "libegl1", "libgl1", "libfontconfig1", "libxcb-cursor0",
          "libxkbcommon-x11-0")

# First GCC release providing each GLIBCXX_3.4.n (libstdc++6's version is GCC's).
GCC_FOR_GLIBCXX = {
    21: "5", 22: "6", 23: "7", 24: "7", 25: "8", 26: "9", 27: "9", 28: "9", 29: "11",
    30: "12", 31: "13", 32: "13", 33: "14", 34: "15",
}


class UnknownLibrary(Exception):
    """A linked library that is neither bundled nor mapped to a package: fix PACKAGES."""


def elf_files(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == ELF_MAGIC:
                    found.append(path)
    return found


def _readelf(option: str, path: Path) -> str:
    return subprocess.run(
        ["readelf", option, "--wide", str(path)], capture_output=True, text=True, check=False
    ).stdout


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def version_needs(files: Iterable[Path]) -> dict[str, str]:
    """The highest GLIBC and GLIBCXX version any file requires, e.g. {"GLIBC": "2.34"}."""
    highest: dict[str, str] = {}
    for path in files:
        for family, version in _VERSION_NEED.findall(_readelf("-V", path)):
            if family not in highest or _key(version) > _key(highest[family]):
                highest[family] = version
    return highest


def external_libraries(files: Iterable[Path]) -> set[str]:
    """Sonames linked by some file but not shipped in the bundle."""
    files = list(files)
    shipped = {path.name for path in files}
    needed: set[str] = set()
    for path in files:
        needed.update(_NEEDED.findall(_readelf("-d", path)))
    return needed - shipped


def package_for(soname: str) -> str | None:
    if soname in GLIBC_SONAMES:
        return None
    if soname in PACKAGES:
        return PACKAGES[soname]
    match = re.fullmatch(r"libxcb-([a-z0-9-]+)\.so\.(\d+)", soname)
    if match:
        name, number = match.groups()
        return f"libxcb-{name}{'-' if name[-1].isdigit() else ''}{number}"
    raise UnknownLibrary(f"no Debian package known for {soname}; add it to PACKAGES")


def depends(root: Path) -> list[str]:
    """The Depends entries for the bundle under ``root``, libc6 first."""
    files = elf_files(root)
    needs = version_needs(files)
    entries = {"libc6": f"libc6 (>= {needs.get('GLIBC', '2.17')})"}
    for soname in sorted(external_libraries(files)):
        package = package_for(soname)
        if package and package not in entries:
            entries[package] = package
    for package in ALWAYS:
        entries.setdefault(package, package)
    if "libstdc++6" in entries and "GLIBCXX" in needs:
        minor = int(needs["GLIBCXX"].split(".")[-1])
        if minor not in GCC_FOR_GLIBCXX:
            raise UnknownLibrary(f"no GCC release known for GLIBCXX_{needs['GLIBCXX']}")
        gcc = GCC_FOR_GLIBCXX[minor]
        entries["libstdc++6"] = f"libstdc++6 (>= {gcc})"
    return [entries["libc6"], *sorted(v for k, v in entries.items() if k != "libc6")]
