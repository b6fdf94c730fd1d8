"""The versioned assessment document: one JSON shape that carries a whole assessment.

Export, import, ``assess --input`` and the reports all read and write this shape;
its fields are described in ``readiness/assessment_document.md``. Parsing goes
through pydantic, which validates the frozen model dataclasses directly, so the
model stays the single definition of every field. Errors name the file and the
field path (``answers.3.item_id``) and say what is wrong.

Schema version 2 added the worker's ``plan`` (accepted and rejected recommendations,
own items, notes, follow-up date); a version 1 document is read as one without a plan.
Schema version 3 made the plan's items follow-up items: each accepted recommendation
and own item may say who does it, by when and whether it is done, and an own item
is an object (``{"text": ...}``) that may be marked as carried over from an earlier
plan; a version 2 document's own items (plain texts) are read as items with no date.

Reading checks the values too (``readiness.document.checks``): ids are UUIDs, times
fall between 2000 and tomorrow, numbers are finite and plausible for their unit,
codes hold no hidden characters, texts fit their fields; hidden characters are taken
out of free text, with a note. Files come in through ``readiness.files`` (regular
files only, a size cap, JSON without NaN or repeated keys, a nesting cap).

Schema version 3 gave a check result its own ``reason_message``: the reason kept as a
translatable message (msgid and values), so it reads in any language later. Version 2
documents kept it as JSON text in the reserved ``values`` entry ``reason_message``;
reading one moves it to its field (a damaged one is dropped, and the English
``reason`` is shown as written).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from readiness.document.checks import check_counts, checked
from readiness.errors import DocumentError
from readiness.files import DOCUMENT, escaped, parse_json, read_text_file, shown_key
from readiness.messages.stored import from_json as message_from_json
from readiness.messages.stored import message_data, upgraded
from readiness.model import STRICT, Answer, Assessment, CheckResult, Measurement
from readiness.plan import Plan

PRACTICE_PREFIX = "PRACTICE-"
"""The code of every fictional practice person starts with this (``readiness.practice``)."""


def is_practice_code(code: str) -> bool:
    """Whether a service-user code belongs to a fictional practice person."""
    return code.upper().startswith(PRACTICE_PREFIX)


FORMAT = "readiness-assessment"
SCHEMA_VERSION = 3
"""Bump when the shape changes, and teach ``_upgrade`` to read the older versions."""


@dataclass(frozen=True)
class ServiceUserRef:
    """The service user as the document names them: the internal id and the pseudonymous code."""

    __pydantic_config__ = STRICT

    id: str
    code: str


@dataclass(frozen=True)
class AssessmentDocument:
    """A whole assessment: who (by code), its metadata, and every fact gathered so far."""

    __pydantic_config__ = STRICT

    service_user: ServiceUserRef
    assessment: Assessment
    answers: tuple[Answer, ...] = ()
    check_results: tuple[CheckResult, ...] = ()
    plan: Plan | None = None
    schema_version: int = SCHEMA_VERSION
    format: str = FORMAT


@cache
def _adapter() -> Any:
    from pydantic import TypeAdapter  # imported on first use: keeps start-up fast

    return TypeAdapter(AssessmentDocument)


def to_dict(document: AssessmentDocument) -> dict[str, Any]:
    """The document as JSON-ready plain data (times as ISO 8601 text)."""
    data: dict[str, Any] = _adapter().dump_python(document, mode="json")
    return data


def to_json_line(document: AssessmentDocument) -> str:
    """The document as compact JSON text on one line (``to_dict``'s data, encoded in one step
    by pydantic: what a JSON export writes for each document)."""
    line: str = _adapter().dump_json(document).decode("utf-8")
    return line


def to_json(document: AssessmentDocument, *, indent: int | None = 2) -> str:
    """The document as JSON text, keys in a stable order, non-ASCII kept readable."""
    return json.dumps(to_dict(document), indent=indent, ensure_ascii=False)


def from_data(
    data: Any, source: str, notes: list[str] | None = None, *, now: datetime | None = None
) -> AssessmentDocument:
    """Validate plain data (already parsed JSON) into a document; ``source`` names it in errors.

    ``notes``, when given, gets one line for each field hidden characters were taken out
    of. ``now`` (default: the clock) sets the latest possible time (tomorrow).
    """
    if not isinstance(data, dict):
        raise DocumentError(f"{source}: expected a JSON object at the top level")
    if data.get("format", FORMAT) != FORMAT:
        shown = _short(repr(data.get("format")), 60)  # it may be pasted junk: cut short
        raise DocumentError(f"{source}: 'format' is {shown}, expected {FORMAT!r}")
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise DocumentError(f"{source}: 'schema_version' must be a whole number")
    if version > SCHEMA_VERSION:
        raise DocumentError(
            f"{source}: written by a newer version of Readiness (document schema {version}); "
            f"this version reads schema {SCHEMA_VERSION} and older"
        )
    from pydantic import ValidationError

    data = _upgrade(data, version, source)
    data = {key: value for key, value in data.items() if key != "results"}  # worked out, not read
    check_counts(data, source)
    try:
        document: AssessmentDocument = _adapter().validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(shown_key(part) for part in first["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise DocumentError(f"{source}: {where}: {_short(first['msg'])}{more}") from None
    except UnicodeError:  # pydantic reads some texts as UTF-8: a lone "\ud800" is not text
        raise DocumentError(
            f"{source}: holds half a character (a \\ud800-\\udfff escape on its own)"
        ) from None
    try:
        document = _with_utc_times(document)
    except OverflowError:  # 9999-12-31T23:00-05:00 is past the last time Python has
        raise DocumentError(f"{source}: a time is past the year 9999 in UTC") from None
    document, cleaned = checked(document, source, now=now)
    if notes is not None:
        notes.extend(cleaned)
    return document


def _short(text: str, limit: int = 200) -> str:
    """A problem as pydantic words it, on one line, hidden characters escaped and cut
    short: it may quote the value."""
    return escaped(" ".join(text.split()), limit)


OLD_REASON_KEY = "reason_message"
"""The ``values`` entry in which schema 2 kept a check result's reason message."""


