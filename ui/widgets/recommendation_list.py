"""Recommendations with Accept / Reject, and the worker's own additions.

Each row shows the priority in words, the title, why it applies (with its facts),
what to do and any settings. Accept and Reject are toggle buttons: pressing the
chosen one again clears the decision. ``decided`` is emitted with the id, the
decision (or None) and the title; ``added`` and ``removed`` for the worker's own items.
Tab goes through Accept and Reject row by row, then the worker's own items.
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
from readiness.plan import MAX_ITEM, Decision, Plan

from ..language import _
from .tab_order import order_tabs


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
        self.accept_button = QPushButton(_("Accept"))
        self.reject_button = QPushButton(_("Reject"))
        for button, verb in ((self.accept_button, _("Accept")), (self.reject_button, _("Reject"))):
            button.setCheckable(True)
            button.setAccessibleName(f"{verb}: {title}")
        buttons = QVBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
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
        accepted, rejected = decision is Decision.ACCEPTED, decision is Decision.REJECTED
        self.accept_button.setChecked(accepted)
        self.reject_button.setChecked(rejected)
        self.accept_button.setText(_("✓ Accepted") if accepted else _("Accept"))
        self.reject_button.setText(_("✕ Rejected") if rejected else _("Reject"))


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
                lambda checked, r=rec_id, t=title: self._decide(r, Decision.ACCEPTED, checked, t)
            )
            row.reject_button.clicked.connect(
                lambda checked, r=rec_id, t=title: self._decide(r, Decision.REJECTED, checked, t)
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
        for index, text in enumerate(plan.added):
            line = QWidget(self)
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            label = QLabel(text)
            label.setWordWrap(True)
            label.setAccessibleName(_("Added recommendation: {text}").format(text=text))
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
        buttons = [button for row in self.rows for button in (row.accept_button, row.reject_button)]
        chain = [*buttons, *self._removes, self.add_field, self.add_button]
        order_tabs(self, self.add_field, chain)

    def row(self, recommendation_id: str) -> RecommendationRow | None:
        return next((r for r in self.rows if r.recommendation.id == recommendation_id), None)

    def _decide(self, rec_id: str, decision: Decision, checked: bool, title: str) -> None:
        row = self.row(rec_id)
        chosen = decision if checked else None
        if row is not None:
            row.show_decision(chosen)
        self.decided.emit(rec_id, chosen, title)

    def _add(self) -> None:
        text = self.add_field.text().strip()
        if text:
            self.add_field.clear()
            self.added.emit(text)
