"""The project schema and its forward migrations.

``MIGRATIONS[i]`` takes a database from ``user_version`` i to i + 1; a new database runs
them all. Never edit a released step: append a new one, and add a project file of the old
version under ``tests/data/projects/`` so the migration is exercised.
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

MIGRATIONS: list[str] = [V1, ACTOR_EDITS]

SCHEMA_VERSION = len(MIGRATIONS)
