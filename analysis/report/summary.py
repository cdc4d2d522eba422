"""The one-page summary: the findings in sentences a committee member can quote."""

from __future__ import annotations

from analysis.report.content import Heading, Paragraph, Section, Table
from analysis.report.formatting import clear_side, interval, lean, percent, plural, signed
from analysis.report.inputs import MIN_PASSAGES, ReportInputs, is_speaker, placed, rows_of

NOUNS = {"actors": ("actor", "actors"), "documents": ("document", "documents")}
TOP = 3
SCALE_NOTE = (
    "Positions use the log-odds scale log((L + 0.5) / (C + 0.5)) over a row's localist (L) and "
    "centralist (C) passages: 0 is balanced, +1 means about 2.7 localist passages for each "
    "centralist one. 95% intervals are bootstrapped over passages and never narrower than "
    "the analytic interval, so a few one-sided passages do not make a firm position; a wide "
    "interval means few passages, not a moderate view."
)


def describe_row(row) -> str:
    """'X (position +1.40, 95% interval +0.80 to +2.00, 12 passages)'; documents quoted."""
    low = getattr(row, "position_low", None)
    high = getattr(row, "position_high", None)
    name = f"\u201c{row.name}\u201d" if getattr(row, "file", None) else row.name
    return (
        f"{name} (position {signed(row.position)}, 95% interval "
        f"{interval(low, high)}, {plural(row.n, 'passage')})"
    )


def speakers(rows: list, kind: str) -> list:
    """The rows that can be named as holding a view: for actors, people and organisations."""
    if kind != "actors":
        return list(rows)
    return [r for r in rows if is_speaker(r)]


def extremes_sentences(rows: list, kind: str) -> list[str]:
    one, many = NOUNS[kind]
    candidates = placed(speakers(rows, kind))
    if not candidates:
        return [f"No {one} could be placed on the axis: none has passages that take a side."]
    if len(candidates) == 1:
        only = candidates[0]
        side = lean(only.position, only.position_low, only.position_high)
        verb = "takes" if side == "no clear position" else "leans"
        return [f"Only one {one} could be placed: {describe_row(only)}, which {verb} {side}."]
    out = []
    for side, pick in (("localist", max), ("centralist", min)):
        clear = [r for r in candidates if clear_side(r) == side]
        if clear:
            out.append(
                f"The most {side} {one} is {describe_row(pick(clear, key=lambda r: r.position))}."
            )
        else:
            out.append(
                f"No {one} is clearly {side}: where a position leans that way, its 95% "
                f"interval includes 0 (no clear position)."
            )
    if all(r.n >= MIN_PASSAGES for r in candidates) and len(candidates) < len(rows):
        unranked = len(speakers(rows, kind)) - len(candidates)
        if unranked:
            out.append(
                f"{plural(unranked, one, many)} with fewer than {MIN_PASSAGES} passages "
                f"{'is' if unranked == 1 else 'are'} not ranked."
            )
    if kind == "actors":
        out.extend(_apart_sentences(rows))
    return out


def _apart_sentences(rows: list) -> list[str]:
    """Why outlets and unattributed text are missing from the ranking, and where they are."""
    outlets = sorted({r.name for r in rows if getattr(r, "kind", "") == "outlet"})
    out = []
    if outlets:
        shown = ", ".join(outlets[:5]) + (" \u2026" if len(outlets) > 5 else "")
        out.append(
            f"Outlets ({shown}) publish what others say; they are charted apart from "
            f"the actors and not ranked."
        )
    loose = sum(r.n for r in rows if getattr(r, "kind", "") == "unattributed")
    if loose:
        out.append(
            f"{plural(loose, 'passage')} with no named author or source "
            f"{'is' if loose == 1 else 'are'} charted apart as \u201cUnattributed\u201d."
        )
    return out


def overview(inputs: ReportInputs) -> str:
    total = len(inputs.passages)
    noise = total - len(inputs.substantive)
    counts = inputs.label_counts()
    stance = sum(counts.values())
    text = (
        f"This report places {plural(len(inputs.documents), 'document')} "
        f"({plural(total, 'passage')}) on one axis, from centralist (health and care run "
        f"nationally) to localist (run by councils and local bodies)."
    )
    if noise:
        text += f" {plural(noise, 'passage')} of page noise were set aside."
    if stance:
        text += (
            f" Of the {stance:,} passages read, {percent(counts['localist'], stance)} "
            f"argue for local control, {percent(counts['centralist'], stance)} for "
            f"national control and {percent(counts['neutral'], stance)} take no side."
        )
    return text


def coding_sentence(inputs: ReportInputs) -> str:
    manual = inputs.manual_count()
    coders = inputs.project.coders()
    if not manual:
        return (
            "No passage has been coded by hand yet: every label in this report is the "
            "model's prediction."
        )
    return (
        f"{plural(manual, 'passage')} ({percent(manual, len(inputs.passages))}) "
        f"{'was' if manual == 1 else 'were'} coded by hand by "
        f"{plural(len(coders), 'coder')}; hand-coded labels replace the model's "
        f"prediction wherever they exist."
    )


def ranking_table(rows: list, kind: str) -> Table | None:
    candidates = sorted(placed(speakers(rows, kind)), key=lambda r: r.position)
    if len(candidates) < 2:
        return None
    local = [r for r in reversed(candidates) if clear_side(r) == "localist"][:TOP]
    central = [r for r in candidates if clear_side(r) == "centralist"][:TOP]
    if not local and not central:
        return None
    body = [
        [
            "Localist",
            r.name,
            signed(r.position),
            interval(r.position_low, r.position_high),
            str(r.n),
        ]
        for r in local
    ]
    body += [
        [
            "Centralist",
            r.name,
            signed(r.position),
            interval(r.position_low, r.position_high),
            str(r.n),
        ]
        for r in central
    ]
    one = NOUNS[kind][0]
    return Table(
        ["Side", one.capitalize(), "Position", "95% interval", "Passages"],
        body,
        caption=f"The {one}s at either end of the axis (log-odds position; positive is localist).",
        align="llrrr",
        widths=[1.0, 3.8, 0.9, 1.5, 0.9],
    )


def build_summary(inputs: ReportInputs) -> Section:
    blocks: list = [
        Paragraph(f"{overview(inputs)} {coding_sentence(inputs)}", style="lead"),
        Paragraph(SCALE_NOTE, "note"),
    ]
    for kind in ("actors", "documents"):
        rows = rows_of(inputs.matrices.get(kind))
        blocks.append(Heading(NOUNS[kind][1].capitalize()))
        blocks.append(Paragraph(" ".join(extremes_sentences(rows, kind))))
        table = ranking_table(rows, kind)
        if table:
            blocks.append(table)
    return Section("summary", "Summary", blocks)
