"""The worker's plan: who does each item and by when, the notes, and the follow-up date.

First the plan items (accepted recommendations and the worker's own items), each a
``PlanItemRow`` saying who does it, by when, and whether it is done; then a plain
text box for a short plan, and a "Follow up on" check box with a date picker (a
date cannot be empty in Qt, so the check box says whether there is one).
``text_changed`` carries the notes as typed, ``follow_up_changed`` the chosen date
or None, and ``assignment_changed`` an item's reference and new ``Assignment``.
``show_plan`` fills everything and ``show_items`` the items alone (after a
recommendation was accepted, say), without emitting any signal.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from readiness.plan import Plan

from ..language import _
from .plan_items import PlanItemRow, pydate, show_optional_date
from .tab_order import order_tabs

FOLLOW_UP_DAYS = 14
"""The date offered when a follow-up is first ticked."""


class PlanEditor(QWidget):
    """Plan items, notes and follow-up date; see the module docstring."""

    text_changed = Signal(str)
    follow_up_changed = Signal(object)
    assignment_changed = Signal(object, object)
    """(item reference, Assignment): see ``readiness.plan.Plan.with_assignment``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PlanItemRow] = []
        self.items_label = QLabel()
        self.items_label.setWordWrap(True)
        self.items_layout = QVBoxLayout()
        self.text_label = QLabel()
        self.text = QPlainTextEdit()
        self.text.setMinimumHeight(90)
        self.text.setTabChangesFocus(True)  # Tab leaves the notes instead of typing a tab
        self.text.textChanged.connect(lambda: self.text_changed.emit(self.text.toPlainText()))
        self.text_label.setBuddy(self.text)
        self.follow_up_box = QCheckBox()
        self.follow_up_box.toggled.connect(self._follow_up)
        self.follow_up_date = QDateEdit()
        self.follow_up_date.setCalendarPopup(True)
        self.follow_up_date.setDisplayFormat("yyyy-MM-dd")
        self.follow_up_date.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.follow_up_date.dateChanged.connect(self._follow_up)
        row = QHBoxLayout()
        row.addWidget(self.follow_up_box)
        row.addWidget(self.follow_up_date)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.items_label)
        layout.addLayout(self.items_layout)
        layout.addWidget(self.text_label)
        layout.addWidget(self.text)
        layout.addLayout(row)
        self._today = date.today()
        self.retranslate()

    def retranslate(self) -> None:
        self._items_text()
        self.text_label.setText(_("Notes"))
        self.text.setPlaceholderText(
            _("What you agreed, in a few lines (printed on the person's copy too)")
        )
        self.text.setAccessibleName(_("Plan"))
        self.text.setAccessibleDescription(_("A short plan, saved as you type"))
        self.follow_up_box.setText(_("Follow up on"))
        self.follow_up_box.setAccessibleName(_("Set a follow-up date"))
        self.follow_up_date.setAccessibleName(_("Follow-up date"))
        for item_row in self.rows:
            item_row.retranslate()

    def _items_text(self) -> None:
        if self.rows:
            text = _("Who does each item, and by when. Open items carry over to the next visit.")
        else:
            text = _(
                "No plan items yet. Accept a recommendation or add one in your own words, "
                "then say here who does it and by when."
            )
        self.items_label.setText(text)
        self.items_label.setAccessibleName(text)

    def show_plan(self, plan: Plan, today: date) -> None:
        """Fill every field from ``plan``; a past follow-up date stays as it was."""
        widgets = (self.text, self.follow_up_box, self.follow_up_date)
        for widget in widgets:
            widget.blockSignals(True)
        self.text.setPlainText(plan.text)
        show_optional_date(
            self.follow_up_box, self.follow_up_date, plan.follow_up, today, FOLLOW_UP_DAYS
        )
        for widget in widgets:
            widget.blockSignals(False)
        self.show_items(plan, today)

    def show_items(self, plan: Plan, today: date) -> None:
        """One row per plan item: accepted recommendations, then the worker's own items."""
        self._today = today
        for old in self.rows:
            self.items_layout.removeWidget(old)
            old.deleteLater()
        self.rows = []
        for ref, item in plan.items():
            item_row = PlanItemRow(ref, item, today, self)
            item_row.changed.connect(self.assignment_changed)
            self.items_layout.addWidget(item_row)
            self.rows.append(item_row)
        self._items_text()
        chain = [control for item_row in self.rows for control in item_row.controls()]
        order_tabs(self, self.text, [*chain, self.text, self.follow_up_box, self.follow_up_date])

    def follow_up(self) -> date | None:
        if not self.follow_up_box.isChecked():
            return None
        return pydate(self.follow_up_date.date())

    def _follow_up(self) -> None:
        self.follow_up_date.setEnabled(self.follow_up_box.isChecked())
        self.follow_up_changed.emit(self.follow_up())
