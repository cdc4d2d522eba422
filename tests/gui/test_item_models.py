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


def _per_class(c: float, n: float, loc: float) -> dict:
    return {
        label: {"precision": f, "recall": f, "f1": f, "support": 10}
        for label, f in (("centralist", c), ("neutral", n), ("localist", loc))
    }


def test_delta_f1_of_project_agreement_is_over_the_bootstrap_model_on_the_same_labels(qapp):
    """Agreement with the researcher's labels (0.6) was set against the previous model's
    cross-validation on our own passages (0.85): a fall that never happened."""
    bootstrap = {"per_class": _per_class(0.85, 0.9, 0.8)}
    agreement = {
        "project_labels": 30,
        "per_class": _per_class(0.6, 0.5, 0.7),
        "bootstrap_only_per_class": _per_class(0.5, 0.5, 0.75),
    }
    model = MetricsModel()
    model.set_metrics(agreement, bootstrap)
    assert [model.data(model.index(r, 4)) for r in range(3)] == ["+0.10", "+0.00", "-0.05"]
    tip = model.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "bootstrap model alone" in tip
    # A model saved before that figure existed: nothing of the same kind to compare with.
    older = {k: v for k, v in agreement.items() if k != "bootstrap_only_per_class"}
    model.set_metrics(older, bootstrap)
    assert [model.data(model.index(r, 4)) for r in range(3)] == ["–", "–", "–"]
    # Two project figures are of one kind.
    model.set_metrics(older, {"project_labels": 20, "per_class": _per_class(0.5, 0.5, 0.5)})
    assert model.data(model.index(0, 4)) == "+0.10"
    assert "previous model" in model.headerData(
        4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
