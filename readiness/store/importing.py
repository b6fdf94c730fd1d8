"""Storing an imported assessment document: checked against the questionnaires and the
records already here, then written all or nothing.

``import_document`` refuses, before anything is written:

- an answer the questionnaires in force do not take (``check_answers``): a question
  no questionnaire on this computer has, an option code that is not one of the
  question's, a value of the wrong type ("maybe" for a yes/no question), a number
  out of its range, a missing-answer code the question does not offer; a consent
  choice that is not one of the consent record's parts, or not yes or no;
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
from readiness.model import Answer, Assessment, ServiceUser, check_locale, new_id, utc_now
from readiness.questionnaire.answers import check_value
from readiness.questionnaire.consent import CONSENT_ID, consent_problem
from readiness.questionnaire.schema import CHOICE_TYPES, Instrument, Item, ItemType
from readiness.store import audit, facts, plans
from readiness.store import text_fields as fields
from readiness.store.audit import AuditAction
from readiness.store.facts import stored_time
from readiness.store.repository import assessment_row, find_service_user, get_service_user

if TYPE_CHECKING:
    from sqlite_utils import Database

SHOWN_CODES = 12
"""How many of a question's option codes a message lists."""


def check_answers(
    answers: Iterable[Answer],
    instruments: Iterable[Instrument],
    source: str,
    *,
    here: str = "on this computer",
) -> tuple[Answer, ...]:
    """The answers with each value in its stored form, or a ``DocumentError`` naming the
    answer (``source: answers.3.value``) and what its question takes; ``here`` says where
    the questionnaires in force are (the agency hub says so in its own words)."""
    items = {item.id: (form, item) for form in instruments for item in form.items()}
    checked_answers = []
    for index, answer in enumerate(answers):
        where = f"{source}: answers.{index}"
        if CONSENT_ID in (answer.questionnaire_id, answer.item_id.partition(".")[0]):
            problem = consent_problem(answer)
            if problem is not None:
                raise DocumentError(f"{where}: {problem}")
            checked_answers.append(answer)
            continue
        found = items.get(answer.item_id)
        if found is None:
            raise DocumentError(
                f"{where}.item_id: the question {answer.item_id} is not in any questionnaire {here}"
            )
        instrument, item = found
        if answer.questionnaire_id != instrument.id:
            raise DocumentError(
                f"{where}.questionnaire_id: {item.id} is a question of {instrument.id}"
            )
        if answer.missing is not None:
            if answer.missing not in instrument.missing_for(item):
                offered = ", ".join(code.value for code in instrument.missing_for(item))
                raise DocumentError(f"{where}.missing: {item.id} offers only: {offered or 'none'}")
            checked_answers.append(answer)
            continue
        try:
            value = check_value(item, answer.value)
        except ValueError:
            raise DocumentError(f"{where}.value: {item.id} takes {_takes(item)}") from None
        checked_answers.append(replace(answer, value=value))
    return tuple(checked_answers)


def _takes(item: Item) -> str:
    """What a question takes, in a few words (its option codes are plain codes)."""
    codes = [option.code for option in item.options]
    listed = ", ".join(codes[:SHOWN_CODES]) + (", ..." if len(codes) > SHOWN_CODES else "")
    if item.type is ItemType.MULTIPLE_CHOICE:
        return f"a list of its option codes ({listed})"
    if item.type in CHOICE_TYPES:
        return f"one of its option codes ({listed})"
    if item.type is ItemType.YES_NO:
        return "yes or no (true or false)"
    if item.type is ItemType.NUMBER:
        low = "" if item.min is None else f" from {item.min:g}"
        high = "" if item.max is None else f" to {item.max:g}"
        return f"a {'whole ' if item.integer else ''}number{low}{high}"
    return f"a text of 1 to {item.max_length} characters"


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
