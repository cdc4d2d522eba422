"""Sections built around a chart: the positions matrix, the position strip, stance bars.

Large projects have hundreds of actors; a printed heatmap stays legible to about thirty
rows a page, so long matrices are split into several figures and very long ones are cut to
the rows with most passages (the full matrix is in the CSV/XLSX export).
"""

from __future__ import annotations

from collections import Counter

from analysis.report.content import Figure, Heading, Paragraph, Section, StanceCounts
from analysis.report.inputs import (
    MIN_PASSAGES,
    ReportInputs,
    largest,
    placed,
    rows_of,
    speakers_apart,
    with_rows,
)

MATRIX_ROWS_PER_FIGURE = 28
MATRIX_ROWS_MAX = 84
STRIP_ROWS_PER_FIGURE = 30
STRIP_ROWS_MAX = 60
BARS_PER_FIGURE = 26
BARS_MAX = 78


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _split_figures(
    kind: str, items: list, size: int, caption, height: float, data=lambda part: part
) -> list[Figure]:
    """One figure per page-sized part of ``items``; ``caption(suffix)`` names the part."""
    parts = _chunks(items, size)
    figures = []
    for i, part in enumerate(parts, 1):
        suffix = f" (part {i} of {len(parts)})" if len(parts) > 1 else ""
        figures.append(Figure(kind, caption(suffix), data(part), height=height))
    return figures


def _cut_note(shown: int, total: int, noun: str) -> Paragraph | None:
    if shown >= total:
        return None
    return Paragraph(
        f"Showing the {shown} {noun} with most passages out of {total:,}; the "
        f"full table is in the matrix export (CSV or XLSX).",
        style="note",
    )


def build_matrix_section(inputs: ReportInputs, rows_kind: str) -> Section:
    matrix = inputs.matrices.get(rows_kind)
    rows = [r for r in rows_of(matrix) if r.n > 0]
    shown = largest(rows, MATRIX_ROWS_MAX)
    noun = rows_kind
    blocks: list = [
        Paragraph(
            f"Each row is one of the {noun}, each column a policy issue from the codebook plus all "
            f"issues together. A cell holds the mean stance of the row's passages on that issue, "
            f"from \u22121 (every passage centralist) to +1 (every passage localist), with the "
            f"number of passages it rests on, printed in the cell. Shading runs from dark "
            f"(centralist) through grey (balanced) to light (localist), so the order survives "
            f"black-and-white printing; pale grey cells have no passages."
        )
    ]
    if not shown:
        blocks.append(Paragraph(f"No {noun} have passages that take a side yet.", "note"))
        return Section("matrix", "Positions by issue", blocks)
    note = _cut_note(len(shown), len(rows), noun)
    if note:
        blocks.append(note)
    for part_noun, part in speakers_apart(shown, rows_kind):
        blocks += _split_figures(
            "matrix",
            part,
            MATRIX_ROWS_PER_FIGURE,
            lambda suffix, n=part_noun: (
                f"Mean stance by issue for {n}{suffix}; each cell gives its number of passages."
            ),
            0.92,
            data=lambda p: with_rows(matrix, p),
        )
    return Section("matrix", "Positions by issue", blocks)


def _strip_figures(rows: list, noun: str) -> list:
    sturdy = placed(rows)
    candidates = sorted(largest(sturdy, STRIP_ROWS_MAX), key=lambda r: -r.position)
    if not candidates:
        return [Paragraph(f"No {noun} could be placed on the axis.", style="note")]
    blocks: list = []
    left_out = len([r for r in rows if r.n > 0]) - len(sturdy)
    if left_out > 0:
        blocks.append(
            Paragraph(
                f"{left_out} of the {noun} with fewer than {MIN_PASSAGES} "
                f"passages are left out: their intervals span most of the "
                f"axis.",
                style="note",
            )
        )
    note = _cut_note(len(candidates), len(sturdy), noun)
    if note:
        blocks.append(note)
    blocks += _split_figures(
        "strip",
        candidates,
        STRIP_ROWS_PER_FIGURE,
        lambda suffix: (
            f"Position of {noun} on the centralist\u2013localist axis, with 95% intervals{suffix}."
        ),
        0.9,
    )
    return blocks


def build_strip_section(inputs: ReportInputs) -> Section:
    blocks: list = [
        Paragraph(
            "Each row is placed by the balance of its localist and centralist passages (log-odds "
            "scale). The dot is the position, the bar its 95% interval; rows are sorted from the "
            "most localist at the top to the most centralist at the bottom."
        )
    ]
    for kind in ("actors", "documents"):
        for noun, rows in speakers_apart(rows_of(inputs.matrices.get(kind)), kind):
            blocks.append(Heading(noun[:1].upper() + noun[1:]))
            blocks.extend(_strip_figures(rows, noun))
    return Section("strip", "Positions on the axis", blocks)


def stance_counts(inputs: ReportInputs) -> list[StanceCounts]:
    per_doc: dict[int, Counter] = {}
    manual: Counter = Counter()
    for p in inputs.substantive:
        if p.label:
            per_doc.setdefault(p.document_id, Counter())[p.label] += 1
            manual[p.document_id] += p.source == "manual"
    out = []
    for doc in inputs.documents:
        c = per_doc.get(doc.id, Counter())
        out.append(
            StanceCounts(
                doc.display_title, c["centralist"], c["neutral"], c["localist"], manual[doc.id]
            )
        )
    return out


def build_documents_section(inputs: ReportInputs) -> Section:
    counts = [c for c in stance_counts(inputs) if c.total]
    shown = sorted(counts, key=lambda c: -c.total)[:BARS_MAX]
    shown.sort(key=lambda c: (c.centralist - c.localist) / max(1, c.total))
    blocks: list = [
        Paragraph(
            "How each document's passages divide between the three labels, page noise left out. "
            "Bars are sorted from the most localist document to the most centralist; the figures "
            "in each segment are passage counts."
        )
    ]
    if not shown:
        blocks.append(Paragraph("No document has labelled passages yet.", "note"))
        return Section("documents", "Stance by document", blocks)
    note = _cut_note(len(shown), len(counts), "documents")
    if note:
        blocks.append(note)
    blocks += _split_figures(
        "stance_bars",
        shown,
        BARS_PER_FIGURE,
        lambda suffix: f"Passages by stance in each document{suffix}.",
        0.9,
    )
    return Section("documents", "Stance by document", blocks)
