"""One plan item on screen: its text, who does it, by when, and whether it is done.

A ``PlanItemRow`` shows an accepted recommendation or the worker's own item (an
item carried over from the plan before says so in words). "Who does it" is a fixed
list (not set, the worker, the person, someone else) with optional initials —
there is no field for a name. A date cannot be empty in Qt, so "Due by" is a
check box beside the date. Every change emits ``changed`` with the item's
reference and its new ``Assignment``; initials that are not 1 to 5 letters are
said beside the field and not emitted.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from readiness.plan import (
    Assignment,
    ItemRef,
    PlanDecision,
    PlanItem,
    Responsible,
    checked_item_initials,
)

from ..language import _
from .flow_layout import FlowLayout

DUE_DAYS = 14
"""The date offered when "Due by" is first ticked."""


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def show_optional_date(
    box: QCheckBox, edit: QDateEdit, chosen: date | None, today: date, offered_days: int
) -> None:
    """Show an optional date as a check box beside a date (Qt's date cannot be empty): ticked
    with ``chosen``, or unticked offering ``today`` + ``offered_days``; a past date stays."""
    edit.setMinimumDate(qdate(min(today, chosen) if chosen else today))
    edit.setDate(qdate(chosen or today + timedelta(days=offered_days)))
    box.setChecked(chosen is not None)
    edit.setEnabled(chosen is not None)


def who_texts() -> list[tuple[Responsible | None, str]]:
    """The choices for who does an item, in the current language."""
    return [
        (None, _("Not decided yet")),
        (Responsible.WORKER, _("Me (the worker)")),
        (Responsible.PERSON, _("The person")),
        (Responsible.SOMEONE_ELSE, _("Someone else")),
    ]


def who_text(who: Responsible | None) -> str:
    return dict(who_texts())[who]


def carried_note(day: date) -> str:
    return _("Carried over from the plan of {day}").format(day=day.isoformat())


class PlanItemRow(QFrame):
    """One item's who, due date and done; see the module docstring."""

    changed = Signal(object, object)
    """(item reference, Assignment)."""

    def __init__(
        self,
        ref: ItemRef,
        item: PlanDecision | PlanItem,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planItemRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.ref = ref
        self.item = item
        self._today = today
        self.text = QLabel(item.text)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        carried = item.carried_from if isinstance(item, PlanItem) else None
        self.carried_label = QLabel(carried_note(carried) if carried else "")
        self.carried_label.setObjectName("carriedOver")
        self.who_label = QLabel()
        self.who = QComboBox()
        self.who_label.setBuddy(self.who)
        self.initials_label = QLabel()
        self.initials = QLineEdit()
        self.initials.setMaxLength(5)
        self.initials.setMaximumWidth(self.initials.fontMetrics().horizontalAdvance("MMMMMM") + 16)
        letters = QRegularExpression(
            r"[^\W\d_]{0,5}", QRegularExpression.PatternOption.UseUnicodePropertiesOption
        )
        self.initials.setValidator(QRegularExpressionValidator(letters, self.initials))
        self.initials_label.setBuddy(self.initials)
        self.initials_error = QLabel()
        self.initials_error.setObjectName("errorText")
        self.initials_error.hide()
        self.due_box = QCheckBox()
        self.due_date = QDateEdit()
        self.due_date.setCalendarPopup(True)
        self.due_date.setDisplayFormat("yyyy-MM-dd")
        self.due_date.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel does not change it
        self.done_box = QCheckBox()
        self._build()
        self.carried_label.setVisible(carried is not None)
        self.retranslate()
        self.show_assignment(item.assignment())
        self.who.currentIndexChanged.connect(lambda _index: self._emit())
        self.initials.editingFinished.connect(self._emit)
        self.due_box.toggled.connect(self._on_due_toggled)
        self.due_date.dateChanged.connect(lambda _day: self._emit())
        self.done_box.toggled.connect(lambda _on: self._emit())

    def _build(self) -> None:
        # Each label stays beside its control; the groups wrap onto a new line when the
        # text is large or the window narrow, so nothing is cut off.
        controls = FlowLayout()
        for group in (
            (self.who_label, self.who),
            (self.initials_label, self.initials),
            (self.due_box, self.due_date),
            (self.done_box,),
        ):
            together = QWidget()
            row = QHBoxLayout(together)
            row.setContentsMargins(0, 0, 12, 0)
            for widget in group:
                row.addWidget(widget)
            controls.addWidget(together)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.carried_label)
        layout.addLayout(controls)
        layout.addWidget(self.initials_error)

    def controls(self) -> list[QWidget]:
        """The row's controls in Tab order."""
        return [self.who, self.initials, self.due_box, self.due_date, self.done_box]

    def retranslate(self) -> None:
        text = self.item.text
        self.text.setAccessibleName(_("Plan item: {text}").format(text=text))
        self.who_label.setText(_("Who does it:"))
        self.who.blockSignals(True)
        chosen = self.who.currentData() if self.who.count() else self.item.who
        self.who.clear()
        for value, label in who_texts():
            self.who.addItem(label, value)
        self.who.setCurrentIndex(max(0, self.who.findData(chosen)))
        self.who.blockSignals(False)
        self.who.setAccessibleName(_("Who does it: {text}").format(text=text))
        self.initials_label.setText(_("Initials (optional):"))
        self.initials.setAccessibleName(_("Initials of who does it: {text}").format(text=text))
        self.initials.setAccessibleDescription(_("1 to 5 letters. Never a name."))
        self.due_box.setText(_("Due by"))
        self.due_box.setAccessibleName(_("Set a date for: {text}").format(text=text))
        self.due_date.setAccessibleName(_("Due date: {text}").format(text=text))
        self.done_box.setText(_("Done"))
        self.done_box.setAccessibleName(_("Done: {text}").format(text=text))

    def show_assignment(self, assignment: Assignment) -> None:
        """Fill the controls without emitting ``changed``."""
        widgets = (self.who, self.initials, self.due_box, self.due_date, self.done_box)
        for widget in widgets:
            widget.blockSignals(True)
        self.who.setCurrentIndex(max(0, self.who.findData(assignment.who)))
        self.initials.setText(assignment.initials)
        show_optional_date(self.due_box, self.due_date, assignment.due, self._today, DUE_DAYS)
        self.done_box.setChecked(assignment.done)
        for widget in widgets:
            widget.blockSignals(False)

    def assignment(self) -> Assignment | None:
        """What the controls say, or None while the initials are not valid."""
        try:
            initials = checked_item_initials(self.initials.text())
        except ValueError:
            return None
        who = self.who.currentData()
        return Assignment(
            who=Responsible(who) if who else None,
            initials=initials,
            due=pydate(self.due_date.date()) if self.due_box.isChecked() else None,
            done=self.done_box.isChecked(),
        )

    def _on_due_toggled(self, on: bool) -> None:
        self.due_date.setEnabled(on)
        self._emit()

    def _emit(self) -> None:
        assignment = self.assignment()
        self.initials_error.setVisible(assignment is None)
        if assignment is None:
            self.initials_error.setText(_("Initials are 1 to 5 letters."))
            return
        if assignment.initials != self.initials.text():
            self.initials.setText(assignment.initials)  # kept in upper case
        self.changed.emit(self.ref, assignment)
