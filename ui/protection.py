"""Data protection in the running app: unlock at start, the app lock, automatic backups, restore.

``Protection`` holds the real database's location (file and key) for the session.
It opens the records through the unlock flow (``ui/database_unlock.py``), attaches
the app lock (``ui/app_lock.py``), makes an automatic encrypted backup when one is
due (after opening and when the app closes, off the GUI thread), and carries out a
restore from Settings: it closes every connection, restores, reopens and records
the restore in the audit log. Practice databases are never backed up or locked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from readiness.errors import ReadinessError
from ui.app_lock import AppLock
from ui.database_unlock import DialogAsker, offer_keychain, run_while_waiting, unlock_database
from ui.dialogs import show_error
from ui.language import _, error_text

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.settings import Settings
    from readiness.store.database import DatabaseLocation
    from readiness.store.keys import DatabaseKey
    from ui.database_unlock import Asker
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner


class Protection(QObject):
    """The session's encrypted database: open it, lock the app, back it up, restore it."""

    def __init__(
        self,
        window: MainWindow,
        tasks: TaskRunner,
        settings: Settings,
        path: Path,
        *,
        create_dir: bool,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._tasks = tasks
        self._settings = settings
        self._path = path
        self._create_dir = create_dir
        self.location: DatabaseLocation | None = None
        self.db: Database | None = None
        self.lock = AppLock(window, self._key, settings.lock_after_minutes)

    def _key(self) -> DatabaseKey | None:
        return self.location.key if self.location is not None else None

    def apply_settings(self, settings: Settings) -> None:
        self._settings = settings
        self.lock.set_lock_after_minutes(settings.lock_after_minutes)

    def open(self, asker: Asker | None = None) -> Database | None:
        """Ask for the passphrase as needed and attach the records; None if the worker quit."""
        asker = (
            asker
            or _scripted_asker()
            or DialogAsker(
                self._window, offer_keychain=offer_keychain(self._settings.allow_keychain)
            )
        )
        try:
            opened = unlock_database(
                self._path,
                create_dir=self._create_dir,
                tasks=self._tasks,
                asker=asker,
                allow_keychain=self._settings.allow_keychain,
                parent=self._window,
            )
        except ReadinessError as exc:
            asker.error(error_text(exc))
            return None
        if opened is None:
            return None
        self.db, self.location = opened
        self._window.location = self.location
        self._window.attach_database(self.db)
        return self.db

    def set_key(self, key: DatabaseKey) -> None:
        """After a passphrase change: new connections (exports, backups) use the new key."""
        from readiness.store.database import DatabaseLocation

        if self.location is not None:
            self.location = DatabaseLocation(self.location.path, key)
            self._window.location = self.location

    def backup_folder(self) -> Path:
        from readiness.protection.backups import backup_folder_for

        return backup_folder_for(self._path, self._settings.backup_folder)

    def backup_if_due(self, *, every: timedelta = timedelta(days=1), wait: bool = False) -> None:
        """An automatic backup on a worker thread (``wait``: block until done, at close)."""
        location = self.location
        if location is None or location.key is None or self._settings.backup_count <= 0:
            return
        from readiness.protection.backups import backup_if_due

        folder, keep = self.backup_folder(), self._settings.backup_count
        handle = self._tasks.start(
            lambda _progress, _cancel: backup_if_due(location, folder, keep=keep, every=every)
        )
        handle.failed.connect(self._report)
        if wait:
            self._tasks.wait(30_000)

    def _report(self, error: object) -> None:
        if isinstance(error, ReadinessError):
            show_error(
                self._window, _("The automatic backup failed: {reason}").format(reason=error)
            )

    def restore(self, backup: Path, staff: str) -> bool:
        """Replace the records with ``backup`` (the current ones are backed up first)."""
        from readiness.protection.backups import restore_backup
        from readiness.store import audit
        from readiness.store.database import DatabaseLocation, open_database, stretched_key

        location = self.location
        if location is None or location.key is None or self.db is None:
            return False
        key = location.key
        self._window.intake.shutdown()
        self._window.person.stop()
        self._tasks.cancel_all()
        self._tasks.wait(3000)
        self.db.close()
        self.db = None
        restored = True
        try:
            run_while_waiting(
                self._tasks,
                lambda: restore_backup(backup, location.path, key, folder=self.backup_folder()),
                self._window,
                _("Restoring the records…"),
            )
        except ReadinessError as exc:
            restored = False  # nothing was replaced: the records reopen as they were
            show_error(self._window, error_text(exc))
        if restored:  # the file now holds the backup: stretch the key for its salt
            key = run_while_waiting(
                self._tasks,
                lambda: stretched_key(location.path, key),
                self._window,
                _("Opening the records…"),
            )
            self.location = DatabaseLocation(location.path, key)
            self._window.location = self.location
        db = open_database(location.path, key=key)
        self.db = db
        self._window.attach_database(db)
        if restored:
            audit.record(
                db, audit.AuditAction.RESTORED, staff=staff, detail=f"backup {backup.name}"[:200]
            )
        return restored

    def open_data_protection(
        self, save: Callable[[Settings], None], current: Callable[[], Settings]
    ) -> None:
        """Settings → Data protection: passphrase, lock, backups, retention, erasure, audit."""
        from ui.dialogs_data import DataProtectionDialog
        from ui.pages.data_protection import DataProtectionPage

        if self.db is None or self.location is None or self._window.practice:
            return

        def save_protection(new: Settings) -> None:
            save(new)
            self._window.settings.keep_settings(new.validated())

        page = DataProtectionPage(self.db, self.location, current(), save_protection, self._tasks)
        page.key_changed.connect(self.set_key)
        page.settings_saved.connect(self.apply_settings)
        page.records_deleted.connect(self._after_deletion)
        requested: list[Path] = []
        page.restore_requested.connect(requested.append)
        dialog = DataProtectionDialog(page, parent=self._window)
        dialog.exec()
        dialog.deleteLater()  # the page goes with it
        if requested:
            self.restore(requested[0], current().staff_initials)

    def _after_deletion(self) -> None:
        """A person was erased or old assessments purged: drop what the window still shows."""
        from ui.main_window import INTAKE, PERSON

        window = self._window
        opened = window.intake.assessment
        records = window.records
        if opened is not None and records is not None and not records.exists(opened.id):
            window.intake.close_intake()
            window.navigation.item(INTAKE).setHidden(True)
        window.navigation.item(PERSON).setHidden(True)
        window.home.refresh()


class _FileAsker:
    """Scripted runs (``READINESS_PASSPHRASE_FILE`` set): the key comes from the file."""

    def __init__(self, key: DatabaseKey) -> None:
        self._key = key
        self._tried = False

    def new_passphrase(self, *, encrypting_existing: bool) -> tuple[DatabaseKey, bool] | None:  # noqa: ARG002
        return self._key, False

    def passphrase(self, path: Path, failures: int, message: str) -> DatabaseKey | str | None:  # noqa: ARG002
        if self._tried:
            return None  # the file's key did not open it: stop, never loop
        self._tried = True
        return self._key

    def start_again(self, path: Path) -> bool:  # noqa: ARG002
        return False

    def error(self, message: str) -> None:
        import sys

        print(f"readiness: error: {message}", file=sys.stderr)


def _scripted_asker() -> _FileAsker | None:
    import os

    from readiness.cli.unlock import PASSPHRASE_FILE_ENV, passphrase_file_key

    value = os.environ.get(PASSPHRASE_FILE_ENV, "").strip()
    if not value:
        return None
    try:
        return _FileAsker(passphrase_file_key(Path(value)))
    except ReadinessError:
        return None
