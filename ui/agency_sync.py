"""Syncing with the agency server from the app: in the background, on request, and joining.

``AgencySync`` sends the outbox every ``hub_sync_minutes`` (Settings) while real
records are open, and when asked (Settings → Agency server). Each run happens on a
worker from ``ui.tasks`` with its own connection to the database (the location and
key the window holds), so the window never waits for the network; offline, the run
just records "agency server not reachable" and the outbox waits. What is sent is
recorded in the audit log with the initials in Settings. ``status_changed``
carries the sentences to show (``readiness.sync.status.lines``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from readiness.messages import Message

if TYPE_CHECKING:
    from readiness.interpret import Interpretation
    from readiness.settings import Settings
    from readiness.store.database import DatabaseLocation

    from .tasks import TaskRunner

MINUTE_MS = 60_000
FIRST_SYNC_MS = 30_000


def _status_lines(location: DatabaseLocation) -> list[Message]:
    from readiness.sync.status import lines, sync_status

    db = location.open()
    try:
        return lines(sync_status(db))
    finally:
        db.close()


class AgencySync(QObject):
    """Runs syncs and joins off the GUI thread and reports the status in sentences.

    Signals:
        status_changed(list[Message]): where syncing stands now.
        joined(str): the device name the hub gave.
        failed(BaseException): a join that did not work (for the dialog to say).
    """

    status_changed = Signal(object)
    joined = Signal(str)
    failed = Signal(object)

    def __init__(
        self,
        tasks: TaskRunner,
        location: Callable[[], DatabaseLocation | None],
        interpretation: Callable[[], Interpretation],
        staff: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._location = location
        self._interpretation = interpretation
        self._staff = staff
        self.busy = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        self._first = True

    def apply_settings(self, settings: Settings) -> None:
        """Sync every ``hub_sync_minutes`` (0: only on request)."""
        self.timer.stop()
        if settings.hub_sync_minutes > 0:
            self.timer.start(settings.hub_sync_minutes * MINUTE_MS)
            if self._first:  # soon after the start too, once the records are likely open
                self._first = False
                QTimer.singleShot(FIRST_SYNC_MS, self, self.sync_now)

    def available(self) -> bool:
        """Whether real records are open (practice records are never sent)."""
        location = self._location()
        return location is not None and location.key is not None

    def _run(self, work: Callable[[DatabaseLocation], Any], done: Callable[[Any], None]) -> bool:
        location = self._location()
        if location is None or location.key is None or self.busy:
            return False  # no real records open, or a run is on (its status will come)
        self.busy = True

        def finished(result: Any) -> None:
            self.busy = False
            done(result)

        def failed(error: BaseException) -> None:
            self.busy = False
            self.failed.emit(error)

        self._tasks.start(
            lambda _progress, _cancel: work(location), on_done=finished, on_error=failed
        )
        return True

    def sync_now(self) -> bool:
        """Send what waits (if this laptop joined a hub); False when nothing was started."""
        interpretation, staff = self._interpretation(), self._staff()

        def work(location: DatabaseLocation) -> list[Message]:
            from readiness.store.outbox import joined_hub
            from readiness.sync.run import sync

            db = location.open()
            try:
                if joined_hub(db) is not None:
                    sync(db, interpretation, staff=staff)
            finally:
                db.close()
            return _status_lines(location)

        return self._run(work, self.status_changed.emit)

    def refresh(self) -> bool:
        """Read the status again (nothing is sent)."""
        return self._run(_status_lines, self.status_changed.emit)

    def join(self, url: str, code: str, ca_pem: str | None) -> bool:
        """Join the hub at ``url`` with ``code``; ``joined`` or ``failed`` tells how it went."""

        def work(location: DatabaseLocation) -> tuple[str, list[Message]]:
            from readiness.sync.join import join_hub

            db = location.open()
            try:
                name = join_hub(db, url, code, ca_pem)
            finally:
                db.close()
            return name, _status_lines(location)

        def done(result: tuple[str, list[Message]]) -> None:
            self.joined.emit(result[0])
            self.status_changed.emit(result[1])

        return self._run(work, done)
