"""How the numbers were made: corpus, model, coders, agreement, and the codebook.

A committee will ask how far to trust the map; this section answers with counts and
cross-validated figures rather than adjectives.
"""

from __future__ import annotations

import datetime

from analysis.corpus import LABELS
from analysis.report.content import Heading, Paragraph, Section, Table
from analysis.report.formatting import decimal, long_date, percent, plural
from analysis.report.inputs import ReportInputs
from analysis.stance.calibration import stored_interval
from analysis.stance.real_text import check_of, real_text_sentence, reliability_rows

DOCUMENTS_MAX = 80


def _day(stamp: str) -> str:
    try:
        return long_date(datetime.date.fromisoformat(stamp[:10]))
    except ValueError:
        return stamp[:10]


def corpus_blocks(inputs: ReportInputs) -> list:
    total = len(inputs.passages)
    noise = total - len(inputs.substantive)
    counts = inputs.label_counts()
    files = {d.file for d in inputs.documents}
    rows = [
        ["Files read", f"{len(files):,}"],
        ["Documents (after splitting multi-post pages)", f"{len(inputs.documents):,}"],
        ["Passages", f"{total:,}"],
        ["Passages set aside as page noise", f"{noise:,} ({percent(noise, total)})"],
    ]
    rows += [[f"Labelled {label}", f"{counts[label]:,}"] for label in LABELS]
    rows.append(["Coded by hand", f"{inputs.manual_count():,}"])
    blocks: list = [
        Heading("Corpus"),
        Paragraph(
            "Documents were read, cleaned of navigation, adverts, comment forms and other page "
            "noise, and split into passages of a paragraph or one to three sentences. Noise is "
            "kept in the project but left out of every figure in this report."
        ),
        Table(
            ["Measure", "Count"],
            rows,
            caption="The corpus in numbers.",
            align="lr",
            widths=[3.0, 1.0],
            width=0.62,
        ),
    ]
    doc_rows = [
        [d.display_title, d.author or "\u2014", d.date or "\u2014", f"{d.passage_count:,}"]
        for d in inputs.documents[:DOCUMENTS_MAX]
    ]
    if not doc_rows:
        return blocks
    blocks.append(
        Table(
            ["Document", "Author", "Date", "Passages"],
            doc_rows,
            caption="Documents in the project"
            + (
                f" (first {DOCUMENTS_MAX} of {len(inputs.documents):,})"
                if len(inputs.documents) > DOCUMENTS_MAX
                else ""
            )
            + ".",
            align="lllr",
            widths=[4.0, 2.0, 1.3, 0.9],
        )
    )
    return blocks


def model_blocks(inputs: ReportInputs) -> list:
    model = inputs.model
    blocks: list = [Heading("The stance model")]
    if model is None:
        return blocks + [Paragraph("The project has no trained model yet.", style="note")]
    metrics = model.metrics or {}
    blocks.append(
        Paragraph(
            f"Passages are labelled by a linear classifier over word, clause-role and phrase "
            f"features: \u201c{model.name}\u201d, trained on "
            f"{plural(model.training_size, 'passage')} on {_day(model.created_at)}. What a "
            f"writer only concedes (\u201calthough \u2026\u201d) or questions "
            f"(\u201cwhether \u2026\u201d) is weighed apart from what they assert. Its "
            f"probabilities are calibrated on held-out text (a temperature fitted on passages it "
            f"was not trained on); a passage where no label reaches 0.5 is one the model cannot "
            f"judge. A passage's score is its localist probability minus its centralist "
            f"probability; hand-coded passages count as \u22121, 0 or +1."
        )
    )
    blocks.append(Paragraph(_measure_sentence(metrics)))
    if metrics.get("per_class"):
        blocks.append(_per_class_table(metrics, "Cross-validated performance per class."))
    confusion = metrics.get("confusion")
    if confusion:
        labels = list(metrics.get("labels") or LABELS)
        rows = [
            [f"true {label}"] + [f"{int(v):,}" for v in line]
            for label, line in zip(labels, confusion, strict=False)
        ]
        blocks.append(
            Table(
                ["", *(f"predicted {lbl}" for lbl in labels)],
                rows,
                caption="Confusion matrix (cross-validated): rows are the true "
                "labels, columns the model's.",
                align="l" + "r" * len(labels),
            )
        )
    return blocks + _reliability_blocks(metrics) + _real_text_blocks(metrics)


