"""Copying the open records into a backup file: the encrypted bytes as they are on disk.

A backup made with the database's own key needs no decrypting and re-encrypting:
the file's pages are already encrypted with that key. ``snapshot_copy`` folds the
write-ahead log into the file (``wal_checkpoint(TRUNCATE)``) and then holds a read
transaction that reads from the file alone: while it is held, no checkpoint can
write into the file (SQLite's checkpointer must first take the read lock such a
reader holds), so the bytes copied are one consistent moment of the records, while
the app goes on saving answers into the log. At 100,000 assessments this is a file
copy (about 0.7 s) instead of SQLCipher's decrypt-and-re-encrypt of every page
(about 10 s). When that moment cannot be pinned (another program keeps writing),
``copy_pages`` copies page by page through SQLite's backup API, as a backup under a
different key always does.

The page that holds SQLite's file locks (the 4 KB at 1 GiB, in files larger than
that) is written as zeros: SQLite never reads it, and Windows may refuse to read a
locked range.

Either way the copy is then opened with the key, made a single file (no log beside
it) and read page by page (``PRAGMA quick_check``) before it counts; ``check_copy``
does this. Long steps watch a ``CancelToken``, so closing the app never waits for a
backup: a cancelled backup leaves nothing behind.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import BinaryIO

from readiness.errors import StoreError
from readiness.messages import M_
from readiness.progress import Cancelled, CancelToken
from readiness.store.database import connect, database_file
from readiness.store.keys import DatabaseKey
from readiness.store.sql_errors import DATABASE_ERRORS, error_kind

LOCK_BYTE_OFFSET = 0x4000_0000
"""Where SQLite's lock-byte page starts (``PENDING_BYTE``, 1 GiB)."""
_CHUNK = 8 * 1024 * 1024
_PINNING_TRIES = 3
_PINNING_WAIT_MS = 250
"""How long each try waits for a writer to finish before the checkpoint gives up."""
_STEPS_PER_CANCEL_CHECK = 10_000
"""SQLite virtual-machine steps between two looks at the cancel token (well under 10 ms)."""


def snapshot_copy(
    conn: sqlite3.Connection, target: Path, cancel: CancelToken | None = None
) -> bool:
    """Copy the file of the open database ``conn`` into ``target`` at one consistent moment.

    Returns False, having copied nothing, when no moment free of the write-ahead log
    could be pinned; the caller then copies page by page.
    """
    source = database_file(conn)
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute(f"PRAGMA busy_timeout = {_PINNING_WAIT_MS}")
    try:
        for _ in range(_PINNING_TRIES):
            try:
                if _copy_if_pinned(conn, source, target, cancel):
                    return True
            except DATABASE_ERRORS as exc:
                if error_kind(exc) != "busy":
                    raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    return False


def _copy_if_pinned(
    conn: sqlite3.Connection, source: Path, target: Path, cancel: CancelToken | None
) -> bool:
    """One try: fold the log into the file, then copy it if a reader of the file alone
    can be held (False: a writer came in between)."""
    if conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
        return False  # busy: a reader or writer kept the log
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # An empty log: this reader reads the file alone, and holds off every checkpoint.
        if _has_content(source.with_name(source.name + "-wal")):
            return False
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        copy_bytes(source, target, zeroed=(LOCK_BYTE_OFFSET, page_size), cancel=cancel)
        return True
    finally:
        conn.execute("ROLLBACK")


def copy_pages(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """SQLite's online backup API: a consistent copy while others may be writing, each
    page decrypted and encrypted again with the target's key."""
    source.backup(target)


def copy_bytes(
    source: Path,
    target: Path,
    *,
    zeroed: tuple[int, int] | None = None,
    cancel: CancelToken | None = None,
) -> None:
    """Copy the bytes of ``source`` into ``target`` and flush them to the disk.

    ``zeroed`` (offset, length) is a range written as zeros instead of being read;
    ``cancel`` is looked at between chunks (``Cancelled``).
    """
    size = source.stat().st_size
    holes = [zeroed] if zeroed is not None and zeroed[0] < size else []
    with source.open("rb") as reader, target.open("wb") as writer:
        position = 0
        for start, length in [*holes, (size, 0)]:
            _copy_range(reader, writer, position, start, cancel)
            end = min(start + length, size)
            writer.write(bytes(end - start))
            position = end
        writer.flush()
        os.fsync(writer.fileno())


def _copy_range(
    reader: BinaryIO, writer: BinaryIO, start: int, end: int, cancel: CancelToken | None
) -> None:
    reader.seek(start)
    remaining = end - start
    while remaining > 0:
        if cancel is not None and cancel.cancelled:
            raise Cancelled
        chunk = reader.read(min(_CHUNK, remaining))
        if not chunk:  # the file was shorter than it said: copy what there is
            return
        writer.write(chunk)
        remaining -= len(chunk)


def check_copy(temp: Path, key: DatabaseKey, cancel: CancelToken | None = None) -> bool:
    """Open the copy ``temp`` with ``key``, make it one file, and read every page of it;
    whether it checks out (False: damaged, or the key does not open it). A copy that
    cannot be written (a full disk, a read-only folder) raises the database's error."""
    try:
        conn = connect(temp, key)
    except StoreError:
        return False
    try:
        try:
            conn.execute("PRAGMA journal_mode = DELETE")  # one file: no log beside it
        except DATABASE_ERRORS as exc:
            if error_kind(exc, temp) in ("full", "read-only"):
                raise
            return False
        return quick_check(conn, cancel)
    finally:
        conn.close()


def quick_check(conn: sqlite3.Connection, cancel: CancelToken | None = None) -> bool:
    """Whether every page of the open database reads back (``PRAGMA quick_check``);
    ``Cancelled`` when ``cancel`` is set meanwhile."""
    if cancel is not None:
        conn.set_progress_handler(lambda: int(cancel.cancelled), _STEPS_PER_CANCEL_CHECK)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except DATABASE_ERRORS:
        if cancel is not None and cancel.cancelled:
            raise Cancelled from None
        return False
    finally:
        if cancel is not None:
            conn.set_progress_handler(None, 0)
    return rows == [("ok",)]


def not_kept(folder: Path) -> StoreError:
    """The copy did not check out, though the records do."""
    return StoreError(
        M_("{path}: the backup did not check out; it was not kept.", path=str(folder))
    )


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False
