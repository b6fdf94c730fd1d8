"""Repository functions for the worker's plan, and for finding a person's previous assessment.

One row per assessment in ``plans`` (migration ``m002_plans``). Saving replaces the
whole plan, commits at once (autosave, like answers) and touches the assessment's
``updated`` time. Its texts are checked first (``readiness.store.text_fields``: a
``TextFieldError`` names the field), and a throttled "changed" audit entry is
noted in the same transaction. The row keeps the plan's ``next_due`` day (the
follow-up or an open item's date, whichever is first); a trigger copies it to the
assessment, where Home finds what is due along an index (migration ``m006_follow_up``).
``previous_assessment_id`` finds the assessment of the same person made just before
a given one, for the "change since last time" view, and ``carry_over`` starts a
reassessment's plan from that one's open items.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from readiness.errors import NotFoundError, StoreError
from readiness.model import utc_now
from readiness.plan import (
    Plan,
    decision_from_data,
    decision_to_data,
    item_from_data,
    item_to_data,
)
from readiness.store import audit
from readiness.store import text_fields as fields
from readiness.store.sql_errors import INTEGRITY_ERRORS, OPERATIONAL_ERRORS

if TYPE_CHECKING:
    from sqlite_utils import Database


def check_texts(plan: Plan) -> None:
    """Every text of the plan within its field's limit and character rules."""
    for decision in plan.decisions:
        fields.check_text(fields.RECOMMENDATION_ID, decision.recommendation_id)
        fields.check_text(fields.PLAN_TITLE, decision.title)
    for item in plan.added:
        fields.check_text(fields.PLAN_ITEM, item.text)
    fields.check_text(fields.PLAN_TEXT, plan.text)


def _row(assessment_id: str, plan: Plan) -> dict[str, Any]:
    decisions = [decision_to_data(d) for d in plan.decisions]
    next_due = plan.next_due()
    return {
        "assessment_id": assessment_id,
        "decisions_json": json.dumps(decisions, ensure_ascii=False),
        "added_json": json.dumps([item_to_data(a) for a in plan.added], ensure_ascii=False),
        "text": plan.text,
        "follow_up": plan.follow_up.isoformat() if plan.follow_up else None,
        "next_due": next_due.isoformat() if next_due else None,
        "updated": (plan.updated or utc_now()).isoformat(timespec="microseconds"),
    }


def plan_from_row(
    decisions_json: str | None,
    added_json: str | None,
    text: str | None,
    follow_up: str | None,
    updated: str,
) -> Plan:
    """A plan as stored in its row (plans saved before items had dates read the same)."""
    return Plan(
        decisions=tuple(decision_from_data(item) for item in json.loads(decisions_json or "[]")),
        added=tuple(item_from_data(item) for item in json.loads(added_json or "[]")),
        text=text or "",
        follow_up=date.fromisoformat(follow_up) if follow_up else None,
        updated=datetime.fromisoformat(updated),
    )


def save_plan(
    db: Database,
    assessment_id: str,
    plan: Plan,
    *,
    keep_updated: bool = False,
    staff: str = "",
    record_change: bool = True,
) -> Plan:
    """Save (or replace) the plan of an assessment; returns it with ``updated`` set.

    ``keep_updated`` keeps the plan's own ``updated`` time, and ``record_change``
    False writes no "changed" audit entry (importing a document records its own).
    """
    check_texts(plan)
    initials = fields.checked_initials(staff)
    moment = plan.updated if keep_updated and plan.updated else utc_now()
    saved = replace(plan, updated=moment)
    row = _row(assessment_id, saved)
    try:
        with db.atomic():
            db.table("plans").upsert(row, pk="assessment_id")
            db.execute(
                "UPDATE assessments SET updated = ? WHERE id = ?", [row["updated"], assessment_id]
            )
            if record_change:
                audit.note_change(db, assessment_id, staff=initials, part="plan")
    except INTEGRITY_ERRORS:
        raise NotFoundError(f"no assessment with id {assessment_id!r}") from None
    except OPERATIONAL_ERRORS as exc:
        raise StoreError(f"could not save the plan: {exc}") from None
    return saved


def get_plan(db: Database, assessment_id: str) -> Plan | None:
    """The saved plan of an assessment, or None if none was saved."""
    rows = list(db.table("plans").rows_where("assessment_id = ?", [assessment_id], limit=1))
    if not rows:
        return None
    row = rows[0]
    return plan_from_row(
        row["decisions_json"], row["added_json"], row["text"], row["follow_up"], row["updated"]
    )


def delete_plan(db: Database, assessment_id: str) -> None:
    """Forget the plan of an assessment (used when an imported document replaces it)."""
    with db.atomic():
        db.execute("DELETE FROM plans WHERE assessment_id = ?", [assessment_id])


def previous_assessment_id(db: Database, assessment_id: str) -> str | None:
    """The same person's assessment created just before this one, or None (a first intake)."""
    row = db.execute(
        "SELECT p.id FROM assessments a JOIN assessments p "
        "ON p.service_user_id = a.service_user_id AND p.id != a.id "
        "AND (p.created < a.created OR (p.created = a.created AND p.id < a.id)) "
        "WHERE a.id = ? ORDER BY p.created DESC, p.id DESC LIMIT 1",
        [assessment_id],
    ).fetchone()
    return str(row[0]) if row else None


def carry_over(db: Database, assessment_id: str, *, staff: str = "") -> Plan | None:
    """Start the plan of a reassessment from the person's plan before it.

    The earlier plan's open items are copied, each marked with the day of the
    assessment it came from (``Plan.carried_over``); nothing else is. Returns the
    saved plan, or None when there was nothing open to carry (or it has a plan already).
    """
    previous = previous_assessment_id(db, assessment_id)
    if previous is None or get_plan(db, assessment_id) is not None:
        return None
    before = get_plan(db, previous)
    if before is None or not before.open_items():
        return None
    created = db.execute("SELECT created FROM assessments WHERE id = ?", [previous]).fetchone()[0]
    since = datetime.fromisoformat(created).astimezone().date()  # the day as shown
    return save_plan(db, assessment_id, before.carried_over(since), staff=staff)
