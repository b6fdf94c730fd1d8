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

Everything else that shows or hands out personal data records itself where the
CLI command or the app's action does it: every view (``OPENED``), report and export
(``record_report``, ``record_export``), print, sealing, backup, restore, erasure,
settings change and passphrase change (``tests/core/test_audit_walk.py`` and
``tests/gui/test_audit_walk.py`` walk every command and every button).

Reading the log is ``readiness.protection.audit``; exporting it is
``readiness.reports.audit_csv``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from readiness.errors import ReadinessError
from readiness.model import utc_now
from readiness.store.text_fields import AUDIT_DETAIL, check_text, checked_initials

if TYPE_CHECKING:
    from sqlite_utils import Database

CHANGE_WINDOW = timedelta(minutes=30)
"""At most one "changed" entry per assessment and staff member in this time."""


class AuditAction(StrEnum):
    """What was done. The text is what the table stores."""

    CREATED = "created"
    """A service user (no assessment id) or an assessment was added."""
    OPENED = "opened"
    """Something was shown: an intake opened, a report in the PDF viewer, a person's
    assessments, ``assessment show``, the audit log."""
    CHANGED = "changed"
    """Answers, check results or the plan changed (throttled, see ``note_change``)."""
    COMPLETED = "completed"
    REOPENED = "reopened"
    RECOMPUTED = "recomputed"
    """A completed assessment's stored result was replaced by one worked out with the rules
    in force; the detail names the rules versions before and after."""
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
    PRINTED = "printed"
    """A report was sent to a printer."""
    SEALED = "sealed"
    """A file was sealed to the agency's key (``readiness seal``); a sealed export says
    so in its own "exported" entry."""
    BACKED_UP = "backed-up"
    """An encrypted backup of the records was made."""
    SETTINGS_CHANGED = "settings-changed"
    """Settings were saved; the detail names the settings that changed, never their values."""
    PASSPHRASE_CHANGED = "passphrase-changed"
    """The passphrase of the records was changed."""


class ReportUse(StrEnum):
    """What was done with a PDF report, and the action it is recorded as."""

    SAVED = "saved"
    VIEWED = "viewed"
    PRINTED = "printed"

    @property
    def action(self) -> AuditAction:
        return {
            ReportUse.SAVED: AuditAction.EXPORTED,
            ReportUse.VIEWED: AuditAction.OPENED,
            ReportUse.PRINTED: AuditAction.PRINTED,
        }[self]


def stored_time(moment: datetime) -> str:
    """A time as the audit log stores it (ISO 8601, microseconds)."""
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
            [
                stored_time(at or utc_now()),
                initials,
                kind.value,
                assessment_id,
                service_user_id,
                text,
            ],
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


def _sealed(sealed: bool) -> list[str]:
    return ["sealed"] if sealed else ["plain"]


def record_export(
    db: Database,
    *,
    staff: str,
    kind: str,
    assessment_ids: Sequence[str] | None = None,
    count: int | None = None,
    description: str = "",
    sealed: bool = False,
) -> None:
    """Record that data left the app in a file of ``kind`` ("csv", "json", ...).

    With ``assessment_ids`` (an export of chosen assessments) one entry is written
    per assessment, so each person's history shows it. Without them (an export of a
    date range) one entry says how many and which dates, in ``description`` (for
    example ``DateRange.describe()`` in English); it names no one. Each entry says
    whether the file was sealed to the agency's key or written plain.
    """
    if assessment_ids is not None:
        detail = ", ".join([kind, *_sealed(sealed)])
        with db.atomic():
            for assessment_id in assessment_ids:
                record(
                    db,
                    AuditAction.EXPORTED,
                    staff=staff,
                    assessment_id=assessment_id,
                    detail=detail,
                )
        return
    parts = [kind, *_sealed(sealed)]
    if count is not None:
        parts.append(f"{count} assessments")
    if description:
        parts.append(description)
    record(db, AuditAction.EXPORTED, staff=staff, detail=", ".join(parts)[: AUDIT_DETAIL.limit])


def record_report(
    db: Database,
    *,
    staff: str,
    assessment_id: str,
    audience: str,
    use: ReportUse,
    password: bool = False,
    sealed: bool = False,
) -> None:
    """Record that one assessment's PDF report (``audience``: "staff" or "service-user")
    was saved (exported), shown in the PDF viewer (opened) or printed."""
    parts = [f"pdf report, {audience}"]
    if use is ReportUse.SAVED:
        parts += _sealed(sealed)
    if password:
        parts.append("password")
    record(db, use.action, staff=staff, assessment_id=assessment_id, detail=", ".join(parts))


def record_settings_change(db: Database, *, staff: str, names: Sequence[str]) -> None:
    """Record that Settings were saved with the settings ``names`` changed (never their values)."""
    text = "changed: " + ", ".join(names)
    if len(text) > AUDIT_DETAIL.limit:
        text = text[: AUDIT_DETAIL.limit - 1] + "…"
    record(db, AuditAction.SETTINGS_CHANGED, staff=staff, detail=text)
