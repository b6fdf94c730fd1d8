"""The open intake: a side list of steps and the current step's page.

Steps are supplied by ``ui.app`` as ``IntakeStep`` objects (a key, a title and a
builder), so adding a step (device checks, connection, questionnaire, results)
changes only the composition root. Every step saves its facts the moment they
exist, so pausing loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from readiness.i18n import _
from readiness.model import Assessment, AssessmentStatus
from readiness.store import repository
from ui.models import status_text

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class IntakeStep:
    """One step of the intake: ``build`` makes its page for an open assessment."""

    key: str
    title: Callable[[], str]
    build: Callable[[Database, Assessment], QWidget]


class OverviewStep(QWidget):
    """The first step: who and when, and what happens in this intake."""

    def __init__(self, db: Database, assessment: Assessment) -> None:
        super().__init__()
        user = repository.get_service_user(db, assessment.service_user_id)
        self.heading = QLabel()
        self.heading.setObjectName("stepTitle")
        self.details = QLabel()
        self.details.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self._assessment = assessment
        self._user_code = user.code
        self._preferred_name = user.preferred_name
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("About this intake"))
        lines = [
            _("Service user: {code}").format(code=self._user_code),
            _("Started: {when}").format(
                when=self._assessment.created.astimezone().strftime("%Y-%m-%d %H:%M")
            ),
            _("Staff: {initials}").format(initials=self._assessment.staff_initials or "-"),
            "",
            _(
                "Everything is saved as you go. You can pause at any time and "
                "resume this intake from Home."
            ),
        ]
        if self._preferred_name:
            lines.insert(
                1, _("Preferred name (on screen only): {name}").format(name=self._preferred_name)
            )
        self.details.setText("\n".join(lines))
        self.details.setAccessibleName(self.details.text())


class IntakePage(QWidget):
    """An open assessment with its steps, Pause and Complete.

    Signals:
        closed()  - the worker paused or finished; go back to Home
    """

    closed = Signal()

    def __init__(self, db: Database | None, steps: Sequence[IntakeStep]) -> None:
        super().__init__()
        self._db = db
        self._steps = list(steps)
        self.assessment: Assessment | None = None
        self.header = QLabel()
        self.header.setObjectName("pageTitle")
        self.status_label = QLabel()
        self.step_list = QListWidget()
        self.step_list.setObjectName("steps")
        self.step_list.setMinimumWidth(190)
        self.step_list.setMaximumWidth(240)
        self.step_list.setWordWrap(True)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.pause_button = QPushButton()
        self.complete_button = QPushButton()

        body = QHBoxLayout()
        body.addWidget(self.step_list)
        body.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.complete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        self.step_list.currentRowChanged.connect(self._on_step_changed)
        self.pause_button.clicked.connect(self._pause)
        self.complete_button.clicked.connect(self._toggle_complete)
        self.retranslate()

    def open(self, assessment_id: str) -> None:
        """Show the assessment ``assessment_id`` and build its steps."""
        assert self._db is not None, "open() needs the database"
        self.assessment = repository.get_assessment(self._db, assessment_id)
        self.shutdown()
        while (widget := self.stack.widget(0)) is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.step_list.clear()
        for step in self._steps:
            self.stack.addWidget(step.build(self._db, self.assessment))
            item = QListWidgetItem(step.title())
            self.step_list.addItem(item)
        keys = [step.key for step in self._steps]
        saved = repository.current_step(self._db, self.assessment.id)
        self.step_list.setCurrentRow(keys.index(saved) if saved in keys else 0)
        self.retranslate()

    def set_database(self, db: Database) -> None:
        self._db = db

    def shutdown(self) -> None:
        """Stop what step pages are doing (checks, camera, microphone) before leaving."""
        for index in range(self.stack.count()):
            stop = getattr(self.stack.widget(index), "shutdown", None)
            if stop is not None:
                stop()

    def retranslate(self) -> None:
        self.step_list.setAccessibleName(_("Steps of the intake"))
        self.step_list.setAccessibleDescription(_("Choose a step to go to it"))
        for row, step in enumerate(self._steps[: self.step_list.count()]):
            self.step_list.item(row).setText(step.title())
        for index in range(self.stack.count()):
            retranslate = getattr(self.stack.widget(index), "retranslate", None)
            if retranslate is not None:
                retranslate()
        self.pause_button.setText(_("&Pause and go to Home"))
        self.pause_button.setAccessibleName(_("Pause and go to Home"))
        if self.assessment is None:
            self.header.setText(_("Intake"))
            self.status_label.clear()
            self.complete_button.setText(_("&Complete intake"))
            return
        assert self._db is not None
        user = repository.get_service_user(self._db, self.assessment.service_user_id)
        self.header.setText(_("Intake for {code}").format(code=user.code))
        self.status_label.setText(status_text(self.assessment.status))
        done = self.assessment.status is AssessmentStatus.COMPLETE
        self.complete_button.setText(_("&Reopen intake") if done else _("&Complete intake"))
        self.complete_button.setAccessibleName(self.complete_button.text().replace("&", ""))

    def _on_step_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        if self.assessment is not None and self._db is not None and 0 <= row < len(self._steps):
            repository.set_current_step(self._db, self.assessment.id, self._steps[row].key)

    def set_locale(self, locale: str) -> None:
        """Switch the step pages that show data in a language (the questionnaire)."""
        for index in range(self.stack.count()):
            switch = getattr(self.stack.widget(index), "set_locale", None)
            if switch is not None:
                switch(locale)

    def _pause(self) -> None:
        self.shutdown()
        self.closed.emit()

    def _toggle_complete(self) -> None:
        if self.assessment is None or self._db is None:
            return
        if self.assessment.status is AssessmentStatus.COMPLETE:
            self.assessment = repository.reopen_assessment(self._db, self.assessment.id)
        else:
            self.assessment = repository.complete_assessment(self._db, self.assessment.id)
        self.retranslate()
