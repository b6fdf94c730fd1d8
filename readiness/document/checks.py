"""The values an assessment document may hold: ids, times, numbers, codes and texts.

Reading a document has two steps: its shape (``readiness.document``: the right keys
and types) and then its values, here. ``checked(document, source)`` refuses, with a
``DocumentError`` naming the file and the field, anything no real assessment holds:

- ids that are not UUIDs, and an assessment whose ``service_user_id`` is not the
  document's service user;
- times of what happened (created, updated, completed, answered, measured, plan
  saved) before 2000-01-01 or after tomorrow; a follow-up date before the
  assessment or more than two years after it; an item's due date more than two
  years after it; an item carried over from a day after it;
- numbers that are not finite, or not plausible for their unit (a speed of 0 to
  10,000 Mbit/s, a time of 0 to 60,000 ms, a loss of 0 to 100 %), and a yes/no or a
  text where a measured number belongs;
- codes and ids with anything but letters, digits, ``-``, ``_`` and ``.``; a second
  answer to one question or a second result of one check;
- texts longer than their field takes.

Hidden characters (control characters and those that change the text direction)
are refused in codes and ids, and removed from free text (reasons, measured texts,
written answers, the plan): each removal is a note for the person importing. The
questionnaire check of each answer (the question exists, the option is one of its
options) needs the questionnaires in force and is made where the document is stored
(``readiness.store.importing``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, NoReturn

from readiness.errors import DocumentError
from readiness.messages import Message, english
from readiness.messages.stored import MAX_JSON_CHARS, to_json
from readiness.model import (
    LOCALES,
    REFUSED_CHARACTERS,
    Answer,
    AnswerValue,
    CheckResult,
    Measurement,
    normalize_code,
    normalize_initials,
    utc_now,
)
from readiness.plan import MAX_ITEM, MAX_TEXT, Plan, PlanDecision, PlanItem

if TYPE_CHECKING:
    from readiness.document import AssessmentDocument as Document

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
"""No assessment happened before this (the app did not exist)."""
FOLLOW_UP_YEARS = 2
MAX_ANSWERS = 1000
MAX_CHECK_RESULTS = 100
MAX_MEASUREMENTS = 64
MAX_CHOICES = 50
TEXT_LIMIT = 2000
"""Reasons, written answers and measured texts (the store's longest one-field text)."""
UNIT_LIMIT = 16
SOURCES = ("measured", "manual")

PLAUSIBLE_BY_UNIT: Mapping[str, tuple[float, float]] = {
    "Mbit/s": (0, 10_000),
    "ms": (0, 60_000),
    "%": (0, 1_000),  # display scaling goes past 100 %
    "GB": (0, 1_000_000),
    "GHz": (0, 1_000),
    "cores": (0, 100_000),
    "min": (0, 1_000_000),
    "px": (0, 1_000_000),
    "s": (0, 86_400),
    "in": (0, 1_000),
    "dBFS": (-1_000, 10),
    "dBm": (-200, 50),
}
"""The numbers a measurement with each unit may hold (inclusive)."""
PLAUSIBLE_BY_NAME: Mapping[str, tuple[float, float]] = {"loss_pct": (0, 100)}
"""Tighter bounds for some measurements, by name."""
ANY_NUMBER = 1e12
"""Bound of a measurement with another unit or none (counts, levels)."""

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}")
_HIDDEN = re.compile(f"[{REFUSED_CHARACTERS}]")
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]+")


def checked(
    document: Document, source: str, *, now: datetime | None = None, clean: bool = True
) -> tuple[Document, tuple[str, ...]]:
    """``document`` with ids in their stored form and hidden characters taken out of its
    free text, and a note for each field that was cleaned; ``DocumentError`` for a value
    no real assessment holds. ``now`` (default: the clock) sets what "tomorrow" is.
    With ``clean=False`` hidden characters in free text are refused too (the store
    never cleans: a document read from a file was cleaned by its reader)."""
    values = _Values(source, now or utc_now(), clean=clean)
    return values.document(document), tuple(values.notes)


