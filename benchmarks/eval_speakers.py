"""Speaker attribution measured against the hand-labelled units of the reference corpus.

precision: of the labelled units we give a named actor, how many get the right one;
recall: of the units labelled with a named actor, how many we get right. Names are compared
case-insensitively after alias merging (a label "Burnham" matches our "Andy Burnham").
Each labelled unit is judged by our passage that overlaps it most.

Run: .venv/bin/python benchmarks/eval_speakers.py [--corpus DIR] [--errors]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.actors import ActorInfo, attribute_corpus  # noqa: E402
from analysis.actors.names import HONORIFICS  # noqa: E402
from analysis.ingest import load_paths  # noqa: E402
from analysis.segment import segment  # noqa: E402
from tests.data.devset import DEFAULT_CORPUS, load_speakers  # noqa: E402


def _plain(name: str) -> str:
    words = [w for w in name.replace(".", " ").split() if w not in HONORIFICS]
    return " ".join(words).casefold()


def alias_table(actors: list[ActorInfo]) -> dict[str, str]:
    """Every known spelling (and its honorific-free form) -> canonical name, lower-cased."""
    table: dict[str, str] = {}
    for actor in actors:
        for alias in (actor.name, *actor.aliases):
            for form in (alias.casefold(), _plain(alias)):
                table.setdefault(form, actor.name.casefold())
    return table


def canonical(name: str, table: dict[str, str]) -> str:
    if not name:
        return ""
    return table.get(name.casefold()) or table.get(_plain(name)) or _plain(name)


def predicted_spans(corpus: Path):
    """(file name, start, end, actor, method) per non-boilerplate passage, in file offsets."""
    result = load_paths([corpus])
    items = [(doc, segment(doc)) for doc in result.documents]
    attributions, actors = attribute_corpus(items)
    spans = []
    for (doc, passages), attrs in zip(items, attributions, strict=True):
        name = Path(doc.file).name
        for p, a in zip(passages, attrs, strict=True):
            if not p.boilerplate:
                spans.append((name, doc.origin + p.start, doc.origin + p.end, a.actor, a.method))
    return spans, actors


def _best(unit: dict, spans) -> tuple:
    best, best_overlap = ("", 0, 0, "", ""), 0
    for span in spans:
        if span[0] != unit["file"]:
            continue
        overlap = min(span[2], unit["end"]) - max(span[1], unit["start"])
        if overlap > best_overlap:
            best, best_overlap = span, overlap
    return best


def evaluate(corpus: Path, show_errors: bool = False) -> dict:
    units = load_speakers(corpus)
    spans, actors = predicted_spans(corpus)
    table = alias_table(actors)
    attributed = correct_attributed = labelled = correct_labelled = 0
    by_method: Counter = Counter()
    per_file: Counter = Counter()
    for unit in units:
        gold = canonical(unit["speaker"], table)
        best = _best(unit, spans)
        ours = canonical(best[3], table)
        if ours:
            attributed += 1
            correct_attributed += ours == gold
            by_method[best[4], ours == gold] += 1
        if gold:
            labelled += 1
            correct_labelled += ours == gold
            per_file[unit["file"], ours == gold] += 1
        if show_errors and ours != gold:
            snippet = unit["text"][:70].replace("\n", " ")
            print(
                f"  {unit['file'][:3]} {unit['start']:>6} gold={gold!r:28} ours={ours!r:28} "
                f"{snippet!r}"
            )
    return {
        "units": len(units),
        "attributed": attributed,
        "labelled": labelled,
        "precision": correct_attributed / attributed if attributed else 0.0,
        "recall": correct_labelled / labelled if labelled else 0.0,
        "per_file": per_file,
        "by_method": by_method,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--errors", action="store_true", help="list the units we get wrong")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder not found: {args.corpus}", file=sys.stderr)
        return 1
    r = evaluate(args.corpus, args.errors)
    print(
        f"{r['units']} labelled units, {r['labelled']} with a named speaker; "
        f"we name a speaker for {r['attributed']}"
    )
    print(f"precision {r['precision']:.3f}  recall {r['recall']:.3f}")
    for method in sorted({m for m, _ in r["by_method"]}):
        ok, bad = r["by_method"][method, True], r["by_method"][method, False]
        print(f"  method {method or '-'}: {ok}/{ok + bad} attributed units right")
    files = sorted({f for f, _ in r["per_file"]})
    for f in files:
        ok, bad = r["per_file"][f, True], r["per_file"][f, False]
        print(f"  {f}: {ok}/{ok + bad} named units right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
