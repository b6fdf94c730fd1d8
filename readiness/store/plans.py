"""Repository functions for the worker's plan, and for finding a person's previous assessment.

One row per assessment in ``plans`` (migration ``m002_plans``). Saving replaces the
whole plan, commits at once (autosave, like answers) and touches the assessment's
``updated`` time. Its texts are checked first (``readiness.store.text_fields``: a
``TextFieldError`` names the field), and a throttled "changed" audit entry is
noted in the same transaction. ``previous_assessment_id`` finds the assessment of the same
person made just before a given one, for the "change since last time" view.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from readiness.errors import NotFoundError, StoreError
from readiness.model import utc_now
from readiness.plan import Decision, Plan, PlanDecision
from readiness.store import audit
from readiness.store import text_fields as fields
from readiness.store.sql_errors import INTEGRITY_ERRORS, OPERATIONAL_ERRORS

if TYPE_CHECKING:
    from sqlite_utils import Database


def _check_texts(plan: Plan) -> None:
    """Every text of the plan within its field's limit and character rules."""
    for decision in plan.decisions:
        fields.check_text(fields.RECOMMENDATION_ID, decision.recommendation_id)
        fields.check_text(fields.PLAN_TITLE, decision.title)
    for item in plan.added:
        fields.check_text(fields.PLAN_ITEM, item)
    fields.check_text(fields.PLAN_TEXT, plan.text)


def _row(assessment_id: str, plan: Plan) -> dict[str, Any]:
    decisions = [
        {"recommendation_id": d.recommendation_id, "decision": d.decision.value, "title": d.title}
        for d in plan.decisions
    ]
    return {
        "assessment_id": assessment_id,
        "decisions_json": json.dumps(decisions, ensure_ascii=False),
        "added_json": json.dumps(list(plan.added), ensure_ascii=False),
        "text": plan.text,
        "follow_up": plan.follow_up.isoformat() if plan.follow_up else None,
        "updated": (plan.updated or utc_now()).isoformat(timespec="microseconds"),
    }


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
    _check_texts(plan)
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
    decisions = tuple(
        PlanDecision(item["recommendation_id"], Decision(item["decision"]), item.get("title", ""))
        for item in json.loads(row["decisions_json"] or "[]")
    )
    return Plan(
        decisions=decisions,
        added=tuple(json.loads(row["added_json"] or "[]")),
        text=row["text"] or "",
        follow_up=date.fromisoformat(row["follow_up"]) if row["follow_up"] else None,
        updated=datetime.fromisoformat(row["updated"]),
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
