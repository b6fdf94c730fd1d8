"""Realistic assessment documents for report and export tests and benchmarks.

``filled_document`` answers every shown item of the built-in questionnaires with a
valid value (chosen by a seeded random generator, so runs repeat), adds device and
connection check results with thresholds in their reasons, and uses Spanish or
English as asked. Nothing here is real personal data.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from readiness.document import AssessmentDocument, ServiceUserRef
from readiness.model import (
    Answer,
    AnswerValue,
    Assessment,
    AssessmentStatus,
    CheckResult,
    CheckStatus,
    Measurement,
    MissingCode,
)
from readiness.plan import Decision, Plan, PlanDecision, PlanItem
from readiness.questionnaire.conditions import visible_items
from readiness.questionnaire.loader import load_builtin
from readiness.questionnaire.schema import Instrument, Item, ItemType

BASE_TIME = datetime(2026, 11, 2, 15, 30, tzinfo=UTC)


def _value(item: Item, rng: random.Random) -> AnswerValue:
    if item.type in (ItemType.SINGLE_CHOICE, ItemType.LIKERT):
        return rng.choice(item.options).code
    if item.type is ItemType.MULTIPLE_CHOICE:
        plain = [o.code for o in item.options if not o.exclusive]
        chosen = set(rng.sample(plain, rng.randint(1, len(plain))))
        return tuple(o.code for o in item.options if o.code in chosen)
    if item.type is ItemType.YES_NO:
        return rng.random() < 0.6
    if item.type is ItemType.NUMBER:
        low = int(item.min if item.min is not None else 0)
        high = int(item.max if item.max is not None else low + 10)
        return rng.randint(low, min(high, low + 10))
    return rng.choice(["Prefiere llamadas por la mañana", "Texts first, then a call", "Ñandú"])


def answer_instrument(
    instrument: Instrument, rng: random.Random, when: datetime, missing_rate: float = 0.08
) -> list[Answer]:
    """Answers to every item shown, in order, with some missing-answer codes."""
    answers: dict[str, Answer] = {}
    for item in instrument.items():
        if item.id not in {i.id for i in visible_items(instrument, answers)}:
            continue
        codes = instrument.missing_for(item)
        if codes and rng.random() < missing_rate:
            answer = Answer(instrument.id, item.id, when, missing=rng.choice(codes))
        else:
            answer = Answer(instrument.id, item.id, when, value=_value(item, rng))
        answers[item.id] = answer
    return list(answers.values())


def check_results(rng: random.Random, when: datetime) -> tuple[CheckResult, ...]:
    """Device and connection results shaped like the real checks' output."""
    memory = rng.choice([3.7, 7.8, 15.6])
    down, up = rng.choice([(0.4, 0.2), (2.1, 0.9), (23.4, 5.1), (120.0, 22.5)])
    return (
        CheckResult(
            "device.os",
            CheckStatus.GOOD,
            when,
            "This computer runs Windows 11, which current video-visit apps support "
            "(source: Zoom system requirements (Windows 10 or 11)).",
            {"name": Measurement("Windows 11"), "version": Measurement("10.0.22631")},
        ),
        CheckResult(
            "device.memory",
            CheckStatus.LIMITED if memory < 4 else CheckStatus.GOOD,
            when,
            f"This computer has {memory:g} GB of memory, "
            + ("below" if memory < 4 else "meeting")
            + " the 4 GB for 1:1 video calls (source: Microsoft Teams hardware requirements).",
            {"total": Measurement(memory, "GB"), "available": Measurement(1.2, "GB")},
        ),
        CheckResult(
            "device.disk",
            CheckStatus.GOOD,
            when,
            "This computer has 41.2 GB of free disk space, enough for the 3 GB to install "
            "Microsoft Teams (source: Microsoft Teams hardware requirements).",
            {"free": Measurement(41.2, "GB"), "total": Measurement(237.9, "GB")},
        ),
        CheckResult(
            "device.camera",
            CheckStatus.GOOD if rng.random() < 0.7 else CheckStatus.MISSING,
            when,
            "A camera sent pictures at 1280 x 720.",
            {"width": Measurement(1280, "px"), "height": Measurement(720, "px")},
        ),
        CheckResult(
            "connection.bandwidth",
            CheckStatus.GOOD if down >= 1.5 and up >= 1.5 else CheckStatus.LIMITED,
            when,
            f"Download {down:g} Mbit/s, upload {up:g} Mbit/s, round trip 40 ms.",
            {
                "download_mbps": Measurement(down, "Mbit/s"),
                "upload_mbps": Measurement(up, "Mbit/s"),
                "rtt_ms": Measurement(40.0, "ms"),
                "jitter_ms": Measurement(4.0, "ms"),
                "loss_pct": Measurement(0.0, "%"),
                "backend": Measurement("speedtest"),
            },
        ),
    )


SAMPLE_PLAN = Plan(
    decisions=(
        PlanDecision("device_lending", Decision.ACCEPTED, "Borrow a tablet or phone for video"),
        PlanDecision("practice_call", Decision.ACCEPTED, "A practice video call together"),
        PlanDecision("one_tap_link", Decision.ACCEPTED, "A one-tap video link"),
        PlanDecision("lifeline", Decision.REJECTED, "Lifeline"),
    ),
    added=(PlanItem("Llamar a la hermana de la señora Núñez para coordinar"),),
    text="Prefiere llamadas por la mañana.",
    follow_up=date(2026, 12, 7),
    updated=BASE_TIME,
)


def filled_document(
    seed: int = 1,
    *,
    code: str = "AB12-0042",
    locale: str = "es",
    created: datetime = BASE_TIME,
    instruments: tuple[Instrument, ...] | None = None,
    plan: Plan | None = SAMPLE_PLAN,
) -> AssessmentDocument:
    """A complete assessment: every built-in questionnaire answered, checks run."""
    rng = random.Random(seed)
    instruments = instruments or load_builtin().instruments
    user_id = f"00000000-0000-4000-8000-{seed:012d}"
    assessment = Assessment(
        id=f"10000000-0000-4000-8000-{seed:012d}",
        service_user_id=user_id,
        created=created,
        updated=created + timedelta(minutes=25),
        completed=created + timedelta(minutes=25),
        status=AssessmentStatus.COMPLETE,
        locale=locale,
        staff_initials="MJ",
        app_version="0.1.0",
    )
    answers: list[Answer] = []
    for instrument in instruments:
        answers.extend(answer_instrument(instrument, rng, created + timedelta(minutes=5)))
    return AssessmentDocument(
        service_user=ServiceUserRef(id=user_id, code=code),
        assessment=assessment,
        answers=tuple(answers),
        check_results=check_results(rng, created + timedelta(minutes=3)),
        plan=plan,
    )


__all__ = [
    "BASE_TIME",
    "SAMPLE_PLAN",
    "MissingCode",
    "answer_instrument",
    "check_results",
    "filled_document",
]
