"""Repository functions: the only code that reads and writes rows.

Callers pass model objects in and get model objects out; SQL stays here. Every
write commits at once (autosave), so an answer given on screen survives a crash.
Times are stored as ISO 8601 text in UTC, which sorts in time order.

Every free-text field is checked by ``readiness.store.text_fields`` before it is
written (a ``TextFieldError`` names the field). Writes also record an audit entry
in the same transaction (``readiness.store.audit``): "created", "completed",
"reopened" each time, "changed" throttled (imports: ``readiness.store.importing``).
``staff`` is the initials of the worker doing it ("" when not known). Answers and check results
live in ``readiness.store.facts`` and are re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from readiness import __version__
from readiness.document import AssessmentDocument, ServiceUserRef
from readiness.errors import NotFoundError, ReadinessError
from readiness.model import (
    Assessment,
    AssessmentStatus,
    ServiceUser,
    check_locale,
    new_id,
    normalize_code,
    utc_now,
)
from readiness.store import audit, plans, results
from readiness.store import text_fields as fields
from readiness.store.audit import AuditAction
from readiness.store.facts import (
    delete_answer,
    list_answers,
    list_check_results,
    save_answer,
    save_check_result,
    stored_time,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.store.results import StoredResult

__all__ = [
    "assessment_row",
    "complete_assessment",
    "create_service_user",
    "current_step",
    "delete_answer",
    "find_or_create_service_user",
    "find_service_user",
    "get_assessment",
    "get_service_user",
    "list_answers",
    "list_check_results",
    "list_drafts",
    "load_document",
    "prefix_range",
    "reopen_assessment",
    "save_answer",
    "save_check_result",
    "set_current_step",
    "set_staff_initials",
    "start_assessment",
]


def _parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _user_error(exc: ValueError) -> ReadinessError:
    return ReadinessError(str(exc))


# -- service users ---------------------------------------------------------------


def create_service_user(
    db: Database, code: str, preferred_name: str | None = None, *, staff: str = ""
) -> ServiceUser:
    """Add a service user with a new pseudonymous ``code``; refuses a code already in use.

    The code is stored trimmed and upper-cased, the preferred name trimmed (None if blank).
    """
    normalized = fields.checked_code(code)
    name = fields.checked_preferred_name(preferred_name)
    initials = fields.checked_initials(staff)
    if find_service_user(db, normalized) is not None:
        raise ReadinessError(f"service-user code {normalized} is already in use")
    user = ServiceUser(id=new_id(), code=normalized, created=utc_now(), preferred_name=name)
    with db.atomic():
        db.table("service_users").insert(
            {
                "id": user.id,
                "code": user.code,
                "preferred_name": user.preferred_name,
                "created": stored_time(user.created),
            }
        )
        audit.record(
            db, AuditAction.CREATED, staff=initials, service_user_id=user.id, detail="service user"
        )
    return user


def _user_from_row(row: dict[str, Any]) -> ServiceUser:
    created = _parse_time(row["created"])
    assert created is not None
    return ServiceUser(
        id=row["id"], code=row["code"], created=created, preferred_name=row["preferred_name"]
    )


def find_service_user(db: Database, code: str) -> ServiceUser | None:
    """The service user with this code (any letter case), or None (also for text no code can be)."""
    try:
        normalized = normalize_code(code)
    except ValueError:
        return None
    rows = list(db.table("service_users").rows_where("code = ?", [normalized], limit=1))
    return _user_from_row(rows[0]) if rows else None


def get_service_user(db: Database, user_id: str) -> ServiceUser:
    rows = list(db.table("service_users").rows_where("id = ?", [user_id], limit=1))
    if not rows:
        raise NotFoundError(f"no service user with id {user_id}")
    return _user_from_row(rows[0])


def find_or_create_service_user(db: Database, code: str, *, staff: str = "") -> ServiceUser:
    """The service user with this code, created if new."""
    normalized = fields.checked_code(code)
    return find_service_user(db, normalized) or create_service_user(db, normalized, staff=staff)


# -- assessments -----------------------------------------------------------------


def assessment_row(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.id,
        "service_user_id": assessment.service_user_id,
        "created": stored_time(assessment.created),
        "updated": stored_time(assessment.updated),
        "completed": stored_time(assessment.completed) if assessment.completed else None,
        "status": assessment.status.value,
        "locale": assessment.locale,
        "staff_initials": assessment.staff_initials,
        "app_version": assessment.app_version,
    }


def _assessment_from_row(row: dict[str, Any]) -> Assessment:
    created, updated = _parse_time(row["created"]), _parse_time(row["updated"])
    assert created is not None and updated is not None
    return Assessment(
        id=row["id"],
        service_user_id=row["service_user_id"],
        created=created,
        updated=updated,
        completed=_parse_time(row["completed"]),
        status=AssessmentStatus(row["status"]),
        locale=row["locale"],
        staff_initials=row["staff_initials"] or "",
        app_version=row["app_version"],
    )


def start_assessment(
    db: Database,
    service_user: ServiceUser,
    *,
    locale: str = "en",
    staff_initials: str = "",
    staff: str = "",
) -> Assessment:
    """Create and save a new draft assessment for ``service_user``.

    ``staff_initials`` is who carries out the intake; ``staff`` who starts it, for
    the audit log (the same person unless given).
    """
    try:
        check_locale(locale)
    except ValueError as exc:
        raise _user_error(exc) from None
    initials = fields.checked_initials(staff_initials)
    actor = fields.checked_initials(staff) or initials
    now = utc_now()
    assessment = Assessment(
        id=new_id(),
        service_user_id=service_user.id,
        created=now,
        updated=now,
        status=AssessmentStatus.DRAFT,
        locale=locale,
        staff_initials=initials,
        app_version=__version__,
    )
    with db.atomic():
        db.table("assessments").insert(assessment_row(assessment))
        audit.record(
            db,
            AuditAction.CREATED,
            staff=actor,
            assessment_id=assessment.id,
            service_user_id=service_user.id,
            detail="assessment",
        )
    return assessment


def get_assessment(db: Database, assessment_id: str) -> Assessment:
    """The assessment with this id, or with this unique id prefix (at least 8 characters)."""
    key = assessment_id.strip().lower()
    if not _storable(key):
        raise NotFoundError("no assessment with that id")
    rows = list(db.table("assessments").rows_where("id = ?", [key], limit=1))
    if not rows and len(key) >= 8:
        rows = list(
            db.table("assessments").rows_where("id >= ? AND id < ?", prefix_range(key), limit=2)
        )
        if len(rows) > 1:
            raise ReadinessError(f"assessment id {key} matches more than one; give more")
    if not rows:
        if not _ID_SHAPED.fullmatch(key):  # never repeated: it may be a name typed here
            raise NotFoundError(
                "no assessment with that id (an id has only the digits 0-9, "
                "the letters a-f and '-')"
            )
        raise NotFoundError(f"no assessment with id {key}")
    return _assessment_from_row(rows[0])


_ID_SHAPED = re.compile(r"[0-9a-f-]{1,36}")
"""What an assessment id, or the start of one, can be: only these are repeated in errors."""


def _storable(text: str) -> bool:
    """Whether SQLite can take ``text`` at all (lone surrogates cannot be UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def complete_assessment(
    db: Database,
    assessment_id: str,
    *,
    staff: str = "",
    now: datetime | None = None,
    result: StoredResult | None = None,
) -> Assessment:
    """Mark an assessment complete (it can still be reopened by ``reopen_assessment``),
    keeping ``result`` (what was decided) in the same transaction. Without one, the
    result is worked out the first time the completed assessment is read."""
    initials = fields.checked_initials(staff)
    assessment = get_assessment(db, assessment_id)
    now = now or utc_now()
    done = replace(assessment, status=AssessmentStatus.COMPLETE, completed=now, updated=now)
    with db.atomic():
        db.table("assessments").update(assessment.id, assessment_row(done))
        results.remove(db, assessment.id)
        if result is not None:
            results.save(db, result)
        audit.record(db, AuditAction.COMPLETED, staff=initials, assessment_id=assessment.id)
    return done


def reopen_assessment(
    db: Database,
    assessment_id: str,
    *,
    staff: str = "",
    now: datetime | None = None,
    reason: str = "",
) -> Assessment:
    """Turn a completed assessment back into a draft so it can be changed.

    ``reason`` is a short code saying why (kept in the audit entry; never free text).
    """
    initials = fields.checked_initials(staff)
    assessment = get_assessment(db, assessment_id)
    moment = now or utc_now()
    draft = replace(assessment, status=AssessmentStatus.DRAFT, completed=None, updated=moment)
    with db.atomic():
        db.table("assessments").update(assessment.id, assessment_row(draft))
        results.remove(db, assessment.id)
        audit.record(
            db,
            AuditAction.REOPENED,
            staff=initials,
            assessment_id=assessment.id,
            detail=reason,
        )
    return draft


def set_staff_initials(db: Database, assessment_id: str, initials: str) -> Assessment:
    """Record who carries out the intake (initials given after it started)."""
    checked = fields.checked_initials(initials)
    assessment = get_assessment(db, assessment_id)
    changed = replace(assessment, staff_initials=checked)
    with db.atomic():
        db.table("assessments").update(assessment.id, assessment_row(changed))
    return changed


def mark_updated(db: Database, assessment_id: str, moment: datetime) -> None:
    """Record that the assessment changed at ``moment`` (e.g. its kept result was replaced),
    so the agency hub receives it again as a new version."""
    db.execute(
        "UPDATE assessments SET updated = ? WHERE id = ?", [stored_time(moment), assessment_id]
    )


def set_current_step(db: Database, assessment_id: str, step: str) -> None:
    """Remember the intake step the worker is on (saved at once, like answers)."""
    with db.atomic():
        db.execute("UPDATE assessments SET current_step = ? WHERE id = ?", [step, assessment_id])


def current_step(db: Database, assessment_id: str) -> str | None:
    """The intake step the worker was last on, or None for a new intake."""
    row = db.execute(
        "SELECT current_step FROM assessments WHERE id = ?", [assessment_id]
    ).fetchone()
    return row[0] if row else None


def list_drafts(db: Database, service_user: ServiceUser | None = None) -> list[Assessment]:
    """Draft assessments, newest first: what can be resumed."""
    where, params = "status = ?", [AssessmentStatus.DRAFT.value]
    if service_user is not None:
        where += " AND service_user_id = ?"
        params.append(service_user.id)
    rows = db.table("assessments").rows_where(where, params, order_by="created DESC")
    return [_assessment_from_row(row) for row in rows]


# -- ids ---------------------------------------------------------------------------


def prefix_range(prefix: str) -> list[str]:
    """Bounds ``lo <= x < hi`` matching every text that starts with ``prefix`` (index-friendly)."""
    return [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]


# -- documents -------------------------------------------------------------------


def load_document(db: Database, assessment_id: str) -> AssessmentDocument:
    """The whole assessment as one versioned document."""
    assessment = get_assessment(db, assessment_id)
    user = get_service_user(db, assessment.service_user_id)
    return AssessmentDocument(
        service_user=ServiceUserRef(id=user.id, code=user.code),
        assessment=assessment,
        answers=tuple(list_answers(db, assessment.id)),
        check_results=tuple(list_check_results(db, assessment.id)),
        plan=plans.get_plan(db, assessment.id),
    )
