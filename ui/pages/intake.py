"""The open intake: a side list of steps and the current step's page.

Steps are supplied by ``ui.intake_steps`` as ``IntakeStep`` objects (a key, a title
and a builder that makes the step's page for an open ``IntakeSession``), so adding a
step changes only that module. Every step saves its facts through the session the
moment they exist, so pausing loses nothing; the session also keeps the step the
worker is on, so the intake reopens there.

Keyboard: Tab goes from the step list into the step shown, then to Pause and
Complete; Ctrl+Page Down / Ctrl+Page Up go to the next / previous step with the
keyboard in it; a step that signals ``finished`` (the questionnaire's Done) moves on
to the next step by itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from readiness.model import Assessment
from readiness.session.intake import IncompleteError

from ..language import _, render
from ..models import status_text
from ..theme import LIST_ITEM_PADDING
from ..widgets.wrapped_rows import WrappedRows

if TYPE_CHECKING:
    from readiness.questionnaire.schema import Instrument
    from readiness.session.intake import IntakeSession
    from readiness.session.review import Missing, Review

    from .review import ReopenDialog, ReviewDialog

STEP_LIST_WIDTH = (190, 240)
"""The step list's width range at normal text sizes; larger text widens it to fit a word."""


@dataclass(frozen=True)
class IntakeStep:
    """One step of the intake: ``build`` makes its page for an open intake."""

    key: str
    title: Callable[[], str]
    build: Callable[[IntakeSession], QWidget]


