"""The audit log: who (staff initials) did what to which assessment, and when.

Entries live in the ``audit_log`` table (migration ``m004_audit``) of the same
database, so they are encrypted, backed up and erased with the data they describe.
An entry holds a time (UTC), the staff initials ("" when none were given), an
action, the assessment and service-user ids it concerns, and a short ``detail``.
It never holds personal data: no names, answers, notes or codes. Callers must keep
it that way; ``record`` also refuses long or control-character text in ``detail``.

The repository records entries itself on its write paths, in the same transaction
as the change, so a change that was rolled back leaves no entry. Autosave writes
every answer at once, so "changed" is throttled by ``note_change``: a new "changed"
entry is written only when the newest entry of that assessment is not already a
"changed" by the same staff within ``CHANGE_WINDOW``. Each opening of an
assessment (recorded by the screen that opens it) is therefore followed by at most
one "changed" per half hour of work, whichever path the change took.

Viewing and exporting the log is for an administrator; who counts as one is for the
screen that shows it to decide.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from readiness.errors import ReadinessError
from readiness.i18n import _
from readiness.model import utc_now
from readiness.progress import CancelToken, Progress, no_progress
from readiness.store.text_fields import AUDIT_DETAIL, check_text, checked_initials

if TYPE_CHECKING:
    from sqlite_utils import Database

CHANGE_WINDOW = timedelta(minutes=30)
"""At most one "changed" entry per assessment and staff member in this time."""
CSV_COLUMNS = (
    "id",
    "at_utc",
    "staff_initials",
    "action",
    "service_user_code",
    "service_user_id",
    "assessment_id",
    "detail",
)
PAGE_SIZE = 1000


class AuditAction(StrEnum):
    """What was done. The text is what the table stores."""

    CREATED = "created"
    """A service user (no assessment id) or an assessment was added."""
    OPENED = "opened"
    """An assessment was shown: the intake reopened, a report viewed."""
    CHANGED = "changed"
    """Answers, check results or the plan changed (throttled, see ``note_change``)."""
    COMPLETED = "completed"
    REOPENED = "reopened"
    IMPORTED = "imported"
    """An assessment document was stored (new, or replacing one)."""
    EXPORTED = "exported"
    """Data left the app in a file: a report, an export, the audit log itself."""
    DELETED = "deleted"
    """One assessment was deleted (the service user stays)."""
    ERASED = "erased"
    """A service user was erased with everything about them (names no one)."""
    PURGED = "purged"
    """The retention period removed old assessments (names no one)."""
    RESTORED = "restored"
    """The database was restored from a backup."""


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


def _time(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _owner(db: Database, assessment_id: str) -> str | None:
    row = db.execute(
        "SELECT service_user_id FROM assessments WHERE id = ?", [assessment_id]
    ).fetchone()
    return str(row[0]) if row else None


def record(
    db: Database,
    action: AuditAction | str,
    *,
    staff: str,
    assessment_id: str | None = None,
    service_user_id: str | None = None,
    detail: str = "",
    at: datetime | None = None,
) -> int:
    """Add one entry and return its id.

    ``staff`` is the worker's initials ("" when not known); ``service_user_id`` is
    looked up from ``assessment_id`` when not given (pass it when the assessment is
    already gone). ``detail`` is at most 200 characters of text with no personal data.
    """
    try:
        kind = AuditAction(action)
    except ValueError:
        raise ReadinessError(f"audit action {str(action)[:40]!r} is not known") from None
    initials = checked_initials(staff)
    text = check_text(AUDIT_DETAIL, detail)
    if service_user_id is None and assessment_id is not None:
        service_user_id = _owner(db, assessment_id)
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO audit_log (at, staff_initials, action, assessment_id, service_user_id, "
            "detail) VALUES (?, ?, ?, ?, ?, ?)",
            [_time(at or utc_now()), initials, kind.value, assessment_id, service_user_id, text],
        )
    return int(cursor.lastrowid or 0)


def note_change(
    db: Database, assessment_id: str, *, staff: str, part: str, now: datetime | None = None
) -> bool:
    """Record "changed" for ``assessment_id`` unless one was just recorded; True if written.

    ``part`` says what changed first in this run of changes ("answers", "plan",
    "checks"); later changes within ``CHANGE_WINDOW`` add nothing.
    """
    initials = checked_initials(staff)
    moment = now or utc_now()
    last = db.execute(
        "SELECT action, at, staff_initials FROM audit_log WHERE assessment_id = ? "
        "ORDER BY id DESC LIMIT 1",
        [assessment_id],
    ).fetchone()
    if (
        last is not None
        and last[0] == AuditAction.CHANGED.value
        and last[2] == initials
        and moment - datetime.fromisoformat(last[1]) < CHANGE_WINDOW
    ):
        return False
    record(
        db, AuditAction.CHANGED, staff=initials, assessment_id=assessment_id, detail=part, at=moment
    )
    return True


def record_export(
    db: Database,
    *,
    staff: str,
    kind: str,
    assessment_ids: Sequence[str] | None = None,
    count: int | None = None,
    description: str = "",
) -> None:
    """Record that data left the app in a file of ``kind`` ("csv", "pdf report", ...).

    With ``assessment_ids`` (a report, or an export of chosen assessments) one
    entry is written per assessment, so each person's history shows it. Without
    them (an export of a date range) one entry says how many and which dates, in
    ``description`` (for example ``DateRange.describe()``); it names no one.
    """
    if assessment_ids is not None:
        with db.atomic():
            for assessment_id in assessment_ids:
                record(
                    db, AuditAction.EXPORTED, staff=staff, assessment_id=assessment_id, detail=kind
                )
        return
    parts = [kind]
    if count is not None:
        parts.append(f"{count} assessments")
    if description:
        parts.append(description)
    record(db, AuditAction.EXPORTED, staff=staff, detail=", ".join(parts)[: AUDIT_DETAIL.limit])


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


def _csv_row(entry: AuditEntry) -> list[str]:
    from readiness.reports.export_common import neutralise

    return [
        str(entry.id),
        _time(entry.at),
        entry.staff_initials,
        str(entry.action),
        entry.service_user_code or "",
        entry.service_user_id or "",
        entry.assessment_id or "",
        neutralise(entry.detail),
    ]


def _write_rows(
    db: Database,
    handle: IO[str],
    filters: AuditFilter | None,
    progress: Progress,
    cancel: CancelToken | None,
) -> int:
    from readiness.reports.export_common import with_progress

    writer = csv.writer(handle, dialect="excel")
    writer.writerow(CSV_COLUMNS)
    count = 0
    total = count_entries(db, filters)
    message = _("Exporting the audit log: {done} of {total}")
    entries = with_progress(iter_entries(db, filters), total, progress, cancel, message=message)
    for entry in entries:
        writer.writerow(_csv_row(entry))
        count += 1
    return count


def export_csv(
    db: Database,
    target: Path | str | IO[str],
    filters: AuditFilter | None = None,
    *,
    staff: str = "",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> int:
    """Write the matching entries, oldest first, as CSV; returns how many.

    ``target`` is a file (written atomically, readable by its owner only, UTF-8
    with a BOM for spreadsheets) or an open text stream. The export itself is then
    recorded as an "exported" entry by ``staff``.
    """
    if isinstance(target, (Path, str)):
        from readiness.reports.atomic import atomic_writer

        target = Path(target)
        try:
            with atomic_writer(target, "w", encoding="utf-8-sig", newline="") as handle:
                count = _write_rows(db, handle, filters, progress, cancel)
        except OSError as exc:
            reason = exc.strerror or exc
            raise ReadinessError(f"{target}: could not be written ({reason})") from None
    else:
        count = _write_rows(db, target, filters, progress, cancel)
    record(db, AuditAction.EXPORTED, staff=staff, detail=f"audit log, {count} entries")
    return count
