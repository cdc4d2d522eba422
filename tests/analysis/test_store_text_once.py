"""Schema V4: a passage's text is read from its document, never stored twice; a V3 file
upgrades with its annotations and predictions intact."""

import sqlite3

from analysis.corpus import Document, Passage
from analysis.store import Project
from analysis.store.connection import _statements
from analysis.store.schema import ACTOR_EDITS, APPLICATION_ID, SCHEMA_VERSION, V1, V2

# Characters outside ASCII (and outside the BMP) and a NUL before and inside the passages:
# the text read back must be the Python slice (characters, not bytes or UTF-16 units),
# whole even where SQLite's text functions would stop at the NUL.
TEXT = "Café councils 🏥 decide.\x00 Ünïcode NHS — ça\x00 va 🇬🇧 fine."


def _spans(text: str) -> list[tuple[int, int]]:
    cut = text.index("Ü")
    return [(0, cut - 1), (cut, len(text))]


def test_passage_text_is_the_document_slice_in_characters(tmp_path):
    with Project(tmp_path / "p.stancemap") as project:
        spans = _spans(TEXT)
        passages = [Passage(a, b, TEXT[a:b]) for a, b in spans]
        doc_id = project.add_document(Document(file="a.txt", text=TEXT), passages)
        got = [p.text for p in project.passages(doc_id)]
        assert got == [TEXT[a:b] for a, b in spans]
        assert "text" not in [r[1] for r in project._conn.execute("PRAGMA table_info(passages)")]
        pid = project.passages(doc_id)[1].id
        project.annotate(pid, "ann", label="localist")
        snapshot = project._conn.execute(
            "SELECT text FROM annotations WHERE passage_id = ?", (pid,)
        ).fetchone()[0]
        assert snapshot == TEXT[spans[1][0] : spans[1][1]]


def _v3_project(path) -> None:
    """A project as the V3 release wrote it (passage text stored in the passage row)."""
    conn = sqlite3.connect(path, isolation_level=None)
    for script in (V1, V2, ACTOR_EDITS):
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO documents (id, file, text, imported_at) VALUES (1, 'a.txt', ?, 'then')",
        (TEXT,),
    )
    for pid, (seq, (a, b)) in zip((10, 11), enumerate(_spans(TEXT)), strict=True):
        conn.execute(
            "INSERT INTO passages VALUES (?, 1, ?, ?, ?, ?, 0)", (pid, seq, a, b, TEXT[a:b])
        )
    conn.execute(
        "INSERT INTO models (id, created_at, name, params, arrays, training_size,"
        " active) VALUES (1, 'then', 'm', '{}', x'', 1, 1)"
    )
    conn.execute(
        "INSERT INTO predictions VALUES (11, 1, 'centralist', 0.7, 0.2, 0.1, '[[\"nhs\", 0.5]]')"
    )
    conn.execute(
        "INSERT INTO annotations (passage_id, coder, label, created_at, file, start,"
        " end, text) VALUES (10, 'ann', 'localist', 'then', 'a.txt', 0, 5, 'x')"
    )
    conn.close()


def test_v3_project_migrates_with_annotations_and_predictions_intact(tmp_path):
    path = tmp_path / "old.stancemap"
    _v3_project(path)
    with Project(path, create=False) as project:
        assert project._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        first, second = project.passage(10), project.passage(11)
        assert first.manual_label == "localist" and first.text == TEXT[: _spans(TEXT)[0][1]]
        assert second.predicted_label == "centralist" and second.evidence == (("nhs", 0.5),)
        assert second.text == TEXT[_spans(TEXT)[1][0] :]
        assert project._conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert [a.coder for a in project.history()] == ["ann"]
        project.delete_documents([1])  # the rebuilt table still cascades from documents
        assert project.count_passages() == 0
    assert (tmp_path / "old.stancemap.v3.bak").exists()
