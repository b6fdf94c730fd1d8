"""Small instrument definitions for questionnaire tests, as plain data to mutate."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from readiness.model import Answer, AnswerValue, MissingCode

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def text(en: str, es: str | None = None) -> dict[str, str]:
    return {"en": en, "es": es if es is not None else f"{en} (es)"}


def option(code: str, score: float | None = None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"code": code, "text": text(code.replace("_", " "))}
    if score is not None:
        data["score"] = score
    data.update(extra)
    return data


def item(item_id: str, kind: str = "yes_no", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item_id, "type": kind, "text": text(f"Question {item_id}?")}
    data.update(extra)
    return data


def minimal(**extra: Any) -> dict[str, Any]:
    """A valid instrument ``demo`` with one section of three items and one scale."""
    data: dict[str, Any] = {
        "format": "readiness-questionnaire",
        "schema_version": 1,
        "id": "demo",
        "version": "1.0",
        "title": text("Demo"),
        "licence": {
            "holder": "Readiness contributors",
            "licence": "Apache-2.0",
            "citation": "Demo instrument for tests.",
            "redistribute_text": True,
        },
        "answer_sets": {
            "often": [option("never", 0), option("sometimes", 1), option("often", 2)],
        },
        "sections": [
            {
                "id": "main",
                "title": text("Main"),
                "items": [
                    item("demo.has_phone", help=text("A phone of any kind.")),
                    item(
                        "demo.phone_kind",
                        "single_choice",
                        options=[option("smart", 2), option("basic", 1)],
                        show_when={"item": "demo.has_phone", "equals": True},
                    ),
                    item("demo.trouble", "likert", answers="often"),
                ],
            }
        ],
        "scales": [
            {
                "id": "total",
                "title": text("Total"),
                "domain": "device",
                "method": "sum",
                "min_answered": 1,
                "items": [{"item": "demo.phone_kind"}, {"item": "demo.trouble"}],
                "bands": [
                    {"min": 0, "max": 2, "label": text("Low")},
                    {"min": 2, "max": 4, "label": text("High")},
                ],
            }
        ],
    }
    data.update(extra)
    return copy.deepcopy(data)


def items_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = data["sections"][0]["items"]
    return items


def answer(
    item_id: str,
    value: AnswerValue | None = None,
    missing: MissingCode | None = None,
    *,
    questionnaire_id: str | None = None,
    minutes: int = 0,
) -> Answer:
    qid = questionnaire_id or item_id.split(".", maxsplit=1)[0]
    return Answer(qid, item_id, T0 + timedelta(minutes=minutes), value, missing)


def answers(*given: Answer) -> dict[str, Answer]:
    return {a.item_id: a for a in given}
