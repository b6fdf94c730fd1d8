"""Review before completing an intake, and the question asked before reopening one.

``ReviewDialog`` shows the core's review (``readiness.session.review``): how many
questions are answered, what blocks completing (consent not recorded, no staff
initials, a required question unanswered) and what is only missing (checks not run,
optional questions, parts the person declined). Each line can take the worker
straight to the step or question. Staff initials can be given right here. Complete
stays off while anything blocks; completing is this dialog's explicit confirmation.

``ReopenDialog`` asks why a completed intake is reopened, as one of a few fixed
reasons (kept in the audit log as a code, so no personal detail is written there).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from readiness.session.intake import REOPEN_REASONS

from ..language import _, error_text, render
from ..widgets.scroll import scrolling

if TYPE_CHECKING:
    from readiness.session.review import Missing, Review

GoTo = Callable[["Missing"], None]


class ReviewDialog(QDialog):
    """What is done and missing in an intake; Complete when nothing blocks."""

    def __init__(
        self,
        review: Review,
        *,
        go_to: GoTo,
        set_initials: Callable[[str], Review],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Review before completing"))
        self._go_to = go_to
        self._set_initials = set_initials
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.blocking_title = QLabel()
        self.blocking_title.setObjectName("errorText")
        self.blocking_list = QVBoxLayout()
        self.notes_title = QLabel()
        self.notes_list = QVBoxLayout()
        self.initials = QLineEdit()
        self.initials.setMaxLength(5)
        self.initials.setAccessibleName(_("Staff initials"))
        self.initials_button = QPushButton(_("Save &initials"))
        self.initials_button.clicked.connect(self._save_initials)
        self.initials_row = QWidget()
        row = QHBoxLayout(self.initials_row)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(_("S&taff initials"))
        label.setBuddy(self.initials)
        row.addWidget(label)
        row.addWidget(self.initials)
        row.addWidget(self.initials_button)
        row.addStretch(1)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        body = QWidget()
        content = QVBoxLayout(body)
        content.addWidget(self.summary)
        content.addWidget(self.initials_row)
        content.addWidget(self.error)
        content.addWidget(self.blocking_title)
        content.addLayout(self.blocking_list)
        content.addWidget(self.notes_title)
        content.addLayout(self.notes_list)
        content.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.complete_button = self.buttons.addButton(
            _("&Complete intake"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        keep = self.buttons.addButton(_("&Keep working"), QDialogButtonBox.ButtonRole.RejectRole)
        keep.setAccessibleName(_("Keep working on the intake"))
        self.complete_button.setAccessibleName(_("Complete the intake"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.buttons)
        self.resize(640, 520)
        self.show_review(review)

    def show_review(self, review: Review) -> None:
        """Show ``review`` (again, after initials were given)."""
        self.review = review
        answered = _("Questions answered: {answered} of {applicable}.").format(
            answered=review.answered, applicable=review.applicable
        )
        steps = sum(status.done for status in review.steps)
        self.summary.setText(
            answered
            + " "
            + _("Steps done: {done} of {total}.").format(done=steps, total=len(review.steps))
        )
        self.summary.setAccessibleName(self.summary.text())
        self.initials_row.setVisible(any(item.kind == "initials" for item in review.missing))
        self._fill(self.blocking_list, review.blocking)
        notes = tuple(item for item in review.missing if not item.blocks)
        self._fill(self.notes_list, notes)
        self.blocking_title.setText(
            _("Needed before completing:") if review.blocking else _("Nothing blocks completing.")
        )
        self.notes_title.setText(_("Not done (completing is still possible):") if notes else "")
        self.notes_title.setVisible(bool(notes))
        self.complete_button.setEnabled(review.can_complete)

    def showEvent(self, event: QShowEvent) -> None:
        """The keyboard starts where the worker acts next: the first thing that blocks,
        or Complete when nothing does."""
        super().showEvent(event)
        first = self.blocking_list.itemAt(0)
        target = first.widget() if first is not None else None
        if self.initials_row.isVisible():
            target = self.initials
        (target or self.complete_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self, layout: QVBoxLayout, items: tuple[Missing, ...]) -> None:
        while (child := layout.takeAt(0)) is not None:
            widget = child.widget()
            if widget is not None:
                widget.deleteLater()
        for item in items:
            text = render(item.message)
            if item.kind in ("initials",):
                line = QLabel("• " + text)
                line.setWordWrap(True)
                layout.addWidget(line)
                continue
            layout.addWidget(self._link(text, item))

    def _link(self, text: str, item: Missing) -> QLabel:
        """A line that wraps, and takes the worker to ``item`` (Tab reaches it, Enter goes)."""
        line = QLabel(f'• <a href="go">{escape(text)}</a>')
        line.setWordWrap(True)
        line.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        line.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        line.setAccessibleName(_("Go to: {what}").format(what=text))
        line.linkActivated.connect(lambda _href, item=item: self._jump(item))
        return line

    def _jump(self, item: Missing) -> None:
        self.reject()
        self._go_to(item)

    def _save_initials(self) -> None:
        from readiness.errors import ReadinessError

        try:
            self.show_review(self._set_initials(self.initials.text()))
        except ReadinessError as exc:
            self.error.setText(error_text(exc))
            return
        self.error.clear()


class ReopenDialog(QDialog):
    """Why a completed intake is reopened; ``reason`` is the chosen code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Reopen intake"))
        words = {
            "correct_mistake": _("To correct a mistake"),
            "add_information": _("To add information that came later"),
            "person_asked": _("The person asked to change something"),
            "other": _("Another reason"),
        }
        question = QLabel(_("Why is this intake reopened? The reason is kept in the audit log."))
        question.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        self._group = QButtonGroup(self)
        self._buttons: dict[str, QRadioButton] = {}
        for code in REOPEN_REASONS:
            button = QRadioButton(words[code])
            self._group.addButton(button)
            self._buttons[code] = button
            layout.addWidget(button)
        self._buttons[REOPEN_REASONS[0]].setChecked(True)
        buttons = QDialogButtonBox()
        buttons.addButton(_("&Reopen intake"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def reason(self) -> str:
        return next(code for code, button in self._buttons.items() if button.isChecked())
