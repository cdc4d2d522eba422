"""Labels typed while the project is retrained and re-imported: none may be lost.

Builds a project of generated passages (our own template sentences), then runs, one after
the other, a retrain, an import of new documents and a second retrain as real `stancemap`
processes, while other real `stancemap annotate` processes label passages without pause
and a writer in this process labels every few milliseconds, timing each commit (the wait a
coder would feel in the window). Afterwards every label that was reported saved must be in
the file, and `PRAGMA integrity_check` must say ok.

    .venv/bin/python benchmarks/stress_annotate.py [--passages 20000] [--annotators 2]

Exit status 0 when nothing was lost or failed.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SUBJECTS = (
    "The council",
    "Our care board",
    "The minister",
    "The health department",
    "Local councillors",
    "The regional office",
    "Campaigners",
    "The trust chair",
)
CLAIMS = (
    "wants care decided close to the people who use it",
    "says one national rule must apply in every town",
    "argues budgets should be pooled by the local authority",
    "believes Whitehall should keep hold of hospital money",
    "asks for elected members to commission community services",
    "warns that devolution would bring a postcode lottery",
    "published new figures on assessments for home care",
    "met providers to plan for the winter",
)
LABELS = ("centralist", "neutral", "localist")


def sentence(rng: random.Random) -> str:
    a, b = rng.sample(SUBJECTS, 2)
    return f"{a} {rng.choice(CLAIMS)}; {b.lower()} {rng.choice(CLAIMS)}."


def build_project(path: Path, passages: int, per_doc: int = 100, seed: int = 7) -> list[int]:
    """A project of ``passages`` generated passages in documents of ``per_doc``."""
    from analysis.corpus import Document, Passage
    from analysis.store import Project

    rng = random.Random(seed)
    with Project(path) as project:
        for d in range(max(1, passages // per_doc)):
            pieces, spans, at = [], [], 0
            for i in range(per_doc):
                piece = f"{d}.{i} {sentence(rng)}"
                spans.append(Passage(at, at + len(piece), piece))
                pieces.append(piece)
                at += len(piece) + 2
            project.add_document(Document(file=f"gen/{d:05d}.txt", text="\n\n".join(pieces)), spans)
        return project.passage_ids()


def write_corpus(folder: Path, documents: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(documents):
        text = "\n\n".join(sentence(rng) for _ in range(30))
        (folder / f"new_{d:03d}.txt").write_text(text + "\n", encoding="utf-8")


def stancemap(*args) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("stancemap")
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True)


class Annotators:
    """CLI processes and one in-process writer labelling until told to stop."""

    def __init__(self, project: Path, ids: list[int], processes: int) -> None:
        self.project, self.ids = project, ids
        self.stop = threading.Event()
        self.saved: list[tuple[str, int, str]] = []  # (coder, passage, label) reported saved
        self.failed: list[str] = []
        self.waits: list[float] = []  # seconds per in-process commit
        self.threads = [
            threading.Thread(target=self._cli, args=(f"cli{i}", i)) for i in range(processes)
        ]
        self.threads.append(threading.Thread(target=self._inline))

    def __enter__(self) -> Annotators:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join()

    def _cli(self, coder: str, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            pid, label = rng.choice(self.ids), rng.choice(LABELS)
            done = stancemap("annotate", "-p", self.project, pid, label, "--coder", coder)
            if done.returncode == 0:
                self.saved.append((coder, pid, label))
            else:
                self.failed.append(done.stderr.strip())

    def _inline(self) -> None:
        from analysis.store import Project, ProjectError

        rng = random.Random(99)
        with Project(self.project, create=False, timeout=2.0, interactive=True) as project:
            while not self.stop.is_set():
                pid, label = rng.choice(self.ids), rng.choice(LABELS)
                start = time.perf_counter()
                try:
                    project.annotate(pid, "inline", label=label)
                except ProjectError as exc:
                    self.failed.append(str(exc))
                    continue
                self.waits.append(time.perf_counter() - start)
                self.saved.append(("inline", pid, label))
                self.stop.wait(0.02)


def lost_rows(project: Path, saved: list[tuple[str, int, str]]) -> int:
    """Saved labels missing from the log (each saved call appends exactly one row)."""
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    rows = conn.execute("SELECT coder, passage_id, label FROM annotations").fetchall()
    conn.close()
    have: dict[tuple, int] = {}
    for row in rows:
        have[row] = have.get(row, 0) + 1
    lost = 0
    for row in saved:
        if have.get(row, 0) > 0:
            have[row] -= 1
        else:
            lost += 1
    return lost


def run(passages: int, annotators: int, work: Path) -> dict:
    project = work / "stress.stancemap"
    t0 = time.perf_counter()
    ids = build_project(project, passages)
    write_corpus(work / "more", max(2, passages // 2000))
    figures = {"passages": len(ids), "build_s": time.perf_counter() - t0, "steps": []}
    with Annotators(project, ids, annotators) as team:
        for step in (
            ("train", "-p", project),
            ("import", work / "more", "-p", project),
            ("train", "-p", project),
        ):
            start = time.perf_counter()
            done = stancemap(*step)
            figures["steps"].append(
                (step[0], done.returncode, time.perf_counter() - start, done.stderr.strip()[-300:])
            )
    conn = sqlite3.connect(project)
    figures["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
    figures["active_models"] = conn.execute(
        "SELECT count(*) FROM models WHERE active = 1"
    ).fetchone()[0]
    figures["stale_predictions"] = conn.execute(
        "SELECT count(*) FROM predictions WHERE model_id NOT IN"
        " (SELECT id FROM models WHERE active = 1)"
    ).fetchone()[0]
    conn.close()
    figures.update(
        saved=len(team.saved),
        failed=team.failed,
        waits=team.waits,
        lost=lost_rows(project, team.saved),
    )
    return figures


def report(f: dict) -> bool:
    print(f"passages: {f['passages']} (built in {f['build_s']:.1f} s)")
    for name, status, seconds, err in f["steps"]:
        print(f"  stancemap {name}: exit {status} in {seconds:.1f} s {err if status else ''}")
    waits = sorted(f["waits"]) or [0.0]
    print(f"labels reported saved: {f['saved']}; failed: {len(f['failed'])}; lost: {f['lost']}")
    for reason in sorted(set(f["failed"]))[:5]:
        print(f"  failure: {reason}")
    print(
        f"in-process label commits: {len(f['waits'])}; median "
        f"{statistics.median(waits) * 1000:.1f} ms, p99 "
        f"{waits[int(0.99 * (len(waits) - 1))] * 1000:.1f} ms, max {waits[-1] * 1000:.1f} ms,"
        f" over 100 ms: {sum(w > 0.1 for w in waits)} (target: none)"
    )
    print(
        f"integrity_check: {f['integrity']}; active models: {f['active_models']}; "
        f"predictions of other models left: {f['stale_predictions']}"
    )
    return (
        f["lost"] == 0
        and not f["failed"]
        and f["integrity"] == "ok"
        and all(s[1] == 0 for s in f["steps"])
        and f["active_models"] == 1
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passages", type=int, default=20000)
    parser.add_argument("--annotators", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stancemap-stress-") as work:
        return 0 if report(run(args.passages, args.annotators, Path(work))) else 1


if __name__ == "__main__":
    sys.exit(main())
