"""Builders for test data: assessment documents and filled databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.document import AssessmentDocument, ServiceUserRef
from readiness.equity.engine import assess as engine_assess
from readiness.equity.loading import Rules
from readiness.equity.results import AssessmentResult
from readiness.interpret import Interpretation, interpret
from readiness.model import (
    Answer,
    Assessment,
    AssessmentStatus,
    CheckResult,
    CheckStatus,
    Measurement,
    MissingCode,
    new_id,
)
from readiness.settings import Settings
from readiness.store.keys import DatabaseKey

if TYPE_CHECKING:
    from sqlite_utils import Database

BASE_TIME = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)


@cache
def builtin_interpretation() -> Interpretation:
    """What interprets an assessment with default Settings: the built-in files only."""
    return interpret(Settings())


def assess(document: AssessmentDocument, rules: Rules | None = None) -> AssessmentResult:
    """``document`` under the built-in interpretation (or ``rules`` with its questionnaires)."""
    built_in = builtin_interpretation()
    return engine_assess(document, rules or built_in.rules, built_in.instruments)


def make_document(code: str = "AB12-0042", answers: int = 3) -> AssessmentDocument:
    """A small but complete document with every kind of answer the built-in questionnaires
    take and one check result."""
    user_id = new_id()
    assessment = Assessment(
        id=new_id(),
        service_user_id=user_id,
        created=BASE_TIME,
        updated=BASE_TIME + timedelta(minutes=20),
        status=AssessmentStatus.DRAFT,
        locale="es",
        staff_initials="MJ",
        app_version="0.1.0",
    )
    values: list[Answer] = [  # questions of the built-in questionnaires: an import checks them
        Answer("access", "access.other_devices", BASE_TIME, value=("computer", "tablet")),
        Answer("access", "access.video_device", BASE_TIME, value=True),
        Answer("skills", "skills.join_video_call", BASE_TIME, missing=MissingCode.DONT_KNOW),
        Answer("comm", "comm.other_needs", BASE_TIME, value="Prefiere llamadas por la mañana"),
        Answer("access", "access.home_internet", BASE_TIME, value="wifi"),
    ]
    result = CheckResult(
        check_id="device.memory",
        status=CheckStatus.LIMITED,
        measured_at=BASE_TIME,
        reason="This computer has 3.7 GB of memory.",
        values={"total": Measurement(3.7, "GB"), "available": Measurement(1.2, "GB")},
    )
    return AssessmentDocument(
        service_user=ServiceUserRef(id=user_id, code=code),
        assessment=assessment,
        answers=tuple(values[:answers]),
        check_results=(result,),
    )


def document_data() -> dict[str, Any]:
    """A valid document as plain data: every kind of answer, a device result, a connection
    result with figures, and a plan with a follow-up date (the same each call)."""
    import copy

    return copy.deepcopy(_document_data())


@cache
def _document_data() -> dict[str, Any]:
    from readiness.document import to_dict
    from readiness.plan import Plan

    document = to_dict(replace(make_document(code="ZX-01", answers=5), plan=Plan(text="Calls.")))
    document["plan"]["follow_up"] = "2026-06-01"
    document["check_results"].append(
        {
            "check_id": "connection.bandwidth",
            "status": "good",
            "measured_at": "2026-03-02T15:40:00Z",
            "reason": "Ready for video calls.",
            "values": {
                "download_mbps": {"value": 40.5, "unit": "Mbit/s"},
                "upload_mbps": {"value": 9.8, "unit": "Mbit/s"},
                "rtt_ms": {"value": 35, "unit": "ms"},
                "loss_pct": {"value": 0.0, "unit": "%"},
            },
            "source": "measured",
            "reason_message": None,
        }
    )
    return document


def import_into(db: Database, document: AssessmentDocument, **options: Any) -> Assessment:
    """``document`` stored as an import stores it, checked against the built-in questionnaires
    (or the ``instruments`` given)."""
    from readiness.store.importing import import_document

    options.setdefault("instruments", builtin_interpretation().instruments)
    return import_document(db, document, **options)


def digest(db: Database) -> str:
    """A fingerprint of every row of every table: equal fingerprints, nothing changed."""
    import hashlib

    found = hashlib.sha256()
    names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    for (name,) in names.fetchall():
        rows = sorted(repr(row) for row in db.execute(f'SELECT * FROM "{name}"').fetchall())
        found.update(f"{name}:{len(rows)}:{''.join(rows)}".encode())
    return found.hexdigest()


def file_digest(path: Path) -> str:
    """``digest`` of the encrypted database file ``path`` (opened with the tests' key)."""
    from readiness.store.database import open_database

    db = open_database(path, key=cli_key())
    try:
        return digest(db)
    finally:
        db.close()


def cli_key() -> DatabaseKey:
    """The key the test suite's command-line runs use (see ``tests/conftest.py``)."""
    from tests.conftest import TEST_KEY_HEX

    return DatabaseKey.from_bytes(bytes.fromhex(TEST_KEY_HEX))
