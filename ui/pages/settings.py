"""Settings: the worker's defaults and where the data lives."""

from __future__ import annotations

from collections.abc import Callable
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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.i18n import _
from readiness.settings import Settings


class SettingsPage(QWidget):
    """Edit and save the settings; shows the database location.

    Signals:
        saved()
    """

    saved = Signal()

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
        self.thresholds_label = QLabel()
        self.instruments_label = QLabel()
        self.data_label = QLabel()
        form = QFormLayout()
        for label, field in (
            (self.language_label, self.language),
            (self.staff_label, self.staff),
            (self.agency_label, self.agency),
            (self.thresholds_label, thresholds_row),
            (self.instruments_label, instruments_box),
            (self.data_label, self.data_location),
        ):
            buddy = {thresholds_row: self.thresholds_file, instruments_box: self.instrument_list}
            label.setBuddy(buddy.get(field, field))
            form.addRow(label, field)
        buttons = QHBoxLayout()
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
        self.language.setCurrentIndex(max(self.language.findData(settings.default_locale), 0))
        self.staff.setText(settings.staff_initials)
        self.agency.setText(settings.agency_name)
        self.thresholds_file.setText(settings.thresholds_file)
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
        self.thresholds_label.setText(_("Agency &thresholds file"))
        self.thresholds_file.setPlaceholderText(_("Built-in thresholds"))
        self.thresholds_file.setAccessibleName(_("Agency thresholds file"))
        self.thresholds_file.setAccessibleDescription(
            _("Optional. A YAML file that changes some of the built-in thresholds")
        )
        self.thresholds_browse.setText(_("C&hoose…"))
        self.thresholds_browse.setAccessibleName(_("Choose a thresholds file"))
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
        self.save_button.setText(_("&Save settings"))
        self.save_button.setAccessibleName(_("Save settings"))

    def _choose_thresholds(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, _("Agency thresholds file"), "", _("Thresholds (*.yaml *.yml *.json)")
        )
        if path:
            self.thresholds_file.setText(path)

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

    def save(self) -> None:
        settings = Settings(
            default_locale=str(self.language.currentData()),
            staff_initials=self.staff.text(),
            agency_name=self.agency.text(),
            thresholds_file=self.thresholds_file.text().strip(),
            instrument_files=tuple(
                str(self.instrument_list.item(row).data(Qt.ItemDataRole.UserRole))
                for row in range(self.instrument_list.count())
            ),
        )
        try:
            if settings.thresholds_file:
                from readiness.thresholds import load_thresholds

                load_thresholds(Path(settings.thresholds_file))  # refuse a broken file now
            self._save(settings)
        except (ReadinessError, OSError) as exc:
            self.message.setText(_("Not saved: {reason}").format(reason=exc))
            return
        self.message.setText(_("Settings saved."))
        self.saved.emit()
