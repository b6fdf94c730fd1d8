"""Settings: the worker's defaults, how the app looks, the agency's files, and where the data lives.

The text size and high contrast take effect as they are chosen (``look_changed``), so
the worker sees them before saving. Edits are kept only by Save settings: leaving the
page with edits not saved asks first (``ask_before_leaving``): save them, discard them
(the look goes back to the saved one), or stay on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.settings import Settings

from ..language import _, error_text
from ..theme import TEXT_SIZES
from ..widgets.flow_layout import FlowLayout
from ..widgets.scroll import scrolling
from ..widgets.wrapping_form import WrappingForm
from .settings_files import (
    AgencyQuestionnaires,
    check_agency_files,
    choose_file,
    choose_files,
    file_row,
)
from .settings_leaving import CANCEL, DISCARD, SAVE, ask_to_save
from .settings_speed import SpeedTestFields


class SettingsPage(QWidget):
    """Edit and save the settings; shows the database location.

    Signals:
        saved()
        look_changed(int, str): the text size (percent) and high contrast (``system``,
            ``on`` or ``off``) to show now: chosen, or put back when edits are discarded.
    """

    saved = Signal()
    look_changed = Signal(int, str)
    about_requested = Signal()
    data_protection_requested = Signal()
    agency_server_requested = Signal()

    def __init__(self, settings: Settings, db_path: Path, save: Callable[[Settings], None]) -> None:
        super().__init__()
        self._save = save
        self._db_path = db_path
        self._settings = settings
        self._shown: dict[str, Any] = {}
        self.leave_question: QMessageBox | None = None
        """The question asked while the worker leaves with edits not saved (None: none)."""
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("Español", "es")
        self.text_size = QComboBox()
        self.contrast = QComboBox()
        for choice in ("system", "on", "off"):
            self.contrast.addItem("", choice)
        for combo in (self.text_size, self.contrast):
            combo.activated.connect(lambda _index: self._show_look())
        self.staff = QLineEdit()
        self.staff.setMaxLength(5)
        self.agency = QLineEdit()
        self.agency.setMaxLength(120)
        self.agency_contact = QPlainTextEdit()
        self.agency_contact.setTabChangesFocus(True)
        self.agency_logo = QLineEdit()
        self.agency_logo.setClearButtonEnabled(True)
        self.logo_browse = QPushButton()
        self.logo_browse.clicked.connect(self._choose_logo)
        self.thresholds_file = QLineEdit()
        self.thresholds_file.setClearButtonEnabled(True)
        self.thresholds_browse = QPushButton()
        self.thresholds_browse.clicked.connect(self._choose_thresholds)
        self.questionnaires = AgencyQuestionnaires()
        self.instrument_list = self.questionnaires.files_list
        self.rules_files = QLineEdit()
        self.rules_files.setClearButtonEnabled(True)
        self.rules_browse = QPushButton()
        self.rules_browse.clicked.connect(self._choose_rules)
        self.reassess = QSpinBox()
        self.reassess.setRange(0, 3650)  # the bounds the settings file accepts
        self.speed = SpeedTestFields()
        self.speed_backend, self.speed_server = self.speed.backend, self.speed.server
        self.data_location = QLabel()
        self.data_location.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.questionnaires.told.connect(self._tell)

        self.labels: dict[str, QLabel] = {}
        body = WrappingForm()
        form = body.form
        for name, field, buddy in (
            ("language", self.language, self.language),
            ("text_size", self.text_size, self.text_size),
            ("contrast", self.contrast, self.contrast),
            ("staff", self.staff, self.staff),
            ("reassess", self.reassess, self.reassess),
            ("agency", self.agency, self.agency),
            ("contact", self.agency_contact, self.agency_contact),
            ("logo", file_row(self.agency_logo, self.logo_browse), self.agency_logo),
            (
                "thresholds",
                file_row(self.thresholds_file, self.thresholds_browse),
                self.thresholds_file,
            ),
            ("questionnaires", self.questionnaires, self.instrument_list),
            ("rules", file_row(self.rules_files, self.rules_browse), self.rules_files),
            ("speed", self.speed, self.speed_backend),
            ("data", self.data_location, self.data_location),
        ):
            label = self.labels[name] = QLabel()
            label.setBuddy(buddy)
            form.addRow(label, field)

        self.about_button = QPushButton()
        self.about_button.clicked.connect(self.about_requested)
        self.protection_button = QPushButton()
        self.protection_button.clicked.connect(self.data_protection_requested)
        self.agency_button = QPushButton()
        self.agency_button.clicked.connect(self.agency_server_requested)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        buttons = FlowLayout()
        for button in (
            self.save_button,
            self.about_button,
            self.protection_button,
            self.agency_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.show_settings(settings)
        self.retranslate()
        self._size_to_text()

    # -- what the page shows ---------------------------------------------------------------

    def show_settings(self, settings: Settings) -> None:
        """Show ``settings`` in the fields; they are the saved ones from now on."""
        self._settings = settings
        self.language.setCurrentIndex(max(self.language.findData(settings.default_locale), 0))
        self._list_text_sizes(settings.text_size)
        self.contrast.setCurrentIndex(max(0, self.contrast.findData(settings.high_contrast)))
        self.staff.setText(settings.staff_initials)
        self.reassess.setValue(settings.reassess_after_days)
        self.agency.setText(settings.agency_name)
        self.agency_contact.setPlainText(settings.agency_contact)
        self.agency_logo.setText(settings.agency_logo)
        self.thresholds_file.setText(settings.thresholds_file)
        self.rules_files.setText("; ".join(settings.rules_files))
        self.speed.show_settings(settings.speed_test_backend, settings.speed_test_server)
        self.questionnaires.show_files(settings.instrument_files)
        self._shown = self._edits()

    def _list_text_sizes(self, chosen: int) -> None:
        """The sizes offered, with ``chosen`` among them (a settings file may hold any size)."""
        self.text_size.clear()
        for size in sorted({*TEXT_SIZES, chosen}):
            self.text_size.addItem(f"{size} %", size)
        self.text_size.setCurrentIndex(self.text_size.findData(chosen))

    def retranslate(self) -> None:
        self.title.setText(_("Settings"))
        texts = {
            "language": _("Default &language"),
            "text_size": _("Te&xt size"),
            "contrast": _("High co&ntrast"),
            "staff": _("Your &initials"),
            "reassess": _("Reassess after (da&ys)"),
            "agency": _("&Agency name"),
            "contact": _("Agency &contact"),
            "logo": _("Agency l&ogo"),
            "thresholds": _("Agency &thresholds file"),
            "questionnaires": _("Agency &questionnaires"),
            "rules": _("Agency &rules files"),
            "speed": _("Speed t&est"),
            "data": _("Data location"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.language.setAccessibleName(_("Default language"))
        self.text_size.setAccessibleName(_("Text size"))
        self.text_size.setAccessibleDescription(
            _("Changes the text of the whole app at once. Save settings to keep it.")
        )
        for index, text in enumerate(
            (_("As the computer is set"), _("Always on"), _("Always off"))
        ):
            self.contrast.setItemText(index, text)
        self.contrast.setAccessibleName(_("High contrast"))
        self.contrast.setAccessibleDescription(
            _("Black text on white with strong borders. Save settings to keep it.")
        )
        self.staff.setAccessibleName(_("Your initials"))
        self.staff.setAccessibleDescription(_("Recorded with each intake you start"))
        self.reassess.setSpecialValueText(_("Never"))
        self.reassess.setAccessibleName(_("Reassess after, in days"))
        self.reassess.setAccessibleDescription(
            _("Home lists people whose last assessment is this many days old. 0 means never.")
        )
        self.agency.setAccessibleName(_("Agency name"))
        self.agency_contact.setAccessibleName(_("Agency contact"))
        self.agency_contact.setAccessibleDescription(
            _("Phone, address and hours, printed on the service user's copy")
        )
        self.agency_contact.setPlaceholderText(_("Phone, address, hours"))
        self.agency_logo.setAccessibleName(_("Agency logo file"))
        self.agency_logo.setAccessibleDescription(_("Optional. A PNG or JPEG shown on reports"))
        self.agency_logo.setPlaceholderText(_("No logo"))
        self.logo_browse.setText(_("Choose lo&go…"))
        self.logo_browse.setAccessibleName(_("Choose a logo file"))
        self.thresholds_file.setPlaceholderText(_("Built-in thresholds"))
        self.thresholds_file.setAccessibleName(_("Agency thresholds file"))
        self.thresholds_file.setAccessibleDescription(
            _("Optional. A YAML file that changes some of the built-in thresholds")
        )
        self.thresholds_browse.setText(_("C&hoose…"))
        self.thresholds_browse.setAccessibleName(_("Choose a thresholds file"))
        self.rules_files.setPlaceholderText(_("Built-in rules"))
        self.rules_files.setAccessibleName(_("Agency rules files"))
        self.rules_files.setAccessibleDescription(
            _("Optional. Files that change weights, rules or recommendations (separate with ;)")
        )
        self.rules_browse.setText(_("Choose &files…"))
        self.rules_browse.setAccessibleName(_("Choose agency rules files"))
        self.speed.retranslate()
        self.questionnaires.retranslate()
        # A path has no spaces: a zero-width space after each separator lets it wrap.
        path = str(self._db_path)
        self.data_location.setText(path.replace("/", "/\u200b").replace("\\", "\\\u200b"))
        self.data_location.setAccessibleName(_("Data location: {path}").format(path=path))
        self.about_button.setText(_("A&bout and sources"))
        self.about_button.setAccessibleName(_("About Readiness and its sources"))
        self.protection_button.setText(_("Data &protection…"))
        self.agency_button.setText(_("Agency ser&ver…"))
        self.agency_button.setAccessibleName(
            _("Agency server: last sync, what is waiting, joining with a code")
        )
        self.protection_button.setAccessibleName(
            _("Passphrase, backups, erasing a person and the audit log")
        )
        self.save_button.setText(_("&Save settings"))
        self.save_button.setAccessibleName(_("Save settings"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_to_text()

    def _size_to_text(self) -> None:
        """Boxes of several lines keep room for a few lines of text at any text size."""
        line = self.fontMetrics().lineSpacing()
        self.agency_contact.setFixedHeight(3 * line + 16)
        self.instrument_list.setMinimumHeight(3 * line + 8)
        self.instrument_list.setMaximumHeight(5 * line + 8)

    # -- the look, shown as it is chosen ---------------------------------------------------

    def _look(self) -> tuple[int, str]:
        return int(self.text_size.currentData()), str(self.contrast.currentData())

    def _show_look(self) -> None:
        self.look_changed.emit(*self._look())

    # -- files -----------------------------------------------------------------------------

    def _choose_thresholds(self) -> None:
        kinds = _("Thresholds (*.yaml *.yml *.json)")
        path = choose_file(self, _("Agency thresholds file"), kinds)
        if path:
            self.thresholds_file.setText(path)

    def _choose_logo(self) -> None:
        path = choose_file(self, _("Agency logo"), _("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.agency_logo.setText(path)

    def _choose_rules(self) -> None:
        paths = choose_files(self, _("Agency rules files"), _("Rules (*.yaml *.yml)"))
        if paths:
            self.rules_files.setText("; ".join(paths))

    def add_instrument_file(self, path: str) -> bool:
        """Check a questionnaire file and add it; a broken file is refused with the reason."""
        return self.questionnaires.add_file(path)

    # -- saving, and leaving with edits ----------------------------------------------------

    def _tell(self, sentence: str) -> None:
        """Say ``sentence`` above the buttons (the line takes no room while there is none)."""
        self.message.setText(sentence)
        self.message.setVisible(bool(sentence))

    def keep_settings(self, settings: Settings) -> None:
        """Settings saved elsewhere (Data protection), kept when this page saves its fields."""
        self._settings = settings

    def _edits(self) -> dict[str, Any]:
        """The values of the fields on this page, by setting name."""
        text_size, contrast = self._look()
        return {
            "default_locale": str(self.language.currentData()),
            "text_size": text_size,
            "high_contrast": contrast,
            "staff_initials": self.staff.text(),
            "reassess_after_days": self.reassess.value(),
            "agency_name": self.agency.text(),
            "agency_contact": self.agency_contact.toPlainText(),
            "agency_logo": self.agency_logo.text().strip(),
            "thresholds_file": self.thresholds_file.text().strip(),
            "instrument_files": self.questionnaires.files(),
            "rules_files": tuple(
                name.strip() for name in self.rules_files.text().split(";") if name.strip()
            ),
            **self.speed.values(),
        }

    def has_unsaved_edits(self) -> bool:
        """Whether a field shows something other than the settings last shown or saved."""
        return self._edits() != self._shown

    def discard_edits(self) -> None:
        """Show the saved settings again, and the saved look if another one was shown."""
        shown_look = self._look()
        self.show_settings(self._settings)
        if self._look() != shown_look:
            self._show_look()

    def save(self) -> bool:
        """Check and save the fields; False (with the reason shown) when they were not saved."""
        try:
            settings = replace(self._settings, **self._edits()).validated()
            check_agency_files(settings)
            self._save(settings)
        except (ReadinessError, OSError) as exc:
            self._tell(_("Not saved: {reason}").format(reason=error_text(exc)))
            return False
        self.show_settings(settings)
        self._tell(_("Settings saved."))
        self.saved.emit()
        return True

    def ask_before_leaving(self, leave: Callable[[], object]) -> None:
        """Call ``leave`` once the edits are saved or discarded (at once if there are none).

        The question does not block: the worker answers Save settings, Discard changes
        or Cancel (stay here, Esc) by keyboard or mouse, and ``leave`` runs after Save
        (only if the settings were saved) or Discard.
        """
        if not self.has_unsaved_edits():
            leave()
            return
        if self.leave_question is not None:
            self.leave_question.activateWindow()
            return

        def answered(answer: str) -> None:
            self.leave_question = None
            self.window().activateWindow()  # the keyboard goes back where it was
            if answer == SAVE and not self.save():
                return  # the message says why; the worker stays to fix it
            if answer == DISCARD:
                self.discard_edits()
            if answer != CANCEL:
                leave()

        self.leave_question = ask_to_save(self, answered)
