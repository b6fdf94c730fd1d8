"""The assessment list: pages of summaries, newest first, searchable by code.

Each page is one indexed query, so even with 100,000 assessments a page or a code
search takes a few milliseconds and can run on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from readiness.errors import ReadinessError
from readiness.model import AssessmentStatus
from readiness.store.repository import prefix_range

if TYPE_CHECKING:
    from sqlite_utils import Database

DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True)
class AssessmentSummary:
    """One line of the assessment list: enough to show and to open it."""

    id: str
    service_user_code: str
    created: datetime
    updated: datetime
    status: AssessmentStatus
    staff_initials: str
    locale: str


@dataclass(frozen=True)
class AssessmentPage:
    """One page of the assessment list, newest first."""

    items: tuple[AssessmentSummary, ...]
    total: int
    page: int
    page_size: int

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))


def list_assessments(
    db: Database,
    *,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
    code_prefix: str = "",
    status: AssessmentStatus | None = None,
) -> AssessmentPage:
    """A page of assessments, newest first; ``code_prefix`` keeps codes that start with it."""
    if page < 1 or page_size < 1:
        raise ReadinessError("page and page size must be 1 or more")
    offset = (page - 1) * page_size
    columns = "a.id, s.code, a.created, a.updated, a.status, a.staff_initials, a.locale"
    join = "FROM assessments a JOIN service_users s ON s.id = a.service_user_id"
    status_clause = "status = ?" if status is not None else "1"
    status_params: list[Any] = [status.value] if status is not None else []
    prefix = code_prefix.strip().upper()
    if prefix:
        # Few rows match a code prefix: find the people by the code index, then join.
        where = "s.code >= ? AND s.code < ?" + (" AND a.status = ?" if status_params else "")
        params = [*prefix_range(prefix), *status_params]
        total = db.execute(f"SELECT count(*) {join} WHERE {where}", params).fetchone()[0]
        rows = db.execute(
            f"SELECT {columns} {join} WHERE {where} ORDER BY a.created DESC LIMIT ? OFFSET ?",
            [*params, page_size, offset],
        ).fetchall()
    else:
        # Page over the (status, created) index alone, then join only the rows shown:
        # a deep OFFSET then skips index entries instead of joined rows.
        total = db.execute(
            f"SELECT count(*) FROM assessments WHERE {status_clause}", status_params
        ).fetchone()[0]
        rows = db.execute(
            f"SELECT {columns} {join} WHERE a.rowid IN (SELECT rowid FROM assessments "
            f"WHERE {status_clause} ORDER BY created DESC LIMIT ? OFFSET ?) "
            "ORDER BY a.created DESC",
            [*status_params, page_size, offset],
        ).fetchall()
    items = tuple(
        AssessmentSummary(
            id=row[0],
            service_user_code=row[1],
            created=datetime.fromisoformat(row[2]),
            updated=datetime.fromisoformat(row[3]),
            status=AssessmentStatus(row[4]),
            staff_initials=row[5] or "",
            locale=row[6],
        )
        for row in rows
    )
    return AssessmentPage(items=items, total=total, page=page, page_size=page_size)
