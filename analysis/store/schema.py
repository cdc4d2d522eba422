"""The project schema and its forward migrations.

``MIGRATIONS[i]`` takes a database from ``user_version`` i to i + 1; a new database runs
them all. Never edit a released step: append a new one; the migration tests build a file of
each old version from its step here, so every step stays exercised.
"""

APPLICATION_ID = 0x53544D50  # "STMP": lets us refuse SQLite files that are not projects

V1 = """
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    part INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    origin INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    byline_spans TEXT NOT NULL DEFAULT '[]',
    imported_at TEXT NOT NULL,
    UNIQUE (file, part)
);

CREATE TABLE passages (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    boilerplate INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX passages_by_document ON passages (document_id, seq);

-- Append-only: a NULL column means "this row does not touch that field"; '' clears it.
CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    coder TEXT NOT NULL,
    label TEXT CHECK (label IS NULL OR label IN ('', 'centralist', 'neutral', 'localist')),
    boilerplate INTEGER CHECK (boilerplate IS NULL OR boilerplate IN (0, 1)),
    actor TEXT,
    issues TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX annotations_by_passage ON annotations (passage_id, id);

CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    name TEXT NOT NULL,
    params TEXT NOT NULL,
    arrays BLOB NOT NULL,
    training_size INTEGER NOT NULL,
    metrics TEXT NOT NULL DEFAULT '{}',
    active INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE predictions (
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    p_centralist REAL NOT NULL,
    p_neutral REAL NOT NULL,
    p_localist REAL NOT NULL,
    evidence TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (passage_id, model_id)
) WITHOUT ROWID;

CREATE TABLE attributions (
    passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    method TEXT NOT NULL,
    confidence REAL NOT NULL DEFAULT 1.0
);

CREATE TABLE actors (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'person',
    aliases TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE passage_issues (
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    issue TEXT NOT NULL,
    PRIMARY KEY (passage_id, issue)
) WITHOUT ROWID;

CREATE TABLE codebook (id INTEGER PRIMARY KEY CHECK (id = 1), content TEXT NOT NULL);
"""

# Annotations outlive the passages they were made on: a re-import that changes a document
# re-anchors them by the snapshot (file, part, start, end, text) kept on every row, and an
# annotation that cannot be placed keeps its row with passage_id NULL instead of vanishing
# with a CASCADE. Boilerplate -1 means "back to automatic". Models written by a retrain
# stay pending (invisible) until switched on in one short transaction.
V2 = """
CREATE TABLE annotations_v2 (
    id INTEGER PRIMARY KEY,
    passage_id INTEGER REFERENCES passages(id) ON DELETE SET NULL,
    coder TEXT NOT NULL,
    label TEXT CHECK (label IS NULL OR label IN ('', 'centralist', 'neutral', 'localist')),
    boilerplate INTEGER CHECK (boilerplate IS NULL OR boilerplate IN (-1, 0, 1)),
    actor TEXT,
    issues TEXT,
    created_at TEXT NOT NULL,
    file TEXT NOT NULL DEFAULT '',
    part INTEGER NOT NULL DEFAULT 0,
    start INTEGER,
    end INTEGER,
    text TEXT NOT NULL DEFAULT ''
);
INSERT INTO annotations_v2 (id, passage_id, coder, label, boilerplate, actor, issues,
    created_at, file, part, start, end, text)
SELECT a.id, a.passage_id, a.coder, a.label, a.boilerplate, a.actor, a.issues, a.created_at,
    coalesce(d.file, ''), coalesce(d.part, 0), p.start, p.end, coalesce(p.text, '')
FROM annotations a
LEFT JOIN passages p ON p.id = a.passage_id
LEFT JOIN documents d ON d.id = p.document_id;
DROP TABLE annotations;
ALTER TABLE annotations_v2 RENAME TO annotations;
CREATE INDEX annotations_by_passage ON annotations (passage_id, id);
CREATE INDEX annotations_by_file ON annotations (file, part);
ALTER TABLE models ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX predictions_by_model ON predictions (model_id);
"""

ACTOR_EDITS = """
-- The user's merges, renames and kinds of actors: append-only, applied on read, so
-- re-running speaker detection (which rewrites attributions and actors) keeps them.
CREATE TABLE actor_edits (
    id INTEGER PRIMARY KEY,
    op TEXT NOT NULL CHECK (op IN ('rename', 'retype')),
    actor TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""

# A passage's text is its document's text from start to end; storing it again doubled the
# file. It is cut from the document's text on read (queries._with_text).
V4 = """
CREATE TABLE passages_v4 (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    boilerplate INTEGER NOT NULL DEFAULT 0
);
INSERT INTO passages_v4 (id, document_id, seq, start, end, boilerplate)
SELECT id, document_id, seq, start, end, boilerplate FROM passages;
DROP TABLE passages;
ALTER TABLE passages_v4 RENAME TO passages;
CREATE INDEX passages_by_document ON passages (document_id, seq);
"""

MIGRATIONS: list[str] = [V1, V2, ACTOR_EDITS, V4]

SCHEMA_VERSION = len(MIGRATIONS)
