"""Load the hand-labelled development set with its text read from the corpus.

The label files hold only file names and character offsets: the corpus is third-party
text, so the passages themselves are read from the corpus folder at run time and never
stored in the repository.
"""

from __future__ import annotations

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
STANCE_FILE = DATA_DIR / "dev_stance.jsonl"
SPEAKERS_FILE = DATA_DIR / "dev_speakers.jsonl"
DEFAULT_CORPUS = DATA_DIR.parents[1] / ".." / "shared" / "corpus"


def read_rows(path: Path) -> list[dict]:
    """The raw records of one label file, without text."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _with_text(rows: list[dict], corpus_dir: Path | str) -> list[dict]:
    corpus = Path(corpus_dir)
    texts: dict[str, str] = {}
    out = []
    for row in rows:
        name = row["file"]
        if name not in texts:
            path = corpus / name
            if not path.is_file():
                raise FileNotFoundError(f"corpus file not found: {path}")
            texts[name] = path.read_text(encoding="utf-8")
        out.append({**row, "text": texts[name][row["start"] : row["end"]]})
    return out


def load_stance(corpus_dir: Path | str = DEFAULT_CORPUS) -> list[dict]:
    """Stance units: file, start, end, label, optional note, and the unit's text."""
    return _with_text(read_rows(STANCE_FILE), corpus_dir)


def load_speakers(corpus_dir: Path | str = DEFAULT_CORPUS) -> list[dict]:
    """Speaker units: file, start, end, speaker, kind, how, and the unit's text."""
    return _with_text(read_rows(SPEAKERS_FILE), corpus_dir)


SPLIT_FILE = DATA_DIR / "split.json"


def document_of(row: dict, split: dict) -> str:
    """The document a unit belongs to: its file, or ``file#NN`` for a post of a file that
    the split cuts into posts (see ``split.json``)."""
    ranges = split.get("ranges", {}).get(row["file"])
    if not ranges:
        return row["file"]
    for k, (a, b) in enumerate(ranges):
        if a <= row["start"] < b:
            return f"{row['file']}#{k:02d}"
    raise ValueError(f"unit at {row['file']}:{row['start']} lies in no document range")


def load_split(corpus_dir: Path | str = DEFAULT_CORPUS) -> tuple[list[dict], list[dict]]:
    """(tuning units, locked units), each unit with its ``doc`` and ``text``. Tune on the
    first; the second is for the one figure reported per change."""
    split = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    locked = set(split["locked"])
    tuning, held = [], []
    for row in load_stance(corpus_dir):
        row["doc"] = document_of(row, split)
        (held if row["doc"] in locked else tuning).append(row)
    return tuning, held
