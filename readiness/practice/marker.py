"""How a practice database is told apart from real records without a key: a mark in its header.

A practice database is a plain SQLite file (fictional people are never encrypted).
``mark`` writes ``PRACTICE_APPLICATION_ID`` (``readiness.store.practice_mark``,
which also reads it back from an open database) into the file's header with SQLite's
``PRAGMA application_id`` (bytes 68–71 of the first page, meant for exactly this),
and folds the write-ahead log into the file so the mark is on disk at once.
``is_practice_file`` reads those bytes without opening the database, so every
command and the app can recognise practice records before asking for any
passphrase. A real database is encrypted, so its header is random bytes and never
carries the mark; an older plain database from before encryption has none either
and is still offered encryption.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from readiness.store.practice_mark import PRACTICE_APPLICATION_ID

if TYPE_CHECKING:
    from sqlite_utils import Database

_SQLITE_HEADER = b"SQLite format 3\x00"
_APPLICATION_ID_AT = 68


def mark(db: Database) -> None:
    """Mark the open plain database ``db`` as practice records, on disk now."""
    db.execute(f"PRAGMA application_id = {PRACTICE_APPLICATION_ID}")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def is_practice_file(path: Path) -> bool:
    """Whether the file at ``path`` is a practice database (read from its header alone)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(_APPLICATION_ID_AT + 4)
    except OSError:
        return False
    if len(header) < _APPLICATION_ID_AT + 4 or not header.startswith(_SQLITE_HEADER):
        return False
    return int.from_bytes(header[_APPLICATION_ID_AT:], "big") == PRACTICE_APPLICATION_ID
