"""Settings: the worker's defaults and where the data lives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.settings import Settings

from ..language import _, error_text


class SettingsPage(QWidget):
    """Edit and save the settings; shows the database location.

    Signals:
        saved()
    """

    saved = Signal()
    about_requested = Signal()
    data_protection_requested = Signal()

    def __init__(self, settings: Settings, db_path: Path, save: Callable[[Settings], None]) -> None:
        super().__init__()
        self._save = save
        self._db_path = db_path
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("Español", "es")
        self.staff = QLineEdit()
        self.staff.setMaxLength(5)
        self.agency = QLineEdit()
        self.agency.setMaxLength(120)
        self.agency_contact = QPlainTextEdit()
        self.agency_contact.setMaximumHeight(70)
        self.agency_contact.setTabChangesFocus(True)
        self.agency_logo = QLineEdit()
        self.agency_logo.setClearButtonEnabled(True)
        self.logo_browse = QPushButton()
        self.logo_browse.clicked.connect(self._choose_logo)
        logo_row = QWidget()
        logo_layout = QHBoxLayout(logo_row)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.addWidget(self.agency_logo, 1)
        logo_layout.addWidget(self.logo_browse)
        self.thresholds_file = QLineEdit()
        self.thresholds_file.setClearButtonEnabled(True)
        self.thresholds_browse = QPushButton()
        self.thresholds_browse.clicked.connect(self._choose_thresholds)
        thresholds_row = QWidget()
        row_layout = QHBoxLayout(thresholds_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.thresholds_file, 1)
        row_layout.addWidget(self.thresholds_browse)
        self.instrument_list = QListWidget()
        self.instrument_list.setMaximumHeight(110)
        self.instrument_add = QPushButton()
        self.instrument_add.clicked.connect(self._choose_instrument)
        self.instrument_remove = QPushButton()
        self.instrument_remove.clicked.connect(self._remove_instrument)
        self.instrument_licence = QLabel()
        self.instrument_licence.setWordWrap(True)
        self.instrument_list.currentRowChanged.connect(self._show_licence)
        instruments_box = QWidget()
        instruments_layout = QVBoxLayout(instruments_box)
        instruments_layout.setContentsMargins(0, 0, 0, 0)
        instruments_layout.addWidget(self.instrument_list)
        instrument_buttons = QHBoxLayout()
        instrument_buttons.addWidget(self.instrument_add)
        instrument_buttons.addWidget(self.instrument_remove)
        instrument_buttons.addStretch(1)
        instruments_layout.addLayout(instrument_buttons)
        instruments_layout.addWidget(self.instrument_licence)
        self.data_location = QLabel()
        self.data_location.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton()

        self.language_label = QLabel()
        self.staff_label = QLabel()
        self.agency_label = QLabel()
        self.contact_label = QLabel()
        self.logo_label = QLabel()
        self.thresholds_label = QLabel()
        self.rules_label = QLabel()
        self.rules_files = QLineEdit()
        self.rules_files.setClearButtonEnabled(True)
        self.rules_browse = QPushButton()
        self.rules_browse.clicked.connect(self._choose_rules)
        rules_row = QWidget()
        rules_layout = QHBoxLayout(rules_row)
        rules_layout.setContentsMargins(0, 0, 0, 0)
        rules_layout.addWidget(self.rules_files, 1)
        rules_layout.addWidget(self.rules_browse)
        self.speed_label = QLabel()
        self.speed_backend = QComboBox()
        for code in ("auto", "librespeed", "speedtest"):
            self.speed_backend.addItem("", code)
        self.speed_server = QLineEdit()
        self.speed_server.setClearButtonEnabled(True)
        speed_row = QWidget()
        speed_layout = QHBoxLayout(speed_row)
        speed_layout.setContentsMargins(0, 0, 0, 0)
        speed_layout.addWidget(self.speed_backend)
        speed_layout.addWidget(self.speed_server, 1)
        self.instruments_label = QLabel()
        self.data_label = QLabel()
        form = QFormLayout()
        for label, field in (
            (self.language_label, self.language),
            (self.staff_label, self.staff),
            (self.agency_label, self.agency),
            (self.contact_label, self.agency_contact),
            (self.logo_label, logo_row),
            (self.thresholds_label, thresholds_row),
            (self.instruments_label, instruments_box),
            (self.rules_label, rules_row),
            (self.speed_label, speed_row),
            (self.data_label, self.data_location),
        ):
            buddy = {
                thresholds_row: self.thresholds_file,
                rules_row: self.rules_files,
                speed_row: self.speed_backend,
                instruments_box: self.instrument_list,
                logo_row: self.agency_logo,
            }
            label.setBuddy(buddy.get(field, field))
            form.addRow(label, field)
        self.about_button = QPushButton()
        self.about_button.clicked.connect(self.about_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.about_button)
        self.protection_button = QPushButton()
        self.protection_button.clicked.connect(self.data_protection_requested)
        buttons.addWidget(self.protection_button)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.show_settings(settings)
        self.retranslate()

    def show_settings(self, settings: Settings) -> None:
        self._settings = settings
        self.language.setCurrentIndex(max(self.language.findData(settings.default_locale), 0))
        self.staff.setText(settings.staff_initials)
        self.agency.setText(settings.agency_name)
        self.agency_contact.setPlainText(settings.agency_contact)
        self.agency_logo.setText(settings.agency_logo)
        self.thresholds_file.setText(settings.thresholds_file)
        self.rules_files.setText("; ".join(settings.rules_files))
        self.speed_backend.setCurrentIndex(
            max(0, self.speed_backend.findData(settings.speed_test_backend))
        )
        self.speed_server.setText(settings.speed_test_server)
        self.instrument_list.clear()
        for path in settings.instrument_files:
            self._add_instrument(path)

    def retranslate(self) -> None:
        self.title.setText(_("Settings"))
        self.language_label.setText(_("Default &language"))
        self.language.setAccessibleName(_("Default language"))
        self.staff_label.setText(_("Your &initials"))
        self.staff.setAccessibleName(_("Your initials"))
        self.staff.setAccessibleDescription(_("Recorded with each intake you start"))
        self.agency_label.setText(_("&Agency name"))
        self.agency.setAccessibleName(_("Agency name"))
        self.contact_label.setText(_("Agency &contact"))
        self.agency_contact.setAccessibleName(_("Agency contact"))
        self.agency_contact.setAccessibleDescription(
            _("Phone, address and hours, printed on the service user's copy")
        )
        self.agency_contact.setPlaceholderText(_("Phone, address, hours"))
        self.logo_label.setText(_("Agency l&ogo"))
        self.agency_logo.setAccessibleName(_("Agency logo file"))
        self.agency_logo.setAccessibleDescription(_("Optional. A PNG or JPEG shown on reports"))
        self.agency_logo.setPlaceholderText(_("No logo"))
        self.logo_browse.setText(_("Choose &logo…"))
        self.logo_browse.setAccessibleName(_("Choose a logo file"))
        self.thresholds_label.setText(_("Agency &thresholds file"))
        self.thresholds_file.setPlaceholderText(_("Built-in thresholds"))
        self.thresholds_file.setAccessibleName(_("Agency thresholds file"))
        self.thresholds_file.setAccessibleDescription(
            _("Optional. A YAML file that changes some of the built-in thresholds")
        )
        self.thresholds_browse.setText(_("C&hoose…"))
        self.thresholds_browse.setAccessibleName(_("Choose a thresholds file"))
        self.rules_label.setText(_("Agency &rules files"))
        self.rules_files.setPlaceholderText(_("Built-in rules"))
        self.rules_files.setAccessibleName(_("Agency rules files"))
        self.rules_files.setAccessibleDescription(
            _("Optional. Files that change weights, rules or recommendations (separate with ;)")
        )
        self.rules_browse.setText(_("Choo&se…"))
        self.rules_browse.setAccessibleName(_("Choose agency rules files"))
        self.speed_label.setText(_("Speed &test"))
        for index, text in enumerate(
            (
                _("Agency server first, then speedtest.net"),
                _("Agency server only"),
                _("speedtest.net only"),
            )
        ):
            self.speed_backend.setItemText(index, text)
        self.speed_backend.setAccessibleName(_("Which speed test to use"))
        self.speed_server.setPlaceholderText(_("Agency server, e.g. https://speed.example.org/"))
        self.speed_server.setAccessibleName(_("Agency speed-test server address"))
        self.speed_server.setAccessibleDescription(
            _("A LibreSpeed-compatible server run by your agency (optional)")
        )
        self.instruments_label.setText(_("Agency &questionnaires"))
        self.instrument_list.setAccessibleName(_("Agency questionnaires"))
        self.instrument_list.setAccessibleDescription(
            _("Questionnaire files your agency holds a licence for")
        )
        self.instrument_add.setText(_("A&dd…"))
        self.instrument_add.setAccessibleName(_("Add a questionnaire file"))
        self.instrument_remove.setText(_("Re&move"))
        self.instrument_remove.setAccessibleName(_("Remove the selected questionnaire"))
        self.instrument_licence.setAccessibleName(_("Licence of the selected questionnaire"))
        self.data_label.setText(_("Data location"))
        self.data_location.setText(str(self._db_path))
        self.data_location.setAccessibleName(_("Data location: {path}").format(path=self._db_path))
        self.about_button.setText(_("A&bout and sources"))
        self.about_button.setAccessibleName(_("About Readiness and its sources"))
        self.protection_button.setText(_("Data &protection…"))
        self.protection_button.setAccessibleName(
            _("Passphrase, backups, erasing a person and the audit log")
        )
        self.save_button.setText(_("&Save settings"))
        self.save_button.setAccessibleName(_("Save settings"))

    def _choose_thresholds(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, _("Agency thresholds file"), "", _("Thresholds (*.yaml *.yml *.json)")
        )
        if path:
            self.thresholds_file.setText(path)

    def _choose_logo(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, _("Agency logo"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.agency_logo.setText(path)

    @staticmethod
    def _check_logo(path: Path) -> None:
        """Refuse a logo the reports could not show (they would leave it out silently)."""
        from PySide6.QtGui import QImageReader

        if not path.is_file():
            raise ReadinessError(_("{path}: no such file").format(path=path))
        if (
            path.suffix.lower() not in (".png", ".jpg", ".jpeg")
            or not QImageReader(str(path)).canRead()
        ):
            raise ReadinessError(_("{path}: not a PNG or JPEG image").format(path=path))

    def _choose_rules(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Agency rules files"), "", _("Rules (*.yaml *.yml)")
        )
        if paths:
            self.rules_files.setText("; ".join(paths))

    @staticmethod
    def _check_rules_and_speed_test(settings: Settings) -> None:
        """Refuse agency files that would be skipped, and a server address that is not usable."""
        from readiness.checks.connection.settings import from_settings
        from readiness.interpret import interpret

        from_settings(settings)  # raises ReadinessError naming the setting
        if settings.rules_files or settings.thresholds_file or settings.instrument_files:
            warnings = interpret(settings).warnings
            if warnings:
                raise ReadinessError(warnings[0])

    def _choose_instrument(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, _("Agency questionnaire"), "", _("Questionnaires (*.yaml *.yml *.json)")
        )
        if path:
            self.add_instrument_file(path)

    def add_instrument_file(self, path: str) -> bool:
        """Check a questionnaire file and add it; a broken file is refused with the reason."""
        from readiness.questionnaire.loader import load_paths

        report = load_paths([Path(path)])
        if report.problems or not report.instruments:
            first = str(report.problems[0]) if report.problems else _("no questionnaire found")
            self.message.setText(_("Not added: {reason}").format(reason=first))
            return False
        self._add_instrument(path)
        self.instrument_list.setCurrentRow(self.instrument_list.count() - 1)
        self.message.setText(_("Added. Save settings to use it."))
        return True

    def _add_instrument(self, path: str) -> None:
        item = QListWidgetItem(Path(path).name)
        item.setData(Qt.ItemDataRole.UserRole, path)
        item.setToolTip(path)
        self.instrument_list.addItem(item)

    def _remove_instrument(self) -> None:
        row = self.instrument_list.currentRow()
        if row >= 0:
            self.instrument_list.takeItem(row)
            self.instrument_licence.clear()

    def _show_licence(self, row: int) -> None:
        if row < 0:
            self.instrument_licence.clear()
            return
        from readiness.questionnaire.loader import load_paths

        path = self.instrument_list.item(row).data(Qt.ItemDataRole.UserRole)
        report = load_paths([Path(str(path))])
        if not report.instruments:
            self.instrument_licence.setText(_("This file cannot be read now."))
            return
        instrument = report.instruments[0]
        licence = instrument.licence
        shared = (
            _("Its wording may be shared in exports.")
            if licence.redistribute_text
            else _("Its wording is never exported.")
        )
        self.instrument_licence.setText(
            f"{instrument.title.get('en')}: {licence.licence} ({licence.holder}). "
            f"{licence.citation} {shared}"
        )

    def keep_settings(self, settings: Settings) -> None:
        """Settings saved elsewhere (Data protection), kept when this page saves its fields."""
        self._settings = settings

    def save(self) -> None:
        settings = replace(
            self._settings,
            default_locale=str(self.language.currentData()),
            staff_initials=self.staff.text(),
            agency_name=self.agency.text(),
            agency_contact=self.agency_contact.toPlainText(),
            agency_logo=self.agency_logo.text().strip(),
            thresholds_file=self.thresholds_file.text().strip(),
            instrument_files=tuple(
                str(self.instrument_list.item(row).data(Qt.ItemDataRole.UserRole))
                for row in range(self.instrument_list.count())
            ),
            rules_files=tuple(f.strip() for f in self.rules_files.text().split(";") if f.strip()),
            speed_test_backend=str(self.speed_backend.currentData()),
            speed_test_server=self.speed_server.text().strip(),
        )
        try:
            if settings.thresholds_file:
                from readiness.thresholds import load_thresholds

                load_thresholds(Path(settings.thresholds_file))  # refuse a broken file now
            if settings.agency_logo:
                self._check_logo(Path(settings.agency_logo))
            self._check_rules_and_speed_test(settings)
            self._save(settings)
        except (ReadinessError, OSError) as exc:
            self.message.setText(_("Not saved: {reason}").format(reason=error_text(exc)))
            return
        self._settings = settings.validated()
        self.message.setText(_("Settings saved."))
        self.saved.emit()