def _upgrade(data: dict[str, Any], version: int, source: str) -> dict[str, Any]:
    """Older shapes in the current one: version 1 had no ``plan``; version 2 kept a check
    result's reason message among its ``values``, and the plan's own items were plain
    texts."""
    if version < 2 and "plan" in data:
        raise DocumentError(f"{source}: 'plan' needs schema_version 2 or later")
    if version < 3:
        results = data.get("check_results")
        if isinstance(results, list):
            data = {**data, "check_results": [_reason_out_of_values(r) for r in results]}
        plan = data.get("plan")
        if isinstance(plan, dict) and isinstance(plan.get("added"), list):
            added = [{"text": item} if isinstance(item, str) else item for item in plan["added"]]
            data = {**data, "plan": {**plan, "added": added}}
        data = {**data, "schema_version": SCHEMA_VERSION}
    return data


def _reason_out_of_values(result: Any) -> Any:
    """A schema-2 check result with its kept reason message moved to ``reason_message``."""
    if not isinstance(result, dict) or "reason_message" in result:
        return result
    values = result.get("values")
    if not isinstance(values, dict) or OLD_REASON_KEY not in values:
        return result
    kept = values[OLD_REASON_KEY]
    message = message_from_json(kept.get("value") if isinstance(kept, dict) else None)
    moved = {**result, "values": {k: v for k, v in values.items() if k != OLD_REASON_KEY}}
    if message is not None:
        moved["reason_message"] = message_data(upgraded(message))
    return moved


def from_json(
    text: str, source: str, notes: list[str] | None = None, *, now: datetime | None = None
) -> AssessmentDocument:
    """Parse JSON text into a document; ``source`` (usually the file name) names it in errors.

    The JSON is read as ``readiness.files`` reads every file: no NaN or Infinity, no key
    twice, no deeper nesting than a document has.
    """
    data = parse_json(text, source, DOCUMENT, error=DocumentError)
    return from_data(data, source, notes, now=now)


def read_file(path: Path, notes: list[str] | None = None) -> AssessmentDocument:
    """The document in the file ``path`` (a regular file, at most 20 MB; see ``from_json``)."""
    return from_json(read_text_file(path, DOCUMENT, error=DocumentError), str(path), notes)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _with_utc_times(document: AssessmentDocument) -> AssessmentDocument:
    """Treat times without a zone as UTC and convert the rest, so stored times compare."""
    a = document.assessment
    assessment = replace(
        a,
        created=_utc(a.created),
        updated=_utc(a.updated),
        completed=_utc(a.completed) if a.completed else None,
    )
    answers = tuple(replace(x, answered_at=_utc(x.answered_at)) for x in document.answers)
    results = tuple(replace(r, measured_at=_utc(r.measured_at)) for r in document.check_results)
    plan = document.plan
    if plan is not None and plan.updated is not None:
        plan = replace(plan, updated=_utc(plan.updated))
    return replace(
        document, assessment=assessment, answers=answers, check_results=results, plan=plan
    )


__all__ = [
    "FORMAT",
    "SCHEMA_VERSION",
    "AssessmentDocument",
    "Measurement",
    "Plan",
    "ServiceUserRef",
    "from_data",
    "from_json",
    "read_file",
    "to_dict",
    "to_json",
]
