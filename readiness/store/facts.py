"""Facts of an assessment: answers and check results, saved at once and read back.

Each save validates its text fields (``readiness.store.text_fields``), upserts one
row, touches the assessment's ``updated`` time and notes a throttled "changed"
audit entry, all in one transaction (autosave: an answer given on screen survives
a crash). ``readiness.store.repository`` re-exports the public functions.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from readiness.errors import NotFoundError, StoreError
from readiness.messages import M_
from readiness.messages.stored import from_json, to_json
from readiness.model import Answer, CheckResult, CheckStatus, Measurement, MissingCode, utc_now
from readiness.store import audit
from readiness.store import text_fields as fields
from readiness.store.sql_errors import INTEGRITY_ERRORS, OPERATIONAL_ERRORS

if TYPE_CHECKING:
    from sqlite_utils import Database


def stored_time(moment: datetime) -> str:
    """A time as stored: ISO 8601 text with microseconds (UTC times sort in time order)."""
    return moment.isoformat(timespec="microseconds")


def touch(db: Database, assessment_id: str) -> None:
    """Set the assessment's ``updated`` time to now."""
    db.execute(
        "UPDATE assessments SET updated = ? WHERE id = ?", [stored_time(utc_now()), assessment_id]
    )


def save_answer(db: Database, assessment_id: str, answer: Answer, *, staff: str = "") -> None:
    """Save (or replace) the answer to one item, committed at once."""
    row = answer_row(assessment_id, answer)
    write(db, assessment_id, "answers", row, staff=staff, part="answers")


def answer_row(assessment_id: str, answer: Answer) -> dict[str, Any]:
    fields.check_text(fields.QUESTIONNAIRE_ID, answer.questionnaire_id)
    fields.check_text(fields.ITEM_ID, answer.item_id)
    value = answer.value
    for text in value if isinstance(value, tuple) else (value,):
        if isinstance(text, str):
            fields.check_text(fields.ANSWER_TEXT, text)
    return {
        "assessment_id": assessment_id,
        "questionnaire_id": answer.questionnaire_id,
        "item_id": answer.item_id,
        "value_json": None if value is None else json.dumps(_plain(value), ensure_ascii=False),
        "missing": answer.missing.value if answer.missing else None,
        "answered_at": stored_time(answer.answered_at),
    }


def delete_answer(
    db: Database, assessment_id: str, questionnaire_id: str, item_id: str, *, staff: str = ""
) -> None:
    """Forget the answer to one item (the worker cleared it)."""
    initials = fields.checked_initials(staff)
    with db.atomic():
        cursor = db.execute(
            "DELETE FROM answers WHERE assessment_id = ? AND questionnaire_id = ? AND item_id = ?",
            [assessment_id, questionnaire_id, item_id],
        )
        if cursor.rowcount:
            touch(db, assessment_id)
            audit.note_change(db, assessment_id, staff=initials, part="answers")


def save_check_result(
    db: Database, assessment_id: str, result: CheckResult, *, staff: str = ""
) -> None:
    """Save (or replace) the latest result of one check, committed at once."""
    row = result_row(assessment_id, result)
    write(db, assessment_id, "check_results", row, staff=staff, part="checks")


def result_row(assessment_id: str, result: CheckResult) -> dict[str, Any]:
    fields.check_text(fields.CHECK_ID, result.check_id)
    return {
        "assessment_id": assessment_id,
        "check_id": result.check_id,
        "status": result.status.value,
        "measured_at": stored_time(result.measured_at),
        "reason": result.reason,
        "values_json": json.dumps(
            {name: [m.value, m.unit] for name, m in result.values.items()}, ensure_ascii=False
        ),
        "source": result.source,
        "reason_message": to_json(result.reason_message) if result.reason_message else None,
    }


def write(
    db: Database, assessment_id: str, table: str, row: dict[str, Any], *, staff: str, part: str
) -> None:
    """Upsert ``row`` and touch the assessment; ``part`` "" writes no audit entry (imports)."""
    initials = fields.checked_initials(staff)
    try:
        with db.atomic():
            db.table(table).upsert(row)
            touch(db, assessment_id)
            if part:
                audit.note_change(db, assessment_id, staff=initials, part=part)
    except INTEGRITY_ERRORS:
        raise NotFoundError(f"no assessment with id {assessment_id!r}") from None
    except OPERATIONAL_ERRORS as exc:
        if "full" in str(exc):
            raise StoreError(
                M_("Not saved: the disk is full. Free some space, then try again.")
            ) from None
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
            reason_message=from_json(row["reason_message"]),
        )
        for row in rows
    ]
