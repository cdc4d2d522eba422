"""The positions panel at size: only visible cells are painted, rows that matter come first,
and rows stay where they are while the user labels."""

from __future__ import annotations

import dataclasses
import random

import pytest

from analysis.positions import build_matrix
from analysis.store.records import DocumentRecord, PassageRecord
from gui.drawing import heatmap as heatmap_module
from gui.views import map_view as map_view_module
from gui.views.map_view import MapView

LABELS = ("centralist", "neutral", "localist")
ISSUES = ["budgets and funding", "commissioning", "devolution"]


def _passages(n_actors: int, seed: int = 5) -> list[PassageRecord]:
    """Speaker i has i + 1 passages: a few big rows, many tiny ones, as in real corpora."""
    rng = random.Random(seed)
    out, pid = [], 1
    for a in range(n_actors):
        for _ in range(a % 40 + 1):
            label = rng.choice(LABELS)
            pl = 0.8 if label == "localist" else 0.1
            pc = 0.8 if label == "centralist" else 0.1
            out.append(
                PassageRecord(
                    id=pid,
                    document_id=1,
                    seq=pid,
                    start=0,
                    end=5,
                    text="",
                    boilerplate=False,
                    auto_boilerplate=False,
                    label=label,
                    source="model",
                    p_centralist=pc,
                    p_neutral=1 - pc - pl,
                    p_localist=pl,
                    predicted_label=label,
                    actor=f"Speaker {a:04d}",
                    issues=(rng.choice(ISSUES),),
                )
            )
            pid += 1
    return out


DOCS = [DocumentRecord(1, "a.txt", 0, "A", "", "", "", "txt", 0)]


@pytest.fixture
def view(qtbot):
    widget = MapView()
    widget.resize(700, 500)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_heatmap_paints_only_the_rows_in_view(view, qtbot, monkeypatch):
    matrix = build_matrix(_passages(1200), DOCS, ISSUES, n_boot=50)
    view.min_n.setValue(1)
    view.set_matrix(matrix)
    per_paint: list[int] = []  # cells drawn by each paint event
    original_cell, original_paint = heatmap_module._paint_cell, map_view_module.paint_heatmap

    def paint(*args, **kwargs):
        per_paint.append(0)
        return original_paint(*args, **kwargs)

    def cell(*args):
        per_paint[-1] += 1
        return original_cell(*args)

    monkeypatch.setattr(heatmap_module, "_paint_cell", cell)
    monkeypatch.setattr(map_view_module, "paint_heatmap", paint)
    view.heatmap.update()
    qtbot.waitUntil(lambda: bool(per_paint))
    columns = len(ISSUES) + 1
    total = len(view.heatmap.matrix.rows) * columns
    in_view = view.scroll.viewport().height() / view.heatmap.layout_.cell_height + 3
    assert 0 < max(per_paint) <= in_view * columns < total / 20
    view.scroll.verticalScrollBar().setValue(view.scroll.verticalScrollBar().maximum() // 2)
    per_paint.clear()
    view.heatmap.update()
    qtbot.waitUntil(lambda: bool(per_paint))
    assert 0 < max(per_paint) <= in_view * columns


def test_rows_sorted_by_passages_filtered_by_min_n_and_search(view):
    matrix = build_matrix(_passages(120), DOCS, ISSUES, n_boot=50)
    view.set_matrix(matrix)
    shown = view.heatmap.matrix.rows
    assert all(r.n >= 3 for r in shown)
    assert len(shown) < len(matrix.rows)
    assert [r.n for r in shown] == sorted((r.n for r in shown), reverse=True)
    assert "Showing" in view.note.text()
    view.min_n.setValue(30)
    assert all(r.n >= 30 for r in view.heatmap.matrix.rows)
    view.search.setText("speaker 0079")
    assert [r.name for r in view.heatmap.matrix.rows] == ["Speaker 0079"]
    view.search.clear()
    view.sort.setCurrentIndex(view.sort.findData("name"))
    names = [r.name for r in view.heatmap.matrix.rows]
    assert names == sorted(names)


def test_rows_keep_their_place_and_selection_after_a_label(view, qtbot):
    passages = _passages(200)
    view.sort.setCurrentIndex(view.sort.findData("position"))
    view.set_matrix(build_matrix(passages, DOCS, ISSUES, n_boot=50))
    before = [r.name for r in view.heatmap.matrix.rows]
    bar = view.scroll.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    scrolled = bar.value()
    view.heatmap.selected = (10, "all")
    target = before[10]
    # label every passage of that speaker localist by hand: its position moves a lot
    relabelled = [
        dataclasses.replace(p, label="localist", source="manual") if p.actor == target else p
        for p in passages
    ]
    fresh = build_matrix(relabelled, DOCS, ISSUES, n_boot=50)
    by_position = [r.name for r in sorted(fresh.rows, key=lambda r: r.position)]
    assert by_position.index(target) != 10  # a plain re-sort would move the row
    view.set_matrix(fresh)
    assert [r.name for r in view.heatmap.matrix.rows] == before
    assert view.heatmap.selected == (10, "all")
    assert bar.value() == scrolled
    view.sort.setCurrentIndex(view.sort.findData("passages"))  # an explicit re-sort may move
    assert view.heatmap.matrix.rows[0].n == max(r.n for r in fresh.rows)


def test_outlets_are_shown_apart_from_speakers(view):
    passages = _passages(60)
    kinds = {f"Speaker {a:04d}": ("outlet" if a % 10 == 0 else "person") for a in range(60)}
    view.set_matrix(build_matrix(passages, DOCS, ISSUES, n_boot=50, kinds=kinds))
    assert all(r.kind == "person" for r in view.heatmap.matrix.rows)
    view.kind.setCurrentIndex(view.kind.findData("outlets"))
    shown = view.heatmap.matrix.rows
    assert shown and all(r.kind == "outlet" for r in shown)


def test_rows_stay_put_after_a_label_in_the_window(window, qtbot):
    """In the real window: a label moves a row's position, not the row on screen."""
    view = window.map_view
    view.min_n.setValue(1)
    view.sort.setCurrentIndex(view.sort.findData("position"))
    before = [r.name for r in view.heatmap.matrix.rows]
    assert len(before) > 2
    first = view.heatmap.matrix.rows[0]  # the most centralist row, labelled localist below
    for pid in first.passage_ids["all"][:3]:
        with qtbot.waitSignal(window.project.positions_ready, timeout=60000):
            window.session.annotate(pid, label="localist")
    moved = window.project.matrix.row(first.name)
    assert moved.position > first.position
    assert [r.name for r in view.heatmap.matrix.rows] == before


def test_showing_a_subset_does_not_take_the_matrix_apart_row_by_row(view, monkeypatch):
    matrix = build_matrix(_passages(120), DOCS, ISSUES, n_boot=50)

    def refuse(self):
        raise AssertionError("the matrix was pickled on the window's thread")

    monkeypatch.setattr(type(matrix), "__reduce__", refuse)
    view.set_matrix(matrix)
    shown = view.heatmap.matrix
    assert shown is not matrix and shown.issues == matrix.issues
    assert 0 < len(shown.rows) <= len(matrix.rows)
    assert all(row in matrix.rows for row in shown.rows)
