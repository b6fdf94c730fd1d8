"""Documents with chosen answers, for the item-level export and reliability tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from functools import cache

from readiness.document import AssessmentDocument, ServiceUserRef
from readiness.model import (
    Answer,
    AnswerValue,
    Assessment,
    AssessmentStatus,
    MissingCode,
)
from readiness.questionnaire.loader import load_builtin
from readiness.questionnaire.schema import Instrument
from tests.core.reports.samples import BASE_TIME

Given = AnswerValue | MissingCode
"""An answer's value, or the missing-answer code the worker recorded."""


@cache
def builtin_instrument(instrument_id: str) -> Instrument:
    found = next(i for i in load_builtin().instruments if i.id == instrument_id)
    return found


def answered(
    number: int,
    answers: Mapping[str, Given],
    *,
    code: str | None = None,
    status: AssessmentStatus = AssessmentStatus.COMPLETE,
) -> AssessmentDocument:
    """Assessment ``number`` with exactly ``answers`` (item id -> value or missing code)."""
    created = BASE_TIME + timedelta(hours=number)
    user_id = f"00000000-0000-4000-9000-{number:012d}"
    assessment = Assessment(
        id=f"20000000-0000-4000-9000-{number:012d}",
        service_user_id=user_id,
        created=created,
        updated=created + timedelta(minutes=20),
        completed=created + timedelta(minutes=20) if status is AssessmentStatus.COMPLETE else None,
        status=status,
        locale="en",
        staff_initials="MJ",
        app_version="0.1.0",
    )
    stored = tuple(
        Answer(item_id.partition(".")[0], item_id, created, missing=given)
        if isinstance(given, MissingCode)
        else Answer(item_id.partition(".")[0], item_id, created, value=given)
        for item_id, given in answers.items()
    )
    return AssessmentDocument(
        service_user=ServiceUserRef(id=user_id, code=code or f"AN{number:04d}"),
        assessment=assessment,
        answers=stored,
    )
