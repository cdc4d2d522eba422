"""Opening a project file safely: identity, version, integrity, migrations, backups.

A project file is shared between colleagues, so opening one must never trust it: we check
that it is ours (``application_id``), not from a newer StanceMap, and intact before using it,
and SQLite's ``trusted_schema`` is off so a doctored schema cannot call functions.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from analysis.store.errors import ProjectError
from analysis.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"


def connect(path: str | os.PathLike | None, *, create: bool = True) -> sqlite3.Connection:
    """Open (or create) a project database and bring it to the current schema."""
    if path is None or str(path) == ":memory:":
        conn = _raw_connect(":memory:")
        _migrate(conn, None)
        return conn
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise ProjectError(f"{path}: no such project file")
    if exists:
        _check_header(path)
    conn = _raw_connect(str(path))
    try:
        if exists:
            _check_identity(conn, path)
        _migrate(conn, path if exists else None)
    except BaseException:
        conn.close()
        raise
    return conn


def _raw_connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA foreign_keys = ON")
    if target != ":memory:":
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise ProjectError(f"{target}: could not enable write-ahead logging")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be read ({exc.strerror})") from None
    if head != SQLITE_MAGIC:
        raise ProjectError(f"{path}: not a StanceMap project (not a database file)")


def _check_identity(conn: sqlite3.Connection, path: Path) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path}: damaged project file ({exc})") from None
    if app_id != APPLICATION_ID:
        raise ProjectError(f"{path}: not a StanceMap project (a database of another program)")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: made by a newer StanceMap (project version {version}, "
            f"this version reads up to {SCHEMA_VERSION}); please update StanceMap"
        )
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise ProjectError(f"{path}: damaged project file ({result})")


def _migrate(conn: sqlite3.Connection, existing: Path | None) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if existing is not None:
        backup(conn, existing.with_name(f"{existing.name}.v{version}.bak"))
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[step]):
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a migration into statements so they run inside our transaction.

    ``executescript`` would commit first; our scripts have no semicolons inside literals.
    """
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def backup(conn: sqlite3.Connection, destination: Path) -> Path:
    """Copy the live database with SQLite's online backup API (safe while open)."""
    target = sqlite3.connect(str(destination))
    try:
        conn.backup(target)
    finally:
        target.close()
    return destination
