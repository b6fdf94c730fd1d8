"""The intake's first step, About: who and when, and where the intake stands, step by step.

``OverviewStep`` shows the service user, the start, the staff and, from the core's
review (``readiness.session.review``), a line per step, done, declined, not done yet
or not open yet (consent comes first), with how many of the questions that apply
are answered. It reads the review again every time it is shown, so it is never
stale; each line takes the worker to its step (signal ``step_requested(key)``).

``step_state`` words a step's state for this page and for the intake's step list, so
the two always agree; a state is a mark and words, never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from readiness.session.steps import OVERVIEW

from ..language import _
from ..widgets.scroll import scrolling

if TYPE_CHECKING:
    from readiness.questionnaire.schema import Instrument
    from readiness.session.intake import IntakeSession
    from readiness.session.review import Review, StepStatus

DONE_MARK = "✓"
DECLINED_MARK = "–"
OPEN_MARK = "○"

StepTitles = Sequence[tuple[str, Callable[[], str]]]
"""Each step's key and its title (in the language in use), in order."""


@dataclass(frozen=True)
class StepState:
    """How a step stands, for people: a mark (✓ done, – declined, ○ otherwise) and words."""

    mark: str
    words: str
    done: bool = False
    declined: bool = False
    may_open: bool = True

    def list_text(self, title: str) -> str:
        """The step list's item: a tick for a done step, the words when it needs them."""
        if not self.may_open:
            return f"{title}\n({self.words})"
        marked = f"{self.mark}\u00a0{title}"  # the mark never on a line of its own
        if self.declined:
            return f"{marked}\n({self.words})"
        return marked if self.done else title

    def line_text(self, title: str) -> str:
        """About's line for the step: mark, title and words."""
        return f"{self.mark}  {title}: {self.words}"


def step_state(status: StepStatus, *, may_open: bool) -> StepState:
    """The state of one step in words, from the review and the step rule."""
    if not may_open:
        return StepState(OPEN_MARK, _("opens after consent"), may_open=False)
    if status.declined:
        return StepState(DECLINED_MARK, _("declined"), done=True, declined=True)
    if status.done:
        return StepState(DONE_MARK, _("done"), done=True)
    return StepState(OPEN_MARK, _("not done yet"))


def answered_text(review: Review) -> str:
    """How many of the questions that apply are answered (reads right for any number)."""
    return _("Questions answered: {answered} of {applicable}.").format(
        answered=review.answered, applicable=review.applicable
    )


class OverviewStep(QWidget):
    """Who, when, and a line per step; see the module docstring.

    Signals:
        step_requested(key: str) - the worker chose a step's line
    """

    step_requested = Signal(str)

    def __init__(
        self,
        session: IntakeSession,
        titles: StepTitles,
        instruments: Callable[[], Sequence[Instrument]],
    ) -> None:
        super().__init__()
        self._session = session
        self._titles = list(titles)
        self._instruments = instruments
        self.heading = QLabel()
        self.heading.setObjectName("stepTitle")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.progress_title = QLabel()
        self.progress_title.setStyleSheet("font-weight: 600;")
        self.answered = QLabel()
        self.answered.setWordWrap(True)
        self.lines: dict[str, QLabel | QPushButton] = {}
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addSpacing(8)
        layout.addWidget(self.progress_title)
        layout.addWidget(self.answered)
        for key, _title in self._titles:
            line: QLabel | QPushButton
            if key == OVERVIEW:  # this step itself: said, but nowhere to go
                line = QLabel()
                line.setStyleSheet("padding: 4px 8px;")  # in line with the buttons' text
            else:
                line = QPushButton()
                line.setFlat(True)
                line.setStyleSheet("text-align: left; padding: 4px 8px;")
                line.clicked.connect(lambda _checked=False, key=key: self.step_requested.emit(key))
            self.lines[key] = line
            layout.addWidget(line)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))
        stop = session.on_consent_changed(lambda _part, _agreed: self.refresh())
        self.destroyed.connect(lambda *_args: stop())
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        """Read where the intake stands each time the page is shown."""
        super().showEvent(event)
        self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(_("About this intake"))
        self.progress_title.setText(_("Where this intake stands"))
        self.refresh()

    def refresh(self) -> None:
        """Show the details and each step's state as they are saved now."""
        session = self._session
        assessment, user = session.assessment, session.service_user
        lines = [
            _("Service user: {code}").format(code=user.code),
            _("Started: {when}").format(
                when=assessment.created.astimezone().strftime("%Y-%m-%d %H:%M")
            ),
            _("Staff: {initials}").format(initials=assessment.staff_initials or "-"),
            "",
            _(
                "Everything is saved as you go. You can pause at any time and "
                "resume this intake from Home."
            ),
        ]
        if user.preferred_name:
            lines.insert(
                1, _("Preferred name (on screen only): {name}").format(name=user.preferred_name)
            )
        self.details.setText("\n".join(lines))
        self.details.setAccessibleName(self.details.text())
        review = session.review(self._instruments())
        self.answered.setText(answered_text(review))
        self.answered.setAccessibleName(self.answered.text())
        for key, title in self._titles:
            state = step_state(review.step(key), may_open=session.may_open(key))
            line = self.lines[key]
            line.setText(state.line_text(title()))
            if isinstance(line, QPushButton):
                line.setAccessibleName(
                    _("Go to {step}: {state}").format(step=title(), state=state.words)
                )
            else:
                line.setAccessibleName(line.text().removeprefix(state.mark).strip())
