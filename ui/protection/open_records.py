"""The records while the app has them open: the GUI thread's one connection and where it came from.

``OpenRecords`` holds the ``Records`` the window works on — their connection was
opened on the GUI thread, and SQLite refuses it on any other — and the
``DatabaseLocation`` (the file and its key, stretched) from which work on a worker
thread opens a connection of its own.

Work that needs the file to itself (a new passphrase, a restore) goes through
``reopen_after``: whatever uses the records lets go (``releasing``: an open intake
closes, and it is saved), running tasks stop, the connection closes, the work runs
on a worker with its own connection, and the records reopen here with the key the
work says opens the file now (stretched on the worker, so opening is immediate).
If the work fails, they reopen as they were. ``reopened`` then hands the new records
to the window. Other work on a worker (a backup, a purge, an erasure, an export)
opens its own connection from the location (``on_own_connection``) while the GUI
thread's connection stays idle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from readiness.session.records import Records
from readiness.store.database import DatabaseLocation, open_database
from readiness.store.keys import DatabaseKey

from .waiting import run_while_waiting

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlite_utils import Database

    from ..tasks import TaskRunner

T = TypeVar("T")

Reopening = Callable[[DatabaseLocation], tuple[T, DatabaseKey | None]]
"""Work done with the records closed: given where they are, its result and the key that
opens the file afterwards."""


def _nothing(*_args: object) -> None:
    """The default for a step no one needs to hear about."""


class OpenRecords:
    """The open records on the GUI thread and their location; see the module docstring."""

    def __init__(
        self,
        db: Database,
        location: DatabaseLocation,
        tasks: TaskRunner,
        *,
        parent: QWidget | None = None,
        records_for: Callable[[Database], Records] = Records,
        releasing: Callable[[], None] = _nothing,
        reopened: Callable[[OpenRecords], None] = _nothing,
    ) -> None:
        self._records = records_for(db)
        self._location = location
        self._tasks = tasks
        self._parent = parent
        self._records_for = records_for
        self._releasing = releasing
        self._reopened = reopened

    @property
    def records(self) -> Records:
        """The records on the GUI thread's connection (use them on the GUI thread only)."""
        return self._records

    @property
    def database(self) -> Database:
        """The GUI thread's connection (for reading the audit log on screen)."""
        return self._records.database

    @property
    def location(self) -> DatabaseLocation:
        """The file and the key that opens it now, for a worker's own connection."""
        return self._location

    def reopen_after(self, work: Reopening[T], label: str) -> T:
        """Close the records, run ``work`` on a worker behind a progress, and reopen them.

        The records reopen with the key ``work`` returns, or as they were if it raised
        (the error is raised again here, once they are open).
        """
        self._releasing()
        self._tasks.cancel_all()
        self._tasks.wait(3000)
        location = self._location
        self._records.database.close()
        key = location.key
        try:
            result, key = run_while_waiting(
                self._tasks, lambda: work(location), self._parent, label
            )
        finally:
            self._location = DatabaseLocation(location.path, key)
            self._records = self._records_for(open_database(location.path, key=key))
            self._reopened(self)
        return result


def on_own_connection(location: DatabaseLocation, work: Callable[[Database], T]) -> T:
    """``work`` on a connection of the calling thread's own to ``location``, closed after.

    For work on a worker thread: the GUI thread's connection is never lent to it.
    """
    db = location.open()
    try:
        return work(db)
    finally:
        db.close()
