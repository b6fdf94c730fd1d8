"""The worker's plan: recommendations accepted or rejected, their own additions, notes, follow-up.

A ``Plan`` is saved with the assessment (``readiness.store.plans``) and travels in
the assessment document (``AssessmentDocument.plan``). It is frozen; the ``with_*``
methods return a changed copy, so the results page never edits a plan in place.
Only the standard library is imported here: ``readiness.document`` depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from readiness.model import STRICT

MAX_TEXT = 4000
"""The plan's notes: a short plan, not case notes."""
MAX_ITEM = 300
MAX_ITEMS = 50


class Decision(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class PlanDecision:
    """The worker's decision on one recommendation; ``title`` keeps its wording at the time."""

    __pydantic_config__ = STRICT

    recommendation_id: str
    decision: Decision
    title: str = ""

    def __post_init__(self) -> None:
        if not self.recommendation_id.strip() or len(self.recommendation_id) > 64:
            raise ValueError("a decision needs a recommendation id of 1 to 64 characters")
        if len(self.title) > MAX_ITEM:
            raise ValueError(f"a recommendation title has at most {MAX_ITEM} characters")


@dataclass(frozen=True)
class Plan:
    """What the worker and the person agreed: decisions, own items, notes and a follow-up date."""

    __pydantic_config__ = STRICT

    decisions: tuple[PlanDecision, ...] = ()
    added: tuple[str, ...] = ()
    """Recommendations the worker added in their own words."""
    text: str = ""
    follow_up: date | None = None
    updated: datetime | None = None
    """When it was last saved (set by the store)."""

    def __post_init__(self) -> None:
        ids = [d.recommendation_id for d in self.decisions]
        if len(ids) != len(set(ids)):
            raise ValueError("each recommendation can have only one decision")
        if len(self.decisions) > MAX_ITEMS or len(self.added) > MAX_ITEMS:
            raise ValueError(f"a plan holds at most {MAX_ITEMS} decisions and {MAX_ITEMS} items")
        if any(not item.strip() or len(item) > MAX_ITEM for item in self.added):
            raise ValueError(f"an added item needs 1 to {MAX_ITEM} characters")
        if len(self.text) > MAX_TEXT:
            raise ValueError(f"the plan text has at most {MAX_TEXT} characters")

    @property
    def empty(self) -> bool:
        return not (self.decisions or self.added or self.text.strip() or self.follow_up)

    def decision_for(self, recommendation_id: str) -> Decision | None:
        found = next((d for d in self.decisions if d.recommendation_id == recommendation_id), None)
        return found.decision if found else None

    def accepted(self) -> tuple[PlanDecision, ...]:
        return tuple(d for d in self.decisions if d.decision is Decision.ACCEPTED)

    def with_decision(
        self, recommendation_id: str, decision: Decision | None, title: str = ""
    ) -> Plan:
        """This plan with one decision set (or cleared with ``None``)."""
        kept = tuple(d for d in self.decisions if d.recommendation_id != recommendation_id)
        if decision is not None:
            kept += (PlanDecision(recommendation_id, decision, title[:MAX_ITEM]),)
        return replace(self, decisions=kept)

    def with_added(self, item: str) -> Plan:
        text = " ".join(item.split())
        if not text:
            return self
        return replace(self, added=(*self.added, text[:MAX_ITEM]))

    def without_added(self, index: int) -> Plan:
        return replace(self, added=tuple(a for i, a in enumerate(self.added) if i != index))

    def with_text(self, text: str) -> Plan:
        return replace(self, text=text[:MAX_TEXT])

    def with_follow_up(self, follow_up: date | None) -> Plan:
        return replace(self, follow_up=follow_up)
