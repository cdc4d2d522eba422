"""Opening a project file safely: identity, version, integrity, migrations, backups.

A project file is shared between colleagues, so opening one must never trust it: we check
that it is ours (``application_id``), not from a newer StanceMap, and intact before using it,
and SQLite's ``trusted_schema`` is off so a doctored schema cannot call functions.

Every look at the file goes through SQLite. A plain ``open()``/``close()`` of a live
database in a process that holds a connection drops all of that process's POSIX locks on
it, after which another process may delete the write-ahead log under us; so the identity
check is a read-only SQLite connection, and nothing is changed (no WAL switch, no
migration) until the file is known to be ours and writable.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from analysis.store.errors import ProjectError, write_error
from analysis.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT = 10.0
"""Seconds a background writer waits for the lock; writes are short, so this is generous."""


def connect(
    path: str | os.PathLike | None,
    *,
    create: bool = True,
    read_only: bool = False,
    timeout: float = BUSY_TIMEOUT,
) -> tuple[sqlite3.Connection, bool]:
    """Open (or create) a project database; return it and whether it is read-only.

    A file we may not write (read-only media, a locked-down folder) opens read-only rather
    than failing, so it can still be read and exported.
    """
    if path is None or str(path) == ":memory:":
        conn = _raw_connect(":memory:", timeout)
        _migrate(conn, None)
        return conn, False
    path = Path(path)
    exists = path.exists() and path.is_file() and path.stat().st_size > 0
    if not exists and not create:
        raise ProjectError(f"{path}: no such project file")
    if exists:
        version = _probe(path)
        read_only = read_only or not _writable(path)
        if read_only:
            if version != SCHEMA_VERSION:
                raise ProjectError(
                    f"{path}: is read-only and made by an older StanceMap; "
                    "copy it somewhere writable to open it"
                )
            return _read_only_connect(path, timeout), True
    conn = _raw_connect(str(path), timeout)
    try:
        _migrate(conn, path if exists else None)
    except BaseException:
        conn.close()
        raise
    return conn, False


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{quote(str(path.resolve()))}?{query}"


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _probe(path: Path) -> int:
    """Check identity, version and integrity through a read-only connection; return version.

    A folder we cannot write holds no ``-shm`` for us, so there the file is read as
    immutable; elsewhere ``mode=ro`` sees a live writer's log.
    """
    immutable = not os.access(path.parent, os.W_OK)
    params = {"immutable": "1"} if immutable else {"mode": "ro"}
    try:
        conn = sqlite3.connect(_uri(path, **params), uri=True, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot be read ({exc})") from None
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        return _check_identity(conn, path)
    finally:
        conn.close()


def _check_identity(conn: sqlite3.Connection, path: Path) -> int:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", 0) == sqlite3.SQLITE_NOTADB:
            raise ProjectError(f"{path}: not a StanceMap project (not a database file)") from None
        raise ProjectError(f"{path}: damaged project file ({exc})") from None
    if app_id != APPLICATION_ID:
        raise ProjectError(f"{path}: not a StanceMap project (a database of another program)")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: made by a newer StanceMap (project version {version}, "
            f"this version reads up to {SCHEMA_VERSION}); please update StanceMap"
        )
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    if result != "ok":
        raise ProjectError(f"{path}: damaged project file ({result})")
    return version


def _read_only_connect(path: Path, timeout: float) -> sqlite3.Connection:
    immutable = not os.access(path.parent, os.W_OK)
    params = {"immutable": "1"} if immutable else {"mode": "ro"}
    conn = sqlite3.connect(
        _uri(path, **params),
        uri=True,
        isolation_level=None,
        check_same_thread=False,
        timeout=timeout,
    )
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA query_only = ON")
    return conn


def _raw_connect(target: str, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=timeout)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA foreign_keys = ON")
        if target != ":memory:":
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise ProjectError(f"{target}: could not enable write-ahead logging")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        conn.close()
        raise write_error(exc) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection, existing: Path | None) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if existing is not None:
        backup(conn, existing.with_name(f"{existing.name}.v{version}.bak"))
    conn.execute("PRAGMA foreign_keys = OFF")  # a step may rebuild a referenced table
    try:
        _run_steps(conn, version)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _run_steps(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[step]):
                conn.execute(statement)
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise ProjectError(f"the project could not be upgraded ({len(broken)} broken links)")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
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
