"""Earlier check results of the same person, for pages that show "the last result".

An outreach worker who is offline at a service user's home sees the last
connection measured for *that person* (their earlier assessments), never another
person's results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from readiness.model import CheckResult
from readiness.store.repository import list_check_results

if TYPE_CHECKING:
    from sqlite_utils import Database


def latest_check_result(
    db: Database, service_user_id: str, check_id: str, *, measured_only: bool = True
) -> CheckResult | None:
    """The newest result of ``check_id`` in any assessment of this service user, or None."""
    source = "AND r.source = 'measured'" if measured_only else ""
    row = db.execute(
        "SELECT r.assessment_id FROM check_results r "
        "JOIN assessments a ON a.id = r.assessment_id "
        f"WHERE a.service_user_id = ? AND r.check_id = ? {source} "
        "ORDER BY r.measured_at DESC LIMIT 1",
        [service_user_id, check_id],
    ).fetchone()
    if row is None:
        return None
    return next(r for r in list_check_results(db, row[0]) if r.check_id == check_id)
