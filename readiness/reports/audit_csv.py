"""The audit log as a CSV file (a spreadsheet's view of who did what, and when).

Oldest entry first; text a spreadsheet could run as a formula is neutralised. The
export is itself recorded in the log.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, TYPE_CHECKING

from readiness.errors import ReadinessError
from readiness.messages import N_
from readiness.progress import CancelToken, Progress, no_progress
from readiness.protection.audit import AuditEntry, AuditFilter, count_entries, iter_entries
from readiness.protection.sealed_output import output_file
from readiness.reports.export_common import neutralise, with_progress
from readiness.store.audit import AuditAction, record, stored_time

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.protection.sealing import AgencyPublicKey

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


def _csv_row(entry: AuditEntry) -> list[str]:
    return [
        str(entry.id),
        stored_time(entry.at),
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
    writer = csv.writer(handle, dialect="excel")
    writer.writerow(CSV_COLUMNS)
    count = 0
    total = count_entries(db, filters)
    message = N_("Exporting the audit log: {done} of {total}")
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
    seal: AgencyPublicKey | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> int:
    """Write the matching entries, oldest first, as CSV; returns how many.

    ``target`` is a file (written atomically, readable by its owner only, UTF-8
    with a BOM for spreadsheets; sealed to ``seal`` when given) or an open text
    stream. The export itself is then recorded as an "exported" entry by ``staff``.
    """
    if isinstance(target, (Path, str)):
        target = Path(target)
        try:
            with output_file(target, "w", seal=seal, encoding="utf-8-sig", newline="") as handle:
                count = _write_rows(db, handle, filters, progress, cancel)
        except OSError as exc:
            reason = exc.strerror or exc
            raise ReadinessError(f"{target}: could not be written ({reason})") from None
    else:
        count = _write_rows(db, target, filters, progress, cancel)
    record(db, AuditAction.EXPORTED, staff=staff, detail=f"audit log, {count} entries")
    return count
