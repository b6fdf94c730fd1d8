"""Storing an imported assessment document: checked against the questionnaires and the
records already here, then written all or nothing.

``import_document`` refuses, before anything is written:

- an answer the questionnaires in force do not take
  (``readiness.questionnaire.document_answers.check_answers``);
- an assessment id already here, unless ``replace_existing``; and then too when the
  assessment belongs to another person here (an import never moves an assessment to
  another person: the message names both codes);
- a document whose values ``readiness.document.checks`` refuses (a document built in
  code is checked as one read from a file is), or whose texts break their field's
  rules (``check_importable``, which the agency hub runs on what laptops send).

The service user is matched by code (created if new). One "imported" audit entry is
written, and "created" for a new service user; no "changed".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from readiness.document import AssessmentDocument
from readiness.document.checks import checked
from readiness.errors import DocumentError, ReadinessError
from readiness.model import Assessment, ServiceUser, check_locale, new_id, utc_now
from readiness.questionnaire.document_answers import check_answers
from readiness.questionnaire.schema import Instrument
from readiness.store import audit, facts, plans
from readiness.store import text_fields as fields
from readiness.store.audit import AuditAction
from readiness.store.facts import stored_time
from readiness.store.repository import assessment_row, find_service_user, get_service_user

if TYPE_CHECKING:
    from sqlite_utils import Database


def check_importable(
    document: AssessmentDocument, source: str = "the document"
) -> tuple[AssessmentDocument, str, str]:
    """Every check a document passes before ``import_document`` writes anything but the
    questionnaire check (``check_answers``): its values (``readiness.document.checks``),
    the code, initials and language, and each answer's, check result's and plan text's
    field rules. Returns the document with ids in their stored form, the code and the
    staff initials; the first problem raises ``DocumentError`` (or the text field's own
    error). The agency hub runs the same checks on what laptops send.
    """
    document, _none = checked(document, source, clean=False)  # a reader cleaned it already
    try:
        code = fields.checked_code(document.service_user.code)
        initials = fields.checked_initials(document.assessment.staff_initials)
        check_locale(document.assessment.locale)
    except (ValueError, ReadinessError) as exc:
        raise DocumentError(f"{source}: the document is not valid: {exc}") from None
    for answer in document.answers:  # each raises the text field's own error
        facts.answer_row(document.assessment.id, answer)
    for result in document.check_results:
        facts.result_row(document.assessment.id, result)
    if document.plan is not None:
        plans.check_texts(document.plan)
    return document, code, initials


def import_document(
    db: Database,
    document: AssessmentDocument,
    *,
    instruments: Iterable[Instrument],
    replace_existing: bool = False,
    staff: str = "",
    source: str = "the document",
) -> Assessment:
    """Store a document's assessment and facts, all or nothing (see the module docstring).

    ``instruments`` are the questionnaires in force; ``source`` names the document in
    messages (its file name).
    """
    document, code, initials = check_importable(document, source)
    answers = check_answers(document.answers, instruments, source)
    actor = fields.checked_initials(staff)
    exists = _owner_here(db, document, code, replace_existing, source)
    with db.atomic():
        user = find_service_user(db, code) or _new_person(db, document, code, actor)
        assessment = replace(document.assessment, service_user_id=user.id, staff_initials=initials)
        if exists:
            for table in ("answers", "check_results", "plans", "assessment_results"):
                db.execute(f"DELETE FROM {table} WHERE assessment_id = ?", [assessment.id])
        db.table("assessments").upsert(assessment_row(assessment))
        for answer in answers:
            row = facts.answer_row(assessment.id, answer)
            facts.write(db, assessment.id, "answers", row, staff=actor, part="")
        for result in document.check_results:
            row = facts.result_row(assessment.id, result)
            facts.write(db, assessment.id, "check_results", row, staff=actor, part="")
        if document.plan is not None:
            plans.save_plan(
                db, assessment.id, document.plan, keep_updated=True, record_change=False
            )
        db.table("assessments").update(assessment.id, {"updated": stored_time(assessment.updated)})
        audit.record(
            db,
            AuditAction.IMPORTED,
            staff=actor,
            assessment_id=assessment.id,
            service_user_id=user.id,
            detail="replaced an earlier copy" if exists else "new",
        )
    return assessment


def _owner_here(
    db: Database, document: AssessmentDocument, code: str, replace_existing: bool, source: str
) -> bool:
    """Whether the assessment is already here; refuses when it may not be replaced."""
    assessment_id = document.assessment.id
    rows = list(db.table("assessments").rows_where("id = ?", [assessment_id], limit=1))
    if not rows:
        return False
    if not replace_existing:
        raise ReadinessError(
            f"{source}: assessment {assessment_id} is already in this database "
            "(use --replace to overwrite it)"
        )
    owner = get_service_user(db, rows[0]["service_user_id"])
    if owner.code != code:
        raise ReadinessError(
            f"{source}: assessment {assessment_id} belongs to {owner.code} in this database, "
            f"but the document names {code}; an import never moves an assessment to another "
            "person, so nothing was changed"
        )
    return True


def _new_person(db: Database, document: AssessmentDocument, code: str, actor: str) -> ServiceUser:
    """A service user for ``code``, made with the document's id unless that id is taken."""
    user = ServiceUser(id=document.service_user.id, code=code, created=utc_now())
    if db.table("service_users").count_where("id = ?", [user.id]):
        user = replace(user, id=new_id())
    db.table("service_users").insert(
        {
            "id": user.id,
            "code": user.code,
            "preferred_name": None,
            "created": stored_time(user.created),
        }
    )
    audit.record(
        db, AuditAction.CREATED, staff=actor, service_user_id=user.id, detail="service user"
    )
    return user
