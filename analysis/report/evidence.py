"""The passages behind each position, with the words the model weighed marked in them.

A reader who doubts a row of the matrix should be able to turn to the evidence and read its
strongest passages. Each passage appears once under its actor (or document) with every issue
it touches listed, rather than once per issue: a passage tagged with three issues used to be
printed three times, which tripled the section without telling the reader anything new.
The model's evidence terms (stems and n-grams) are located in the passage's own words so
they can be marked on the page.
"""

from __future__ import annotations

import re
from collections import Counter

from analysis.report.content import (
    EvidenceGroup,
    EvidenceItem,
    Paragraph,
    Section,
    TermSpan,
)
from analysis.report.formatting import interval, lean, plural, signed
from analysis.report.inputs import (
    ReportInputs,
    largest,
    placed,
    row_passage_ids,
    rows_of,
    speakers_apart,
)

ROWS_MAX = 10
"""Rows (actors or documents) given evidence: the ones with most passages."""
PER_ROW = 6
"""Passages shown per row. Six is enough to see how a speaker argues and which words carry
the position, and keeps one actor to about a page; the rest are in the spreadsheet."""
PER_CELL = 2
"""Passages shown per row and issue, so one busy issue cannot fill a row's six places and
the reader sees the row's position argued across issues, not one issue six times."""
SIDES = ("centralist", "localist")
KIND_NAMES = {
    "person": "person",
    "organisation": "organisation",
    "outlet": "outlet",
    "unattributed": "no named author or source",
}
"""What a group's heading says after the row's name; the unattributed row is already
called "Unattributed", so it says why instead."""
FULL_LIST = (
    "Every passage, with its full text, actor, issues, label, coder and score, is in the "
    "spreadsheet export (stancemap export PROJECT --format xlsx -o passages.xlsx), where it "
    "can be sorted and filtered by actor and issue and cited by its passage number."
)
TERMS_MAX = 5
TEXT_MAX = 700
FUNCTION_WORDS = frozenset(
    "a an the it its this that these those there here he she we us they them their our his "
    "her i you is are was were be been being have has had do does did of to in on at by for "
    "from with as and or but so if when where what which who how than then can will would "
    "all any some no not".split()
)
"""Words a bag-of-words model can lean on but a reader learns nothing from seeing marked:
a term made of these alone is still in the model's evidence, just not underlined."""
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


def _matches(word: str, part: str) -> bool:
    if len(part) <= 3:
        return word == part
    return word.startswith(part) or word.startswith(part[:-1]) and len(part) >= 5


def term_spans(text: str, evidence, limit: int = TERMS_MAX) -> list[TermSpan]:
    """Where the evidence terms occur in ``text``, strongest first, never overlapping.

    Terms are stemmed (and negation-marked) n-grams; a stem is matched as the start of a
    word, so "council" marks "councils". Role skeletons ("LOC MOD POW") have no single
    surface form and are skipped, and so are terms of function words alone.
    """
    words = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    spans: list[TermSpan] = []
    taken: set[int] = set()
    for term, weight in sorted(evidence, key=lambda tw: -abs(tw[1])):
        parts = [p.removeprefix("not_") for p in str(term).split()]
        if not parts or any(not p or p.isupper() or p.startswith("#") for p in parts):
            continue
        if all(p.lower() in FUNCTION_WORDS for p in parts):
            continue
        for i in range(len(words) - len(parts) + 1):
            if all(_matches(words[i + k][0], parts[k]) for k in range(len(parts))):
                start, end = words[i][1], words[i + len(parts) - 1][2]
                if not taken.intersection(range(start, end)):
                    spans.append(TermSpan(start, end, str(term), float(weight)))
                    taken.update(range(start, end))
                break
        if len(spans) >= limit:
            break
    return sorted(spans, key=lambda s: s.start)


