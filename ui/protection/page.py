"""Data protection: passphrase, app lock, backups, retention, erasure, audit log, sealed exports.

Shown from Settings in a dialog (``ui.protection.dialog.DataProtectionDialog``) built
afresh each time with the open records and the settings in force, so it never shows
practice records or records that were restored since. This page lays out the
settings and saves them; the actions themselves (and their threads) are in
``ui.protection.actions``, the audit log in ``ui.protection.audit_table``. A new
passphrase reopens the records (``OpenRecords``), and the page reads them afresh. A
restore cannot happen while the app holds the file open, so the page only asks for
it (``restore_requested``) and ``ui.protection.session`` closes the records,
restores and opens them again.

Signals:
    restore_requested(Path)
    settings_saved(Settings)
    records_deleted()   people or assessments were erased or purged
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.protection.backups import BackupInfo, backup_set_for, list_backups
from readiness.settings import Settings

from ..language import _, error_text, format_datetime
from ..tasks import TaskRunner
from .actions import DataActions, checked_settings, describe_public_key, size_text
from .audit_table import AuditTable
from .layout import (
    button,
    field_row,
    flow,
    form,
    group,
    make_table,
    setting_spin,
    text_label,
)
from .questions import DialogQuestions, Questions

if TYPE_CHECKING:
    from readiness.store.database import DatabaseLocation

    from .open_records import OpenRecords


class DataProtectionPage(QWidget):
    """The data-protection settings and actions (see the module docstring)."""

    restore_requested = Signal(object)
    settings_saved = Signal(object)
    records_deleted = Signal()

    def __init__(
        self,
        records: OpenRecords,
        settings: Settings,
        save: Callable[[Settings], None],
        tasks: TaskRunner,
        *,
        questions: Questions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._records, self._settings, self._save, self._tasks = records, settings, save, tasks
        self.questions: Questions = questions or DialogQuestions(self)
        self._backups: list[BackupInfo] = []
        self.operations = DataActions(
            records,
            settings=lambda: self._settings,
            tasks=tasks,
            questions=self.questions,
            parent=self,
        )
        location = records.location
        encrypted = location.key is not None
        title = QLabel(_("Data protection"))
        title.setObjectName("pageTitle")
        content = QWidget()
        sections = QVBoxLayout(content)
        for section in (
            self._passphrase_section(encrypted),
            self._lock_section(),
            self._backup_section(location),
            self._retention_section(),
            self._erase_section(),
            self._audit_section(),
            self._sealing_section(),
        ):
            sections.addWidget(section)
        sections.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(content)
        self.scroll_area.setAccessibleName(_("Data protection settings"))
        self.message = text_label("", _("Message"))
        self.save_button = button(_("&Save settings"), _("Save the data protection settings"))
        self.save_button.clicked.connect(self.save_settings)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(bottom)
        self.show_settings(settings)

    # -- the sections ---------------------------------------------------------------

    def _passphrase_section(self, encrypted: bool) -> QGroupBox:
        self.change_button = button(_("Change &passphrase…"), _("Change the passphrase"))
        self.change_button.clicked.connect(self.change_passphrase)
        self.change_button.setEnabled(encrypted)
        about = (
            _("The records and their backups are encrypted with the passphrase.")
            if encrypted
            else _("Practice records hold fictional people. They have no passphrase.")
        )
        lost = _(
            "If the passphrase is lost, nobody can read these records or their backups: not "
            "you, not your agency, and not the people who made this app. First ask your agency "
            'whether it keeps a copy. If it is truly lost, choose "I have lost the passphrase" '
            "when the app asks for it. The app then starts again with empty records and keeps "
            "the locked file, renamed, in case the passphrase is found later."
        )
        return group(
            _("Passphrase"),
            about,
            flow(self.change_button),
            text_label(lost, _("If the passphrase is lost")),
        )

    def _lock_section(self) -> QGroupBox:
        self.lock_minutes = setting_spin(
            "lock_after_minutes", _("Minutes without use before the lock")
        )
        return group(
            _("App lock"),
            _(
                "The app locks after some minutes without use, and when the computer "
                "sleeps. Ctrl+L locks it at once. The passphrase unlocks it."
            ),
            form((_("&Lock after this many minutes:"), self.lock_minutes, None)),
        )

    def _backup_section(self, location: DatabaseLocation) -> QGroupBox:
        encrypted = location.key is not None
        self.backup_count = setting_spin("backup_count", _("How many backups to keep"))
        self.backup_count.setSpecialValueText(_("None (automatic backups off)"))
        self.backup_days = setting_spin("backup_every_days", _("Days between automatic backups"))
        self.backup_space = setting_spin("backup_megabytes", _("Most space for backups, in MB"))
        self.backup_space.setSpecialValueText(_("No limit"))
        self.backup_folder = QLineEdit()
        self.backup_folder.setClearButtonEnabled(True)
        self.backup_folder.setPlaceholderText(_("Beside the records"))
        self.backup_folder.setToolTip(str(backup_set_for(location.path).folder))
        self.backup_folder.setAccessibleName(_("Backup folder"))
        self.backup_folder.setAccessibleDescription(_("Empty: a backups folder beside the records"))
        self.folder_button = button(_("C&hoose folder…"), _("Choose the backup folder"))
        self.folder_button.clicked.connect(self._choose_folder)
        folder_row = field_row(self.backup_folder, self.folder_button)
        self.backup_list = make_table([_("Made"), _("Size")], _("Backups, newest first"), 8)
        self.backup_button = button(_("&Back up now"), _("Make a backup now"))
        self.restore_button = button(_("&Restore…"), _("Restore the selected backup"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.backup_status = text_label("", _("Backup status"))
        self.backup_button.setEnabled(encrypted)
        self.restore_button.setEnabled(encrypted)
        about = (
            _(
                "Backups are encrypted with the passphrase. The app makes one in the "
                "background after it starts, when the newest is as old as the days set "
                "here. The oldest are removed to keep the number and the space below."
            )
            if encrypted
            else _("Practice records are not backed up.")
        )
        return group(
            _("Backups"),
            about,
            form(
                (_("Back up e&very (days):"), self.backup_days, None),
                (_("Backups to &keep:"), self.backup_count, None),
                (_("Space for backups (&MB):"), self.backup_space, None),
                (_("Backup &folder:"), folder_row, self.backup_folder),
            ),
            self.backup_list,
            flow(self.backup_button, self.restore_button),
            self.backup_status,
        )

    def _retention_section(self) -> QGroupBox:
        self.retention = setting_spin("retention_days", _("Days to keep assessments"))
        self.retention.setSpecialValueText(_("Keep them"))
        self.purge_button = button(_("P&urge now…"), _("Delete old assessments now"))
        self.purge_button.clicked.connect(self.purge_now)
        return group(
            _("Keeping assessments"),
            _(
                "Assessments not changed for this many days can be deleted, with people "
                "left with no assessment. 0 keeps them until a person is erased."
            ),
            form((_("Delete assessments not changed for (&days):"), self.retention, None)),
            flow(self.purge_button),
        )

    def _erase_section(self) -> QGroupBox:
        self.erase_code = QLineEdit()
        self.erase_code.setMaxLength(32)
        self.erase_code.setAccessibleName(_("Code of the service user to erase"))
        self.erase_button = button(_("&Erase…"), _("Erase this service user"))
        self.erase_button.clicked.connect(self.erase_person)
        self.erase_code.returnPressed.connect(self.erase_person)
        return group(
            _("Erase a service user"),
            _(
                "When a person asks for it, delete them with all their assessments and "
                "answers. You will see what will be deleted before anything is."
            ),
            form((_("Service-user &code:"), self.erase_code, None)),
            flow(self.erase_button),
        )

    def _audit_section(self) -> QGroupBox:
        self.audit = AuditTable(
            self._records,
            self._tasks,
            self.questions,
            staff=lambda: self._settings.staff_initials,
            public_key=lambda: self._settings.agency_public_key,
        )
        return group(
            _("Audit log"),
            _("Who did what, and when. It never holds names or answers."),
            self.audit,
        )

    def _sealing_section(self) -> QGroupBox:
        self.public_key = QLineEdit()
        self.public_key.setClearButtonEnabled(True)
        self.public_key.setPlaceholderText(_("Not set"))
        self.public_key.setAccessibleName(_("Agency public key file"))
        self.key_button = button(_("Choose key f&ile…"), _("Choose the agency's public key file"))
        self.key_button.clicked.connect(self._choose_key)
        key_row = field_row(self.public_key, self.key_button)
        self.key_status = text_label("", _("About the agency public key"))
        return group(
            _("Sealed exports"),
            _(
                "Exports can be sealed to your agency's public key. A sealed file can only "
                "be opened at the agency, with its private key: not on this computer, and "
                "not by anyone who finds the file. Without a key, exports are plain files "
                "and the app warns before writing one."
            ),
            form((_("A&gency public key:"), key_row, self.public_key)),
            self.key_status,
        )

    # -- settings -------------------------------------------------------------------

    def show_settings(self, settings: Settings) -> None:
        self.lock_minutes.setValue(settings.lock_after_minutes)
        self.backup_count.setValue(settings.backup_count)
        self.backup_days.setValue(settings.backup_every_days)
        self.backup_space.setValue(settings.backup_megabytes)
        self.backup_folder.setText(settings.backup_folder)
        self.retention.setValue(settings.retention_days)
        self.public_key.setText(settings.agency_public_key)
        self._describe_key(settings.agency_public_key)
        self.refresh_backups()

    def edited_settings(self) -> Settings:
        return replace(
            self._settings,
            lock_after_minutes=self.lock_minutes.value(),
            backup_count=self.backup_count.value(),
            backup_every_days=self.backup_days.value(),
            backup_megabytes=self.backup_space.value(),
            backup_folder=self.backup_folder.text().strip(),
            retention_days=self.retention.value(),
            agency_public_key=self.public_key.text().strip(),
        )

    def has_unsaved_changes(self) -> bool:
        return self.edited_settings() != self._settings

    def save_settings(self) -> bool:
        """Check and save the settings on this page; the message says how it went."""
        try:
            settings = checked_settings(self.edited_settings())
            self._save(settings)
        except (ReadinessError, OSError) as exc:
            self.message.setText(_("Not saved: {reason}").format(reason=error_text(exc)))
            return False
        self._settings = settings
        self.show_settings(settings)
        self.message.setText(_("Settings saved."))
        self.settings_saved.emit(settings)
        return True

    def _describe_key(self, path: str) -> bool:
        """Show the key's fingerprint, or why the file cannot be used; True if it can."""
        usable, words = describe_public_key(path)
        self.key_status.setText(words)
        return usable

    def _choose_key(self) -> None:
        chosen = self.questions.open_path(
            _("Agency public key"), _("Public keys (*.pem *.pub *.crt);;All files (*)")
        )
        if chosen is None:
            return
        if self._describe_key(str(chosen)):
            self.public_key.setText(str(chosen))
        else:
            self.questions.error(self.key_status.text())

    def _choose_folder(self) -> None:
        start = self.backup_folder.text() or str(self.operations.backup_folder())
        chosen = self.questions.folder(_("Backup folder"), start)
        if chosen is not None:
            self.backup_folder.setText(str(chosen))

    # -- actions ------------------------------------------------------------------

    def change_passphrase(self) -> None:
        self.operations.change_passphrase()

    def refresh_backups(self) -> None:
        """List the backups in the saved backup folder, newest first."""
        backups = self.operations.backup_set()
        folder = backups.folder
        self._backups = list_backups(backups)
        self.backup_list.setRowCount(len(self._backups))
        for row, info in enumerate(self._backups):
            for column, text in enumerate((format_datetime(info.time), size_text(info.size))):
                self.backup_list.setItem(row, column, QTableWidgetItem(text))
        if self._backups:
            self.backup_list.selectRow(0)
        self.backup_status.setText(
            _("Folder: {path}").format(path=folder)
            if self._backups
            else _("No backups yet in {path}.").format(path=folder)
        )

    def back_up_now(self) -> None:
        def finished(words: str) -> None:
            self.backup_button.setEnabled(True)
            self.refresh_backups()
            self.backup_status.setText(words)

        self.backup_button.setEnabled(False)
        self.backup_status.setText(_("Making a backup…"))
        self.operations.back_up(finished)

    def restore_selected(self) -> None:
        rows = self.backup_list.selectionModel().selectedRows()
        if not rows:
            self.questions.error(_("Choose a backup in the list first."))
            return
        info = self._backups[rows[0].row()]
        if self.operations.confirm_restore(info):
            self.restore_requested.emit(info.path)

    def purge_now(self) -> None:
        if self.operations.purge(self.retention.value()):
            self._after_deleting()

    def erase_person(self) -> None:
        if self.operations.erase(self.erase_code.text()):
            self.erase_code.clear()
            self._after_deleting()

    def _after_deleting(self) -> None:
        self.audit.refresh(shown_anew=False)
        self.records_deleted.emit()
