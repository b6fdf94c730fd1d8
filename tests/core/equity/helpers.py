"""Shared test helpers for the equity engine: persona documents and small document builders.

The personas are fictional assessment documents in ``readiness/practice/`` (the app's
practice-mode people) with their expected results in ``personas/expected.yaml``.
``document`` builds a document from a plain
``{item id: value}`` mapping so a test can state exactly the answers it is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from readiness.document import AssessmentDocument, ServiceUserRef, from_json
from readiness.model import (
    Answer,
    AnswerValue,
    Assessment,
    AssessmentStatus,
    CheckResult,
    CheckStatus,
    Measurement,
)

PERSONAS = Path(__file__).resolve().parents[3] / "readiness" / "practice"
"""The persona documents: shipped with the app as its practice-mode people."""
EXPECTED = Path(__file__).resolve().parent / "personas" / "expected.yaml"
WHEN = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def persona(name: str) -> AssessmentDocument:
    path = PERSONAS / f"{name}.json"
    return from_json(path.read_text(encoding="utf-8"), str(path))


@cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXPECTED.read_text("utf-8"))
    return data


def answer(item_id: str, value: AnswerValue | list[str], moment: datetime = WHEN) -> Answer:
    stored = tuple(value) if isinstance(value, list) else value
    return Answer(item_id.split(".", maxsplit=1)[0], item_id, moment, value=stored)


def connection(
    down: float | None,
    up: float | None,
    *,
    rtt: float | None = 30,
    jitter: float | None = 3,
    loss: float | None = 0.0,
    status: str = "ok",
    source: str = "measured",
) -> CheckResult:
    values = {
        "download_mbps": Measurement(down, "Mbit/s"),
        "upload_mbps": Measurement(up, "Mbit/s"),
        "rtt_ms": Measurement(rtt, "ms"),
        "jitter_ms": Measurement(jitter, "ms"),
        "loss_pct": Measurement(loss, "%"),
        "status": Measurement(status),
    }
    return CheckResult("connection.bandwidth", CheckStatus.GOOD, WHEN, "test", values, source)


def check(check_id: str, status: CheckStatus) -> CheckResult:
    return CheckResult(check_id, status, WHEN, "test")


def document(
    answers: Mapping[str, Any] | None = None,
    checks: Iterable[CheckResult] = (),
    *,
    assessment_id: str = "00000000-0000-4000-8000-0000000000aa",
    created: datetime = WHEN,
    locale: str = "en",
) -> AssessmentDocument:
    """A document with these answers (item id -> value) and check results."""
    user = "00000000-0000-4000-9000-0000000000aa"
    return AssessmentDocument(
        service_user=ServiceUserRef(user, "TEST-01"),
        assessment=Assessment(
            assessment_id,
            user,
            created,
            created + timedelta(minutes=20),
            AssessmentStatus.DRAFT,
            locale,
            "",
            "0.1.0",
        ),
        answers=tuple(answer(k, v) for k, v in (answers or {}).items()),
        check_results=tuple(checks),
    )
