"""Data protection in the running app: unlock at start, the app lock, automatic backups, restore.

``Protection`` holds the real records for the session (``OpenRecords``: the GUI
thread's connection and the file's location and key). It opens them through the
unlock flow (``ui.protection.unlock``), attaches the app lock
(``ui.protection.app_lock``), opens Settings → Data protection, and carries out a
restore from there: the records close, the backup is restored on a worker, and they
reopen and the restore is recorded in the audit log. Practice databases are never
backed up or locked.

Right after opening, ``check_and_back_up`` runs on a worker with its own connection
(``readiness.protection.automatic_backup``): the automatic backup when one is due
(Settings: every ``backup_every_days``), whose check reads every page of the records
as copied, or else the records' own check (``PRAGMA quick_check``: about 0.4 s at
10,000 assessments, too long for the GUI thread). While the app stays open, a backup
that falls due is made too (looked at hourly). Closing the app never waits for either:
the window cancels running work as it closes. Damage found by either is said at once,
naming the file, with the last good backup offered for a restore (``offer_restore``).

It knows the main window only through ``ProtectedWindow``, so the window never
imports this package; the composition root (``ui.app``) attaches one to the other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer

from readiness.errors import DamagedDatabaseError, ReadinessError

from ..dialogs import show_error
from ..language import _, error_text
from .app_lock import AppLock
from .questions import DialogQuestions
from .unlock import DialogAsker, offer_keychain, scripted_asker, unlock_database

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlite_utils import Database

    from readiness.progress import CancelToken
    from readiness.protection.automatic_backup import BackupPolicy
    from readiness.session.records import Records
    from readiness.settings import Settings
    from readiness.store.database import DatabaseLocation
    from readiness.store.keys import DatabaseKey

    from ..tasks import TaskRunner
    from .open_records import OpenRecords
    from .page import DataProtectionPage
    from .questions import Questions
    from .unlock import Asker, KnownKey


BACKUP_LOOK_MS = 60 * 60 * 1000
"""While the app stays open, how often it looks whether an automatic backup has fallen due."""


class BackupStep(Protocol):
    """``check_or_back_up`` or ``backup_if_due`` (``readiness.protection.automatic_backup``)."""

    def __call__(
        self,
        location: DatabaseLocation,
        folder: Path,
        policy: BackupPolicy,
        *,
        now: datetime | None = None,
        cancel: CancelToken | None = None,
    ) -> Path | None: ...


class ProtectedWindow(Protocol):
    """What ``Protection`` needs of the main window (``ui.main_window.MainWindow``)."""

    location: DatabaseLocation | None
    """The real records' file and key, for work that opens its own connection."""
    practice: bool
    """Whether the window shows the practice records now."""

    def window(self) -> QWidget:
        """The window itself as a widget (Qt's own): the lock covers it, dialogs sit on it."""
        ...

    def records_for(self, db: Database) -> Records:
        """The ``Records`` the screens use for an opened connection."""
        ...

    def attach_records(self, records: Records) -> None:
        """Show these records from now on (an open intake closes)."""
        ...

    def release_records(self) -> None:
        """Stop everything that reads or writes the records, so they can close."""
        ...

    def forget_deleted(self) -> None:
        """People or assessments were erased or purged: stop showing what is gone."""
        ...


