"""CSV export: one row per assessment with domain scores, channel verdicts and key measurements.

For the agency's spreadsheets: UTF-8 with a byte-order mark (so Excel shows "Núñez"
and "sí" correctly), one header row with stable column names, every text cell that
a spreadsheet could run as a formula neutralised, and rows written as they are made,
so 100,000 assessments stream through a page of memory. A row needs of the answers only
their counts, so the records are read counted (``export_queries.iter_tallied``); a
whole document (the hub's, a draft's) gives the same cells. A completed assessment's
cells are the result kept when it was completed (``readiness.session.decided``); a
draft's are worked out now. Domain and channel columns
follow the rules in force (``domains.yaml``, ``channels.yaml``); a domain without
enough information is an empty cell, never a zero.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.document import AssessmentDocument
from readiness.progress import CancelToken, Progress, no_progress
from readiness.protection.sealed_output import output_file
from readiness.reports.export_common import ExportResult, neutralise, with_progress
from readiness.reports.measurements import CHECK_ORDER
from readiness.store.export_queries import Tallied

if TYPE_CHECKING:
    from readiness.protection.sealing import AgencyPublicKey
    from readiness.session.decided import Decisions

MEASUREMENTS = (
    ("download_mbps", "connection.bandwidth", "download_mbps"),
    ("upload_mbps", "connection.bandwidth", "upload_mbps"),
    ("round_trip_ms", "connection.bandwidth", "rtt_ms"),
    ("jitter_ms", "connection.bandwidth", "jitter_ms"),
    ("loss_pct", "connection.bandwidth", "loss_pct"),
    ("memory_total_gb", "device.memory", "total"),
    ("disk_free_gb", "device.disk", "free"),
    ("cpu_cores", "device.cpu", "cores"),
    ("os_name", "device.os", "name"),
)
"""(column, check id, value name): the measurements worth a column of their own."""

IDENTITY_COLUMNS = (
    "assessment_id",
    "service_user_code",
    "created_utc",
    "completed_utc",
    "status",
    "language",
    "staff_initials",
)
"""The columns every per-assessment export starts with (this one and the item-level one)."""
BASE_COLUMNS = (*IDENTITY_COLUMNS, "answers", "answers_missing")


def columns(domain_ids: Sequence[str], channel_ids: Sequence[str]) -> list[str]:
    """The header row for the rules in force."""
    names = list(BASE_COLUMNS)
    for domain in domain_ids:
        names += [f"domain_{domain}_score", f"domain_{domain}_band"]
    names.append("overall_score")
    names += [f"channel_{channel}" for channel in channel_ids]
    names += ["recommendations", "recommendations_accepted", "follow_up"]
    names += [name for name, _check, _value in MEASUREMENTS]
    names.append("connection_source")
    names += [f"check_{check_id.replace('.', '_')}" for check_id in CHECK_ORDER]
    return names


def identity_cells(document: AssessmentDocument | Tallied) -> list[object]:
    """The cells of ``IDENTITY_COLUMNS``: ids, the pseudonymous code, times, status, language,
    staff initials (no name: the document holds none)."""
    a = document.assessment
    return [
        a.id,
        document.service_user.code,
        a.created.isoformat(timespec="seconds"),
        a.completed.isoformat(timespec="seconds") if a.completed else "",
        a.status.value,
        a.locale,
        a.staff_initials,
    ]


def row(
    document: Tallied,
    codes: Mapping[str, Any],
    domain_ids: Sequence[str],
    channel_ids: Sequence[str],
) -> list[object]:
    """One assessment's cells, in the order of ``columns``; ``codes`` are its result's
    (``Decided.codes``: kept at completion, or a draft's live one)."""
    cells: list[object] = [*identity_cells(document), document.answered, document.missing]
    profile, verdicts = codes["profile"], codes["channels"]
    for domain_id in domain_ids:
        domain = profile.get(domain_id) or {}
        score, band = domain.get("score"), domain.get("band")
        cells += ["" if score is None else score, band or ""]
    cells.append("" if codes["overall"] is None else codes["overall"])
    cells += [verdicts.get(channel_id, "") for channel_id in channel_ids]
    plan = document.plan
    accepted = [d.recommendation_id for d in plan.accepted()] if plan else []
    cells += [
        ";".join(item["id"] for item in codes["recommendations"]),
        ";".join(accepted),
        plan.follow_up.isoformat() if plan and plan.follow_up else "",
    ]
    checks = {check.check_id: check for check in document.check_results}
    for _name, check_id, value_name in MEASUREMENTS:
        check = checks.get(check_id)
        measured = check.values.get(value_name) if check is not None else None
        value = measured.value if measured is not None else None
        cells.append("" if value is None else value)
    connection = checks.get("connection.bandwidth")
    cells.append(connection.source if connection is not None else "")
    cells += [checks[c].status.value if c in checks else "" for c in CHECK_ORDER]
    return [neutralise(cell) if isinstance(cell, str) else cell for cell in cells]


def write_csv(
    documents: Iterable[AssessmentDocument | Tallied],
    path: Path,
    decisions: Decisions,
    *,
    domain_ids: Sequence[str],
    channel_ids: Sequence[str],
    total: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    seal: AgencyPublicKey | None = None,
) -> ExportResult:
    """Write one row per document to ``path`` (atomically); returns how many."""
    count = 0
    with output_file(Path(path), "w", seal=seal, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, dialect="excel")
        writer.writerow(columns(domain_ids, channel_ids))
        for read in with_progress(decisions.over(documents), total, progress, cancel):
            tallied = Tallied.of(read) if isinstance(read, AssessmentDocument) else read
            writer.writerow(row(tallied, decisions.of(read).codes, domain_ids, channel_ids))
            count += 1
    return ExportResult(Path(path), count, "csv")