class OverviewStep(QWidget):
    """The first step: who and when, and what happens in this intake."""

    def __init__(self, session: IntakeSession) -> None:
        super().__init__()
        user = session.service_user
        self.heading = QLabel()
        self.heading.setObjectName("stepTitle")
        self.details = QLabel()
        self.details.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self._assessment = session.assessment
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

    def __init__(
        self,
        steps: Sequence[IntakeStep],
        instruments: Callable[[], Sequence[Instrument]] = tuple,
    ) -> None:
        super().__init__()
        self._steps = list(steps)
        self._instruments = instruments
        """The questionnaires in force (for the review before completing)."""
        self.session: IntakeSession | None = None
        self.review_dialog: ReviewDialog | None = None
        self.reopen_dialog: ReopenDialog | None = None
        self.header = QLabel()
        self.header.setObjectName("pageTitle")
        self.status_label = QLabel()
        self.step_list = QListWidget()
        self.step_list.setObjectName("steps")
        self.step_list.setWordWrap(True)
        self.step_list.setResizeMode(QListView.ResizeMode.Adjust)  # rewrap when it resizes
        self.step_list.setItemDelegate(WrappedRows(self.step_list, inset=2 * LIST_ITEM_PADDING))
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
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.go_to_step(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.go_to_step(-1))
        self.retranslate()

    @property
    def assessment(self) -> Assessment | None:
        """The open assessment (None when no intake is open)."""
        return self.session.assessment if self.session is not None else None

    def open(self, session: IntakeSession) -> None:
        """Show the intake ``session`` at the step where it was left, and build its steps."""
        self.close_intake()
        self.session = session
        saved = session.step  # read before the list is rebuilt, which selects rows
        self.step_list.blockSignals(True)  # building the list must not move the saved step
        try:
            for step in self._steps:
                page = step.build(session)
                self.stack.addWidget(page)
                finished = getattr(page, "finished", None)
                if isinstance(finished, SignalInstance):
                    finished.connect(lambda: self.go_to_step(1))
                self.step_list.addItem(QListWidgetItem(step.title()))
            keys = [step.key for step in self._steps]
            row = keys.index(saved) if saved in keys else 0
            self.step_list.setCurrentRow(row)
        finally:
            self.step_list.blockSignals(False)
        self.stack.setCurrentIndex(row)
        self._order_tabs()
        self.retranslate()

    def close_intake(self) -> None:
        """Stop the open intake's pages and forget them (the intake stays as saved)."""
        self.shutdown()
        while (widget := self.stack.widget(0)) is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.step_list.clear()
        self.session = None

    def go_to_step(self, offset: int) -> None:
        """Show the step ``offset`` places on (or back) and put the keyboard in it."""
        row = self.step_list.currentRow() + offset
        if self.session is None or not 0 <= row < self.step_list.count():
            return
        self.step_list.setCurrentRow(row)
        self._focus_step()

    def _focus_step(self) -> None:
        """Put the keyboard in the step shown: where the page says (``focus_start()``, as the
        questionnaire does on the current answer), else on its first control in Tab order."""
        page = self.stack.currentWidget()
        if page is None:
            return
        start = getattr(page, "focus_start", None)
        if callable(start):
            start()
            return
        for widget in self._chain()[1:]:
            if (
                page.isAncestorOf(widget)
                and not isinstance(widget, QAbstractScrollArea)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return

    def _chain(self) -> list[QWidget]:
        """The window's Tab chain, starting at the step list."""
        chain: list[QWidget] = [self.step_list]
        widget = self.step_list.nextInFocusChain()
        while widget is not None and widget is not self.step_list and len(chain) < 10_000:
            chain.append(widget)
            widget = widget.nextInFocusChain()
        return chain

    def _order_tabs(self) -> None:
        """Step list, then everything in the steps, then Pause and Complete.

        Step pages are built after the buttons, so Qt would put them at the end of
        the window's Tab chain; a keyboard user would meet Pause before the step.
        """
        inside = [
            widget
            for widget in self._chain()[1:]
            if self.stack.isAncestorOf(widget)
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ]
        chain = [self.step_list, *inside, self.pause_button, self.complete_button]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def shutdown(self) -> None:
        """Stop what step pages are doing (checks, camera, microphone) before leaving."""
        for index in range(self.stack.count()):
            stop = getattr(self.stack.widget(index), "shutdown", None)
            if stop is not None:
                stop()

    def _fit_step_list(self) -> None:
        """Wide enough for the longest word of any step title (titles wrap between words),
        in the language and text size in use."""
        metrics = self.step_list.fontMetrics()
        words = [word for step in self._steps for word in step.title().split()]
        longest = max((metrics.horizontalAdvance(word) for word in words), default=0)
        needed = longest + 48  # the items' padding, the frame and a little air
        self.step_list.setMinimumWidth(max(STEP_LIST_WIDTH[0], needed))
        self.step_list.setMaximumWidth(max(STEP_LIST_WIDTH[1], needed))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._fit_step_list()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._fit_step_list()
        self.step_list.setAccessibleName(_("Steps of the intake"))
        self.step_list.setAccessibleDescription(
            _(
                "Choose a step to go to it. Ctrl+Page Down and Ctrl+Page Up go to the next and "
                "previous step."
            )
        )
        for row, step in enumerate(self._steps[: self.step_list.count()]):
            self.step_list.item(row).setText(step.title())
        for index in range(self.stack.count()):
            retranslate = getattr(self.stack.widget(index), "retranslate", None)
            if retranslate is not None:
                retranslate()
        self.pause_button.setText(_("&Pause and go to Home"))
        self.pause_button.setAccessibleName(_("Pause and go to Home"))
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

    def _on_step_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        if self.session is not None and 0 <= row < len(self._steps):
            self.session.set_step(self._steps[row].key)

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
        instruments = self._instruments()

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
            self.session.complete(self._instruments())
        except IncompleteError as exc:
            from ..dialogs import show_error

            show_error(self, "\n".join(render(item.message) for item in exc.review.blocking))
        self.retranslate()

    def _reopen(self) -> None:
        if self.session is not None and self.reopen_dialog is not None:
            self.session.reopen(self.reopen_dialog.reason)
        self.retranslate()

    def go_to_missing(self, item: Missing) -> None:
        """Show the step (and the question) that ``item`` is about, with the keyboard there."""
        keys = [step.key for step in self._steps]
        if item.step not in keys:
            return
        row = keys.index(item.step)
        self.step_list.setCurrentRow(row)
        page = self.stack.widget(row)
        go_to = getattr(page, "go_to", None)
        if item.item is not None and callable(go_to):
            go_to(*item.item)
        self._focus_step()
