"""Data protection in the running app: unlock at start, the app lock, automatic backups, restore.

``Protection`` holds the real records for the session (``OpenRecords``: the GUI
thread's connection and the file's location and key). It opens them through the
unlock flow (``ui.protection.unlock``), attaches the app lock
(``ui.protection.app_lock``), makes an automatic encrypted backup when one is due
(after opening and when the app closes, on a worker with its own connection), opens
Settings → Data protection, and carries out a restore from there: the records close,
the backup is restored on a worker, and they reopen and the restore is recorded in
the audit log. Practice databases are never backed up or locked.

Right after opening, ``check_records`` reads every page of the records on a worker
(``PRAGMA quick_check``: about 0.4 s at 10,000 assessments, too long for the GUI
thread). Damage found there or by a backup is said at once, naming the file, with
the last good backup offered for a restore (``offer_restore``).

It knows the main window only through ``ProtectedWindow``, so the window never
imports this package; the composition root (``ui.app``) attaches one to the other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from readiness.errors import DamagedDatabaseError, ReadinessError
from readiness.session.records import Records

from ..dialogs import show_error
from ..language import _, error_text
from .app_lock import AppLock
from .open_records import OpenRecords, on_own_connection
from .questions import DialogQuestions
from .unlock import DialogAsker, offer_keychain, scripted_asker, unlock_database

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlite_utils import Database

    from readiness.settings import Settings
    from readiness.store.database import DatabaseLocation
    from readiness.store.keys import DatabaseKey

    from ..tasks import TaskRunner
    from .page import DataProtectionPage
    from .questions import Questions
    from .unlock import Asker


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
        self.records: OpenRecords | None = None
        self.lock = AppLock(widget, self._key, settings.lock_after_minutes)

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
            )
        except ReadinessError as exc:
            asker.error(error_text(exc))
            return None
        if opened is None:
            return None
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

    def backup_if_due(self, *, every: timedelta = timedelta(days=1), wait: bool = False) -> None:
        """An automatic backup on a worker thread (``wait``: block until done, at close)."""
        if self.records is None or self._settings.backup_count <= 0:
            return
        location = self.records.location
        if location.key is None:
            return
        from readiness.protection.backups import backup_if_due, offer_last_good_backup

        folder, keep, staff = self.backup_folder(), self._settings.backup_count, self._staff()

        def work(_progress: object, _cancel: object) -> Path | None:
            try:
                made = backup_if_due(location, folder, keep=keep, every=every)
            except DamagedDatabaseError as error:
                raise offer_last_good_backup(error, folder, location.key) from None
            if made is not None:  # recorded on this worker's own connection: it may be closing
                on_own_connection(
                    location,
                    lambda db: Records(db, actor=lambda: staff).record_backup(
                        made.name, automatic=True
                    ),
                )
            return made

        handle = self._tasks.start(work)
        handle.failed.connect(self._report)
        if wait:
            self._tasks.wait(30_000)

    def check_records(self) -> None:
        """Read every page of the records on a worker; offer the last good backup if damaged."""
        from readiness.protection.backups import offer_last_good_backup
        from readiness.store.database import check_integrity

        if self.records is None:
            return
        location, folder = self.records.location, self.backup_folder()

        def work(_progress: object, _cancel: object) -> None:
            try:
                on_own_connection(location, check_integrity)
            except DamagedDatabaseError as error:
                raise offer_last_good_backup(error, folder, location.key) from None

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
        from readiness.store.database import stretched_key

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
