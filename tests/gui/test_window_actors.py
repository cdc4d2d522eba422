"""The actors panel in the real window: merge, rename and retype, kept in the project."""

from __future__ import annotations

from PySide6.QtCore import Qt

from analysis.store import Project, actor_edits
from analysis.workflow import refresh_structure
from gui.models.actors_model import COLUMNS, ActorsModel, actor_rows
from tests.gui.conftest import wait_idle


def _show_panel(window):
    window.actions_["actors_panel"].trigger()
    assert window.tabs.currentWidget() is window.actors_view
    return window.actors_view


def _edit_and_wait(qtbot, window, do) -> None:
    with qtbot.waitSignal(window.actors.edited, timeout=20000):
        do()
    wait_idle(qtbot, window)


def _counts(window) -> dict[str, int]:
    model = window.actors_view.model
    return {model.row_at(r).name: model.row_at(r).passages for r in range(model.rowCount())}


def test_panel_lists_actors_with_kind_count_and_aliases(window):
    view = _show_panel(window)
    model = view.model
    assert model.rowCount() >= 3
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == list(COLUMNS)
    rows = [model.row_at(r) for r in range(model.rowCount())]
    total = sum(r.passages for r in rows)
    assert total == sum(1 for p in window.session.passages() if p.actor and not p.boilerplate)
    assert any(r.aliases for r in rows)
    assert model.index(0, 1).data() in {"Person", "Organisation", "Outlet", "Unattributed author"}


def test_merging_two_actors_makes_one_row_in_panel_and_matrix(window, qtbot):
    view = _show_panel(window)
    before = _counts(window)
    a, b = list(before)[:2]
    view.select_names([a, b])
    assert view.merge_button.isEnabled() and not view.rename_button.isEnabled()
    _edit_and_wait(qtbot, window, lambda: view.merge_selected(into=a))
    after = _counts(window)
    assert b not in after and after[a] == before[a] + before[b]
    names = [row.name for row in window.project.matrix.rows]
    assert a in names and b not in names
    assert b in view.model.row_at(view.model.row_of(a)).aliases


def test_rename_and_retype_persist_and_survive_speaker_detection(window, qtbot):
    view = _show_panel(window)
    name = list(_counts(window))[0]
    view.select_names([name])
    _edit_and_wait(qtbot, window, lambda: view.rename_selected("Renamed Speaker"))
    assert "Renamed Speaker" in _counts(window) and name not in _counts(window)
    view.select_names(["Renamed Speaker"])
    _edit_and_wait(qtbot, window, lambda: view.retype_selected("organisation"))
    row = view.model.row_at(view.model.row_of("Renamed Speaker"))
    assert row.kind == "organisation" and view.model.index(0, 0).isValid()
    path = window.session.path
    window.close()
    with Project(path) as project:
        refresh_structure(project)
        rows = actor_rows(project.passages(), project.actors(), actor_edits.edits(project))
    found = {r.name: r for r in rows}
    assert "Renamed Speaker" in found and name not in found
    assert found["Renamed Speaker"].kind == "organisation"


def test_actors_model_without_a_view():
    model = ActorsModel()
    edits = actor_edits.ActorEdits()
    edits._apply("rename", "Cllr Jones", "Ruth Jones")

    class P:
        def __init__(self, actor, method="quote"):
            self.actor, self.actor_method, self.boilerplate = actor, method, False

    passages = [P("Ruth Jones"), P("Ruth Jones"), P("Daily Bugle", "source")]
    rows = actor_rows(passages, {"Cllr Jones": ("person", ["Jones"])}, edits)
    model.set_rows(rows)
    assert model.rowCount() == 2
    assert (rows[0].name, rows[0].passages, rows[0].aliases) == (
        "Ruth Jones",
        2,
        ("Cllr Jones", "Jones"),
    )
    assert rows[1].kind == "outlet"
    assert model.index(1, 1).data() == "Outlet"


def test_an_actor_typed_in_the_inspector_shows_when_the_panel_opens(window, qtbot):
    window.tabs.setCurrentIndex(0)
    pid = next(p.id for p in window.session.passages() if not p.boilerplate)
    window.session.annotate(pid, actor="A Brand New Voice")
    view = _show_panel(window)
    row = view.model.row_of("A Brand New Voice")
    assert row is not None and view.model.row_at(row).passages == 1


def test_double_clicking_an_actor_shows_only_their_passages(window, qtbot):
    view = _show_panel(window)
    row = view.model.row_at(0)
    view.select_names([row.name])
    index = view.model.index(0, 0)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    shown = window.annotation.filter
    assert shown is not None and len(shown) == row.passages
    assert {window.session.passage(p).actor for p in shown} == {row.name}
