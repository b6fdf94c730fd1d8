"""The worker's plan: recommendations accepted or rejected, their own items, who does each and by
when, notes and the follow-up date.

A ``Plan`` is saved with the assessment (``readiness.store.plans``) and travels in
the assessment document (``AssessmentDocument.plan``). It is frozen; the ``with_*``
methods return a changed copy, so the results page never edits a plan in place.
Each accepted recommendation and each own item is a plan item with an
``Assignment``: who does it (a fixed list of roles, plus optional initials — never
anyone's name), by when, and whether it is done. ``carried_over`` starts a
reassessment's plan from the open items of the plan before. Only the standard
library is imported here: ``readiness.document`` depends on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from readiness.model import STRICT, normalize_initials

MAX_TEXT = 4000
"""The plan's notes: a short plan, not case notes."""
MAX_ITEM = 300
MAX_ITEMS = 50


class Decision(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Responsible(StrEnum):
    """Who does a plan item: a fixed list, so nobody's name is ever written into a plan."""

    WORKER = "worker"
    PERSON = "person"
    SOMEONE_ELSE = "someone_else"


ItemRef = str | int
"""A plan item: an accepted recommendation by its id, or an own item by its index."""


@dataclass(frozen=True, kw_only=True)
class Assignment:
    """Who does a plan item and by when, and whether it is done (every part optional)."""

    __pydantic_config__ = STRICT

    who: Responsible | None = None
    initials: str = ""
    """Initials of whoever does it (1 to 5 letters, upper case), if the worker gives them."""
    due: date | None = None
    done: bool = False

    def __post_init__(self) -> None:
        try:
            stored = checked_item_initials(self.initials)
        except ValueError:
            stored = ""
        if stored != self.initials:
            raise ValueError("the initials of a plan item are 1 to 5 upper-case letters")

    @property
    def assigned(self) -> bool:
        """Whether anything beyond the item itself was set."""
        return self.assignment() != Assignment()

    def assignment(self) -> Assignment:
        """Just the who, when and done of this item."""
        return Assignment(**{f.name: getattr(self, f.name) for f in fields(Assignment)})


def checked_item_initials(text: str) -> str:
    """Initials for a plan item in their stored form ("" for none), or ValueError."""
    return normalize_initials(text) if text.strip() else ""


_ASSIGNMENT_FIELDS = tuple(f.name for f in fields(Assignment))


def _assigned(item: Any, assignment: Assignment) -> Any:
    return replace(item, **{name: getattr(assignment, name) for name in _ASSIGNMENT_FIELDS})


@dataclass(frozen=True)
class PlanDecision(Assignment):
    """The worker's decision on one recommendation; ``title`` keeps its wording at the time.

    An accepted recommendation is a plan item: it may say who does it and by when.
    """

    __pydantic_config__ = STRICT

    recommendation_id: str
    decision: Decision
    title: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.recommendation_id.strip() or len(self.recommendation_id) > 64:
            raise ValueError("a decision needs a recommendation id of 1 to 64 characters")
        if len(self.title) > MAX_ITEM:
            raise ValueError(f"a recommendation title has at most {MAX_ITEM} characters")
        if self.decision is Decision.REJECTED and self.assigned:
            raise ValueError("only an accepted recommendation has someone to do it or a date")

    @property
    def text(self) -> str:
        return self.title or self.recommendation_id


@dataclass(frozen=True)
class PlanItem(Assignment):
    """An item the worker added in their own words, or one carried over from an earlier plan."""

    __pydantic_config__ = STRICT

    text: str
    carried_from: date | None = None
    """The day of the earlier assessment whose plan it first came from (None: made here)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.text.strip() or len(self.text) > MAX_ITEM:
            raise ValueError(f"an added item needs 1 to {MAX_ITEM} characters")


@dataclass(frozen=True)
class Plan:
    """What the worker and the person agreed: decisions, own items, notes and a follow-up date."""

    __pydantic_config__ = STRICT

    decisions: tuple[PlanDecision, ...] = ()
    added: tuple[PlanItem, ...] = ()
    """Items the worker added in their own words (or carried over from the plan before)."""
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
        if len(self.text) > MAX_TEXT:
            raise ValueError(f"the plan text has at most {MAX_TEXT} characters")

    @property
    def empty(self) -> bool:
        return not (self.decisions or self.added or self.text.strip() or self.follow_up)

    @property
    def carried_only(self) -> bool:
        """Whether it holds nothing but items carried over from the plan before (where a
        reassessment's plan starts, before the worker adds to it)."""
        made_here = self.decisions or self.text.strip() or self.follow_up
        return not made_here and all(item.carried_from is not None for item in self.added)

    def decision_for(self, recommendation_id: str) -> Decision | None:
        found = next((d for d in self.decisions if d.recommendation_id == recommendation_id), None)
        return found.decision if found else None

    def accepted(self) -> tuple[PlanDecision, ...]:
        return tuple(d for d in self.decisions if d.decision is Decision.ACCEPTED)

    def items(self) -> tuple[tuple[ItemRef, PlanDecision | PlanItem], ...]:
        """Every plan item with its reference: accepted recommendations, then own items."""
        accepted: tuple[tuple[ItemRef, PlanDecision | PlanItem], ...] = tuple(
            (d.recommendation_id, d) for d in self.accepted()
        )
        return accepted + tuple(enumerate(self.added))

    def open_items(self) -> tuple[PlanDecision | PlanItem, ...]:
        """The plan items not done yet."""
        return tuple(item for _ref, item in self.items() if not item.done)

    def next_due(self) -> date | None:
        """The earliest date something is due: the follow-up or an open item's date."""
        days = [item.due for item in self.open_items() if item.due is not None]
        if self.follow_up is not None:
            days.append(self.follow_up)
        return min(days, default=None)

    def with_decision(
        self, recommendation_id: str, decision: Decision | None, title: str = ""
    ) -> Plan:
        """This plan with one decision set (or cleared with ``None``).

        Accepting again keeps who does it and by when; rejecting clears them.
        """
        before = next((d for d in self.decisions if d.recommendation_id == recommendation_id), None)
        kept = tuple(d for d in self.decisions if d.recommendation_id != recommendation_id)
        if decision is not None:
            made = PlanDecision(recommendation_id, decision, title[:MAX_ITEM])
            if before is not None and decision is Decision.ACCEPTED:
                made = _assigned(made, before.assignment())
            kept += (made,)
        return replace(self, decisions=kept)

    def with_added(self, item: str) -> Plan:
        text = " ".join(item.split())
        if not text:
            return self
        return replace(self, added=(*self.added, PlanItem(text[:MAX_ITEM])))

    def without_added(self, index: int) -> Plan:
        return replace(self, added=tuple(a for i, a in enumerate(self.added) if i != index))

    def with_assignment(self, ref: ItemRef, assignment: Assignment) -> Plan:
        """This plan with who does one item, by when and whether it is done, set."""
        if isinstance(ref, int):
            added = tuple(
                _assigned(a, assignment) if i == ref else a for i, a in enumerate(self.added)
            )
            return replace(self, added=added)
        decisions = tuple(
            _assigned(d, assignment)
            if d.recommendation_id == ref and d.decision is Decision.ACCEPTED
            else d
            for d in self.decisions
        )
        return replace(self, decisions=decisions)

    def with_text(self, text: str) -> Plan:
        return replace(self, text=text[:MAX_TEXT])

    def with_follow_up(self, follow_up: date | None) -> Plan:
        return replace(self, follow_up=follow_up)

    def carried_over(self, since: date) -> Plan:
        """A new plan holding this plan's open items, each marked as carried over.

        ``since`` is the day of the assessment this plan belongs to. Only the items
        travel, with who does them and their dates: no notes, no follow-up date and
        no decisions (the new assessment's recommendations are decided afresh).
        """
        carried = tuple(
            PlanItem(
                item.text[:MAX_ITEM],
                carried_from=getattr(item, "carried_from", None) or since,
                **{name: getattr(item, name) for name in _ASSIGNMENT_FIELDS},
            )
            for item in self.open_items()
        )
        return Plan(added=carried[:MAX_ITEMS])


# -- plain data for the store (the document reads the same shape through pydantic) ------


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _assignment_data(item: Assignment) -> dict[str, Any]:
    return {
        "who": item.who.value if item.who else None,
        "initials": item.initials,
        "due": item.due.isoformat() if item.due else None,
        "done": item.done,
    }


def _assignment_from(data: Mapping[str, Any]) -> dict[str, Any]:
    who = data.get("who")
    return {
        "who": Responsible(who) if who else None,
        "initials": data.get("initials") or "",
        "due": _day(data.get("due")),
        "done": bool(data.get("done", False)),
    }


def decision_to_data(decision: PlanDecision) -> dict[str, Any]:
    return {
        "recommendation_id": decision.recommendation_id,
        "decision": decision.decision.value,
        "title": decision.title,
        **_assignment_data(decision),
    }


def decision_from_data(data: Mapping[str, Any]) -> PlanDecision:
    return PlanDecision(
        data["recommendation_id"],
        Decision(data["decision"]),
        data.get("title", ""),
        **_assignment_from(data),
    )


def item_to_data(item: PlanItem) -> dict[str, Any]:
    carried = item.carried_from.isoformat() if item.carried_from else None
    return {"text": item.text, **_assignment_data(item), "carried_from": carried}


def item_from_data(data: Mapping[str, Any] | str) -> PlanItem:
    """An own item as stored; plans saved before items had dates hold the text alone."""
    if isinstance(data, str):
        return PlanItem(data)
    return PlanItem(
        data["text"], carried_from=_day(data.get("carried_from")), **_assignment_from(data)
    )
