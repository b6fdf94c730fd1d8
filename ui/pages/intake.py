"""The open intake: a side list of steps, the current step's page, and the way between them.

Steps are supplied by ``ui.intake_steps`` as ``IntakeStep`` objects (a key, a title
and a builder that makes the step's page for an open ``IntakeSession``), so adding a
step changes only that module. Every step saves its facts through the session the
moment they exist, so pausing loses nothing; the session also keeps the step the
worker is on, so the intake reopens there (About for a new intake).

Consent comes first: a step the session may not open yet (``IntakeSession.may_open``)
is marked in the step list in words ("opens after consent"), and the list, Next
step, Ctrl+Page Down and the About lines all refuse it, saying why. The list
(``step_list.StepList``) marks done steps with a tick.

Keyboard: Tab goes from the step list into the step shown, then to Previous step,
Next step, Pause and Complete; Ctrl+Page Down / Ctrl+Page Up (or Alt+X / Alt+U in
English) go to the next / previous step with the keyboard in it; a step that signals
``finished`` (the questionnaire's Done) moves on to the next step by itself, and one
that signals ``step_requested(key)`` (About's lines) goes to that step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from readiness.model import Assessment
from readiness.session.intake import IncompleteError
from readiness.session.steps import CONSENT, REPORTS

from ..language import _, render
from ..models import status_text
from ..widgets.flow_layout import FlowLayout
from .intake_focus import focus_step, order_tabs
from .intake_overview import step_state
from .step_list import StepList

if TYPE_CHECKING:
    from readiness.interpret import Interpretation
    from readiness.session.intake import IntakeSession
    from readiness.session.review import Missing, Review

    from .review import ReopenDialog, ReviewDialog


@dataclass(frozen=True)
class IntakeStep:
    """One step of the intake: ``build`` makes its page for an open intake."""

    key: str
    title: Callable[[], str]
    build: Callable[[IntakeSession], QWidget]


class IntakePage(QWidget):
    """An open assessment with its steps, the way between them, Pause and Complete.

    Signals:
        closed()  - the worker paused or finished; go back to Home
    """

    closed = Signal()

    def __init__(
        self,
        steps: Sequence[IntakeStep],
        interpretation: Callable[[], Interpretation],
    ) -> None:
        super().__init__()
        self._steps = list(steps)
        self._interpretation = interpretation
        """The interpretation in force (its questionnaires for the review; completing keeps
        the result it gives)."""
        self.session: IntakeSession | None = None
        self._stop_listening: Callable[[], None] | None = None
        self._shown_row = 0
        self.review_dialog: ReviewDialog | None = None
        self.reopen_dialog: ReopenDialog | None = None
        self.header = QLabel()
        self.header.setObjectName("pageTitle")
        self.status_label = QLabel()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.step_list = StepList(lambda: [step.title() for step in self._steps])
        self.stack = QStackedWidget()
        self.previous_button = QPushButton()
        self.next_button = QPushButton()
        self.pause_button = QPushButton()
        self.complete_button = QPushButton()

        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.status_label)
        side = QVBoxLayout()  # the way between steps, under the list of them
        side.addWidget(self.step_list, 1)
        side.addWidget(self.previous_button)
        side.addWidget(self.next_button)
        body = QHBoxLayout()
        body.addLayout(side)
        body.addWidget(self.stack, 1)
        buttons = FlowLayout()  # the buttons wrap when the text is large
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.complete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)

        self.step_list.currentRowChanged.connect(self._on_step_changed)
        self.previous_button.clicked.connect(lambda: self.go_to_step(-1))
        self.next_button.clicked.connect(lambda: self.go_to_step(1))
        self.pause_button.clicked.connect(self._pause)
        self.complete_button.clicked.connect(self._toggle_complete)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.go_to_step(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.go_to_step(-1))
        self.retranslate()

    @property
    def assessment(self) -> Assessment | None:
        """The open assessment (None when no intake is open)."""
        return self.session.assessment if self.session is not None else None

    # -- opening and closing ----------------------------------------------------------

    def open(self, session: IntakeSession) -> None:
        """Show the intake ``session`` at the step where it was left, and build its steps."""
        self.close_intake()
        self.session = session
        row = self._row(session.opening_step())
        self.step_list.blockSignals(True)  # building the list must not move the saved step
        try:
            for step in self._steps:
                page = step.build(session)
                self.stack.addWidget(page)
                finished = getattr(page, "finished", None)
                if isinstance(finished, SignalInstance):
                    finished.connect(lambda: self.go_to_step(1))
                requested = getattr(page, "step_requested", None)
                if isinstance(requested, SignalInstance):
                    requested.connect(self.show_step)
                self.step_list.add_step(step.title())
            self.step_list.setCurrentRow(row)
        finally:
            self.step_list.blockSignals(False)
        self._shown_row = row
        self.stack.setCurrentIndex(row)
        self._stop_listening = session.on_consent_changed(lambda _part, _agreed: self.refresh())
        order_tabs(
            self.step_list,
            self.stack,
            (self.previous_button, self.next_button, self.pause_button, self.complete_button),
        )
        self.retranslate()

    def close_intake(self) -> None:
        """Stop the open intake's pages and forget them (the intake stays as saved)."""
        self.shutdown()
        if self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        self.session = None  # before the list empties: that moves its row, never to be saved
        self.step_list.blockSignals(True)
        try:
            self.step_list.clear()
        finally:
            self.step_list.blockSignals(False)
        while (widget := self.stack.widget(0)) is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._shown_row = 0

    def focus_opened(self) -> None:
        """Put the keyboard where the worker goes on after opening: the question on the
        Questions step (so the number keys answer at once), else the step list."""
        if callable(getattr(self.stack.currentWidget(), "focus_start", None)):
            self._focus_step()
        else:
            self.step_list.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- moving between steps ---------------------------------------------------------

    def _row(self, key: str) -> int:
        keys = [step.key for step in self._steps]
        return keys.index(key) if key in keys else 0

    def may_show(self, row: int) -> bool:
        """Whether the step in ``row`` can be shown now (consent first)."""
        return (
            self.session is not None
            and 0 <= row < len(self._steps)
            and self.session.may_open(self._steps[row].key)
        )

    def go_to_step(self, offset: int) -> None:
        """Show the step ``offset`` places on (or back) and put the keyboard in it."""
        self._go_to_row(self.step_list.currentRow() + offset)

    def show_step(self, key: str) -> None:
        """Show the step ``key`` with the keyboard in it (or say why it is not open yet)."""
        if self.session is not None:
            self._go_to_row(self._row(key))

    def _go_to_row(self, row: int) -> bool:
        if self.session is None or not 0 <= row < self.step_list.count():
            return False
        if not self.may_show(row):
            self._say_why_closed()
            return False
        self.step_list.setCurrentRow(row)
        self._focus_step()
        return True

    def _on_step_changed(self, row: int) -> None:
        if self.session is None or not 0 <= row < len(self._steps):
            return
        if not self.may_show(row):  # chosen in the list: stay on the step shown, say why
            self.step_list.blockSignals(True)
            self.step_list.setCurrentRow(self._shown_row)
            self.step_list.blockSignals(False)
            self._say_why_closed()
            return
        self._shown_row = row
        self.stack.setCurrentIndex(row)
        self.session.set_step(self._steps[row].key)
        self.refresh()

    def _say_why_closed(self) -> None:
        """Show and announce why the later steps are not open yet."""
        self.notice.show()
        if QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleAnnouncementEvent(self.notice, self.notice.text())
            )

    def _focus_step(self) -> None:
        focus_step(self.stack.currentWidget(), self.step_list)

    def shutdown(self) -> None:
        """Stop what step pages are doing (checks, camera, microphone) before leaving."""
        for index in range(self.stack.count()):
            stop = getattr(self.stack.widget(index), "shutdown", None)
            if stop is not None:
                stop()

    # -- what the worker sees -----------------------------------------------------------

    def refresh(self) -> None:
        """Mark each step as it stands (ticks, "opens after consent"), and what the step
        buttons and the notice say, from the intake as saved now."""
        session = self.session
        row = self.step_list.currentRow()
        if session is None:
            self.notice.hide()
            self.previous_button.setEnabled(False)
            self.next_button.setEnabled(False)
            return
        review = session.review(self._interpretation().instruments)
        for index, step in enumerate(self._steps[: self.step_list.count()]):
            state = step_state(review.step(step.key), may_open=session.may_open(step.key))
            self.step_list.show_state(index, step.title(), state)
        self.notice.setVisible(not session.consent_recorded)
        self.previous_button.setEnabled(self.may_show(row - 1))
        self.next_button.setEnabled(self.may_show(row + 1))
        self.step_list.fit()

    def retranslate(self) -> None:
        self.step_list.setAccessibleName(_("Steps of the intake"))
        self.step_list.setAccessibleDescription(
            _(
                "Choose a step to go to it. Ctrl+Page Down and Ctrl+Page Up go to the next and "
                "previous step."
            )
        )
        for index in range(self.stack.count()):
            retranslate = getattr(self.stack.widget(index), "retranslate", None)
            if retranslate is not None:
                retranslate()
        self.notice.setText(
            _("The steps after Consent open once the person's consent choices are recorded.")
        )
        self.notice.setAccessibleName(self.notice.text())
        self.previous_button.setText(_("Previo&us step"))
        self.previous_button.setAccessibleName(_("Previous step"))
        self.previous_button.setAccessibleDescription(_("Ctrl+Page Up also goes there"))
        self.next_button.setText(_("Ne&xt step"))
        self.next_button.setAccessibleName(_("Next step"))
        self.next_button.setAccessibleDescription(_("Ctrl+Page Down also goes there"))
        self.pause_button.setText(_("&Pause and go to Home"))
        self.pause_button.setAccessibleName(_("Pause and go to Home"))
        self.refresh()
        if self.session is None:
            self.header.setText(_("Intake"))
            self.status_label.clear()
            self.complete_button.setText(_("&Complete intake"))
            return
        self.header.setText(_("Intake for {code}").format(code=self.session.service_user.code))
        self.status_label.setText(status_text(self.session.assessment.status))
        done = self.session.is_complete
        self.complete_button.setText(_("&Reopen intake") if done else _("&Complete intake"))
        self.complete_button.setAccessibleName(self.complete_button.text().replace("&", ""))

    def set_locale(self, locale: str) -> None:
        """Switch the step pages that show data in a language (the questionnaire)."""
        for index in range(self.stack.count()):
            switch = getattr(self.stack.widget(index), "set_locale", None)
            if switch is not None:
                switch(locale)

    # -- pausing, completing, reopening -------------------------------------------------

    def _pause(self) -> None:
        self.shutdown()
        self.closed.emit()

    def _toggle_complete(self) -> None:
        """Complete after a review, or reopen after saying why (both are window-modal)."""
        from .review import ReopenDialog, ReviewDialog

        session = self.session
        if session is None:
            return
        if session.is_complete:
            self.reopen_dialog = ReopenDialog(self)
            self.reopen_dialog.accepted.connect(self._reopen)
            self.reopen_dialog.open()
            return
        instruments = self._interpretation().instruments

        def set_initials(initials: str) -> Review:
            session.set_staff_initials(initials)
            return session.review(instruments)

        self.review_dialog = ReviewDialog(
            session.review(instruments),
            go_to=self.go_to_missing,
            set_initials=set_initials,
            parent=self,
        )
        self.review_dialog.accepted.connect(self._complete)
        self.review_dialog.open()

    def _complete(self) -> None:
        if self.session is None:
            return
        try:
            self.session.complete(self._interpretation())
        except IncompleteError as exc:
            from ..dialogs import show_error

            show_error(self, "\n".join(render(item.message) for item in exc.review.blocking))
            self.retranslate()
            return
        self.retranslate()
        self.show_step(REPORTS)  # the final reports are made there now

    def _reopen(self) -> None:
        if self.session is not None and self.reopen_dialog is not None:
            self.session.reopen(self.reopen_dialog.reason)
        self.retranslate()

    def go_to_missing(self, item: Missing) -> None:
        """Show the step (and the question) that ``item`` is about, with the keyboard there;
        Consent when that step is not open yet."""
        if self.session is None:
            return
        key = item.step if self.session.may_open(item.step) else CONSENT
        if not self._go_to_row(self._row(key)):
            return
        go_to = getattr(self.stack.currentWidget(), "go_to", None)
        if key == item.step and item.item is not None and callable(go_to):
            go_to(*item.item)
            self._focus_step()
