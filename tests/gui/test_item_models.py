"""Item models tested without views, over plain records."""

from collections import Counter

from PySide6.QtCore import Qt

from analysis.store import DocumentRecord
from gui.models.document_list_model import DocumentListModel, IdRole, MixRole
from gui.models.metrics_model import MetricsModel


def _doc(i: int, title: str = "") -> DocumentRecord:
    return DocumentRecord(i, f"/x/file{i}.txt", 0, title, "Ann", "2024", "", "txt", 0, 3)


def test_document_list_model_rows_mix_and_filter(qapp):
    model = DocumentListModel()
    model.set_rows([_doc(1, "One"), _doc(2)], {1: Counter(localist=2), 2: Counter()})
    assert model.rowCount() == 2
    assert model.data(model.index(0)) == "One"
    assert model.data(model.index(1)) == "file2.txt"
    assert model.data(model.index(0), MixRole)["localist"] == 2
    model.set_filter({2})
    assert model.rowCount() == 1 and model.data(model.index(0), IdRole) == 2
    model.set_filter(None)
    assert model.row_of(2) == 1


def test_document_list_model_updates_one_mix(qapp, qtbot):
    model = DocumentListModel()
    model.set_rows([_doc(1), _doc(2)], {})
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.update_mix(2, Counter(centralist=1))
    assert blocker.args[0].row() == 1
    assert model.data(model.index(1), MixRole)["centralist"] == 1
    assert "1 centralist" in model.data(model.index(1), Qt.ItemDataRole.ToolTipRole)


def test_metrics_model_shows_change_since_previous(qapp):
    metrics = {
        "labels": ["centralist", "neutral", "localist"],
        "per_class": {
            "centralist": {"precision": 0.8, "recall": 0.7, "f1": 0.75, "support": 10},
            "neutral": {"precision": 0.6, "recall": 0.6, "f1": 0.6, "support": 10},
            "localist": {"precision": 0.9, "recall": 0.8, "f1": 0.85, "support": 10},
        },
    }
    previous = {"per_class": {"centralist": {"f1": 0.70}}}
    model = MetricsModel()
    model.set_metrics(metrics, previous)
    assert model.rowCount() == 3 and model.columnCount() == 6
    assert model.data(model.index(0, 4)) == "+0.05"
    assert model.data(model.index(1, 4)) == "–"
    assert model.data(model.index(2, 3)) == "0.85"
