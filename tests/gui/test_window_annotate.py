"""Reading and annotating the demo project with the keyboard, undo and redo."""

import math

import pytest
from PySide6.QtCore import Qt

from analysis.store import Project


def _first_unlabelled(window):
    ids = window.text.passage_ids()
    return next(
        pid
        for pid in ids
        if window.session.passage(pid).source == "model"
        and not window.session.passage(pid).boilerplate
    )


def test_demo_opens_with_documents_text_and_positions(window):
    assert window.document_model.rowCount() >= 5
    assert window.text.toPlainText().strip()
    assert window.project.matrix is not None and window.project.matrix.rows
    assert window.inspector.title.text() != "No passage selected"
    assert "demo" in window.windowTitle()


def test_number_keys_label_and_advance(window, qtbot):
    pid = _first_unlabelled(window)
    window.text.select_passage(pid)
    window.text.setFocus()
    qtbot.keyClick(window.text, Qt.Key.Key_3)
    record = window.session.passage(pid)
    assert record.source == "manual" and record.label == "localist"
    assert window.text.selected != pid  # moved on to the next passage
    with Project(window.session.path) as other:  # committed at once, visible to others
        assert other.passage(pid).manual_label == "localist"


def test_enter_accepts_prediction_and_b_toggles_noise(window, qtbot):
    pid = _first_unlabelled(window)
    predicted = window.session.passage(pid).predicted_label
    window.text.select_passage(pid)
    qtbot.keyClick(window.text, Qt.Key.Key_Return)
    assert window.session.passage(pid).manual_label == predicted
    window.text.select_passage(pid)
    qtbot.keyClick(window.text, Qt.Key.Key_B)
    assert window.session.passage(pid).boilerplate is True


def test_undo_and_redo_append_to_the_log(window, qtbot):
    pid = _first_unlabelled(window)
    window.text.select_passage(pid)
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    assert window.session.passage(pid).label == "centralist"
    window.actions_["undo"].trigger()
    assert window.session.passage(pid).source == "model"
    assert window.text.selected == pid
    window.actions_["redo"].trigger()
    assert window.session.passage(pid).manual_label == "centralist"
    labels = [row.label for row in window.session.history(pid)]
    assert labels == ["centralist", "", "centralist"]  # nothing deleted


def test_j_k_move_and_u_finds_the_most_uncertain(window, qtbot):
    ids = window.text.passage_ids()
    window.text.select_passage(ids[0])
    qtbot.keyClick(window.text, Qt.Key.Key_J)
    assert window.text.selected == ids[1]
    qtbot.keyClick(window.text, Qt.Key.Key_K)
    assert window.text.selected == ids[0]
    qtbot.keyClick(window.text, Qt.Key.Key_U)
    chosen = window.session.passage(window.text.selected)
    others = [p for p in window.session.passages() if p.source == "model" and not p.boilerplate]
    # The queue starts with the passage leaning to a side that the model is least sure of
    # (highest entropy), then alternates with neutral ones (analysis.stance.rank).
    sided = [p for p in others if p.label != "neutral"]
    assert sided and chosen.label != "neutral"
    assert _entropy(chosen) == pytest.approx(max(_entropy(p) for p in sided))


def _entropy(passage) -> float:
    proba = [passage.p_centralist, passage.p_neutral, passage.p_localist]
    return -sum(p * math.log(p) for p in proba if p > 0)


def test_actor_edit_in_inspector_is_undoable(window, qtbot):
    pid = _first_unlabelled(window)
    window.text.select_passage(pid)
    window.inspector.actor.setText("Councillor Example")
    window.inspector.actor.editingFinished.emit()
    assert window.session.passage(pid).actor == "Councillor Example"
    window.actions_["undo"].trigger()
    assert window.session.passage(pid).actor != "Councillor Example"


def test_matrix_click_filters_documents_and_text(window, qtbot):
    heatmap = window.map_view.heatmap
    heatmap.repaint()
    matrix = heatmap.matrix  # the rows on screen, in screen order
    row = max(range(len(matrix.rows)), key=lambda i: matrix.rows[i].n)
    wanted = set(matrix.rows[row].passage_ids["all"])
    point = heatmap.layout_.cell_rect(row, 0).center().toPoint()
    qtbot.mouseClick(heatmap, Qt.MouseButton.LeftButton, pos=point)
    docs = {window.session.passage(pid).document_id for pid in wanted}
    assert window.document_model.rowCount() == len(docs)
    assert set(window.text.passage_ids()) <= wanted and window.text.passage_ids()
    assert window.documents.filter_bar.isVisibleTo(window)
    window.annotation.clear_filter()
    assert window.document_model.rowCount() == len(window.session.documents())


def test_return_in_the_actor_field_saves_the_actor_not_a_label(window, qtbot):
    pid = _first_unlabelled(window)
    window.activateWindow()
    window.text.select_passage(pid)
    window.inspector.actor.setFocus()
    window.inspector.actor.setText("Someone New")
    qtbot.keyClick(window.inspector.actor, Qt.Key.Key_Return)
    record = window.session.passage(pid)
    assert record.actor == "Someone New" and record.source == "model"


def test_menu_shortcut_and_key_fallback_label_once(window, qtbot):
    pid = _first_unlabelled(window)
    window.activateWindow()
    window.text.setFocus()
    window.text.select_passage(pid)
    qtbot.keyClick(window.text, Qt.Key.Key_2)
    assert window.session.passage(pid).manual_label == "neutral"
    assert [row.label for row in window.session.history(pid)] == ["neutral"]