class Protection(QObject):
    """The session's encrypted records: open them, lock the app, back them up, restore them."""

    def __init__(
        self,
        window: ProtectedWindow,
        tasks: TaskRunner,
        settings: Settings,
        path: Path,
        *,
        create_dir: bool,
        questions: Questions | None = None,
        known: KnownKey | None = None,
    ) -> None:
        widget = window.window()
        super().__init__(widget)
        self._window = window
        self._widget = widget
        self._questions = questions
        self._tasks = tasks
        self._settings = settings
        self._path = path
        self._create_dir = create_dir
        self._known = known
        self.records: OpenRecords | None = None
        self.lock = AppLock(widget, self._key, settings.lock_after_minutes)
        self._hourly = QTimer(self)
        self._hourly.setInterval(BACKUP_LOOK_MS)
        self._hourly.timeout.connect(self.back_up_if_due)

    def _key(self) -> DatabaseKey | None:
        return self.records.location.key if self.records is not None else None

    def apply_settings(self, settings: Settings) -> None:
        self._settings = settings
        self.lock.set_lock_after_minutes(settings.lock_after_minutes)

    def open(self, asker: Asker | None = None) -> OpenRecords | None:
        """Ask for the passphrase as needed and attach the records; None if the worker quit."""
        asker = (
            asker
            or scripted_asker()
            or DialogAsker(
                self._widget, offer_keychain=offer_keychain(self._settings.allow_keychain)
            )
        )
        try:
            opened = unlock_database(
                self._path,
                create_dir=self._create_dir,
                tasks=self._tasks,
                asker=asker,
                allow_keychain=self._settings.allow_keychain,
                parent=self._widget,
                known=self._known,
            )
        except ReadinessError as exc:
            asker.error(error_text(exc))
            return None
        finally:
            self._known = None  # tried once, at start
        if opened is None:
            return None
        from .open_records import OpenRecords

        db, location = opened
        self.records = OpenRecords(
            db,
            location,
            self._tasks,
            parent=self._widget,
            records_for=self._window.records_for,
            releasing=self._window.release_records,
            reopened=self._attach,
        )
        self._attach(self.records)
        return self.records

    def _attach(self, records: OpenRecords) -> None:
        self._window.location = records.location
        self._window.attach_records(records.records)

    def backup_folder(self) -> Path:
        from readiness.protection.backups import backup_folder_for

        return backup_folder_for(self._path, self._settings.backup_folder)

    def check_and_back_up(self) -> None:
        """Right after opening: the automatic backup if one is due, else the records' check,
        on a worker; then a look every hour for a backup that has fallen due."""
        if self.records is None:
            return
        from readiness.protection.automatic_backup import check_or_back_up

        self._start_backup(check_or_back_up)
        if self.records.location.key is not None and not self._hourly.isActive():
            self._hourly.start()

    def back_up_if_due(self) -> None:
        """The automatic backup on a worker, if one is due (nothing else is checked)."""
        if self.records is None or self.records.location.key is None:
            return
        from readiness.protection.automatic_backup import backup_if_due

        self._start_backup(backup_if_due)

    def _start_backup(self, step: BackupStep) -> None:
        from readiness.protection.automatic_backup import BackupPolicy
        from readiness.protection.backups import offer_last_good_backup
        from readiness.session.records import Records

        from .open_records import on_own_connection

        assert self.records is not None
        location, folder, staff = self.records.location, self.backup_folder(), self._staff()
        policy = BackupPolicy.from_settings(self._settings)

        def work(_progress: object, cancel: CancelToken) -> Path | None:
            try:
                made = step(location, folder, policy, cancel=cancel)
            except DamagedDatabaseError as error:
                raise offer_last_good_backup(error, folder, location.key) from None
            if made is not None:  # recorded on this worker's own connection
                on_own_connection(
                    location,
                    lambda db: Records(db, actor=lambda: staff).record_backup(
                        made.name, automatic=True
                    ),
                )
            return made

        self._tasks.start(work).failed.connect(self._report)

    def offer_restore(self, error: DamagedDatabaseError) -> bool:
        """Say the records are damaged and offer their last good backup; True if restored."""
        questions = self._questions or DialogQuestions(self._widget)
        text = error_text(error)
        if error.backup is None or self.records is None or self._window.practice:
            questions.error(text)
            return False
        if not questions.confirm(_("The records are damaged"), text, _("Restore the backup")):
            return False
        return self.restore(error.backup, self._staff())

    def _staff(self) -> str:
        return self._settings.staff_initials

    def _report(self, error: object) -> None:
        if isinstance(error, DamagedDatabaseError):
            self.offer_restore(error)
        elif isinstance(error, ReadinessError):
            show_error(
                self._widget,
                _("The automatic backup failed: {reason}").format(reason=error_text(error)),
            )

    def restore(self, backup: Path, staff: str) -> bool:
        """Replace the records with ``backup`` (the current ones are backed up first)."""
        from readiness.protection.backups import restore_backup
        from readiness.store import audit
        from readiness.store.keys import stretched_key

        records = self.records
        key = records.location.key if records is not None else None
        if records is None or key is None:
            return False
        folder = self.backup_folder()

        def work(closed: DatabaseLocation) -> tuple[None, DatabaseKey]:
            restore_backup(backup, closed.path, key, folder=folder)
            return None, stretched_key(closed.path, key)  # the file now has the backup's salt

        try:
            records.reopen_after(work, _("Restoring the records…"))
        except ReadinessError as exc:  # nothing was replaced: the records reopened as they were
            show_error(self._widget, error_text(exc))
            return False
        audit.record(
            records.database,
            audit.AuditAction.RESTORED,
            staff=staff,
            detail=f"backup {backup.name}"[:200],
        )
        return True

    def data_protection_page(
        self,
        save: Callable[[Settings], None],
        current: Callable[[], Settings],
        *,
        questions: Questions | None = None,
    ) -> DataProtectionPage | None:
        """The Data protection page on the real records (None in practice or before unlocking)."""
        from .page import DataProtectionPage

        if self.records is None or self._window.practice:
            return None
        page = DataProtectionPage(self.records, current(), save, self._tasks, questions=questions)
        page.settings_saved.connect(self.apply_settings)
        page.records_deleted.connect(self._window.forget_deleted)
        return page

    def open_data_protection(
        self, save: Callable[[Settings], None], current: Callable[[], Settings]
    ) -> None:
        """Settings → Data protection: passphrase, lock, backups, retention, erasure, audit."""
        from .dialog import DataProtectionDialog

        page = self.data_protection_page(save, current)
        if page is None:
            return
        requested: list[Path] = []
        page.restore_requested.connect(requested.append)
        dialog = DataProtectionDialog(page, parent=self._widget)
        dialog.exec()
        dialog.deleteLater()  # the page goes with it
        if requested:
            self.restore(requested[0], current().staff_initials)
