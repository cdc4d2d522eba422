"""Trims PyInstaller's collection down to what StanceMap actually loads.

PySide6's hooks collect every Qt plugin a module *might* load (Wayland compositors, SQL
drivers, TLS backends, QML debuggers …) and, through them, the Qt libraries and system
libraries those plugins link. We keep an explicit list of plugins and then drop every
shared library that nothing we keep still needs, so the list of plugins is the only thing
to maintain. Used by ``build.spec``; plain functions so a test can check them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

# Qt plugins we ship, by category. Anything not listed is left out of the bundle.
KEEP_QT_PLUGINS = {
    # xcb for X11 and XWayland sessions; offscreen for --screenshot and headless reports.
    # Native Wayland is left out: it needs libwayland-cursor and several shell plugins, and
    # Qt falls back to xcb through XWayland, which every Wayland desktop provides.
    "platforms": {"libqxcb.so", "libqoffscreen.so", "qwindows.dll", "qoffscreen.dll",
                  "libqcocoa.dylib", "libqoffscreen.dylib"},
    # The xcb plugin picks one of these at run time for GL surfaces; both are tiny.
    "xcbglintegrations": {"libqxcb-egl-integration.so", "libqxcb-glx-integration.so"},
    # SVG icons (the app icon, toolbar icons); PNG is built into QtGui.
    "imageformats": {"libqsvg.so", "qsvg.dll", "libqsvg.dylib"},
    "iconengines": {"libqsvgicon.so", "qsvgicon.dll", "libqsvgicon.dylib"},
    # Native file dialogs through the desktop portal (small; GTK3's theme would pull GTK in).
    "platformthemes": {"libqxdgdesktopportal.so"},
    # Dead keys and accented letters when typing coder, actor and issue names.
    "platforminputcontexts": {"libcomposeplatforminputcontextplugin.so",
                              "libibusplatforminputcontextplugin.so"},
    "styles": {"qmodernwindowsstyle.dll", "qwindowsvistastyle.dll", "libqmacstyle.dylib"},
}

# Libraries every Linux desktop has, taken from the system rather than the build machine so
# they match the user's X server, fonts configuration, D-Bus and GL drivers (a bundled
# libstdc++ older than the system's breaks Mesa's GL drivers; OpenSSL gets the system's
# security updates). Each is covered by a package in the Depends line that
# packaging/deb/elf_requirements.py computes.
SYSTEM_LIBRARIES = (
    "libX11", "libxcb", "libxkbcommon", "libXau", "libXdmcp", "libfontconfig", "libfreetype",
    "libpng16", "libexpat", "libbrotli", "libdbus-1", "libsystemd", "libgcrypt", "libgpg-error",
    "libcap.", "liblz4", "liblzma", "libzstd", "libz.", "libbz2", "libglib-2.0", "libgthread-2.0",
    "libpcre2-8", "libffi", "libuuid", "libstdc++", "libgcc_s", "libssl", "libcrypto",
)

# PySide6/Qt/plugins/… on Linux and macOS, PySide6/plugins/… on Windows.
_PLUGIN_DIR = re.compile(r"(?:^|/)PySide6/(?:Qt/)?plugins/([^/]+)/([^/]+)$")
_SHARED_LIB = re.compile(r"\.so(\.\d+)*$")
_NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")


def _posix(dest: str) -> str:
    return str(PurePosixPath(*dest.replace("\\", "/").split("/")))


def is_unwanted_plugin(dest: str) -> bool:
    """True for a Qt plugin outside KEEP_QT_PLUGINS."""
    match = _PLUGIN_DIR.search(_posix(dest))
    if not match:
        return False
    category, name = match.groups()
    return name not in KEEP_QT_PLUGINS.get(category, set())


def is_unwanted_data(dest: str) -> bool:
    """Qt translations (the interface is English only) and anything under a test folder."""
    path = _posix(dest)
    if re.search(r"(^|/)PySide6/(Qt/)?translations/", path):
        return True
    return bool(re.search(r"(^|/)(tests?|testing/tests)/", path)) and not path.startswith(
        "resources/"
    )


def needed_libraries(path: str) -> set[str]:
    """The DT_NEEDED names of one ELF file (empty if it is not one or readelf is missing)."""
    try:
        out = subprocess.run(
            ["readelf", "-d", path], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return set()
    return set(_NEEDED.findall(out))


def prune_unreachable(binaries: list[tuple], keep_names: Iterable[str] = ()) -> list[tuple]:
    """Drop shared libraries (``lib*.so*``) that no kept extension, plugin or library needs.

    Roots are everything that is not a plain shared library (Python extensions, Qt plugins)
    plus ``keep_names`` (libpython, which the bootloader opens itself). Linux only: other
    platforms return the list unchanged.
    """
    if not sys.platform.startswith("linux"):
        return list(binaries)
    by_name: dict[str, tuple] = {}
    roots: list[tuple] = []
    keep = set(keep_names)
    for entry in binaries:
        name = PurePosixPath(entry[0]).name
        plain = name.startswith("lib") and _SHARED_LIB.search(name) and "/plugins/" not in entry[0]
        if plain and not any(name.startswith(k) for k in keep):
            by_name.setdefault(name, entry)
        else:
            roots.append(entry)
    reached: set[str] = set()
    todo = [entry[1] for entry in roots]
    while todo:
        for needed in needed_libraries(todo.pop()):
            if needed in by_name and needed not in reached:
                reached.add(needed)
                todo.append(by_name[needed][1])
    root_ids = {id(entry) for entry in roots}
    return [e for e in binaries if id(e) in root_ids or PurePosixPath(e[0]).name in reached]


def is_system_library(dest: str) -> bool:
    """A desktop library the Linux package takes from the system (see SYSTEM_LIBRARIES)."""
    name = PurePosixPath(_posix(dest)).name
    return "/" not in _posix(dest) and any(name.startswith(p) for p in SYSTEM_LIBRARIES)


def drop_dangling_links(entries: list[tuple], kept: set[str]) -> list[tuple]:
    """Symbolic links PyInstaller adds beside libraries, kept only if their target stays."""
    result = []
    for dest, target, kind in entries:
        if kind == "SYMLINK":
            resolved = PurePosixPath(_posix(dest)).parent / _posix(target)
            if _posix(str(resolved)) not in kept:
                continue
        result.append((dest, target, kind))
    return result


def _is_interpreter_file(dest: str) -> bool:
    path = _posix(dest)
    return PurePosixPath(path).name.startswith("libpython") or "/lib-dynload/" in path


def strip_interpreter(binaries: list[tuple], workdir: str) -> list[tuple]:
    """Swap libpython and the standard library's extensions for stripped copies.

    A Python built from source keeps ~20 MB of symbols nobody needs at run time. Only these
    files are stripped: the wheels' libraries come stripped, and strip corrupts those that
    auditwheel rewrote (numpy's OpenBLAS then fails to load).
    """
    if not sys.platform.startswith("linux") or not shutil.which("strip"):
        return list(binaries)
    result = []
    for dest, source, kind in binaries:
        if kind != "SYMLINK" and _is_interpreter_file(dest):
            target = Path(workdir) / "stripped" / _posix(dest)
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["strip", "--strip-unneeded", "-o", str(target), source], check=True)
            source = str(target)
        result.append((dest, source, kind))
    return result


def trim(
    binaries: list[tuple], datas: list[tuple], system_libraries: bool = False
) -> tuple[list[tuple], list[tuple]]:
    """Apply the plugin list, drop translations and tests, then unreachable libraries.

    With ``system_libraries`` (the Linux package), libraries from SYSTEM_LIBRARIES are left
    to the system, which the package's Depends line guarantees.
    """
    binaries = [e for e in binaries if not is_unwanted_plugin(e[0])]
    datas = [e for e in datas if not is_unwanted_plugin(e[0]) and not is_unwanted_data(e[0])]
    binaries = prune_unreachable(binaries, keep_names=("libpython",))
    if system_libraries:
        binaries = [e for e in binaries if not is_system_library(e[0])]
    kept = {_posix(e[0]) for e in binaries + datas if e[2] != "SYMLINK"}
    return drop_dangling_links(binaries, kept), drop_dangling_links(datas, kept)
