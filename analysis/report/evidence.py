"""The passages behind each position, with the words the model weighed marked in them.

A reader who doubts a cell of the matrix should be able to turn to the evidence and read
the strongest passages for it. We pick, per row and issue, the passages whose stance points
the same way as the cell, strongest first, and locate the model's evidence terms (stems and
n-grams) in the passage's own words so they can be marked on the page.
"""

from __future__ import annotations

import re

from analysis.report.content import (
    EvidenceGroup,
    EvidenceItem,
    Heading,
    Paragraph,
    Section,
    TermSpan,
)
from analysis.report.formatting import interval, lean, plural, signed
from analysis.report.inputs import ReportInputs, cell, largest, placed, row_passage_ids, rows_of

ROWS_MAX = 10
PER_CELL = 2
TERMS_MAX = 5
TEXT_MAX = 700
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


def _matches(word: str, part: str) -> bool:
    if len(part) <= 3:
        return word == part
    return word.startswith(part) or word.startswith(part[:-1]) and len(part) >= 5


def term_spans(text: str, evidence, limit: int = TERMS_MAX) -> list[TermSpan]:
    """Where the evidence terms occur in ``text``, strongest first, never overlapping.

    Terms are stemmed (and negation-marked) n-grams; a stem is matched as the start of a
    word, so "council" marks "councils". Role skeletons ("LOC MOD POW") have no single
    surface form and are skipped.
    """
    words = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    spans: list[TermSpan] = []
    taken: set[int] = set()
    for term, weight in sorted(evidence, key=lambda tw: -abs(tw[1])):
        parts = [p.removeprefix("not_") for p in str(term).split()]
        if not parts or any(not p or p.isupper() or p.startswith("#") for p in parts):
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


def evidence_item(passage, document: str) -> EvidenceItem:
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
    )


def carrying(passages: list, direction: float) -> list:
    """The passages that point the way the cell points, strongest first."""
    scored = [p for p in passages if p.score is not None and not p.boilerplate]
    if direction > 0.05:
        chosen = [p for p in scored if p.score > 0]
    elif direction < -0.05:
        chosen = [p for p in scored if p.score < 0]
    else:
        chosen = scored
    return sorted(
        chosen,
        key=lambda p: (-(p.score * (1 if direction >= 0 else -1)), p.source != "manual", p.id),
    )


def _group(inputs: ReportInputs, row, issue: str, titles: dict) -> EvidenceGroup | None:
    found = cell(row, issue)
    if found is None:
        return None
    passages = [inputs.by_id[i] for i in row_passage_ids(row, issue) if i in inputs.by_id]
    picked = carrying(passages, found.score or 0.0)[:PER_CELL]
    if not picked:
        return None
    summary = (
        f"Mean stance {signed(found.score)} ({interval(found.low, found.high)}), "
        f"{plural(found.n, 'passage')}; the {len(picked)} strongest shown."
    )
    items = [evidence_item(inputs.full(p.id), titles.get(p.document_id, "")) for p in picked]
    return EvidenceGroup(row.name, issue[:1].upper() + issue[1:], summary, items)


def build_evidence_section(inputs: ReportInputs, rows_kind: str) -> Section:
    rows = sorted(
        largest(placed(rows_of(inputs.matrices.get(rows_kind))), ROWS_MAX),
        key=lambda r: -r.position,
    )
    titles = {d.id: d.display_title for d in inputs.documents}
    issues = list(getattr(inputs.matrices.get(rows_kind), "issues", []) or [])
    blocks: list = [
        Paragraph(
            f"For each of the {len(rows)} {rows_kind} with most passages, the passages that carry "
            f"its position on each issue. The margin rule and label give each passage's stance "
            f"(C centralist, N neutral, L localist; a filled marker means coded by hand); "
            f"underlined words are the terms the model weighed most."
        )
    ]
    for row in rows:
        side = lean(row.position, row.position_low, row.position_high)
        blocks.append(Heading(f"{row.name} \u2014 {side}, position {signed(row.position)}"))
        groups = [g for g in (_group(inputs, row, issue, titles) for issue in issues) if g]
        if not groups:
            blocks.append(Paragraph("No issue-tagged passages for this row.", style="note"))
        blocks.extend(groups)
    if not rows:
        blocks.append(Paragraph(f"No {rows_kind} have passages that take a side.", style="note"))
    return Section("evidence", "Evidence", blocks)