def _real_text_blocks(metrics: dict) -> list:
    """How the bootstrap layer does on published writing, which cross-validation over our
    own passages cannot say and a project's first labels say only roughly: the figure a
    reader of the map should weigh the model's tags by."""
    check = check_of(metrics)
    if check is None:
        return []
    lead = "Before learning from this project, the model was measured on real text. "
    blocks = [
        Paragraph(lead + real_text_sentence(check) + "."),
        _per_class_table(
            check,
            "The bootstrap model on published text kept apart from its tuning (each "
            "passage’s probabilities adjusted to the estimated share of each stance, as "
            "on screen).",
        ),
    ]
    rows = reliability_rows(check)
    if rows:
        blocks.append(
            _reliability_table(
                rows,
                "How far to trust a stated probability on the same published text: its "
                "passages by the probability the model gave its label, and how often that "
                "label was the coders\u2019.",
            )
        )
    return blocks


def _per_class_table(figures: dict, caption: str) -> Table:
    """Precision, recall and F1 per stance and the macro average, from a metrics dict or a
    published-text check (both keep ``per_class`` and ``macro_f1``)."""
    per_class = figures.get("per_class") or {}
    rows = [
        [
            label,
            decimal(c.get("precision")),
            decimal(c.get("recall")),
            decimal(c.get("f1")),
            _count(c.get("support")),
        ]
        for label, c in ((lbl, per_class.get(lbl, {})) for lbl in LABELS)
    ]
    rows.append(["macro average", "", "", decimal(figures.get("macro_f1")), ""])
    return Table(
        ["Class", "Precision", "Recall", "F1", "Passages"], rows, caption=caption, align="lrrrr"
    )


def _reliability_blocks(metrics: dict) -> list:
    """Whether a stated probability can be taken at its word, on this project's own labels
    (cross-validated): only then is it evidence about the passages the coders did not
    read. Before the project has labels there is nothing of its own to check it on."""
    rows = metrics.get("reliability") or []
    if not metrics.get("project_labels") or not rows:
        return []
    return [
        _reliability_table(
            rows,
            "How far to trust a stated probability: the hand-coded passages by the "
            "probability the model (cross-validated) gave its label"
            + (
                ", adjusted to the corpus\u2019s estimated share of each stance as on screen"
                if metrics.get("adapted_to_corpus")
                else ""
            )
            + ", and how often that label was the coder\u2019s. Rows of a few passages are "
            "noisy.",
        )
    ]


def _reliability_table(rows: list, caption: str) -> Table:
    return Table(
        ["Model\u2019s probability", "Passages", "Mean stated", "Right"],
        [
            [
                f"{round(r['low'] * 100)}\u2013{round(r['high'] * 100)}%",
                f"{int(r['n']):,}",
                f"{r['confidence']:.0%}",
                f"{r['accuracy']:.0%}",
            ]
            for r in rows
        ],
        caption=caption,
        align="lrrr",
        width=0.7,
    )


def _measure_sentence(metrics: dict) -> str:
    """What the figures below measure: agreement with the project's own coders when the
    model has learnt from them, otherwise cross-validation over the bootstrap passages."""
    n = metrics.get("project_labels")
    if n:
        base = metrics.get("bootstrap_only_macro_f1")
        extra = f"; the bootstrap layer alone scores {decimal(base)}" if base is not None else ""
        return (
            f"The model learnt from {plural(n, 'passage')} hand-coded in this project. "
            f"The figures below are its agreement with those labels, cross-validated: "
            f"each label was predicted by a model that had not seen it; macro-F1 "
            f"{decimal(metrics.get('macro_f1'))}{_interval(metrics)}{extra}. "
            f"{_weight_sentence(metrics)}"
        )
    return (
        "The figures below are cross-validated over the model's own training passages; "
        "they estimate performance on passages like those, and flatter it on real "
        "articles. Agreement with this project's coders is reported once the project "
        "has a few hand-coded passages."
    )


