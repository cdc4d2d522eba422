"""File ▸ Export ▸ REFI-QDA Project and File ▸ Import REFI-QDA Project, in the real window."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xmlschema
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from gui.exchange_actions import EXPORT_KEY, IMPORT_KEY
from tests.gui.conftest import wait_idle

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "refi-qda" / "Project.xsd"


@pytest.fixture
def exchange(window):
    return window.exchange  # the window installs the actions itself


def _file_menu_texts(window) -> list[str]:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == "File":
            return [a.text() for a in action.menu().actions()]
    return []


def test_the_actions_sit_in_the_file_menu(window, exchange):
    texts = _file_menu_texts(window)
    assert "Import REFI-QDA Project…" in texts and "E&xport" in texts
    export = window.findChild(QAction, "action_export_qdpx")
    assert export is exchange.actions["export_qdpx"]
    assert export.text() == "REFI-QDA Project (.qdpx)…"
    assert texts.index("&Add Files to Project…") + 1 == texts.index("Import REFI-QDA Project…")
    assert texts.index("&Export Report…") + 1 == texts.index("E&xport")


def test_export_through_the_menu_writes_a_valid_qdpx(
    window, exchange, qtbot, tmp_path, monkeypatch
):
    session = window.session
    first = next(p for p in session.passages() if not p.boilerplate)
    session.annotate(first.id, label="localist")
    out = tmp_path / "from the window.qdpx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(
        window.runner.finished, timeout=60000, check_params_cb=lambda t, _r: t.key == EXPORT_KEY
    ):
        exchange.actions["export_qdpx"].trigger()
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("project.qde").decode("utf-8")
        sources = [n for n in archive.namelist() if n.startswith("sources/")]
    xmlschema.XMLSchema(str(SCHEMA)).validate(xml)
    assert len(sources) == len(session.documents())
    assert 'name="tester"' in xml  # the window's coder is a REFI-QDA user
    assert "Export finished" in window.statusBar().currentMessage()


def test_import_through_the_menu_opens_the_new_project(
    window, exchange, qtbot, tmp_path, monkeypatch
):
    session = window.session
    first = next(p for p in session.passages() if not p.boilerplate)
    session.annotate(first.id, label="centralist")
    documents = sorted(d.display_title for d in session.documents())
    qdpx = tmp_path / "shared.qdpx"
    with qtbot.waitSignal(window.runner.finished, timeout=60000):
        exchange.export_to(qdpx)
    target = tmp_path / "imported.stancemap"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(qdpx), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(session.opened, timeout=120000):
        exchange.actions["import_qdpx"].trigger()
    wait_idle(qtbot, window)
    assert session.path == target
    assert sorted(d.display_title for d in session.documents()) == documents
    labelled = [p for p in session.passages() if p.manual_label == "centralist"]
    assert [p.text for p in labelled] == [first.text]


def test_a_bad_qdpx_is_reported_and_leaves_no_project(window, exchange, qtbot, tmp_path):
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip at all")
    target = tmp_path / "never.stancemap"
    before = window.session.path
    with qtbot.waitSignal(
        window.runner.failed, timeout=60000, check_params_cb=lambda t, _e: t.key == IMPORT_KEY
    ):
        exchange.import_from(bad, target)
    wait_idle(qtbot, window)
    assert not target.exists()
    assert window.session.path == before
    assert "not a complete zip archive" in window.statusBar().currentMessage()
