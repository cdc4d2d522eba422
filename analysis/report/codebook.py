"""The codebook appendix: the issues and the words that tag them, so results can be redone."""

from __future__ import annotations

from analysis.report.content import Paragraph, Section, Table

TERMS_SHOWN = 24


def _issues(content) -> list[tuple[str, str, list[str]]]:
    """(name, description, keywords) from the codebook's stored form, tolerant of its shape.

    The stored codebook is a plain dict; we accept ``{"issues": [{...}]}`` or
    ``{"issues": {name: {...}}}`` (and the codebook file's ``{"issue": [...]}``) so the
    appendix does not break when the codebook gains fields.
    """
    if not isinstance(content, dict):
        return []
    issues = content.get("issue", content.get("issues", content))
    if isinstance(issues, dict):
        issues = [
            {"name": k, **(v if isinstance(v, dict) else {"keywords": v})}
            for k, v in issues.items()
        ]
    out = []
    for item in issues if isinstance(issues, list) else []:
        if not isinstance(item, dict):
            continue
        words = item.get("words") or item.get("keywords") or item.get("stems") or []
        if isinstance(words, str):
            words = [words]
        if not isinstance(words, list):
            words = []
        words = list(item.get("phrases") or []) + list(words)
        out.append(
            (
                str(item.get("name") or item.get("label") or ""),
                str(item.get("description") or item.get("definition") or ""),
                [str(w) for w in words],
            )
        )
    return [i for i in out if i[0]]


def stored_codebook(project) -> dict | None:
    content = project.codebook()
    if content is not None:
        return content
    try:
        from analysis.issues import Codebook
    except ImportError:
        return None
    return Codebook.load().to_dict()


def issue_names(project) -> list[str]:
    """The matrix columns, read from the stored codebook without loading the tagger (and
    with it NLTK), which the report never runs."""
    content = project.codebook()
    if content is None:
        from analysis.issues import project_codebook

        return project_codebook(project).names
    return [name for name, _, _ in _issues(content)]


def build_codebook_section(project) -> Section:
    issues = _issues(stored_codebook(project))
    blocks: list = [
        Paragraph(
            "Passages are tagged with a policy issue when they contain one of its keywords "
            "(matched on word stems). Coders can add or remove tags by hand; the matrix uses the "
            "tags as they stand."
        )
    ]
    if not issues:
        blocks.append(Paragraph("The project has no codebook.", style="note"))
        return Section("codebook", "Appendix: codebook", blocks)
    rows = []
    for name, description, words in issues:
        shown = ", ".join(words[:TERMS_SHOWN]) + (" \u2026" if len(words) > TERMS_SHOWN else "")
        rows.append([name, description or "\u2014", shown or "\u2014"])
    blocks.append(
        Table(
            ["Issue", "What it covers", "Keywords"],
            rows,
            caption="Policy issues and their keywords.",
            widths=[1.4, 2.4, 3.2],
        )
    )
    return Section("codebook", "Appendix: codebook", blocks)
