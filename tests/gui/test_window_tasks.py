"""Work that runs in the background: importing, cancelling, retraining."""

import shutil

from analysis.store import Project
from tests.gui.conftest import wait_idle


def test_open_shared_corpus_imports_into_a_new_project(window, qtbot, shared_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(shared_corpus, corpus)
    with qtbot.waitSignal(window.session.opened, timeout=120000):
        window.project.open_paths([corpus])
    wait_idle(qtbot, window, timeout=120000)
    assert window.session.path.name.startswith("corpus")
    assert window.document_model.rowCount() >= 5
    assert len(window.session.passages()) > 20


def test_cancelled_import_leaves_the_project_as_it_was(window, qtbot, shared_corpus):
    before = len(window.session.passages())
    documents = len(window.session.documents())
    window.project.import_paths([shared_corpus], new=False)
    with qtbot.waitSignal(window.runner.cancelled, timeout=60000):
        window.project.cancel_task()
    wait_idle(qtbot, window)
    assert len(window.session.passages()) == before
    with Project(window.session.path) as again:
        assert len(again.documents()) == documents


def test_retrain_from_annotations_changes_predictions(window, qtbot):
    session = window.session
    before = {p.id: (p.p_centralist, p.p_localist) for p in session.passages()}
    # label every passage the model calls centralist as localist: a strong, visible signal
    targets = [
        p for p in session.passages() if p.predicted_label == "centralist" and not p.boilerplate
    ][:25]
    for record in targets:
        session.annotate(record.id, label="localist")
    with qtbot.waitSignal(
        window.runner.finished,
        timeout=120000,
        check_params_cb=lambda task, _r: task.key == "retrain",
    ):
        window.project.retrain()
    wait_idle(qtbot, window)
    after = {p.id: (p.p_centralist, p.p_localist) for p in session.passages()}
    changed = [pid for pid in before if before[pid] != after[pid]]
    assert changed
    assert "trained on" in window.model_view.summary.text()
    assert window.model_view.metrics.rowCount() == 3
    assert all(session.passage(r.id).manual_label == "localist" for r in targets)
    # The first project model's figure is agreement with the labels: no change is shown
    # against the bootstrap model's cross-validation, a figure of another kind.
    message = window.statusBar().currentMessage()
    assert "agreement with your labels" in message and "(" not in message
    # Measured on the verdicts as the window shows them (adapted to the corpus's mix),
    # with a reliability row for every label.
    with Project(session.path) as again:
        metrics = again.active_model().metrics
    assert metrics["adapted_to_corpus"] is True
    assert sum(row["n"] for row in metrics["reliability"]) == metrics["project_labels"]
    low, high = metrics["macro_f1_interval"]
    assert low <= metrics["macro_f1"] <= high
    assert "95% interval" in window.model_view.summary.text()
    # The bootstrap layer's figure on published text travels with it into the retrain.
    caption = window.model_view.caption
    assert "your labels" in caption.text() and "Built-in model on published text" in caption.text()
    assert caption.toolTip().startswith("On published text kept apart from its tuning")


def test_automatic_retrain_after_n_labels(window, qtbot):
    window.settings.retrain_every = 2
    ids = [p.id for p in window.session.passages() if not p.boilerplate][:2]
    with qtbot.waitSignal(
        window.runner.started, timeout=5000, check_params_cb=lambda task: task.key == "retrain"
    ):
        for pid in ids:
            window.session.annotate(pid, label="neutral")
    wait_idle(qtbot, window, timeout=120000)
    assert window.project.since_training == 0


def test_model_tab_leads_with_published_text_before_any_labels(window):
    view = window.model_view
    assert not window.session.project.active_model().metrics.get("project_labels")
    assert view.summary.text().startswith("<b>shipped</b>")
    assert "On published text kept apart from its tuning" in view.summary.text()
    assert "published text" in view.caption.text()
    supports = [view.metrics.index(r, 5).data() for r in range(view.metrics.rowCount())]
    check = window.session.project.active_model().metrics["real_text"]
    assert [int(str(s).replace(",", "")) for s in supports] == [
        check["per_class"][label]["support"] for label in ("centralist", "neutral", "localist")
    ]


def test_an_older_project_with_the_shipped_model_shows_the_published_text_figures(tmp_path):
    from analysis.stance.model import read_shipped_payload
    from gui.session import read_snapshot

    params, arrays = read_shipped_payload()
    shown = {}
    for name, payload in (("shipped", arrays), ("other", arrays + b"0")):
        with Project(tmp_path / f"{name}.stancemap") as project:
            project.save_model(name, params, payload, 5759, {"macro_f1": 0.82})
            shown[name] = read_snapshot(project).models[-1][4]
    assert shown["shipped"]["real_text"]["units"] > 0
    assert "real_text" not in shown["other"] and shown["other"]["macro_f1"] == 0.82
