"""``readiness sync``: send completed assessments and erasures to the agency hub now.

Prints what happened; ``--json`` prints ``sent``, ``already_there``, ``pending``,
``errors`` (and ``flagged``, ``refused``, ``erasures_sent``). When the hub cannot be
reached the outbox is kept and the exit code is 1: nothing is lost. What is sent is
recorded in the audit log with who sent it (``--staff`` or Settings).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from readiness.cli import counted
from readiness.cli.privacy_options import add_staff_option, staff_initials


def register(subparsers: Any) -> None:
    sync = subparsers.add_parser("sync", help="send completed assessments to the agency server")
    sync.add_argument("--json", action="store_true", help="print JSON")
    add_staff_option(sync)
    sync.set_defaults(handler=run_sync)


def run_sync(args: argparse.Namespace, context: Any) -> int:
    from readiness.i18n import ENGLISH
    from readiness.sync.run import sync

    staff = staff_initials(args, context)
    report = sync(context.database(), context.interpretation(), staff=staff)
    if args.json:
        print(json.dumps(report.as_json(ENGLISH.render), indent=2), file=context.out)
    else:
        print(
            f"Sent {counted(report.sent, 'assessment', 'assessments')} "
            f"({report.already_there} already there, {report.flagged} flagged); "
            f"{report.pending} waiting.",
            file=context.out,
        )
        for error in report.errors:
            print(f"Problem: {ENGLISH.render(error)}", file=context.out)
    return 1 if report.errors else 0
