"""A laptop for the hub's tests: an encrypted database with completed assessments, and commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from readiness.cli import main
from readiness.document import AssessmentDocument
from readiness.store.database import open_database
from tests.factories import cli_key, import_into
from tests.hub.helpers import completed


def fill(
    path: Path, count: int, *, prefix: str = "LP01", note: str = ""
) -> list[AssessmentDocument]:
    """``count`` completed assessments of different people, imported into the laptop at ``path``."""
    from dataclasses import replace

    from readiness.model import Answer

    documents = []
    db = open_database(path, key=cli_key())
    try:
        for number in range(count):
            document = completed(code=f"{prefix}-{number:04d}")
            if note:
                answer = Answer("comm", "comm.other_needs", document.assessment.created, value=note)
                document = replace(document, answers=(*document.answers, answer))
            import_into(db, document)
            documents.append(document)
    finally:
        db.close()
    return documents


def run(capsys: pytest.CaptureFixture[str], path: Path, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


SYNC_STAFF = "SJ"
"""Who runs ``readiness sync`` in the tests (the audit log names them)."""


def sync_json(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict[str, Any]]:
    code, out, err = run(capsys, path, "sync", "--json", "--staff", SYNC_STAFF)
    assert out, err
    return code, json.loads(out)
