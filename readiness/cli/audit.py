"""``readiness audit``: the audit log (who did what to which assessment, and when).

Lists the newest entries, filtered by person, assessment, action, staff or dates,
or writes every matching entry to a CSV file (``--csv``): sealed to the agency's
public key in Settings unless ``--plain``. Both are themselves recorded in the log
(a listing as "opened", the CSV as "exported"), with who did it (``--staff`` or
Settings).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from readiness.cli.privacy_options import (
    add_db_option,
    add_plain_option,
    add_staff_option,
    parse_date,
    seal_choice,
    staff_initials,
)

ACTIONS = (
    "created",
    "opened",
    "changed",
    "completed",
    "reopened",
    "recomputed",
    "imported",
    "exported",
    "deleted",
    "erased",
    "purged",
    "restored",
    "printed",
    "sealed",
    "backed-up",
    "settings-changed",
    "passphrase-changed",
)
"""The values of ``readiness.store.audit.AuditAction`` (kept here so --help loads nothing)."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="show the audit log (who created, opened, changed, exported or deleted "
        "which assessment, and when), or export it as CSV",
    )
    parser.add_argument("--person", metavar="CODE", help="only entries about this service user")
    parser.add_argument("--assessment", metavar="ID", help="only entries about this assessment")
    parser.add_argument(
        "--action", choices=ACTIONS, action="append", help="only this action (may be repeated)"
    )
    parser.add_argument("--by", metavar="INITIALS", help="only entries by this staff member")
    parser.add_argument(
        "--since", type=parse_date, metavar="DATE", help="entries on or after DATE (UTC)"
    )
    parser.add_argument(
        "--until", type=parse_date, metavar="DATE", help="entries on or before DATE (UTC)"
    )
    parser.add_argument(
        "--csv", type=Path, metavar="FILE", help="write every matching entry to FILE as CSV"
    )
    parser.add_argument("--limit", type=int, default=50, help="entries to show (default 50)")
    add_plain_option(parser, "the CSV file")
    add_staff_option(parser)
    add_db_option(parser)
    parser.set_defaults(handler=run_audit)


def _filters(args: argparse.Namespace, db: Any) -> Any:
    from readiness.errors import NotFoundError, ReadinessError
    from readiness.protection.audit import AuditFilter
    from readiness.store import repository
    from readiness.store.audit import AuditAction
    from readiness.store.text_fields import checked_code

    if args.since and args.until and args.since > args.until:
        raise ReadinessError("--since is after --until: no entry can match")
    user_id = None
    if args.person is not None:
        code = checked_code(args.person)
        user = repository.find_service_user(db, code)
        if user is None:
            raise NotFoundError(f"no service user with code {code} (erased, or never added)")
        user_id = user.id
    assessment_id = None
    if args.assessment is not None:
        assessment_id = repository.get_assessment(db, args.assessment).id
    return AuditFilter(
        service_user_id=user_id,
        assessment_id=assessment_id,
        actions=tuple(AuditAction(a) for a in args.action or ()),
        staff=args.by,
        since=args.since,
        until=args.until,
    )


def run_audit(args: argparse.Namespace, context: Any) -> int:
    from readiness.errors import ReadinessError
    from readiness.protection import audit
    from readiness.protection.sealed_output import sealed_name
    from readiness.reports.audit_csv import export_csv
    from readiness.store.audit import record

    if args.limit < 1:
        raise ReadinessError("--limit must be 1 or more")
    staff = staff_initials(args, context)
    db = context.database()
    filters = _filters(args, db)
    out = context.out
    if args.csv is not None:
        seal = seal_choice(args, context)
        target = sealed_name(args.csv) if seal is not None else args.csv
        count = export_csv(db, target, filters, staff=staff, seal=seal)
        print(f"Wrote {count} audit entries to {target}.", file=out)
        return 0
    record(
        db,
        audit.AuditAction.OPENED,
        staff=staff,
        assessment_id=filters.assessment_id,
        service_user_id=filters.service_user_id,
        detail="audit log",
    )
    total = audit.count_entries(db, filters)
    entries = audit.list_entries(db, filters, limit=args.limit)
    if not entries:
        print("No audit entries found.", file=out)
        return 0
    print(
        f"{'WHEN (UTC)':<19}  {'STAFF':<5}  {'ACTION':<18}  {'CODE':<16}  {'ASSESSMENT':<8}  "
        "DETAIL",
        file=out,
    )
    for entry in entries:
        code = entry.service_user_code or ("-" if entry.service_user_id is None else "(gone)")
        print(
            f"{entry.at:%Y-%m-%d %H:%M:%S}  {entry.staff_initials or '-':<5}  "
            f"{entry.action!s:<18}  {code:<16}  {(entry.assessment_id or '-')[:8]:<8}  "
            f"{entry.detail}",
            file=out,
        )
    print(f"Showing the newest {len(entries)} of {total} entries.", file=out)
    return 0
