"""Repository functions: the only code that reads and writes rows.

Callers pass model objects in and get model objects out; SQL stays here. Every
write commits at once (autosave), so an answer given on screen survives a crash.
Times are stored as ISO 8601 text in UTC, which sorts in time order.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from readiness import __version__
from readiness.document import AssessmentDocument, ServiceUserRef
from readiness.errors import DocumentError, NotFoundError, ReadinessError, StoreError
from readiness.model import (
    Answer,
    Assessment,
    AssessmentStatus,
    CheckResult,
    CheckStatus,
    Measurement,
    MissingCode,
    ServiceUser,
    check_locale,
    new_id,
    normalize_code,
    normalize_initials,
    utc_now,
)
from readiness.store import plans

if TYPE_CHECKING:
    from sqlite_utils import Database


def _time(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _user_error(exc: ValueError) -> ReadinessError:
    return ReadinessError(str(exc))


# -- service users ---------------------------------------------------------------


def create_service_user(db: Database, code: str, preferred_name: str | None = None) -> ServiceUser:
    """Add a service user with a new pseudonymous ``code``; refuses a code already in use."""
    try:
        normalized = normalize_code(code)
    except ValueError as exc:
        raise _user_error(exc) from None
    if find_service_user(db, normalized) is not None:
        raise ReadinessError(f"service-user code {normalized} is already in use")
    user = ServiceUser(
        id=new_id(),
        code=normalized,
        created=utc_now(),
        preferred_name=(preferred_name or "").strip() or None,
    )
    with db.atomic():
        db.table("service_users").insert(
            {
                "id": user.id,
                "code": user.code,
                "preferred_name": user.preferred_name,
                "created": _time(user.created),
            }
        )
    return user


def _user_from_row(row: dict[str, Any]) -> ServiceUser:
    created = _parse_time(row["created"])
    assert created is not None
    return ServiceUser(
        id=row["id"], code=row["code"], created=created, preferred_name=row["preferred_name"]
    )


def find_service_user(db: Database, code: str) -> ServiceUser | None:
    """The service user with this code (any letter case), or None."""
    rows = list(db.table("service_users").rows_where("code = ?", [code.strip().upper()], limit=1))
    return _user_from_row(rows[0]) if rows else None


def get_service_user(db: Database, user_id: str) -> ServiceUser:
    rows = list(db.table("service_users").rows_where("id = ?", [user_id], limit=1))
    if not rows:
        raise NotFoundError(f"no service user with id {user_id}")
    return _user_from_row(rows[0])


def find_or_create_service_user(db: Database, code: str) -> ServiceUser:
    """The service user with this code, created if new."""
    try:
        normalized = normalize_code(code)
    except ValueError as exc:
        raise _user_error(exc) from None
    return find_service_user(db, normalized) or create_service_user(db, normalized)


# -- assessments -----------------------------------------------------------------


def _assessment_row(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.id,
        "service_user_id": assessment.service_user_id,
        "created": _time(assessment.created),
        "updated": _time(assessment.updated),
        "completed": _time(assessment.completed) if assessment.completed else None,
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
    db: Database, service_user: ServiceUser, *, locale: str = "en", staff_initials: str = ""
) -> Assessment:
    """Create and save a new draft assessment for ``service_user``."""
    try:
        check_locale(locale)
        initials = normalize_initials(staff_initials) if staff_initials.strip() else ""
    except ValueError as exc:
        raise _user_error(exc) from None
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
        db.table("assessments").insert(_assessment_row(assessment))
    return assessment


def get_assessment(db: Database, assessment_id: str) -> Assessment:
    """The assessment with this id, or with this unique id prefix (at least 8 characters)."""
    key = assessment_id.strip().lower()
    rows = list(db.table("assessments").rows_where("id = ?", [key], limit=1))
    if not rows and len(key) >= 8:
        rows = list(
            db.table("assessments").rows_where("id >= ? AND id < ?", prefix_range(key), limit=2)
        )
        if len(rows) > 1:
            raise ReadinessError(
                f"assessment id {assessment_id!r} matches more than one; give more"
            )
    if not rows:
        raise NotFoundError(f"no assessment with id {assessment_id!r}")
    return _assessment_from_row(rows[0])


def _touch(db: Database, assessment_id: str) -> None:
    db.execute("UPDATE assessments SET updated = ? WHERE id = ?", [_time(utc_now()), assessment_id])


def complete_assessment(db: Database, assessment_id: str) -> Assessment:
    """Mark an assessment complete (it can still be reopened by ``reopen_assessment``)."""
    assessment = get_assessment(db, assessment_id)
    now = utc_now()
    done = replace(assessment, status=AssessmentStatus.COMPLETE, completed=now, updated=now)
    with db.atomic():
        db.table("assessments").update(assessment.id, _assessment_row(done))
    return done


def reopen_assessment(db: Database, assessment_id: str) -> Assessment:
    """Turn a completed assessment back into a draft so it can be changed."""
    assessment = get_assessment(db, assessment_id)
    draft = replace(assessment, status=AssessmentStatus.DRAFT, completed=None, updated=utc_now())
    with db.atomic():
        db.table("assessments").update(assessment.id, _assessment_row(draft))
    return draft


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


# -- facts -----------------------------------------------------------------------


def save_answer(db: Database, assessment_id: str, answer: Answer) -> None:
    """Save (or replace) the answer to one item, committed at once."""
    value = answer.value
    row = {
        "assessment_id": assessment_id,
        "questionnaire_id": answer.questionnaire_id,
        "item_id": answer.item_id,
        "value_json": None if value is None else json.dumps(_plain(value), ensure_ascii=False),
        "missing": answer.missing.value if answer.missing else None,
        "answered_at": _time(answer.answered_at),
    }
    _write(db, assessment_id, "answers", row)


def delete_answer(db: Database, assessment_id: str, questionnaire_id: str, item_id: str) -> None:
    """Forget the answer to one item (the worker cleared it)."""
    with db.atomic():
        db.execute(
            "DELETE FROM answers WHERE assessment_id = ? AND questionnaire_id = ? AND item_id = ?",
            [assessment_id, questionnaire_id, item_id],
        )
        _touch(db, assessment_id)


def save_check_result(db: Database, assessment_id: str, result: CheckResult) -> None:
    """Save (or replace) the latest result of one check, committed at once."""
    row = {
        "assessment_id": assessment_id,
        "check_id": result.check_id,
        "status": result.status.value,
        "measured_at": _time(result.measured_at),
        "reason": result.reason,
        "values_json": json.dumps(
            {name: [m.value, m.unit] for name, m in result.values.items()}, ensure_ascii=False
        ),
        "source": result.source,
    }
    _write(db, assessment_id, "check_results", row)


def _write(db: Database, assessment_id: str, table: str, row: dict[str, Any]) -> None:
    try:
        with db.atomic():
            db.table(table).upsert(row)
            _touch(db, assessment_id)
    except sqlite3.IntegrityError:
        raise NotFoundError(f"no assessment with id {assessment_id!r}") from None
    except sqlite3.OperationalError as exc:
        raise StoreError(f"could not save: {exc}") from None


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _answer_value(text: str | None) -> Any:
    if text is None:
        return None
    value = json.loads(text)
    return tuple(value) if isinstance(value, list) else value


def list_answers(db: Database, assessment_id: str) -> list[Answer]:
    rows = db.table("answers").rows_where(
        "assessment_id = ?", [assessment_id], order_by="questionnaire_id, answered_at, item_id"
    )
    return [
        Answer(
            questionnaire_id=row["questionnaire_id"],
            item_id=row["item_id"],
            answered_at=datetime.fromisoformat(row["answered_at"]),
            value=_answer_value(row["value_json"]),
            missing=MissingCode(row["missing"]) if row["missing"] else None,
        )
        for row in rows
    ]


def list_check_results(db: Database, assessment_id: str) -> list[CheckResult]:
    rows = db.table("check_results").rows_where(
        "assessment_id = ?", [assessment_id], order_by="check_id"
    )
    return [
        CheckResult(
            check_id=row["check_id"],
            status=CheckStatus(row["status"]),
            measured_at=datetime.fromisoformat(row["measured_at"]),
            reason=row["reason"] or "",
            values={
                name: Measurement(value=pair[0], unit=pair[1])
                for name, pair in json.loads(row["values_json"] or "{}").items()
            },
            source=row["source"] or "measured",
        )
        for row in rows
    ]


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


def import_document(
    db: Database, document: AssessmentDocument, *, replace_existing: bool = False
) -> Assessment:
    """Store a document's assessment and facts, all or nothing.

    The service user is matched by code (created if new). An assessment id that
    already exists is refused unless ``replace_existing`` is set.
    """
    try:
        code = normalize_code(document.service_user.code)
        check_locale(document.assessment.locale)
    except ValueError as exc:
        raise DocumentError(f"the document is not valid: {exc}") from None
    exists = db.table("assessments").count_where("id = ?", [document.assessment.id]) > 0
    if exists and not replace_existing:
        raise ReadinessError(
            f"assessment {document.assessment.id} is already in this database "
            "(use --replace to overwrite it)"
        )
    with db.atomic():
        user = find_service_user(db, code)
        if user is None:
            user = ServiceUser(id=document.service_user.id, code=code, created=utc_now())
            if db.table("service_users").count_where("id = ?", [user.id]):
                user = replace(user, id=new_id())
            db.table("service_users").insert(
                {
                    "id": user.id,
                    "code": user.code,
                    "preferred_name": None,
                    "created": _time(user.created),
                }
            )
        assessment = replace(document.assessment, service_user_id=user.id)
        if exists:
            db.execute("DELETE FROM answers WHERE assessment_id = ?", [assessment.id])
            db.execute("DELETE FROM check_results WHERE assessment_id = ?", [assessment.id])
            db.execute("DELETE FROM plans WHERE assessment_id = ?", [assessment.id])
        db.table("assessments").upsert(_assessment_row(assessment))
        for answer in document.answers:
            save_answer(db, assessment.id, answer)
        for result in document.check_results:
            save_check_result(db, assessment.id, result)
        if document.plan is not None:
            plans.save_plan(db, assessment.id, document.plan, keep_updated=True)
        db.table("assessments").update(assessment.id, {"updated": _time(assessment.updated)})
    return assessment
