"""A person's "Since last time": what is due, how their last plan went, and what changed.

Shown at the top of the person's page. ``show_plan`` says whether a follow-up or a
reassessment is due (``AssessmentSummary.due``), how many of the last plan's items
are done, and each item still open with who does it and by when (overdue in
words, not colour); a new assessment for the person starts from those open items.
``show_timeline`` adds what changed between the last two assessments, once the
results are worked out.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from readiness.equity.history import Timeline
from readiness.plan import Plan, PlanDecision, PlanItem
from readiness.summaries import AssessmentSummary, Due, DueRule

from ..language import _, current_language
from .plan_items import who_text
from .timeline_tables import change_lines


def open_item_line(item: PlanDecision | PlanItem, rule: DueRule) -> str:
    """One open item in words: what, who (and initials), by when, and whether it is late."""
    parts = [item.text]
    if item.who is not None:
        who = who_text(item.who)
        parts.append(f"{who} ({item.initials})" if item.initials else who)
    if item.due is not None:
        if item.due < rule.today:
            parts.append(_("was due {day} (overdue)").format(day=item.due.isoformat()))
        else:
            parts.append(_("due {day}").format(day=item.due.isoformat()))
    return " — ".join(parts)


def due_line(summary: AssessmentSummary, rule: DueRule) -> str:
    due = summary.due(rule)
    if due is Due.FOLLOW_UP and summary.follow_up_due is not None:
        return _("Follow-up due since {day}.").format(day=summary.follow_up_due.isoformat())
    if due is Due.REASSESSMENT:
        return _("Reassessment due: the last assessment was {days} or more days ago.").format(
            days=rule.reassess_after_days
        )
    if summary.follow_up_due is not None:
        return _("Next follow-up: {day}.").format(day=summary.follow_up_due.isoformat())
    return _("Nothing is due.")


class SinceLastTime(QWidget):
    """What is due, the last plan's open items and the latest change; see the module docstring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("stepTitle")
        self.due_label = QLabel()
        self.plan_label = QLabel()
        self.changes_label = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        for label in (self.due_label, self.plan_label, self.changes_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self._plan: tuple[AssessmentSummary, Plan | None, DueRule] | None = None
        self._timeline: Timeline | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Since last time"))
        self.due_label.setAccessibleName(_("What is due"))
        self.plan_label.setAccessibleName(_("The last plan"))
        self.changes_label.setAccessibleName(_("What changed since the assessment before"))
        if self._plan is not None:
            self.show_plan(*self._plan)
        self.show_timeline(self._timeline)

    def clear(self) -> None:
        self._plan, self._timeline = None, None
        for label in (self.due_label, self.plan_label, self.changes_label):
            label.clear()

    def show_plan(self, last: AssessmentSummary, plan: Plan | None, rule: DueRule) -> None:
        """What is due by the last assessment, and how its plan went."""
        self._plan = (last, plan, rule)
        self.due_label.setText(due_line(last, rule))
        day = last.created.astimezone().date().isoformat()
        items = plan.items() if plan is not None else ()
        if not items:
            self.plan_label.setText(_("The plan of {day} has no items.").format(day=day))
            return
        still_open = plan.open_items() if plan is not None else ()
        lines = [
            _("Plan of {day}. Items done: {done} of {total}.").format(
                day=day, done=len(items) - len(still_open), total=len(items)
            )
        ]
        if still_open:
            lines.append(_("Still open (a new assessment starts from these):"))
            lines += [f"• {open_item_line(item, rule)}" for item in still_open]
        self.plan_label.setText("\n".join(lines))

    def show_timeline(self, timeline: Timeline | None) -> None:
        """What changed between the last two assessments of ``timeline`` (None: not known yet)."""
        self._timeline = timeline
        compared = timeline is not None and bool(timeline.comparisons)
        self.changes_label.setVisible(compared)
        if timeline is not None and compared:
            last = replace(
                timeline, points=timeline.points[-2:], comparisons=timeline.comparisons[-1:]
            )
            self.changes_label.setText("\n".join(change_lines(last, current_language())))
