"""Earlier check results of the same person, for pages that show "the last result".

An outreach worker who is offline at a service user's home sees the last
connection measured for *that person* (their earlier assessments), never another
person's results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from readiness.model import CheckResult
from readiness.store.repository import list_check_results

if TYPE_CHECKING:
    from sqlite_utils import Database


def latest_check_result(
    db: Database,
    service_user_id: str,
    check_id: str,
    *,
    measured_only: bool = True,
    accept: Callable[[CheckResult], bool] | None = None,
) -> CheckResult | None:
    """The newest result of ``check_id`` in any assessment of this service user, or None.

    ``accept`` skips results that do not count (a connection test that could not
    measure must not hide the one measured three days before)."""
    source = "AND r.source = 'measured'" if measured_only else ""
    rows = db.execute(
        "SELECT r.assessment_id FROM check_results r "
        "JOIN assessments a ON a.id = r.assessment_id "
        f"WHERE a.service_user_id = ? AND r.check_id = ? {source} "
        "ORDER BY r.measured_at DESC",
        [service_user_id, check_id],
    ).fetchall()
    for (assessment_id,) in rows:
        found = next(r for r in list_check_results(db, assessment_id) if r.check_id == check_id)
        if accept is None or accept(found):
            return found
    return None
