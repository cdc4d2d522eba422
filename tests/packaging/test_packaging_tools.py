"""The helpers behind build.spec and the .deb: plugin selection and the Depends line."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


filters = _load("bundle_filters", ROOT / "packaging" / "bundle_filters.py")
elf = _load("elf_requirements", ROOT / "packaging" / "deb" / "elf_requirements.py")


@pytest.mark.parametrize(
    ("dest", "unwanted"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlpsql.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6\\plugins\\platforms\\qwindows.dll", False),
        ("PySide6\\plugins\\sqldrivers\\qsqlodbc.dll", True),
        ("PySide6/QtWidgets.abi3.so", False),
    ],
)
def test_only_listed_qt_plugins_are_kept(dest, unwanted):
    assert filters.is_unwanted_plugin(dest) is unwanted


def test_translations_and_test_folders_are_dropped_but_resources_kept():
    assert filters.is_unwanted_data("PySide6/Qt/translations/qtbase_de.qm")
    assert filters.is_unwanted_data("nltk/test/unit/test_tag.py")
    assert not filters.is_unwanted_data("resources/training/news_01.jsonl")
    assert not filters.is_unwanted_data("sklearn/datasets/descr/iris.rst")


def test_links_to_dropped_libraries_are_dropped():
    entries = [
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
    ]
    kept = filters.drop_dangling_links(entries, {"PySide6/Qt/lib/libQt6Gui.so.6"})
    assert [e[0] for e in kept] == ["libQt6Gui.so.6"]


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxcb-xkb.so.1", "libxcb-xkb1"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libm.so.6", None),
    ],
)
def test_sonames_map_to_debian_packages(soname, package):
    assert elf.package_for(soname) == package


def test_an_unknown_library_stops_the_build():
    with pytest.raises(elf.UnknownLibrary):
        elf.package_for("libsomethingnew.so.3")


@pytest.mark.skipif(not shutil.which("readelf"), reason="readelf (binutils) is not installed")
def test_glibc_floor_is_read_from_symbol_versions():
    interpreter = Path(sys.executable).resolve()
    needs = elf.version_needs([interpreter])
    major, minor = (int(x) for x in needs["GLIBC"].split(".")[:2])
    assert major == 2 and 2 <= minor < 100
