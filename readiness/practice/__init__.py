"""Practice mode: fictional people with realistic assessments, in a database of their own.

New peer specialists train on the tool without real data (performance-based
training), and agencies can try it. The people are the project's fictional personas
(JSON assessment documents in this folder, also used by the tests); each gets a
``PRACTICE-`` code, fresh ids and dates in the recent past, and a plan. Every third
person also has an earlier visit a few steps behind (``readiness.practice.visits``),
so "How things changed" and carried-over plan items can be practised; some people's
follow-up or reassessment is due. A practice database carries a mark in its file
header (``readiness.practice.marker``), so the app and every command recognise it
without a passphrase and never offer to encrypt it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.document import (
    PRACTICE_PREFIX,
    AssessmentDocument,
    ServiceUserRef,
    from_data,
    is_practice_code,
)
from readiness.model import new_id, utc_now
from readiness.plan import Plan
from readiness.practice import marker, visits
from readiness.practice.marker import is_practice_file

if TYPE_CHECKING:
    from sqlite_utils import Database

PRACTICE_DATABASE = "practice.db"

__all__ = [
    "PRACTICE_DATABASE",
    "PRACTICE_PREFIX",
    "fill_practice_database",
    "is_practice_code",
    "is_practice_file",
    "open_practice_database",
    "personas",
    "practice_database_path",
    "practice_documents",
]


def personas() -> list[AssessmentDocument]:
    """The fictional persona documents shipped with the app, in file order."""
    folder = resources.files("readiness.practice")
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))
    return [
        from_data(json.loads(folder.joinpath(name).read_text(encoding="utf-8")), name)
        for name in names
    ]


def practice_documents(count: int) -> list[AssessmentDocument]:
    """``count`` practice people's assessments, each visit with a plan.

    Every third person (whose answers can differ) also has an earlier visit, 60 days
    before. The latest visits are 7 to 16 days old, so the follow-up (12 days after)
    is due for some; every fourth person was last seen about 100 days ago and their
    plan is done, so their reassessment is due (the default interval is 90 days).
    """
    base = personas()
    now = utc_now()
    documents = []
    for index in range(count):
        persona = base[index % len(base)]
        user = ServiceUserRef(id=new_id(), code=f"{PRACTICE_PREFIX}{index + 1:03}")
        locale = persona.assessment.locale
        settled = index % 4 == 1
        days_ago = (100 if settled else 7) + index % 10
        latest = now - timedelta(days=days_ago)
        carried = Plan()
        if index % 3 == 0 and visits.steppable(persona.answers):
            earlier = latest - timedelta(days=60)
            day = earlier.date()
            plan = visits.earlier_plan(index, day, locale)
            behind = replace(persona, answers=visits.earlier_answers(persona.answers))
            documents.append(_moved(behind, user, earlier, plan))
            carried = plan.carried_over(day)
        plan = visits.latest_plan(index, latest.date(), locale, carried, settled=settled)
        documents.append(_moved(persona, user, latest, plan))
    return documents


def _moved(
    document: AssessmentDocument, user: ServiceUserRef, started: datetime, plan: Plan
) -> AssessmentDocument:
    """``document`` for ``user``, started at ``started`` (all its times moved), with ``plan``."""
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
        plan=replace(plan, updated=assessment.updated),
    )


def fill_practice_database(db: Database, count: int = 12) -> int:
    """Add ``count`` practice people to ``db``; returns how many assessments were added.

    A database that holds anyone who is not a practice person is refused, so
    fictional people never mix with real ones. The file is marked as practice records.
    """
    from readiness.errors import ReadinessError
    from readiness.questionnaire.loader import load_builtin
    from readiness.store.importing import import_document

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
    instruments = load_builtin().instruments
    for document in documents:
        import_document(db, document, instruments=instruments)
    marker.mark(db)
    return len(documents)


def open_practice_database(path: Path, *, create_dir: bool = True) -> Database:
    """Open the practice database at ``path``, marked, and filled with people if it was empty."""
    from readiness.store.database import open_database
    from readiness.store.practice_mark import is_practice_database

    db = open_database(path, create_dir=create_dir)
    if db.table("assessments").count == 0:
        fill_practice_database(db)
    elif not is_practice_database(db):
        marker.mark(db)  # made before practice files were marked
    return db


def practice_database_path(data_dir: Path | None = None) -> Path:
    """Where practice mode keeps its own database (never the real one)."""
    from readiness.paths import default_data_dir

    return (data_dir or default_data_dir()) / PRACTICE_DATABASE
