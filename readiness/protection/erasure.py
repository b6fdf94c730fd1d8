"""Deleting for good: one assessment, a service user with everything about them, old data.

``erase_service_user`` carries out a person's right to have their data erased: it
deletes the service user, all their assessments with every answer, check result
and plan, and every audit entry that names them or one of their assessments, in
one transaction, then records one "erased" entry that names no one (counts only).
``purge_older_than`` applies the agency's retention period: it deletes assessments
(complete or draft) not changed for that many days, and then the service users
left with no assessment whose record is older than the period too (a person added
today with no intake yet is kept). Audit entries of purged assessments are kept:
they hold no personal data, only ids that no longer lead to anyone, and they are
the record of who worked on what. ``delete_assessment`` removes one assessment
and keeps its audit trail.

Deleted data must not stay readable in the file. Each function deletes with
``PRAGMA secure_delete`` on (SQLite overwrites the deleted cells with zeros), then
``scrub`` runs after the commit: ``VACUUM`` rewrites the whole file, because
copies of a row left behind in free space when pages were split or merged long
before (while secure_delete was off) survive secure_delete; then the write-ahead
log, which still holds earlier versions of the pages, is checkpointed and
truncated. ``VACUUM``'s temporary copy is kept in memory, never in a temporary
file. The scrub cannot finish while another connection is reading; ``scrubbed``
is then False and ``scrub`` can be called again later. ``VACUUM`` takes time in
proportion to the file (seconds for a large one): run these off the GUI thread.

The ``preview_*`` functions count what would go, for a confirmation that says
exactly what will be deleted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from readiness.errors import NotFoundError, ReadinessError
from readiness.model import utc_now
from readiness.store import audit, outbox
from readiness.store.audit import AuditAction
from readiness.store.facts import stored_time
from readiness.store.sql_errors import OPERATIONAL_ERRORS
from readiness.store.text_fields import checked_initials

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_RETENTION_DAYS = 36500

_FACT_TABLES = ("answers", "check_results", "plans")


@dataclass(frozen=True)
class DeletedCounts:
    """What a deletion removed; ``scrubbed`` is False when ``scrub`` could not finish yet."""

    service_users: int = 0
    assessments: int = 0
    answers: int = 0
    check_results: int = 0
    plans: int = 0
    audit_entries: int = 0
    scrubbed: bool = True

    def summary(self) -> str:
        """Counts in words, for the audit entry ("1 service user, 3 assessments")."""
        people = "service user" if self.service_users == 1 else "service users"
        visits = "assessment" if self.assessments == 1 else "assessments"
        return f"{self.service_users} {people}, {self.assessments} {visits}"


@dataclass(frozen=True)
class ErasurePreview:
    """What erasing one service user would delete."""

    service_user_id: str
    code: str
    complete: int
    drafts: int
    answers: int
    audit_entries: int

    @property
    def assessments(self) -> int:
        return self.complete + self.drafts


@dataclass(frozen=True)
class PurgePreview:
    """What purging with a retention period would delete."""

    cutoff: datetime
    complete: int
    drafts: int
    service_users: int

    @property
    def assessments(self) -> int:
        return self.complete + self.drafts


@contextmanager
def _secure_delete(db: Database) -> Iterator[None]:
    """Deleted content is overwritten with zeros while the block runs."""
    previous = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        db.execute(f"PRAGMA secure_delete = {int(previous)}")


def scrub(db: Database) -> bool:
    """Rewrite the file and empty the write-ahead log so deleted data is gone; False if blocked.

    Blocked means another connection was busy (or this one is inside a transaction);
    nothing is lost, and the next call or the next checkpoint finishes the job.
    """
    if db.conn.in_transaction:
        return False
    store = db.execute("PRAGMA temp_store").fetchone()[0]
    db.execute("PRAGMA temp_store = MEMORY")
    try:
        db.execute("VACUUM")
    except OPERATIONAL_ERRORS:
        return False
    finally:
        db.execute(f"PRAGMA temp_store = {int(store)}")
    row = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return row is None or int(row[0]) == 0


def _count(db: Database, sql: str, params: list[str]) -> int:
    return int(db.execute(sql, params).fetchone()[0])


def _delete(db: Database, sql: str, params: list[str]) -> int:
    return int(db.execute(sql, params).rowcount)


def _in_assessments(where: str) -> str:
    return f"assessment_id IN (SELECT id FROM assessments WHERE {where})"


def _delete_assessments(db: Database, where: str, params: list[str]) -> DeletedCounts:
    """Delete the facts, then the assessments, matching ``where`` (on ``assessments``)."""
    facts = [
        _delete(db, f"DELETE FROM {table} WHERE {_in_assessments(where)}", params)
        for table in _FACT_TABLES
    ]
    _delete(db, f"DELETE FROM assessment_results WHERE {_in_assessments(where)}", params)
    assessments = _delete(db, f"DELETE FROM assessments WHERE {where}", params)
    return DeletedCounts(
        assessments=assessments, answers=facts[0], check_results=facts[1], plans=facts[2]
    )


def _user_code(db: Database, service_user_id: str) -> str:
    row = db.execute("SELECT code FROM service_users WHERE id = ?", [service_user_id]).fetchone()
    if row is None:
        raise NotFoundError("no service user with that id (perhaps already erased)")
    return str(row[0])


def preview_erasure(db: Database, service_user_id: str) -> ErasurePreview:
    """What ``erase_service_user`` would delete for this person."""
    code = _user_code(db, service_user_id)
    mine = "service_user_id = ?"
    by_status = dict(
        db.execute(
            f"SELECT status, count(*) FROM assessments WHERE {mine} GROUP BY status",
            [service_user_id],
        ).fetchall()
    )
    return ErasurePreview(
        service_user_id=service_user_id,
        code=code,
        complete=int(by_status.get("complete", 0)),
        drafts=int(by_status.get("draft", 0)),
        answers=_count(
            db, f"SELECT count(*) FROM answers WHERE {_in_assessments(mine)}", [service_user_id]
        ),
        audit_entries=_count(
            db,
            f"SELECT count(*) FROM audit_log WHERE service_user_id = ? OR {_in_assessments(mine)}",
            [service_user_id, service_user_id],
        ),
    )


def erase_service_user(db: Database, service_user_id: str, *, staff: str) -> DeletedCounts:
    """Delete this person and everything about them, for good; returns what was deleted.

    One transaction: on any error nothing is deleted. The one "erased" entry left
    in the audit log holds only counts and ``staff``.
    """
    initials = checked_initials(staff)
    _user_code(db, service_user_id)
    mine = "service_user_id = ?"
    with _secure_delete(db), db.atomic():
        outbox.record_erasure(db, service_user_id)  # the agency hub erases them too
        audit_entries = _delete(
            db,
            f"DELETE FROM audit_log WHERE service_user_id = ? OR {_in_assessments(mine)}",
            [service_user_id, service_user_id],
        )
        counts = _delete_assessments(db, mine, [service_user_id])
        people = _delete(db, "DELETE FROM service_users WHERE id = ?", [service_user_id])
        result = replace(counts, service_users=people, audit_entries=audit_entries)
        audit.record(db, AuditAction.ERASED, staff=initials, detail=result.summary())
    return _scrubbed(db, result)


def delete_assessment(db: Database, assessment_id: str, *, staff: str) -> DeletedCounts:
    """Delete one assessment with its answers, check results and plan; the person stays.

    Its audit entries stay too, with one "deleted" entry naming it.
    """
    initials = checked_initials(staff)
    row = db.execute(
        "SELECT service_user_id FROM assessments WHERE id = ?", [assessment_id]
    ).fetchone()
    if row is None:
        raise NotFoundError("no assessment with that id (perhaps already deleted)")
    with _secure_delete(db), db.atomic():
        counts = _delete_assessments(db, "id = ?", [assessment_id])
        audit.record(
            db,
            AuditAction.DELETED,
            staff=initials,
            assessment_id=assessment_id,
            service_user_id=str(row[0]),
        )
    return _scrubbed(db, counts)


def _cutoff(days: int, now: datetime | None) -> datetime:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_RETENTION_DAYS:
        raise ReadinessError(
            f"the retention period must be a whole number of days from 1 to {MAX_RETENTION_DAYS}"
        )
    return (now or utc_now()) - timedelta(days=days)


_LEFT_ALONE = (
    "created < ? AND NOT EXISTS "
    "(SELECT 1 FROM assessments a WHERE a.service_user_id = service_users.id)"
)
"""Service users older than the cutoff with no assessment left."""


def preview_purge(db: Database, days: int, *, now: datetime | None = None) -> PurgePreview:
    """What ``purge_older_than`` would delete with the same ``days`` and ``now``."""
    cutoff = _cutoff(days, now)
    moment = stored_time(cutoff)
    by_status = dict(
        db.execute(
            "SELECT status, count(*) FROM assessments WHERE updated < ? GROUP BY status", [moment]
        ).fetchall()
    )
    people = _count(
        db,
        "SELECT count(*) FROM service_users WHERE created < ? AND NOT EXISTS "
        "(SELECT 1 FROM assessments a WHERE a.service_user_id = service_users.id "
        "AND a.updated >= ?)",
        [moment, moment],
    )
    return PurgePreview(
        cutoff=cutoff,
        complete=int(by_status.get("complete", 0)),
        drafts=int(by_status.get("draft", 0)),
        service_users=people,
    )


def purge_older_than(
    db: Database, days: int, *, staff: str, now: datetime | None = None
) -> DeletedCounts:
    """Delete assessments not changed for ``days`` days, and people left with none; counts.

    One "purged" entry records the counts and the period, never who.
    """
    initials = checked_initials(staff)
    moment = stored_time(_cutoff(days, now))
    with _secure_delete(db), db.atomic():
        counts = _delete_assessments(db, "updated < ?", [moment])
        people = _delete(db, f"DELETE FROM service_users WHERE {_LEFT_ALONE}", [moment])
        result = replace(counts, service_users=people)
        audit.record(
            db,
            AuditAction.PURGED,
            staff=initials,
            detail=f"{result.summary()}, not changed for {days} days",
        )
    return _scrubbed(db, result)


def _scrubbed(db: Database, counts: DeletedCounts) -> DeletedCounts:
    return replace(counts, scrubbed=scrub(db))
