"""The assessment list: newest first, searchable by code and status, read in chunks or pages.

Home reads the list a chunk at a time through ``AssessmentListing`` (keyset paging:
each chunk starts after the last row of the one before, so a chunk deep in 100,000
assessments costs the same as the first). The command line reads numbered pages with
``list_assessments``. Every query runs along an index, so both stay at a few
milliseconds and run on the GUI thread.

A code prefix is matched on the ``service_users.code`` index. When few people match,
their assessments are found through that index and sorted; when many match (more
than one person in ``BROAD_SHARE``), the list is read along the ``created`` index and
each row's code is checked, which finds a chunk after reading only a few rows more
than it returns. The total is counted from whichever side is smaller, and estimated
from the share of people who match when that side is large (``COUNT_LIMIT``).

"Follow-up due" and "Reassessment due" (``readiness.summaries.Due``) read two partial
indexes that hold only each person's newest assessment (migration ``m006_follow_up``):
those with a due day, and those completed. A chunk reads along them and a count
counts their entries, so neither reads the assessments that are not due.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from readiness.errors import ReadinessError
from readiness.model import AssessmentStatus
from readiness.store.repository import prefix_range
from readiness.summaries import (
    AssessmentChunk,
    AssessmentPage,
    AssessmentSummary,
    Due,
    DueRule,
    ListPosition,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.document import AssessmentDocument

DEFAULT_PAGE_SIZE = 50
CHUNK_SIZE = 200
BROAD_SHARE = 25
"""A prefix matching more than one person in this many is read along the ``created`` index."""
COUNT_LIMIT = 5000
"""Counting more assessments than about this many (each row read) is slower than a screen
update should be; ``AssessmentListing.count`` estimates the total instead."""

_VISITS = (
    "(SELECT count(*) FROM assessments p WHERE p.service_user_id = a.service_user_id"
    " AND (p.created, p.rowid) <= (a.created, a.rowid)),"
    " (SELECT count(*) FROM assessments p WHERE p.service_user_id = a.service_user_id)"
)
_COLUMNS = (
    "a.rowid, a.id, s.code, a.created, a.updated, a.status, a.staff_initials, a.locale,"
    f" a.service_user_id, {_VISITS}, a.follow_up_due"
)


def _summary(row: tuple[Any, ...]) -> AssessmentSummary:
    return AssessmentSummary(
        id=row[1],
        service_user_code=row[2],
        created=datetime.fromisoformat(row[3]),
        updated=datetime.fromisoformat(row[4]),
        status=AssessmentStatus(row[5]),
        staff_initials=row[6] or "",
        locale=row[7],
        service_user_id=row[8],
        visit=row[9],
        visits=row[10],
        follow_up_due=date.fromisoformat(row[11]) if row[11] else None,
    )


_DUE_INDEXES = {
    Due.FOLLOW_UP: "assessments_follow_up_due",
    Due.REASSESSMENT: "assessments_reassessment_due",
}
"""Named in the queries: without statistics SQLite prefers the full ``created`` index and
would read every assessment to find the few that are due."""


def _due_condition(due: Due, rule: DueRule) -> tuple[str, list[Any]]:
    """The SQL that keeps what is due (the partial index's own terms, literally)."""
    if due is Due.FOLLOW_UP:
        return (
            " AND a.newest = 1 AND a.follow_up_due IS NOT NULL AND a.follow_up_due <= ?",
            [rule.today.isoformat()],
        )
    before = rule.reassess_before()
    newest_complete = " AND a.newest = 1 AND a.status = 'complete'"
    # Reassessment off: nothing starts before "" (a constant would leave the index unusable).
    moment = before.isoformat(timespec="microseconds") if before is not None else ""
    return newest_complete + " AND a.created < ?", [moment]


class AssessmentListing:
    """The list for one code prefix, status and what is due, newest first, read a chunk at a time.

    ``due`` keeps the people with a follow-up or a reassessment due under ``rule``.
    """

    def __init__(
        self,
        db: Database,
        *,
        code_prefix: str = "",
        status: AssessmentStatus | None = None,
        due: Due | None = None,
        rule: DueRule | None = None,
    ) -> None:
        if due is not None and rule is None:
            raise ReadinessError("a list of what is due needs the day and the interval")
        self._db = db
        self.code_prefix = code_prefix.strip().upper()
        self.status = status
        self.due = due
        self._rule = rule
        self._range = prefix_range(self.code_prefix) if self.code_prefix else None
        self._people: tuple[int, int] | None = None
        self._total: int | None = None
        self.counted_exactly = True
        """False when ``count()`` gave an estimate (see ``COUNT_LIMIT``)."""

    def _status(self) -> tuple[str, list[Any]]:
        """The status and due conditions (each starting with AND) and their values."""
        sql, params = "", []
        if self.status is not None:
            sql, params = " AND a.status = ?", [self.status.value]
        if self.due is not None:
            assert self._rule is not None
            due_sql, due_params = _due_condition(self.due, self._rule)
            sql, params = sql + due_sql, params + due_params
        return sql, params

    def _matching_people(self) -> tuple[int, int]:
        """How many people the prefix matches, and how many people there are."""
        if self._people is None:
            assert self._range is not None
            matched = self._db.execute(
                "SELECT count(*) FROM service_users WHERE code >= ? AND code < ?", self._range
            ).fetchone()[0]
            everyone = self._db.execute("SELECT count(*) FROM service_users").fetchone()[0]
            self._people = (int(matched), int(everyone))
        return self._people

    def _is_broad(self) -> bool:
        """Whether so many people match the prefix that reading by date is quicker."""
        matched, everyone = self._matching_people()
        return matched * BROAD_SHARE > everyone

    def count(self) -> int:
        """How many assessments are in the list: exact, or estimated when counting is slow.

        With a code prefix, the assessments of the smaller side (the people who match,
        or those who do not) are counted, which reads each of their rows. When that side
        holds more than about ``COUNT_LIMIT`` assessments, the total is estimated from
        the share of people who match and ``counted_exactly`` is False.
        """
        if self._total is None:
            self._total = self._count(exact=False)
        return self._total

    def exact_count(self) -> int:
        """How many assessments are in the list, always counted (the command line's pages)."""
        if self._total is None or not self.counted_exactly:
            self.counted_exactly = True
            self._total = self._count(exact=True)
        return self._total

    def _count(self, *, exact: bool) -> int:
        status_sql, status_params = self._status()
        if self.due is not None:  # the partial index holds one entry a person at most
            return self._count_due(status_sql, status_params)
        if self._range is None:
            where = "WHERE a.status = ?" if status_params else ""
            return int(
                self._db.execute(
                    f"SELECT count(*) FROM assessments a {where}", status_params
                ).fetchone()[0]
            )
        matched, everyone = self._matching_people()
        if not matched:
            return 0
        broad = self._is_broad()
        smaller = everyone - matched if broad else matched
        every_row = AssessmentListing(self._db).count()  # one index, about a millisecond
        if not exact and every_row * smaller > COUNT_LIMIT * everyone:
            self.counted_exactly = False
            in_status = AssessmentListing(self._db, status=self.status).count()
            return round(in_status * matched / everyone)
        # Count the smaller side: the people who match, or everyone minus those who do not.
        # "+a.status": check the status on the person's rows rather than start from it.
        people = "code < ? OR code >= ?" if broad else "code >= ? AND code < ?"
        counted = int(
            self._db.execute(
                "SELECT count(*) FROM assessments a WHERE a.service_user_id IN "
                f"(SELECT id FROM service_users WHERE {people}){status_sql.replace('a.', '+a.')}",
                [*self._range, *status_params],
            ).fetchone()[0]
        )
        if not broad:
            return counted
        return AssessmentListing(self._db, status=self.status).count() - counted

    def _assessments(self) -> str:
        """The assessments table, read along the index of what is due when that is asked."""
        if self.due is None:
            return "assessments a"
        return f"assessments a INDEXED BY {_DUE_INDEXES[self.due]}"

    def _count_due(self, status_sql: str, params: list[Any]) -> int:
        """Count along the index of what is due, or from the few people a prefix matches."""
        source = self._assessments()
        where = "1" + status_sql
        if self._range is not None:
            if self._is_broad():
                source += " CROSS JOIN service_users s ON s.id = a.service_user_id"
            else:
                source = "service_users s CROSS JOIN assessments a ON a.service_user_id = s.id"
            where += " AND s.code >= ? AND s.code < ?"
            params = [*params, *self._range]
        found = self._db.execute(f"SELECT count(*) FROM {source} WHERE {where}", params)
        return int(found.fetchone()[0])

    def chunk(self, after: ListPosition | None = None, limit: int = CHUNK_SIZE) -> AssessmentChunk:
        """Up to ``limit`` rows after ``after`` (from the newest when None)."""
        if limit < 1:
            raise ReadinessError("a chunk needs at least one row")
        status_sql, params = self._status()
        where = "1" + status_sql
        if after is not None:
            where += " AND (a.created, a.rowid) < (?, ?)"
            params = [*params, after.created, after.rowid]
        if self._range is None:
            source = self._assessments()
        else:
            # CROSS JOIN fixes the order of the tables: the planner cannot know how many
            # people a prefix matches, and the wrong order is a hundred times slower.
            if self._is_broad():
                source = (
                    f"{self._assessments()} CROSS JOIN service_users s ON s.id = a.service_user_id"
                )
            else:
                source = "service_users s CROSS JOIN assessments a ON a.service_user_id = s.id"
            where += " AND s.code >= ? AND s.code < ?"
            params = [*params, *self._range]
        # Find the rows along the indexes first; only those rows are then joined and have
        # their visits counted (a sort would otherwise count them for every match).
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM assessments a "
            "JOIN service_users s ON s.id = a.service_user_id "
            f"WHERE a.rowid IN (SELECT a.rowid FROM {source} WHERE {where} "
            "ORDER BY a.created DESC, a.rowid DESC LIMIT ?) "
            "ORDER BY a.created DESC, a.rowid DESC",
            [*params, limit + 1],
        ).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        position = ListPosition(rows[-1][3], rows[-1][0]) if more else None
        return AssessmentChunk(tuple(_summary(row) for row in rows), position)


