"""The worker's plan notes and follow-up date.

A plain text box for a short plan and a "Follow up on" check box with a date picker
(a date cannot be empty in Qt, so the check box says whether there is one).
``text_changed`` carries the notes as typed; ``follow_up_changed`` the chosen date or
None. ``show_plan`` fills the fields without emitting either signal.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from readiness.plan import Plan

from ..language import _

FOLLOW_UP_DAYS = 14
"""The date offered when a follow-up is first ticked."""


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PlanEditor(QWidget):
    """Notes and follow-up date; see the module docstring."""

    text_changed = Signal(str)
    follow_up_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setMinimumHeight(90)
        self.text.setTabChangesFocus(True)  # Tab leaves the notes instead of typing a tab
        self.text.textChanged.connect(lambda: self.text_changed.emit(self.text.toPlainText()))
        self.follow_up_box = QCheckBox()
        self.follow_up_box.toggled.connect(self._follow_up)
        self.follow_up_date = QDateEdit()
        self.follow_up_date.setCalendarPopup(True)
        self.follow_up_date.setDisplayFormat("yyyy-MM-dd")
        self.follow_up_date.dateChanged.connect(self._follow_up)
        row = QHBoxLayout()
        row.addWidget(self.follow_up_box)
        row.addWidget(self.follow_up_date)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setPlaceholderText(
            _("What you agreed, in a few lines (printed on the person's copy too)")
        )
        self.text.setAccessibleName(_("Plan"))
        self.text.setAccessibleDescription(_("A short plan, saved as you type"))
        self.follow_up_box.setText(_("Follow up on"))
        self.follow_up_box.setAccessibleName(_("Set a follow-up date"))
        self.follow_up_date.setAccessibleName(_("Follow-up date"))

    def show_plan(self, plan: Plan, today: date) -> None:
        """Fill the fields from ``plan``; a past follow-up date stays as it was."""
        widgets = (self.text, self.follow_up_box, self.follow_up_date)
        for widget in widgets:
            widget.blockSignals(True)
        self.text.setPlainText(plan.text)
        chosen = plan.follow_up
        self.follow_up_date.setMinimumDate(_qdate(min(today, chosen) if chosen else today))
        self.follow_up_date.setDate(_qdate(chosen or today + timedelta(days=FOLLOW_UP_DAYS)))
        self.follow_up_box.setChecked(chosen is not None)
        self.follow_up_date.setEnabled(chosen is not None)
        for widget in widgets:
            widget.blockSignals(False)

    def follow_up(self) -> date | None:
        if not self.follow_up_box.isChecked():
            return None
        day = self.follow_up_date.date()
        return date(day.year(), day.month(), day.day())

    def _follow_up(self) -> None:
        self.follow_up_date.setEnabled(self.follow_up_box.isChecked())
        self.follow_up_changed.emit(self.follow_up())