def check_counts(data: Mapping[str, object], source: str) -> None:
    """Refuse, before the shape is read, lists longer than any real document has."""
    for key, limit in (("answers", MAX_ANSWERS), ("check_results", MAX_CHECK_RESULTS)):
        found = data.get(key)
        if isinstance(found, list) and len(found) > limit:
            raise DocumentError(
                f"{source}: {key}: {len(found):,} entries; a document holds at most {limit:,}"
            )


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _Values:
    """The checks of one document: its file's name, the clock and the notes so far."""

    def __init__(self, source: str, now: datetime, *, clean: bool) -> None:
        self.source = source
        self.latest = now + timedelta(days=1)
        self.clean = clean
        self.notes: list[str] = []

    def fail(self, where: str, what: str) -> NoReturn:
        raise DocumentError(f"{self.source}: {where}: {what}")

    # -- one value ---------------------------------------------------------------------

    def uuid(self, where: str, value: str) -> str:
        text = value.lower()
        if not _UUID.fullmatch(text):
            self.fail(where, "not an id (a UUID such as 0f8c2d4e-1b7a-4c55-9e2f-6a3d8b9c0e1f)")
        return text

    def code(self, where: str, value: str, pattern: re.Pattern[str] = _ID) -> str:
        if not pattern.fullmatch(value):
            self.fail(where, "not a valid code: use letters, digits, '-', '_' and '.' only")
        return value

    def moment(self, where: str, value: datetime) -> None:
        if not EARLIEST <= value <= self.latest:
            shown = value.date().isoformat()
            self.fail(where, f"{shown} is not a possible date (2000-01-01 to tomorrow)")

    def day(self, where: str, value: date | None, earliest: date, latest: date) -> None:
        if value is not None and not earliest <= value <= latest:
            span = f"{earliest.isoformat()} to {latest.isoformat()}"
            self.fail(where, f"{value.isoformat()} is outside {span}")

    def text(self, where: str, value: str, limit: int, *, lines: bool = False) -> str:
        cleaned = _HIDDEN.sub("", value)
        if not lines:
            cleaned = _LINE_BREAKS.sub(" ", cleaned)
        if cleaned != value:
            hidden = (
                "hidden characters (control characters, or ones that change the text direction)"
            )
            if not self.clean:
                self.fail(where, f"holds {hidden}")
            self.notes.append(f"{self.source}: {where}: {hidden} were taken out")
        if len(cleaned) > limit:
            self.fail(where, f"too long ({len(cleaned):,} characters; at most {limit:,})")
        return cleaned

    def number(self, where: str, value: float, bounds: tuple[float, float], unit: str) -> None:
        low, high = bounds
        if not math.isfinite(value) or not low <= value <= high:
            shown = f"{value:,g}" if math.isfinite(value) else "not a finite number"
            self.fail(where, f"{shown} is not plausible here (use {low:,g} to {high:,g}{unit})")

    # -- the parts of a document -------------------------------------------------------

    def document(self, document: Document) -> Document:
        person = document.service_user
        user_id = self.uuid("service_user.id", person.id)
        try:
            code = normalize_code(person.code)
        except ValueError:
            self.fail(
                "service_user.code",
                "the code is not valid: use 2 to 32 letters, digits, '-', '_' or '.', "
                "with no spaces (a code, not a name)",
            )
        a = document.assessment
        assessment_id = self.uuid("assessment.id", a.id)
        if self.uuid("assessment.service_user_id", a.service_user_id) != user_id:
            self.fail("assessment.service_user_id", "is not the id in service_user.id")
        for name in ("created", "updated", "completed"):
            moment = getattr(a, name)
            if moment is not None:
                self.moment(f"assessment.{name}", moment)
        if a.locale not in LOCALES:
            self.fail("assessment.locale", f"use one of {', '.join(LOCALES)}")
        if a.staff_initials:
            try:
                normalize_initials(a.staff_initials)
            except ValueError:
                self.fail(
                    "assessment.staff_initials",
                    "the staff initials are not valid: use 1 to 5 letters",
                )
        self.code("assessment.app_version", a.app_version, _VERSION)
        return replace(
            document,
            service_user=replace(person, id=user_id, code=code),
            assessment=replace(a, id=assessment_id, service_user_id=user_id),
            answers=self.answers(document.answers),
            check_results=self.results(document.check_results),
            plan=self.plan(document.plan, a.created.date()) if document.plan else None,
        )

    def answers(self, answers: tuple[Answer, ...]) -> tuple[Answer, ...]:
        seen: set[tuple[str, str]] = set()
        kept = []
        for index, answer in enumerate(answers):
            where = f"answers.{index}"
            key = (
                self.code(f"{where}.questionnaire_id", answer.questionnaire_id),
                self.code(f"{where}.item_id", answer.item_id),
            )
            if key in seen:
                self.fail(where, f"a second answer to {answer.item_id}")
            seen.add(key)
            self.moment(f"{where}.answered_at", answer.answered_at)
            kept.append(replace(answer, value=self.answer_value(f"{where}.value", answer.value)))
        return tuple(kept)

    def answer_value(self, where: str, value: AnswerValue | None) -> AnswerValue | None:
        if isinstance(value, str):
            return self.text(where, value, TEXT_LIMIT, lines=True)
        if isinstance(value, tuple):
            if len(value) > MAX_CHOICES:
                self.fail(where, f"{len(value)} choices; a question has at most {MAX_CHOICES}")
            return tuple(self.code(f"{where}.{i}", code) for i, code in enumerate(value))
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(where, "not a finite number")
        return value

    def results(self, results: tuple[CheckResult, ...]) -> tuple[CheckResult, ...]:
        seen: set[str] = set()
        kept = []
        for index, result in enumerate(results):
            where = f"check_results.{index}"
            check_id = self.code(f"{where}.check_id", result.check_id)
            if check_id in seen:
                self.fail(where, f"a second result of {check_id}")
            seen.add(check_id)
            self.moment(f"{where}.measured_at", result.measured_at)
            if result.source not in SOURCES:
                self.fail(f"{where}.source", f"use one of {', '.join(SOURCES)}")
            if len(result.values) > MAX_MEASUREMENTS:
                self.fail(f"{where}.values", f"at most {MAX_MEASUREMENTS} measurements")
            kept.append(
                replace(
                    result,
                    reason=self.text(f"{where}.reason", result.reason, TEXT_LIMIT),
                    values={
                        self.code(f"{where}.values", name): self.measurement(
                            f"{where}.values.{name}", name, measured
                        )
                        for name, measured in result.values.items()
                    },
                    reason_message=self.reason_message(f"{where}.reason_message", result),
                )
            )
        return tuple(kept)

    def measurement(self, where: str, name: str, measured: Measurement) -> Measurement:
        unit, value = measured.unit, measured.value
        if len(unit) > UNIT_LIMIT or _HIDDEN.search(unit) or _LINE_BREAKS.search(unit):
            self.fail(f"{where}.unit", f"not a unit (at most {UNIT_LIMIT} plain characters)")
        bounds = PLAUSIBLE_BY_NAME.get(name) or PLAUSIBLE_BY_UNIT.get(unit)
        if isinstance(value, str):
            if bounds is not None:
                self.fail(f"{where}.value", f"a text where a number in {unit} belongs")
            return replace(measured, value=self.text(f"{where}.value", value, TEXT_LIMIT))
        if isinstance(value, bool):
            if bounds is not None:
                self.fail(f"{where}.value", f"yes or no where a number in {unit} belongs")
            return measured
        if value is not None:
            shown_unit = f" {unit}" if unit else ""
            self.number(f"{where}.value", value, bounds or (-ANY_NUMBER, ANY_NUMBER), shown_unit)
        return measured

    def reason_message(self, where: str, result: CheckResult) -> Message | None:
        message = result.reason_message
        if message is None:
            return None
        try:
            text = english(message)
            fits = len(to_json(message)) <= MAX_JSON_CHARS and len(text) <= TEXT_LIMIT
        except (ValueError, KeyError, IndexError, TypeError):
            fits, text = False, ""
        if fits and not _HIDDEN.search(text):
            return message
        if not self.clean:
            self.fail(where, "too long, or holds hidden characters")
        self.notes.append(
            f"{self.source}: {where}: left out (too long, or with hidden characters); "
            "the English reason is shown as written"
        )
        return None

    def plan(self, plan: Plan, assessed: date) -> Plan:
        latest = _years_after(assessed, FOLLOW_UP_YEARS)
        self.day("plan.follow_up", plan.follow_up, assessed, latest)
        if plan.updated is not None:
            self.moment("plan.updated", plan.updated)
        decisions = []
        for index, decision in enumerate(plan.decisions):
            where = f"plan.decisions.{index}"
            self.code(f"{where}.recommendation_id", decision.recommendation_id)
            self.day(f"{where}.due", decision.due, EARLIEST.date(), latest)
            decisions.append(self.titled(where, decision))
        items = []
        for index, item in enumerate(plan.added):
            where = f"plan.added.{index}"
            self.day(f"{where}.due", item.due, EARLIEST.date(), latest)
            self.day(f"{where}.carried_from", item.carried_from, EARLIEST.date(), assessed)
            items.append(self.item(where, item))
        text = self.text("plan.text", plan.text, MAX_TEXT, lines=True)
        return replace(plan, decisions=tuple(decisions), added=tuple(items), text=text)

    def titled(self, where: str, decision: PlanDecision) -> PlanDecision:
        return replace(decision, title=self.text(f"{where}.title", decision.title, MAX_ITEM))

    def item(self, where: str, item: PlanItem) -> PlanItem:
        text = self.text(f"{where}.text", item.text, MAX_ITEM)
        if not text.strip():
            self.fail(f"{where}.text", "empty once hidden characters are removed")
        return replace(item, text=text)
