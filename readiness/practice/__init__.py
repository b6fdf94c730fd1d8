"""Practice mode: fictional people with realistic assessments, in a database of their own.

New peer specialists train on the tool without real data (performance-based
training), and agencies can try it. The people are the project's fictional personas
(JSON assessment documents in this folder, also used by the tests); each gets a
``PRACTICE-`` code, fresh ids and dates in the recent past. Some get a second, later
assessment so reassessment can be practised.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.document import AssessmentDocument, ServiceUserRef, from_data
from readiness.model import new_id, utc_now

if TYPE_CHECKING:
    from sqlite_utils import Database

PRACTICE_PREFIX = "PRACTICE-"
PRACTICE_DATABASE = "practice.db"


def personas() -> list[AssessmentDocument]:
    """The fictional persona documents shipped with the app, in file order."""
    folder = resources.files("readiness.practice")
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))
    return [
        from_data(json.loads(folder.joinpath(name).read_text(encoding="utf-8")), name)
        for name in names
    ]


def is_practice_code(code: str) -> bool:
    """Whether a service-user code belongs to a fictional practice person."""
    return code.upper().startswith(PRACTICE_PREFIX)


def practice_documents(count: int) -> list[AssessmentDocument]:
    """``count`` practice people's assessments (every third person also has a reassessment)."""
    base = personas()
    now = utc_now()
    documents = []
    for index in range(count):
        persona = base[index % len(base)]
        user = ServiceUserRef(id=new_id(), code=f"{PRACTICE_PREFIX}{index + 1:03}")
        visits = 2 if index % 3 == 0 else 1
        for visit in range(visits):
            started = now - timedelta(days=7 + 40 * (visits - visit) + index)
            documents.append(_moved(persona, user, started))
    return documents


def _moved(
    document: AssessmentDocument, user: ServiceUserRef, started: datetime
) -> AssessmentDocument:
    shift = started - document.assessment.created
    a = document.assessment
    assessment = replace(
        a,
        id=new_id(),
        service_user_id=user.id,
        created=a.created + shift,
        updated=a.updated + shift,
        completed=a.completed + shift if a.completed else None,
    )
    answers = tuple(replace(x, answered_at=x.answered_at + shift) for x in document.answers)
    results = tuple(replace(r, measured_at=r.measured_at + shift) for r in document.check_results)
    return replace(
        document,
        service_user=user,
        assessment=assessment,
        answers=answers,
        check_results=results,
        plan=None,
    )


def fill_practice_database(db: Database, count: int = 12) -> int:
    """Add ``count`` practice people to ``db``; returns how many assessments were added.

    A database that holds anyone who is not a practice person is refused, so
    fictional people never mix with real ones.
    """
    from readiness.errors import ReadinessError
    from readiness.store.repository import import_document

    real = db.execute(
        "SELECT count(*) FROM service_users WHERE code NOT LIKE ?", [f"{PRACTICE_PREFIX}%"]
    ).fetchone()[0]
    if real:
        raise ReadinessError(
            "this database holds real service users; practice people go in a database "
            "of their own (leave out --db to use the practice database)"
        )
    db.execute("DELETE FROM plans")
    for table in ("answers", "check_results"):
        db.execute(f"DELETE FROM {table}")
    db.execute("DELETE FROM assessments")
    db.execute("DELETE FROM service_users")

    documents = practice_documents(count)
    for document in documents:
        import_document(db, document)
    return len(documents)


def practice_database_path(data_dir: Path | None = None) -> Path:
    """Where practice mode keeps its own database (never the real one)."""
    from readiness.paths import default_data_dir

    return (data_dir or default_data_dir()) / PRACTICE_DATABASE
