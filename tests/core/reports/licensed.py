"""An agency instrument whose licence forbids sharing its wording, and a document answering it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from readiness.document import AssessmentDocument
from readiness.model import Answer, MissingCode
from readiness.questionnaire.loader import load_data
from readiness.questionnaire.schema import Instrument
from tests.core.reports.samples import BASE_TIME, filled_document


def _text(en: str) -> dict[str, str]:
    return {"en": en, "es": en + " (es)"}


def licensed_instrument() -> Instrument:
    data: dict[str, Any] = {
        "format": "readiness-questionnaire",
        "schema_version": 1,
        "id": "licensed",
        "version": "1.0",
        "title": _text("Licensed screener"),
        "licence": {
            "holder": "Example Press",
            "licence": "Agency licence, no redistribution",
            "citation": "Example et al. 2020.",
            "redistribute_text": False,
        },
        "sections": [
            {
                "id": "main",
                "title": _text("Secret section title"),
                "items": [
                    {
                        "id": "licensed.q_one",
                        "type": "single_choice",
                        "text": _text("Secret licensed question one?"),
                        "options": [
                            {"code": "often", "score": 2, "text": _text("Secret option text")},
                            {"code": "never", "score": 0, "text": _text("Other secret option")},
                        ],
                    },
                    {
                        "id": "licensed.q_two",
                        "type": "yes_no",
                        "text": _text("Secret licensed question two?"),
                    },
                ],
            }
        ],
    }
    instrument, problems = load_data(data, "licensed.yaml")
    assert instrument is not None, problems
    return instrument


def licensed_document_and_instruments() -> tuple[AssessmentDocument, tuple[Instrument, ...]]:
    instrument = licensed_instrument()
    document = filled_document(5, locale="en", plan=None)
    extra = (
        Answer("licensed", "licensed.q_one", BASE_TIME, value="often"),
        Answer("licensed", "licensed.q_two", BASE_TIME, missing=MissingCode.DECLINED),
    )
    return replace(document, answers=document.answers + extra), (instrument,)
