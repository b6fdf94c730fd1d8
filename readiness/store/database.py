"""The connection factory: the only place in the app that opens a database.

``open_database`` checks the folder and the file before SQLite touches them, so a
missing folder, a read-only folder, a file that is not SQLite or a database from a
newer version each give one clear message naming the file, and nothing is changed.
It turns on foreign keys and WAL, and applies pending migrations. Encryption at rest
plugs in here.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from sqlite_utils import Database

from readiness.errors import StoreError
from readiness.store import migrations

SQLITE_HEADER = b"SQLite format 3\x00"


def open_database(path: Path | str, *, create_dir: bool = False) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    ``create_dir`` creates a missing parent folder; it is used for the per-user
    default location only, so a mistyped ``--db`` folder is reported, not created.
    """
    path = Path(path)
    _check_location(path, create_dir=create_dir)
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        _check_header(path)
    elif not path.exists():
        # Health information: readable by this user only. SQLite gives its -wal and
        # -shm files the same permissions as the database file.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        conn = sqlite3.connect(str(path), timeout=10)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database ({exc})") from None
    try:
        db = _prepare(conn, path)
    except BaseException:
        conn.close()
        raise
    return db


def open_memory_database() -> Database:
    """A fresh in-memory database with the current schema (for tests and self-tests)."""
    return _prepare(sqlite3.connect(":memory:"), Path(":memory:"))


def _prepare(conn: sqlite3.Connection, path: Path) -> Database:
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn)
        newer = migrations.unknown_applied(db)
        if newer:
            raise StoreError(
                f"{path}: this database was made by a newer version of Readiness "
                f"(it has changes this version does not know: {', '.join(newer)}); "
                "update the app to open it. The file was not changed."
            )
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: an answer confirmed on screen survives power loss, not just a crash.
            conn.execute("PRAGMA synchronous = FULL")
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(_describe(path, exc)) from None
    return db


def _check_location(path: Path, *, create_dir: bool) -> None:
    folder = path.parent
    if not folder.exists():
        if not create_dir:
            raise StoreError(f"{path}: the folder {folder} does not exist")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{path}: cannot create the folder {folder} ({exc.strerror})"
            ) from None
    if not folder.is_dir():
        raise StoreError(f"{path}: {folder} is not a folder")
    if path.exists() and path.is_dir():
        raise StoreError(f"{path}: this is a folder, not a database file")
    try:  # a real write, not os.access: root and read-only mounts disagree with access()
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        raise StoreError(f"{path}: the folder {folder} cannot be written to") from None
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"{path}: the database file cannot be read and written")


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the file ({exc.strerror})") from None
    if header != SQLITE_HEADER:
        raise StoreError(f"{path}: this file is not a Readiness database (it is not SQLite)")


def _describe(path: Path, exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return f"{path}: the database cannot be written to ({text})"
    if "malformed" in text or "not a database" in text:
        return f"{path}: the database file is damaged ({text})"
    if "locked" in text:
        return f"{path}: the database is in use by another program ({text})"
    return f"{path}: database error ({text})"
