"""New intake: choose or create the service user by code, then start a draft assessment.

The code is a pseudonym; a preferred name is optional and is shown only on this
computer's screen. If the code is already known, the new assessment is a
reassessment of the same person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from readiness.model import normalize_code
from readiness.settings import Settings

from ..language import _, error_text

if TYPE_CHECKING:
    from readiness.session.records import Records


class NewIntakePage(QWidget):
    """The form that starts an intake.

    Signals:
        intake_started(session: IntakeSession) - the new intake, opened
    """

    intake_started = Signal(object)

    def __init__(self, records: Records | None, settings: Settings) -> None:
        super().__init__()
        self._records = records
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setMaxLength(32)
        self.preferred_name = QLineEdit()
        self.preferred_name.setMaxLength(80)
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("Español", "es")
        self.staff = QLineEdit()
        self.staff.setMaxLength(5)
        self.known_label = QLabel()
        self.known_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.start_button = QPushButton()
        self.start_button.setDefault(True)

        self.form = QFormLayout()
        self.code_label = QLabel()
        self.name_label = QLabel()
        self.language_label = QLabel()
        self.staff_label = QLabel()
        for label, field in (
            (self.code_label, self.code),
            (self.name_label, self.preferred_name),
            (self.language_label, self.language),
            (self.staff_label, self.staff),
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.known_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.code.textChanged.connect(self._on_code_changed)
        self.code.returnPressed.connect(self.start)
        self.staff.returnPressed.connect(self.start)
        self.start_button.clicked.connect(self.start)
        self.apply_settings(settings)
        self.retranslate()

    def set_records(self, records: Records) -> None:
        self._records = records

    def apply_settings(self, settings: Settings) -> None:
        """Take the default language and staff initials from Settings."""
        self.staff.setText(settings.staff_initials)
        index = self.language.findData(settings.default_locale)
        self.language.setCurrentIndex(max(index, 0))

    def retranslate(self) -> None:
        self.title.setText(_("New intake"))
        self.intro.setText(
            _(
                "Use the person's code, not their name. A preferred name is optional: "
                "it is shown only on this screen and never printed or exported."
            )
        )
        self.code_label.setText(_("Service-user &code"))
        self.code.setPlaceholderText(_("for example AB12-0042"))
        self.code.setAccessibleName(_("Service-user code"))
        self.code.setAccessibleDescription(_("2 to 32 letters, digits, dashes or dots"))
        self.name_label.setText(_("&Preferred name (optional)"))
        self.preferred_name.setAccessibleName(_("Preferred name, optional"))
        self.preferred_name.setAccessibleDescription(_("Shown only on this screen"))
        self.language_label.setText(_("&Language of the intake"))
        self.language.setAccessibleName(_("Language of the intake"))
        self.staff_label.setText(_("S&taff initials"))  # Alt+S is Start
        self.staff.setAccessibleName(_("Staff initials"))
        self.start_button.setText(_("&Start intake"))
        self.start_button.setAccessibleName(_("Start intake"))
        self._on_code_changed(self.code.text())

    def reset(self) -> None:
        """Clear the person's details for the next intake."""
        self.code.clear()
        self.preferred_name.clear()
        self.error_label.clear()
        self.code.setFocus()

    def _on_code_changed(self, text: str) -> None:
        self.error_label.clear()
        self.known_label.clear()
        if self._records is None or not text.strip():
            return
        try:
            code = normalize_code(text)
        except ValueError:
            return
        user = self._records.find_person(code)
        if user is not None:
            count = len(self._records.person_assessments(user.id))
            self.known_label.setText(
                _("{code} is known: this will be a reassessment ({count} earlier).").format(
                    code=code, count=count
                )
            )

    def start(self) -> None:
        """Create (or find) the service user and start a draft assessment."""
        if self._records is None:
            return
        try:
            code = normalize_code(self.code.text())
        except ValueError:
            self.error_label.setText(
                _("Please enter a code of 2 to 32 letters or digits, with no spaces.")
            )
            self.code.setFocus()
            return
        try:
            session = self._records.start_intake(
                code,
                preferred_name=self.preferred_name.text(),
                locale=str(self.language.currentData()),
                staff_initials=self.staff.text(),
            )
        except ReadinessError as exc:
            self.error_label.setText(error_text(exc))
            return
        self.intake_started.emit(session)
