"""Checking what a device sends before anything is stored: the batch, each document, its results.

Each document passes exactly the validation of ``readiness assessment import``: it is
read by ``readiness.document.from_data`` and then checked by the store's
``importing.check_importable`` (what ``import_document`` checks before it writes) and
its answers by ``questionnaire.document_answers.check_answers`` against the
questionnaires the hub's settings name (the built-in ones, and the agency's own when
``--settings`` lists them), so a document the laptop's import would refuse is refused
here too, for the same reason.
Only completed assessments are accepted. The ``results`` block (codes only,
``readiness.equity.output.result_codes``, plus the interpretation's version) is
checked by a strict schema. The first problem
becomes ``InvalidInput`` naming the field (``versions.3.document.assessment.id``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from readiness.document import AssessmentDocument, from_data
from readiness.errors import ReadinessError
from readiness.model import AssessmentStatus
from readiness.sync.protocol import MAX_BATCH, MAX_DOCUMENT_BYTES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from readiness.questionnaire.schema import Instrument

ON_HUB = "the agency hub knows (its --settings name the questionnaires it reads)"

VERDICT = Literal["ready", "ready_with_support", "not_suitable_now"]


class InvalidInput(Exception):
    """What a device sent is refused (422): ``field`` says where, ``problem`` what."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class IncomingVersion:
    """One checked assessment version, ready to store."""

    assessment_id: str
    version: int
    previous_version: int | None
    service_user_id: str
    created: datetime
    completed: datetime | None
    document: dict[str, Any]
    """The document as sent, without ``results``."""
    results: dict[str, Any]
    interpretation: str


@cache
def _results_adapter() -> Any:
    from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

    short = Annotated[str, Field(min_length=1, max_length=128)]

    class Domain(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        score: Annotated[int, Field(ge=0, le=100)] | None
        band: short | None

    class Recommendation(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        id: short
        priority: short

    class Results(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        interpretation: Annotated[str, Field(min_length=1, max_length=200)]
        basis: short | None = None
        profile: Annotated[dict[short, Domain], Field(max_length=64)]
        channels: Annotated[dict[short, VERDICT], Field(max_length=64)]
        recommendations: Annotated[list[Recommendation], Field(max_length=200)]

    return TypeAdapter(Results)


def _where(source: str, message: str) -> tuple[str, str]:
    """Field and problem from a document error ("SOURCE: FIELD: PROBLEM" or "SOURCE: PROBLEM")."""
    rest = message.removeprefix(f"{source}: ")
    head, _, tail = rest.partition(": ")
    if tail and " " not in head and head != "the document is not valid":
        return f"{source}.{head}", tail
    return source, rest


def _document(item: dict[str, Any], source: str) -> AssessmentDocument:
    data = item.get("document")
    if not isinstance(data, dict):
        raise InvalidInput(source, "expected an assessment document (a JSON object)")
    if len(json.dumps(data, ensure_ascii=False).encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise InvalidInput(source, "the document is larger than any assessment can be")
    try:
        document = from_data(data, source)
    except ReadinessError as exc:
        raise InvalidInput(*_where(source, str(exc))) from None
    if document.assessment.status is not AssessmentStatus.COMPLETE:
        raise InvalidInput(f"{source}.assessment.status", "only completed assessments are sent")
    return document


def _results(data: object, source: str) -> dict[str, Any]:
    from pydantic import ValidationError

    try:
        checked = _results_adapter().validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(
            f"{source}.results{'.' + where if where else ''}", first["msg"]
        ) from None
    results: dict[str, Any] = checked.model_dump()
    return results


def _version(item: dict[str, Any], source: str) -> tuple[int, int | None]:
    version, previous = item.get("version"), item.get("previous_version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 1_000_000:
        raise InvalidInput(f"{source}.version", "expected a whole number from 1")
    if previous is not None and (
        isinstance(previous, bool) or not isinstance(previous, int) or not 1 <= previous < version
    ):
        raise InvalidInput(f"{source}.previous_version", "expected an earlier version or null")
    return version, previous


def check_versions(body: object, instruments: Sequence[Instrument]) -> list[IncomingVersion]:
    """Every version in a request body, checked (its answers against ``instruments``, the
    questionnaires in force on the hub); ``InvalidInput`` for the first problem."""
    items = body.get("versions") if isinstance(body, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_BATCH:
        raise InvalidInput("versions", f"expected a list of 1 to {MAX_BATCH} versions")
    from readiness.questionnaire.document_answers import check_answers
    from readiness.store.importing import check_importable

    checked = []
    for index, item in enumerate(items):
        source = f"versions.{index}"
        if not isinstance(item, dict):
            raise InvalidInput(source, "expected a JSON object")
        version, previous = _version(item, source)
        document = _document(item, f"{source}.document")
        results = _results(item["document"].get("results"), f"{source}.document")
        try:
            check_importable(document, f"{source}.document")
            check_answers(document.answers, instruments, f"{source}.document", here=ON_HUB)
        except ReadinessError as exc:
            raise InvalidInput(*_where(f"{source}.document", str(exc))) from None
        sent = {key: value for key, value in item["document"].items() if key != "results"}
        checked.append(
            IncomingVersion(
                assessment_id=document.assessment.id,
                version=version,
                previous_version=previous,
                service_user_id=document.service_user.id,
                created=document.assessment.created,
                completed=document.assessment.completed,
                document=sent,
                results={k: v for k, v in results.items() if k not in ("interpretation", "basis")},
                interpretation=results["interpretation"],
            )
        )
    return checked


def check_erasures(body: object) -> list[str]:
    """The service-user ids of an erasure request; ``InvalidInput`` for the first problem."""
    items = body.get("erasures") if isinstance(body, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_BATCH:
        raise InvalidInput("erasures", f"expected a list of 1 to {MAX_BATCH} erasures")
    ids = []
    for index, item in enumerate(items):
        value = item.get("service_user_id") if isinstance(item, dict) else None
        if not isinstance(value, str) or not 1 <= len(value) <= 64 or not value.isprintable():
            raise InvalidInput(f"erasures.{index}.service_user_id", "expected a record id")
        ids.append(value)
    return ids