def person_assessments(db: Database, service_user_id: str) -> tuple[AssessmentSummary, ...]:
    """Every assessment of one person, oldest first (their assessments over time)."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM assessments a JOIN service_users s ON s.id = a.service_user_id "
        "WHERE a.service_user_id = ? ORDER BY a.created, a.rowid",
        [service_user_id],
    ).fetchall()
    return tuple(_summary(row) for row in rows)


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
    join = "FROM assessments a JOIN service_users s ON s.id = a.service_user_id"
    status_clause = "status = ?" if status is not None else "1"
    status_params: list[Any] = [status.value] if status is not None else []
    listing = AssessmentListing(db, code_prefix=code_prefix, status=status)
    total = listing.exact_count()
    if listing.code_prefix:
        # Few rows match a code prefix: find the people by the code index, then join.
        where = "s.code >= ? AND s.code < ?" + (" AND a.status = ?" if status_params else "")
        params = [*prefix_range(listing.code_prefix), *status_params]
        rows = db.execute(
            f"SELECT {_COLUMNS} {join} WHERE {where} "
            "ORDER BY a.created DESC, a.rowid DESC LIMIT ? OFFSET ?",
            [*params, page_size, offset],
        ).fetchall()
    else:
        # Page over the (status, created) index alone, then join only the rows shown:
        # a deep OFFSET then skips index entries instead of joined rows.
        rows = db.execute(
            f"SELECT {_COLUMNS} {join} WHERE a.rowid IN (SELECT rowid FROM assessments "
            f"WHERE {status_clause} ORDER BY created DESC, rowid DESC LIMIT ? OFFSET ?) "
            "ORDER BY a.created DESC, a.rowid DESC",
            [*status_params, page_size, offset],
        ).fetchall()
    items = tuple(_summary(row) for row in rows)
    return AssessmentPage(items=items, total=total, page=page, page_size=page_size)


def person_documents(db: Database, service_user_id: str) -> list[AssessmentDocument]:
    """Every assessment of one person as a document, oldest first."""
    from readiness.store.repository import load_document

    return [load_document(db, item.id) for item in person_assessments(db, service_user_id)]
