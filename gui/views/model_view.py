"""The model panel: what the classifier was trained on and how well it does, plus Retrain."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from analysis.stance.calibration import stored_interval, when_sure
from analysis.stance.real_text import check_of, real_text_brief, real_text_sentence
from gui.models.metrics_model import MetricsModel


class ModelView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.summary = QLabel("No model yet.")
        self.summary.setWordWrap(True)
        self.metrics = MetricsModel(self)
        self.table = QTableView()
        self.table.setModel(self.metrics)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(130)
        self.retrain = QPushButton("Retrain now")
        self.auto_note = QLabel()
        self.auto_note.setObjectName("muted")
        self.auto_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.retrain)
        row.addWidget(self.auto_note, 1)
        layout = QVBoxLayout(self)
        self.caption = QLabel()
        self.caption.setObjectName("muted")
        layout.addWidget(self.summary)
        layout.addWidget(self.caption)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addStretch(1)

    def show_models(self, models, manual: int) -> None:
        """``models`` are (id, created, name, training size, metrics, active) tuples."""
        active = [m for m in models if m[5]]
        if not active:
            self.summary.setText("No model yet: classify or retrain to create one.")
            self.metrics.set_metrics(None, None)
            return
        current = active[-1]
        earlier = [m for m in models if m[0] < current[0]]
        previous = earlier[-1] if earlier else None
        text = (
            f"<b>{current[2]}</b> · trained on {current[3]:,} passages"
            f" ({manual} coded in this project)<br>"
        )
        metrics = current[4] or {}
        text += summary_line(metrics, (previous[4] or {}) if previous else None)
        self.summary.setText(text)
        check = check_of(metrics)
        labelled = bool(metrics.get("project_labels"))
        if check is not None and not labelled:
            # The table shows the same published-text figures the summary leads with; no
            # change column, since the previous model's figures are of another kind.
            caption = "Per class, on published text kept apart from its tuning"
            table, before = check, None
        else:
            caption = (
                "Per class, cross-validated over your labels"
                if labelled
                else "Per class, cross-validated over our training passages"
            )
            if check is not None:
                # Where the bootstrap layer stands on text that is not the project's, in
                # one short line; the whole sentence is the tooltip.
                caption += f". Built-in model on published text: macro-F1 {check['macro_f1']:.2f}"
            table, before = current[4], previous[4] if previous else None
        self.caption.setText(caption)
        self.caption.setToolTip("" if check is None else real_text_sentence(check))
        self.metrics.set_metrics(table, before)

    def set_auto_note(self, done: int, every: int) -> None:
        if every <= 0:
            self.auto_note.setText("Automatic retraining is off (Settings).")
        else:
            self.auto_note.setText(
                f"Retrains by itself every {every} labels; {done} since the last training."
            )


def weight_sentence(weight) -> str:
    """How much say the researcher's labels have, in words: the weight is chosen out of
    sample, so it can stay at zero while the labels do not yet help on unseen passages."""
    if not isinstance(weight, (int, float)):
        return ""
    if weight <= 0:
        return (
            "Your labels do not yet improve predictions on passages held out from them, so "
            "the bootstrap model decides; coding the passages it is least sure of (U) helps most"
        )
    return f"Your labels carry {weight:.0%} of each verdict"


def interval_words(metrics: dict) -> str:
    """The range the agreement figure could take with other labels of the same kind; a
    project's first labels hold few sided passages, and the bare figure would look surer
    than it is."""
    interval = stored_interval(metrics)
    if interval is None:
        return ""
    return f" (95% interval {interval[0]:.2f}\u2013{interval[1]:.2f})"


def summary_line(metrics: dict, previous: dict | None) -> str:
    """What the figures mean: agreement with the project's own labels, measured out of
    sample, once the model has learnt from them; before that, the measurement on published
    text (when the model carries one), then cross-validation over the bootstrap passages,
    which flatters it on real articles. A change is shown only between figures of the
    same kind."""
    f1 = metrics.get("macro_f1")
    if f1 is None:
        return ""
    n = metrics.get("project_labels")
    check = check_of(metrics)
    old = (previous or {}).get("macro_f1")
    change = ""
    if old is not None and bool((previous or {}).get("project_labels")) == bool(n):
        change = f" ({f1 - old:+.2f} since the previous model)"
    if n:
        text = (
            f"Agreement with your {n:,} labels, cross-validated (each predicted by a "
            f"model that had not seen it): macro-F1 <b>{f1:.2f}</b>"
            f"{interval_words(metrics)}{change}"
        )
        base = metrics.get("bootstrap_only_macro_f1")
        if base is not None:
            text += f"; bootstrap model alone {base:.2f}"
        text += ". " + weight_sentence(metrics.get("project_weight"))
    elif check is not None:
        # Before any labels the published-text figure is the one from real articles, so
        # it leads and is the one in bold.
        head, tail = real_text_brief(check)
        # A non-breaking hyphen: a narrow panel would otherwise break "macro-F1" in two.
        figure = f"macro\u2011F1 <b>{check['macro_f1']:.2f}</b>"
        text = f"{escape(head)}{figure}{escape(tail)}"
        text += (
            f".<br>Our own training passages: {f1:.2f}{change} (cross-validated; flatters "
            f"it). Agreement with your labels comes once you code a few"
        )
    else:
        text = (
            f"Cross-validated macro-F1 on our own training passages <b>{f1:.2f}</b>{change}; "
            f"agreement with your labels is measured once you have coded a few passages"
        )
    if "ece" in metrics:
        text += f" \u00b7 calibration error {metrics['ece']:.2f}"
    sure = when_sure(metrics.get("reliability")) if n else None
    if sure is not None:
        text += (
            f"<br>When it gave a label 80% or more, it matched yours {sure[1]:.0%} of the "
            f"time ({sure[0]:,} of your labels)"
        )
    return text
