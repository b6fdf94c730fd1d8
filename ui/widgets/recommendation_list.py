"""Recommendations with Accept / Reject, and the worker's own additions.

Each row shows the priority in words, the title, why it applies (with its facts),
what to do and any settings. Accept and Reject stay pressed while chosen and say
so in words (``✓ Accepted``); pressing the chosen one again changes nothing, so a
double-click never undoes a choice. Clear choice, offered once a choice is made,
takes it back. ``decided`` is emitted with the id, the decision (or None) and the
title, only when the decision changes; ``added`` and ``removed`` for the worker's
own items (an item carried over from the plan before says so). Tab goes through
Accept, Reject and Clear choice row by row, then the worker's own items.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.equity.results import Recommendation
from readiness.plan import MAX_ITEM, Decision, Plan, PlanItem

from ..language import _
from .tab_order import order_tabs


def carried_text(item: PlanItem) -> str:
    """An own item's text, saying when it was carried over from an earlier plan."""
    if item.carried_from is None:
        return item.text
    return _("{text} (carried over from the plan of {day})").format(
        text=item.text, day=item.carried_from.isoformat()
    )


class RecommendationRow(QFrame):
    """One recommendation with its Accept and Reject buttons."""

    def __init__(
        self, recommendation: Recommendation, locale: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.recommendation = recommendation
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = recommendation.title.get(locale)
        self.text = QLabel(self._html(recommendation, locale))
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAccessibleName(title)
        self.text.setAccessibleDescription(recommendation.why.render(locale))
        self.decision: Decision | None = None
        self.accept_button = QPushButton(_("Accept"))
        self.reject_button = QPushButton(_("Reject"))
        for button, verb in ((self.accept_button, _("Accept")), (self.reject_button, _("Reject"))):
            button.setCheckable(True)
            button.setAccessibleName(f"{verb}: {title}")
        self.clear_button = QPushButton(_("Clear choice"))
        self.clear_button.setAccessibleName(_("Clear the choice: {title}").format(title=title))
        buttons = QVBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)

    @staticmethod
    def _html(rec: Recommendation, locale: str) -> str:
        settings = "".join(f"<li>{escape(s.get(locale))}</li>" for s in rec.settings)
        priority, title = rec.priority.label.get(locale), rec.title.get(locale)
        why = _("Why")
        return (
            f"<b>[{escape(priority)}]</b> <b>{escape(title)}</b>"
            f"<br>{escape(why)}: {escape(rec.why.render(locale))}"
            f"<br>{escape(rec.description.get(locale))}"
            + (f"<ul style='margin-left:-20px'>{settings}</ul>" if settings else "")
        )

    def show_decision(self, decision: Decision | None) -> None:
        """Check the chosen button and say the choice in words, not by look alone."""
        self.decision = decision
        accepted, rejected = decision is Decision.ACCEPTED, decision is Decision.REJECTED
        self.accept_button.setChecked(accepted)
        self.reject_button.setChecked(rejected)
        self.accept_button.setText(_("✓ Accepted") if accepted else _("Accept"))
        self.reject_button.setText(_("✕ Rejected") if rejected else _("Reject"))
        self.clear_button.setEnabled(decision is not None)


class RecommendationList(QWidget):
    """The recommendations in order, then the worker's own items and a field to add one."""

    decided = Signal(str, object, str)
    """(recommendation id, Decision or None, title)."""
    added = Signal(str)
    removed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RecommendationRow] = []
        self._removes: list[QPushButton] = []
        self.rows_layout = QVBoxLayout()
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.own_label = QLabel()
        self.own_layout = QVBoxLayout()
        self.add_label = QLabel()  # shown, not a placeholder: it stays whole at any size
        self.add_label.setWordWrap(True)
        self.add_field = QLineEdit()
        self.add_field.setMaxLength(MAX_ITEM)
        self.add_label.setBuddy(self.add_field)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self._add)
        self.add_field.returnPressed.connect(self._add)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_field, 1)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addLayout(self.rows_layout)
        layout.addWidget(self.own_label)
        layout.addLayout(self.own_layout)
        layout.addWidget(self.add_label)
        layout.addLayout(add_row)
        self.retranslate()

    def retranslate(self) -> None:
        self.empty_label.setText(_("No recommendations from the answers so far."))
        self.own_label.setText(_("Added by you"))
        self.add_label.setText(_("Add a recommendation in your own words"))
        self.add_label.setAccessibleName(self.add_label.text())
        self.add_field.setAccessibleName(_("New recommendation"))
        self.add_field.setAccessibleDescription(_("Type it, then press Enter or Add"))
        self.add_button.setText(_("Add"))
        self.add_button.setAccessibleName(_("Add this recommendation"))

    def show_recommendations(
        self, recommendations: Sequence[Recommendation], plan: Plan, locale: str
    ) -> None:
        for row in self.rows:
            self.rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for recommendation in recommendations:
            row = RecommendationRow(recommendation, locale, self)
            row.show_decision(plan.decision_for(recommendation.id))
            rec_id, title = recommendation.id, recommendation.title.get(locale)
            row.accept_button.clicked.connect(
                lambda _checked, r=rec_id, t=title: self._decide(r, Decision.ACCEPTED, t)
            )
            row.reject_button.clicked.connect(
                lambda _checked, r=rec_id, t=title: self._decide(r, Decision.REJECTED, t)
            )
            row.clear_button.clicked.connect(
                lambda _checked=False, r=rec_id, t=title: self._decide(r, None, t)
            )
            self.rows.append(row)
            self.rows_layout.addWidget(row)
        self.empty_label.setVisible(not recommendations)
        self.show_added(plan)

    def show_added(self, plan: Plan) -> None:
        self._removes = []
        while self.own_layout.count():
            item = self.own_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, own in enumerate(plan.added):
            text = own.text
            line = QWidget(self)
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            label = QLabel(carried_text(own))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setAccessibleName(
                _("Added recommendation: {text}").format(text=carried_text(own))
            )
            remove = QPushButton(_("Remove"))
            remove.setAccessibleName(_("Remove: {text}").format(text=text))
            remove.clicked.connect(lambda _checked=False, i=index: self.removed.emit(i))
            row.addWidget(label, 1)
            row.addWidget(remove)
            self.own_layout.addWidget(line)
            self._removes.append(remove)
        self.own_label.setVisible(bool(plan.added))
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Accept and Reject row by row, the Remove buttons, then the field to add one.

        Rows are made after the page, so without this the keyboard would reach them
        only after every other control in the window.
        """
        buttons = [
            button
            for row in self.rows
            for button in (row.accept_button, row.reject_button, row.clear_button)
        ]
        chain = [*buttons, *self._removes, self.add_field, self.add_button]
        order_tabs(self, self.add_field, chain)

    def row(self, recommendation_id: str) -> RecommendationRow | None:
        return next((r for r in self.rows if r.recommendation.id == recommendation_id), None)

    def _decide(self, rec_id: str, decision: Decision | None, title: str) -> None:
        """Show and tell a new choice; the same choice again only stays shown as it is."""
        row = self.row(rec_id)
        if row is None:
            return
        changed = row.decision is not decision
        row.show_decision(decision)  # a press on the chosen button unchecked it: check it again
        if changed:
            self.decided.emit(rec_id, decision, title)

    def _add(self) -> None:
        text = self.add_field.text().strip()
        if text:
            self.add_field.clear()
            self.added.emit(text)
