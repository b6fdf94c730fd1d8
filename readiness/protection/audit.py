"""Reading the audit log: its entries, filtered and paged, for the screen and the CLI that show it.

The entries are written by ``readiness.store.audit`` in the same transaction as the
change they describe. Viewing the log is for an administrator; who counts as one is
for the screen that shows it to decide. Exporting it is ``readiness.reports.audit_csv``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from readiness.errors import ReadinessError
from readiness.store.audit import AuditAction
from readiness.store.text_fields import checked_initials

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = [
    "PAGE_SIZE",
    "AuditAction",
    "AuditEntry",
    "AuditFilter",
    "count_entries",
    "iter_entries",
    "list_entries",
]
"""``AuditAction`` too: whoever reads the entries names their actions from here."""

PAGE_SIZE = 1000


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log; ``service_user_code`` is None once the person is gone."""

    id: int
    at: datetime
    staff_initials: str
    action: AuditAction | str
    """An ``AuditAction``; plain text only for an action a newer version of the app wrote."""
    assessment_id: str | None
    service_user_id: str | None
    service_user_code: str | None
    detail: str


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list; every field left empty matches all. Dates are whole UTC days."""

    service_user_id: str | None = None
    assessment_id: str | None = None
    actions: tuple[AuditAction, ...] = ()
    staff: str | None = None
    since: date | None = None
    until: date | None = None

    def clause(self) -> tuple[str, list[Any]]:
        """SQL condition on ``audit_log`` (aliased ``l``) and its parameters."""
        parts: list[str] = []
        params: list[Any] = []
        if self.service_user_id is not None:
            parts.append("l.service_user_id = ?")
            params.append(self.service_user_id)
        if self.assessment_id is not None:
            parts.append("l.assessment_id = ?")
            params.append(self.assessment_id)
        if self.actions:
            parts.append(f"l.action IN ({', '.join('?' for _ in self.actions)})")
            params.extend(AuditAction(a).value for a in self.actions)
        if self.staff:
            parts.append("l.staff_initials = ?")
            params.append(checked_initials(self.staff))
        if self.since is not None:
            parts.append("l.at >= ?")
            params.append(self.since.isoformat())
        if self.until is not None:
            parts.append("l.at < ?")
            params.append((self.until + timedelta(days=1)).isoformat())
        return (" AND ".join(parts) or "1"), params


_SELECT = (
    "SELECT l.id, l.at, l.staff_initials, l.action, l.assessment_id, l.service_user_id, "
    "s.code, l.detail FROM audit_log l LEFT JOIN service_users s ON s.id = l.service_user_id"
)


def _action(text: str) -> AuditAction | str:
    try:
        return AuditAction(text)
    except ValueError:
        return str(text)


def _entry(row: Sequence[Any]) -> AuditEntry:
    return AuditEntry(
        id=int(row[0]),
        at=datetime.fromisoformat(row[1]),
        staff_initials=row[2] or "",
        action=_action(row[3]),
        assessment_id=row[4],
        service_user_id=row[5],
        service_user_code=row[6],
        detail=row[7] or "",
    )


def count_entries(db: Database, filters: AuditFilter | None = None) -> int:
    """How many entries match ``filters``."""
    where, params = (filters or AuditFilter()).clause()
    return int(db.execute(f"SELECT count(*) FROM audit_log l WHERE {where}", params).fetchone()[0])


def list_entries(
    db: Database, filters: AuditFilter | None = None, *, limit: int = 100, offset: int = 0
) -> list[AuditEntry]:
    """Entries matching ``filters``, newest first, ``limit`` from ``offset`` (for pages)."""
    if limit < 1 or offset < 0:
        raise ReadinessError("the page size must be 1 or more and the offset 0 or more")
    where, params = (filters or AuditFilter()).clause()
    rows = db.execute(
        f"{_SELECT} WHERE {where} ORDER BY l.id DESC LIMIT ? OFFSET ?", [*params, limit, offset]
    ).fetchall()
    return [_entry(row) for row in rows]


def iter_entries(
    db: Database, filters: AuditFilter | None = None, *, page_size: int = PAGE_SIZE
) -> Iterator[AuditEntry]:
    """Every entry matching ``filters``, oldest first, read a page at a time (keyset on id)."""
    where, params = (filters or AuditFilter()).clause()
    after = 0
    while True:
        rows = db.execute(
            f"{_SELECT} WHERE {where} AND l.id > ? ORDER BY l.id LIMIT ?",
            [*params, after, page_size],
        ).fetchall()
        for row in rows:
            yield _entry(row)
        if len(rows) < page_size:
            return
        after = int(rows[-1][0])
