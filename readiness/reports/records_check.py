"""The records' check before an export is handed over, run beside the export on its own connection.

An export must not hand over records that are damaged: the check
(``readiness.store.database.check_integrity``) reads every page of the file, which takes
as long as a good part of the export itself. So it runs at the same time, on a worker
thread (``readiness.concurrency``) with a connection of its own (the same file and key),
while the export reads and writes. ``checked_meanwhile`` passes the export's documents
through and, once the last one has been read, waits for the check and raises its error
before the export can end: every export writes inside an atomic output block, so a
damaged file still stops the export and nothing, not even a part, replaces the output.
A database without a file (in memory) is checked first, on its own connection, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from readiness.concurrency import POLL_S, Workers, start
from readiness.progress import CancelToken
from readiness.store.database import (
    DatabaseLocation,
    RecordsDatabase,
    check_integrity,
    connect,
)
from readiness.store.sql_errors import DATABASE_ERRORS

if TYPE_CHECKING:
    from sqlite_utils import Database

T = TypeVar("T")


def checked_meanwhile(
    db: Database, items: Iterable[T], cancel: CancelToken | None = None
) -> Iterator[T]:
    """``items`` (read from ``db``) passed through while ``db``'s file is checked beside them;
    the check's ``DamagedDatabaseError`` (or ``StoreError``) is raised after the last item.

    The check starts now, before the first item is read.
    """
    location = db.location if isinstance(db, RecordsDatabase) else None
    if location is None:
        check_integrity(db)
        return iter(items)
    workers = start([lambda: _check(location, cancel)], name="readiness-records-check")
    return _then_checked(items, workers, cancel)


def _then_checked(
    items: Iterable[T], workers: Workers[None], cancel: CancelToken | None
) -> Iterator[T]:
    try:
        yield from items
    except DATABASE_ERRORS:
        _wait(workers, cancel)  # a damaged page the export read: the check names the file
        raise
    _wait(workers, cancel)


def _wait(workers: Workers[None], cancel: CancelToken | None) -> None:
    """Wait for the check; raise what it found."""
    while not workers.wait(POLL_S):
        if cancel is not None:
            cancel.raise_if_cancelled()
    workers.settled(0).result()


def _check(location: DatabaseLocation, cancel: CancelToken | None) -> None:
    conn = connect(location.path, location.key)
    try:
        check_integrity(conn, cancel)
    finally:
        conn.close()
