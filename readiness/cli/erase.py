"""``readiness erase`` and ``readiness purge``: deleting service users' data for good.

``erase CODE`` removes one person with all their assessments, answers, results,
plans and the audit entries that name them (their right to erasure). ``purge``
removes assessments not changed for longer than the retention period (``--older-than``
or ``retention_days`` in Settings). Both say exactly what will go and that it
cannot be undone, and ask first: ``erase`` wants the code typed again, ``purge``
wants "yes". ``--yes`` skips the question (for scripts). No answer means no.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from readiness.cli import counted
from readiness.cli.privacy_options import (
    add_db_option,
    add_staff_option,
    confirm,
    staff_initials,
)

NOT_SCRUBBED = (
    "readiness: warning: another program has the database open, so the deleted data "
    "may stay in unused parts of the file until the next erase or purge tidies it"
)
BACKUPS = "Reports and exports already saved, and backups made before now, are not changed."


def register(subparsers: Any) -> None:
    erase = subparsers.add_parser(
        "erase",
        help="erase a service user for good: all their assessments, answers, results, "
        "plans and the audit entries about them",
    )
    erase.add_argument("code", help="the service user's code")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_staff_option(erase)
    add_db_option(erase)
    erase.set_defaults(handler=run_erase)

    purge = subparsers.add_parser(
        "purge",
        help="delete assessments not changed for longer than the retention period",
    )
    purge.add_argument(
        "--older-than",
        type=int,
        metavar="DAYS",
        help="the retention period in days (default: retention_days in Settings)",
    )
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_staff_option(purge)
    add_db_option(purge)
    purge.set_defaults(handler=run_purge)


def _counts(result: Any) -> str:
    return ", ".join(
        [
            counted(result.assessments, "assessment", "assessments"),
            counted(result.answers, "answer", "answers"),
            counted(result.check_results, "check result", "check results"),
            counted(result.plans, "plan", "plans"),
        ]
    )


def run_erase(args: argparse.Namespace, context: Any) -> int:
    from readiness.errors import NotFoundError
    from readiness.protection import erasure
    from readiness.store import repository
    from readiness.store.text_fields import checked_code

    code = checked_code(args.code)
    db = context.database()
    user = repository.find_service_user(db, code)
    if user is None:
        raise NotFoundError(f"no service user with code {code} (erased, or never added)")
    staff = staff_initials(args, context)  # before asking: nothing is erased without an actor
    preview = erasure.preview_erasure(db, user.id)
    out = context.out
    print(f"This will erase service user {code} for good:", file=out)
    print(
        f"  {counted(preview.assessments, 'assessment', 'assessments')} "
        f"({preview.complete} complete, {counted(preview.drafts, 'draft', 'drafts')}) "
        f"with {counted(preview.answers, 'answer', 'answers')}, their check results and "
        "plans,",
        file=out,
    )
    entries = counted(preview.audit_entries, "audit entry", "audit entries")
    print(f"  their preferred name, and {entries} about them.", file=out)
    print(f"This cannot be undone. {BACKUPS}", file=out)
    if not args.yes and not confirm(
        f"Type the code {code} to erase, or press Enter to cancel:", code, out
    ):
        print("readiness: cancelled; nothing was deleted", file=sys.stderr)
        return 1
    result = erasure.erase_service_user(db, user.id, staff=staff)
    print(
        f"Erased {code}: {_counts(result)}, "
        f"{counted(result.audit_entries, 'audit entry', 'audit entries')}.",
        file=out,
    )
    if not result.scrubbed:
        print(NOT_SCRUBBED, file=sys.stderr)
    return 0


def _retention_days(args: argparse.Namespace, context: Any) -> int:
    if args.older_than is not None:
        return int(args.older_than)
    days: int = context.settings().retention_days
    return days


def run_purge(args: argparse.Namespace, context: Any) -> int:
    from readiness.model import utc_now
    from readiness.protection import erasure

    days = _retention_days(args, context)
    out = context.out
    if days == 0 and args.older_than is None:
        print(
            "No retention period is set (retention_days is 0 in Settings: keep until a "
            "person is erased), so nothing was deleted. Use --older-than DAYS to purge.",
            file=out,
        )
        return 0
    db = context.database()
    now = utc_now()
    preview = erasure.preview_purge(db, days, now=now)
    cutoff = f"{preview.cutoff:%Y-%m-%d %H:%M} UTC"
    if preview.assessments == 0 and preview.service_users == 0:
        print(f"Nothing was last changed before {cutoff}; nothing was deleted.", file=out)
        return 0
    staff = staff_initials(args, context)  # before asking: nothing is deleted without an actor
    print(
        f"This will delete {counted(preview.assessments, 'assessment', 'assessments')} last "
        f"changed before {cutoff} ({preview.complete} complete, "
        f"{counted(preview.drafts, 'draft', 'drafts')}) with all their answers, results and "
        f"plans, and {counted(preview.service_users, 'service user', 'service users')} "
        "left with no assessment.",
        file=out,
    )
    print(f"This cannot be undone. {BACKUPS}", file=out)
    if not args.yes and not confirm(
        "Type yes to delete them, or press Enter to cancel:", "yes", out
    ):
        print("readiness: cancelled; nothing was deleted", file=sys.stderr)
        return 1
    result = erasure.purge_older_than(db, days, staff=staff, now=now)
    print(
        f"Purged {_counts(result)}, "
        f"{counted(result.service_users, 'service user', 'service users')}.",
        file=out,
    )
    if not result.scrubbed:
        print(NOT_SCRUBBED, file=sys.stderr)
    return 0
