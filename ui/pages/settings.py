"""Settings: the worker's defaults and where the data lives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
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
        self.data_location = QLabel()
        self.data_location.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton()

        self.language_label = QLabel()
        self.staff_label = QLabel()
        self.agency_label = QLabel()
        self.thresholds_label = QLabel()
        self.data_label = QLabel()
        form = QFormLayout()
        for label, field in (
            (self.language_label, self.language),
            (self.staff_label, self.staff),
            (self.agency_label, self.agency),
            (self.thresholds_label, thresholds_row),
            (self.data_label, self.data_location),
        ):
            label.setBuddy(self.thresholds_file if field is thresholds_row else field)
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

    def save(self) -> None:
        settings = Settings(
            default_locale=str(self.language.currentData()),
            staff_initials=self.staff.text(),
            agency_name=self.agency.text(),
            thresholds_file=self.thresholds_file.text().strip(),
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