def _interval(metrics: dict) -> str:
    """The agreement figure's 95% interval from resampling the labels, when stored."""
    interval = stored_interval(metrics)
    if interval is None:
        return ""
    low, high = decimal(interval[0]), decimal(interval[1])
    return f" (95% interval {low}\u2013{high}, by resampling the labels)"


def _weight_sentence(metrics: dict) -> str:
    """The say the project's labels have in each verdict, chosen by the same
    cross-validation (zero while they do not improve predictions on held-out labels)."""
    weight = metrics.get("project_weight")
    if not isinstance(weight, (int, float)):
        return ""
    if weight <= 0:
        return (
            "They did not improve predictions on held-out labels, so the verdicts are the "
            "bootstrap model's."
        )
    return f"Those labels carry {weight:.0%} of each verdict, a share chosen the same way."


def _count(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value or "")


def _kappa_rows(pairs) -> list[list[str]]:
    return [
        [
            p.first,
            p.second,
            f"{p.shared:,}",
            "n/a" if p.observed is None else percent(round(p.observed * 1000), 1000),
            decimal(p.kappa),
        ]
        for p in pairs
    ]


def agreement_blocks(inputs: ReportInputs) -> list:
    coder_labels = inputs.project.coder_labels()
    blocks: list = [Heading("Annotation and agreement")]
    if not coder_labels:
        # Imported only when there is something to compare: it loads scikit-learn (120 MB).
        return blocks + [
            Paragraph(
                "No passages have been coded by hand, so agreement between "
                "coders cannot be measured yet."
            )
        ]
    from analysis.agreement import summarise

    model_labels = {p.id: p.predicted_label for p in inputs.passages if p.predicted_label}
    summary = summarise(coder_labels, model_labels)
    blocks.append(
        Table(
            ["Coder", "Passages labelled"],
            [[c, f"{n:,}"] for c, n in sorted(summary.coders.items())],
            caption="Hand-coded passages per coder.",
            align="lr",
            widths=[3, 1.2],
            width=0.5,
        )
    )
    header = ["Coder", "Compared with", "Shared passages", "Raw agreement", "Cohen\u2019s \u03ba"]
    if summary.pairs:
        blocks.append(
            Table(
                header,
                _kappa_rows(summary.pairs),
                caption="Agreement between pairs of coders.",
                align="llrrr",
            )
        )
    else:
        blocks.append(
            Paragraph(
                "Only one coder has labelled passages, so agreement between "
                "coders cannot be measured yet."
            )
        )
    if len(summary.coders) >= 3:
        blocks.append(
            Paragraph(
                f"Krippendorff\u2019s \u03b1 (nominal) across all {len(summary.coders)} coders is "
                f"{decimal(summary.alpha)}, over {plural(summary.alpha_units, 'passage')} labelled "
                f"by at least two of them."
            )
        )
    if summary.versus_model:
        blocks.append(
            Table(
                header,
                _kappa_rows(summary.versus_model),
                caption="Agreement between each coder and the model's own prediction.",
                align="llrrr",
            )
        )
    blocks.append(
        Paragraph(
            "\u03ba and \u03b1 correct raw agreement for chance: 0 is chance level, 1 perfect. "
            "Values above 0.67 are commonly taken as acceptable for drawing tentative conclusions, "
            "above 0.8 as good.",
            style="note",
        )
    )
    return blocks


def build_method_section(inputs: ReportInputs) -> Section:
    blocks = corpus_blocks(inputs) + model_blocks(inputs) + agreement_blocks(inputs)
    return Section("method", "Method", blocks)
