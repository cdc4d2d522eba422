"""How long the positions matrix takes to recompute at the size the window must refresh.

Target: 100,000 passages, 5,000 actors and 10 issues, intervals included, under 1 s, so the
matrix can be rebuilt after every annotation. Actor sizes follow a Zipf-like spread (a few
prolific speakers, many occasional ones), as in real corpora; that mix also exercises both
the resampled small cells and the expanded large ones.

Run: .venv/bin/python benchmarks/bench_matrix.py [--passages N] [--actors N] [--issues N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.positions import build_matrix  # noqa: E402
from analysis.store.records import DocumentRecord, PassageRecord  # noqa: E402

LABELS = ("centralist", "neutral", "localist")


def synthetic(n_passages: int, n_actors: int, n_issues: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    issues = [f"issue {i}" for i in range(n_issues)]
    weights = 1.0 / np.arange(1, n_actors + 1) ** 0.9
    actor = rng.choice(n_actors, size=n_passages, p=weights / weights.sum())
    lean = rng.normal(0, 0.4, n_actors)
    probs = rng.dirichlet([1, 1, 1], size=n_passages)
    shift = np.clip(lean[actor], -0.3, 0.3)
    probs[:, 2] = np.clip(probs[:, 2] + shift, 0, 1)
    probs /= probs.sum(1, keepdims=True)
    n_tags = rng.integers(0, 3, size=n_passages)
    manual = rng.random(n_passages) < 0.05
    docs = [
        DocumentRecord(d, f"doc{d}.txt", 0, f"Doc {d}", "", "", "", "txt", 0) for d in range(500)
    ]
    passages = []
    for i in range(n_passages):
        pc, pn, pl = (float(x) for x in probs[i])
        predicted = LABELS[int(np.argmax(probs[i]))]
        label = LABELS[int(rng.integers(3))] if manual[i] else predicted
        tags = tuple(issues[j] for j in rng.choice(n_issues, size=n_tags[i], replace=False))
        passages.append(
            PassageRecord(
                id=i + 1,
                document_id=i % 500,
                seq=i,
                start=0,
                end=10,
                text="",
                boilerplate=i % 50 == 0,
                auto_boilerplate=False,
                label=label,
                source="manual" if manual[i] else "model",
                p_centralist=pc,
                p_neutral=pn,
                p_localist=pl,
                predicted_label=predicted,
                actor=f"Actor {actor[i]}",
                issues=tags,
            )
        )
    return passages, docs, issues


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--issues", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    passages, docs, issues = synthetic(args.passages, args.actors, args.issues)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        matrix = build_matrix(passages, docs, issues, rows="actors", n_boot=1000, seed=0)
        times.append(time.perf_counter() - start)
    doc_start = time.perf_counter()
    build_matrix(passages, docs, issues, rows="documents", n_boot=1000, seed=0)
    doc_time = time.perf_counter() - doc_start
    sizes = sorted((r.n for r in matrix.rows), reverse=True)
    print(
        f"{args.passages} passages, {len(matrix.rows)} actor rows (largest {sizes[0]}, "
        f"smallest {sizes[-1]}), {len(issues)} issues, 1000 bootstrap replicates"
    )
    print(
        f"build_matrix rows=actors: median {statistics.median(times):.3f} s, "
        f"best {min(times):.3f} s over {args.repeat} runs"
    )
    print(f"build_matrix rows=documents ({len(docs)} rows): {doc_time:.3f} s")
    verdict = "PASS" if statistics.median(times) < 1.0 else "FAIL"
    print(f"{verdict}: target < 1 s")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