def _clip(text: str) -> str:
    if len(text) <= TEXT_MAX:
        return text
    cut = text.rfind(" ", 0, TEXT_MAX)
    return text[: cut if cut > TEXT_MAX // 2 else TEXT_MAX] + " \u2026"


def evidence_item(passage, document: str, issues: list[str] | None = None) -> EvidenceItem:
    text = _clip(passage.text)
    terms = [t for t in term_spans(text, passage.evidence) if t.end <= len(text)]
    return EvidenceItem(
        passage.id,
        text,
        float(passage.score or 0.0),
        passage.label or "",
        passage.source == "manual",
        document,
        terms,
        float(passage.confidence or 1.0),
        list(issues or []),
    )


def strongest(passages: list, lean: float = 0.0) -> list:
    """Passages that take a side, hand-coded first, then by the strength of their stance.

    A hand-coded passage is what the researcher vouched for, so it leads; within each group
    the passage furthest from neutral says most about where its row stands. Hand-coded
    passages all score ±1, so among equals those on the row's side (the sign of ``lean``)
    come first: the evidence should show the position before the dissent from it.
    """
    sided = [p for p in passages if p.label in SIDES and p.score is not None and not p.boilerplate]
    return sorted(
        sided, key=lambda p: (p.source != "manual", -abs(p.score), p.score * lean < 0, p.id)
    )


def pick(ranked: list, issues_of, per_row: int = PER_ROW, per_cell: int = PER_CELL) -> list:
    """The first passages of ``ranked`` that keep every cell (issue) within ``per_cell``.

    A passage touching several issues counts against each of them; passages tagged with no
    issue share one cell of their own, so they cannot crowd the issue-tagged ones out.
    """
    used: Counter = Counter()
    chosen = []
    for passage in ranked:
        cells = issues_of(passage) or [""]
        if any(used[c] >= per_cell for c in cells):
            continue
        used.update(cells)
        chosen.append(passage)
        if len(chosen) >= per_row:
            break
    return chosen


def _issue_names(row, issues: list[str]) -> dict[int, list[str]]:
    """Passage id -> the issues it is tagged with, in the codebook's order."""
    out: dict[int, list[str]] = {}
    for issue in issues:
        for pid in row_passage_ids(row, issue):
            out.setdefault(pid, []).append(issue[:1].upper() + issue[1:])
    return out


def _summary(row, shown: int, sided: int) -> str:
    counts = getattr(row, "counts", {}) or {}
    mix = ", ".join(
        f"{counts.get(k, 0)} {word}"
        for k, word in (("L", "localist"), ("C", "centralist"), ("N", "neutral"))
    )
    text = (
        f"Position {signed(row.position)} (95% interval "
        f"{interval(row.position_low, row.position_high)}): "
        f"{lean(row.position, row.position_low, row.position_high)}. "
        f"{plural(row.n, 'passage')}: {mix}"
    )
    if shown < sided:
        return f"{text}; the {shown} strongest of the {sided} that take a side are shown."
    if shown == 1:
        return f"{text}; the one that takes a side is shown."
    return f"{text}; all {shown} that take a side are shown." if shown else f"{text}."


def _group(
    inputs: ReportInputs, row, issues: list[str], titles: dict, documents: bool
) -> EvidenceGroup:
    tags = _issue_names(row, issues)
    ranked = strongest(
        [inputs.by_id[i] for i in row_passage_ids(row) if i in inputs.by_id], row.position or 0.0
    )
    picked = pick(ranked, lambda p: tags.get(p.id, []))
    items = [
        evidence_item(
            inputs.full(p.id),
            "" if documents else titles.get(p.document_id, ""),
            tags.get(p.id, []),
        )
        for p in picked
    ]
    kind = "document" if documents else KIND_NAMES.get(getattr(row, "kind", ""), "")
    left = len(ranked) - len(picked)
    more = (
        f"{plural(left, 'more passage')} taking a side {'is' if left == 1 else 'are'} in "
        f"the spreadsheet export."
        if left
        else ""
    )
    if not ranked:
        more = "None of its passages takes a side."
    return EvidenceGroup(
        row.name, "", _summary(row, len(picked), len(ranked)), items, kind=kind, more=more
    )


def build_evidence_section(inputs: ReportInputs, rows_kind: str) -> Section:
    matrix = inputs.matrices.get(rows_kind)
    chosen = largest(placed(rows_of(matrix)), ROWS_MAX)
    rows = [
        r
        for _, part in speakers_apart(chosen, rows_kind)  # outlets after speakers
        for r in sorted(part, key=lambda r: -r.position)
    ]
    titles = {d.id: d.display_title for d in inputs.documents}
    issues = list(getattr(matrix, "issues", []) or [])
    one = rows_kind[:-1]
    blocks: list = [
        Paragraph(
            f"For each of the {plural(len(rows), one)} with most passages, its strongest passages: "
            f"each passage once, with every issue it touches, at most {PER_ROW} per {one} and "
            f"{PER_CELL} per issue, hand-coded passages first, then the furthest from neutral. "
            f"The margin tag gives the stance (C centralist, L localist; filled when coded by "
            f"hand); underlined words are the terms the model weighed most."
        ),
        Paragraph(FULL_LIST, style="note"),
    ]
    blocks.extend(_group(inputs, row, issues, titles, rows_kind == "documents") for row in rows)
    if not rows:
        blocks.append(Paragraph(f"No {rows_kind} have passages that take a side.", style="note"))
    return Section("evidence", "Evidence", blocks)
