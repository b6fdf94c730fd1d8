"""The connection factory: the only place in the app that opens a database.

``open_database`` checks the folder and the file before SQLite touches them, so a
missing folder, a read-only folder, a file that is not a database or a database from
a newer version each give one clear message naming the file, and nothing is changed.
It turns on foreign keys and WAL, and applies pending migrations.

Encryption at rest: given a ``DatabaseKey`` the file is opened with SQLCipher
(AES-256 pages with HMAC-SHA512, the WAL included; see research/ecosystem.md §1.4),
and a new file is created encrypted. Without a key it is a plain SQLite file — used
only for practice data (fictional people) and in-memory databases. An encrypted
file looks like random bytes, so "wrong passphrase" and "damaged or not a Readiness
file" cannot be told apart; the message says both.

Two commands (or the app and a command) may use one file at once. A connection
waits up to ``BUSY_TIMEOUT_SECONDS`` for another's write, and every transaction
that writes takes the write lock when it begins (``BEGIN IMMEDIATE``, see
``RecordsDatabase``): a transaction that read first and then wanted to write would
otherwise fail at once, without waiting. What still fails is told apart by
``readiness.store.sql_errors.describe_database_error``: busy, a full disk (nothing
saved before is lost), a read-only file, or damage. ``check_integrity`` runs SQLite's
quick check, which reads every page, so damage is found before a backup or an export
and not only when something happens to read the damaged page.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlite_utils import Database

from readiness.errors import (
    DamagedDatabaseError,
    LockedDatabaseError,
    NotEncryptedError,
    StoreError,
)
from readiness.messages import M_
from readiness.paths import make_private_folder
from readiness.progress import Cancelled, CancelToken
from readiness.store import migrations
from readiness.store.keys import SQLITE_HEADER, DatabaseKey, file_salt
from readiness.store.sql_errors import (
    ALL_ERRORS,
    DATABASE_ERRORS,
    describe_database_error,
    error_kind,
)

STEPS_PER_CANCEL_CHECK = 10_000
"""SQLite steps between two looks at a cancel token during a long read."""

BUSY_TIMEOUT_SECONDS = 10.0
"""How long a connection waits for another connection's write before it says the records
are busy."""


class RecordsDatabase(Database):
    """A sqlite-utils ``Database`` whose outermost ``atomic()`` block takes the write lock at once.

    sqlite-utils begins with a plain (deferred) ``BEGIN``: a block that reads and then
    writes asks for the write lock only at its first write, and if another connection
    wrote in between, SQLite refuses at once ("database is locked") instead of waiting.
    ``BEGIN IMMEDIATE`` waits (up to the busy timeout) for the lock before the block
    reads anything. Nested blocks are savepoints, as before.

    ``location`` is the file and key it was opened with (None in memory), so work beside
    it (the records' check during an export) can open its own connection.
    """

    location: DatabaseLocation | None = None

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic() as db:
                yield db
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


@dataclass(frozen=True)
class DatabaseLocation:
    """A database file and the key that opens it, so a worker thread can open its own connection."""

    path: Path
    key: DatabaseKey | None

    def open(self) -> Database:
        return open_database(self.path, key=self.key)


def open_database(
    path: Path | str,
    *,
    key: DatabaseKey | None = None,
    create_dir: bool = False,
) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    With ``key`` the file is (or is created) encrypted; without, it is plain SQLite.
    ``create_dir`` creates a missing parent folder; it is used for the per-user
    default location only, so a mistyped ``--db`` folder is reported, not created.
    The connection works only on the thread that opened it (SQLite refuses it on any
    other), so no connection crosses threads: a worker opens its own.
    """
    path = Path(path)
    conn = connect(path, key, create_dir=create_dir)
    try:
        db = _prepare(conn, path)
    except BaseException:
        conn.close()
        raise
    db.location = DatabaseLocation(path, key)
    return db


def connect(path: Path, key: DatabaseKey | None, *, create_dir: bool = False) -> sqlite3.Connection:
    """A checked connection to ``path`` (keyed when ``key`` is given), without migrations.

    Backups and restores use this directly; everything else uses ``open_database``.
    """
    _check_location(path, create_dir=create_dir)
    if path.exists() and path.stat().st_size > 0:
        _check_header(path, encrypted=key is not None)
    elif not path.exists():
        # Health information: readable by this user only. SQLite gives its -wal and
        # -shm files the same permissions as the database file.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        conn = _driver_connect(path, key, salt=file_salt(path))
    except ALL_ERRORS as exc:
        raise StoreError(f"{path}: cannot open the database ({exc})") from None
    if key is not None:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DATABASE_ERRORS as exc:
            conn.close()
            if error_kind(exc, path) in ("busy", "full", "read-only"):  # the key may well be right
                raise StoreError(describe_database_error(path, exc)) from None
            raise LockedDatabaseError(
                f"{path}: the passphrase does not open this database. Check it and try "
                "again; if it is right, this file is not a Readiness database or it is "
                "damaged (restore a backup)."
            ) from None
    return conn


def _driver_connect(
    path: Path | str, key: DatabaseKey | None, *, salt: bytes | None = None
) -> sqlite3.Connection:
    if key is None:
        return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
    import sqlcipher3

    conn = cast(sqlite3.Connection, sqlcipher3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS))
    # A wrong key would otherwise print SQLCipher's own error lines on stderr.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {key.pragma_value(salt)}")
    return conn


