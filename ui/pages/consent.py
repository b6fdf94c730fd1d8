"""Consent: what the intake will check and keep, in plain words, with each part optional.

The service user's choices are kept by the intake session the moment they change
(``readiness.questionnaire.consent``: answers of the ``consent`` record, so they travel
with the assessment and its reports); the steps that follow the consent hear of a
change from the session. A declined part is skipped by its step; the person can
change their mind at any time. The text scrolls when it is large; Space ticks or
clears the focused choice.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from readiness.questionnaire.consent import PARTS

from ..language import _, ngettext
from ..widgets.scroll import scrolling
from ..widgets.wrapping_button import WrappingCheckBox


class ConsentRecord(Protocol):
    """What the consent step needs of the intake (``IntakeSession`` provides it)."""

    def consent(self) -> dict[str, bool | None]: ...

    def set_consent(self, part: str, agreed: bool) -> None: ...


class ConsentStep(QWidget):
    """Three plain-language choices, each saved the moment it changes.

    Signals:
        changed(part: str, agreed: bool)
    """

    changed = Signal(str, bool)

    def __init__(self, record: ConsentRecord, service_user_code: str) -> None:
        super().__init__()
        self._record_to = record
        self._code = service_user_code
        self.heading = QLabel()
        self.heading.setObjectName("stepTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.boxes: dict[str, QCheckBox] = {}
        self.explanations: dict[str, QLabel] = {}
        self.kept = QLabel()
        self.kept.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        choices = record.consent()
        for part in PARTS:
            box = WrappingCheckBox()
            box.setChecked(bool(choices[part]))
            box.toggled.connect(lambda agreed, part=part: self._record(part, agreed))
            explanation = QLabel()
            explanation.setWordWrap(True)
            explanation.setIndent(28)
            self.boxes[part] = box
            self.explanations[part] = explanation
            layout.addWidget(box)
            layout.addWidget(explanation)
        self.no_to_all = QPushButton()
        self.no_to_all.clicked.connect(self.decline_all)
        row = QHBoxLayout()
        row.addWidget(self.no_to_all)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.kept)
        layout.addWidget(self.status)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))
        self._recorded = any(choice is not None for choice in choices.values())
        self.retranslate()

    @property
    def recorded(self) -> bool:
        """True once any choice has been saved."""
        return self._recorded

    def choices(self) -> dict[str, bool]:
        return {part: box.isChecked() for part, box in self.boxes.items()}

    def decline_all(self) -> None:
        """The person says no to every part: each is recorded as declined (a choice too)."""
        for box in self.boxes.values():
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        for part in PARTS:
            self._record_to.set_consent(part, False)
            self.changed.emit(part, False)
        self._recorded = True
        self._update_status()

    def _record(self, part: str, agreed: bool) -> None:
        self._record_to.set_consent(part, agreed)  # the first choice records every part
        self._recorded = True
        self.changed.emit(part, agreed)
        self._update_status()

    def retranslate(self) -> None:
        self.heading.setText(_("Before we start"))
        self.intro.setText(
            _(
                "Read this with the person. Each part is their choice. They can say no to "
                "any part, and change their mind at any time."
            )
        )
        texts = {
            "device_checks": (
                _("Check this computer"),
                _(
                    "We check the parts of this computer, like the camera, the mic, the "
                    "speaker and the battery. We do not look at files, messages or photos."
                ),
            ),
            "connection_test": (
                _("Test the internet connection"),
                _(
                    "We send test data to a speed-test server for about half a minute. "
                    "Nothing about the person is sent."
                ),
            ),
            "questions": (
                _("Ask questions"),
                _(
                    "About phones, internet, costs, skills, health information, needs and "
                    "what the person likes best. Any question can be skipped."
                ),
            ),
        }
        for part, (title, explanation) in texts.items():
            self.boxes[part].setText(title)
            self.boxes[part].setAccessibleName(title)
            self.boxes[part].setAccessibleDescription(explanation)
            self.explanations[part].setText(explanation)
        self.kept.setText(
            _(
                "What is kept: the answers and results are saved on this computer under "
                "the code {code}, not a name. The agency uses them to plan support."
            ).format(code=self._code)
        )
        self.no_to_all.setText(_("The person says no to &all of these"))
        self.no_to_all.setAccessibleName(_("The person says no to all of these"))
        self._update_status()

    def _update_status(self) -> None:
        if not self._recorded:
            self.status.setText(_("No choice recorded yet."))
        else:
            agreed = sum(box.isChecked() for box in self.boxes.values())
            self.status.setText(
                ngettext(
                    "Choices saved: {agreed} of {total} part agreed.",
                    "Choices saved: {agreed} of {total} parts agreed.",
                    len(self.boxes),
                ).format(agreed=agreed, total=len(self.boxes))
            )
        self.status.setAccessibleName(self.status.text())