def change_key(db: Database, key: DatabaseKey) -> None:
    """Re-encrypt the open encrypted database under ``key`` (``PRAGMA rekey``)."""
    if not _is_sqlcipher(db.conn):
        raise NotEncryptedError("this database is not encrypted, so it has no passphrase to change")
    try:
        db.conn.execute(f"PRAGMA rekey = {key.rekey_value()}")
    except DATABASE_ERRORS as exc:
        raise StoreError(f"the passphrase could not be changed ({exc})") from None


def encrypt_plain_file(path: Path, key: DatabaseKey) -> None:
    """Turn the plain database at ``path`` into an encrypted one, in place.

    The encrypted copy is written beside it and checked, then replaces the plain
    file; the plain file's WAL is folded in first. If anything fails, the plain file
    is left as it was.
    """
    plain = sqlite3.connect(str(path))
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        plain.close()
    target = path.with_name(path.name + ".encrypting")
    for leftover in _family(target):
        leftover.unlink(missing_ok=True)
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        import sqlcipher3

        conn = sqlcipher3.connect(str(path))  # no key: SQLCipher reads a plain file
        try:
            conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.pragma_value()}", (str(target),))
            conn.execute("SELECT sqlcipher_export('encrypted')")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
            conn.execute("DETACH DATABASE encrypted")
        finally:
            conn.close()
        check = connect(target, key)
        try:
            if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise StoreError(f"{path}: the encrypted copy did not check out; nothing changed")
        finally:
            check.close()
        os.replace(target, path)
        for stale in _family(path)[1:]:
            stale.unlink(missing_ok=True)
    except BaseException:
        for leftover in _family(target):
            leftover.unlink(missing_ok=True)
        raise


def _family(path: Path) -> list[Path]:
    """The database file and its -wal and -shm companions."""
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _is_sqlcipher(conn: Any) -> bool:
    return type(conn).__module__.startswith("sqlcipher3")


def open_memory_database() -> Database:
    """A fresh in-memory database with the current schema (for tests and self-tests)."""
    return _prepare(sqlite3.connect(":memory:"), Path(":memory:"))


def database_file(conn: sqlite3.Connection) -> Path:
    """The file the connection has open (``:memory:`` for an in-memory database)."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else Path(":memory:")
    return Path(":memory:")  # pragma: no cover - SQLite always lists "main"


def check_integrity(db: Database | sqlite3.Connection, cancel: CancelToken | None = None) -> None:
    """Read every page of the open database (``PRAGMA quick_check``); raise if any is damaged.

    About 0.4 s at 10,000 assessments (encrypted; ``tests/bench/bench_store_and_start.py``),
    so the app runs it on a worker. Raises ``DamagedDatabaseError`` naming the file;
    a busy or full database raises ``StoreError`` with its own reason instead. With
    ``cancel``, the check stops soon after it is set and raises ``Cancelled``.
    """
    conn = db.conn if isinstance(db, Database) else db
    path = database_file(conn)
    if cancel is not None:
        conn.set_progress_handler(lambda: int(cancel.cancelled), STEPS_PER_CANCEL_CHECK)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except DATABASE_ERRORS as exc:
        if cancel is not None and cancel.cancelled:
            raise Cancelled from None
        if error_kind(exc, path) != "damaged":
            raise StoreError(describe_database_error(path, exc)) from None
        rows = [(str(exc),)]
    finally:
        if cancel is not None:
            conn.set_progress_handler(None, 0)
    if rows != [("ok",)]:
        raise DamagedDatabaseError(
            M_(
                "{path}: the records are damaged: part of the file does not read back as it "
                "was written. Nothing more was written to it.",
                path=str(path),
            ),
            path,
        )


def _prepare(conn: sqlite3.Connection, path: Path) -> RecordsDatabase:
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        # Deleted text is overwritten, not left in free pages (sqlcipher3 turns this off
        # by default), and sorts and temporary tables never go to a plain temp file.
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        # No sqlite-utils plugins: a package installed on the machine must not get the
        # decrypted connection (and finding plugins scans every installed package).
        db = RecordsDatabase(conn, execute_plugins=False)
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
    except DATABASE_ERRORS as exc:
        raise StoreError(describe_database_error(path, exc)) from None
    return db


def _check_location(path: Path, *, create_dir: bool) -> None:
    folder = path.parent
    if create_dir:  # the per-user data folder: health information, this user's only (0700)
        try:
            make_private_folder(folder)
        except OSError as exc:
            raise StoreError(
                f"{path}: cannot create the folder {folder} ({exc.strerror})"
            ) from None
    if not folder.exists():
        raise StoreError(f"{path}: the folder {folder} does not exist")
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


def _check_header(path: Path, *, encrypted: bool) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the file ({exc.strerror})") from None
    if encrypted and header == SQLITE_HEADER:
        raise NotEncryptedError(
            f"{path}: this database is not encrypted yet; encrypt it before use"
        )
    if not encrypted and header != SQLITE_HEADER:
        raise LockedDatabaseError(
            f"{path}: this file is not a Readiness database, or it is encrypted "
            "and needs its passphrase"
        )
