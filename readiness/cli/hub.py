"""``readiness hub join URL CODE`` and ``readiness hub status``: this laptop and the agency hub.

``join`` exchanges the one-time code an agency admin made (``readiness-hub enroll``)
for this laptop's credential, kept inside the encrypted database. ``--ca FILE`` names
the agency's CA certificate (default: ``hub_ca_file`` in Settings, else the system's
trusted authorities). ``status`` says where syncing stands in plain words.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("hub", help="join the agency server, or see where syncing stands")
    commands = group.add_subparsers(dest="hub_command", metavar="ACTION")
    join = commands.add_parser("join", help="join the agency server with a one-time code")
    join.add_argument("url", help="the agency server's address (https://...)")
    join.add_argument("code", help="the one-time enrolment code from the agency")
    join.add_argument("--ca", type=Path, metavar="FILE", help="the agency's CA certificate (PEM)")
    join.set_defaults(handler=run_join)
    status = commands.add_parser("status", help="last sync, what is waiting, any problem")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(handler=run_status)


def run_join(args: argparse.Namespace, context: Any) -> int:
    from readiness.sync.join import join_hub, read_ca

    ca_file = args.ca or (
        Path(context.settings().hub_ca_file) if context.settings().hub_ca_file else None
    )
    ca_pem = read_ca(ca_file) if ca_file else None
    name = join_hub(context.database(), args.url, args.code, ca_pem)
    print(
        f"Joined {args.url} as {name}. Completed assessments are sent with: readiness sync",
        file=context.out,
    )
    return 0


def run_status(args: argparse.Namespace, context: Any) -> int:
    from readiness.i18n import ENGLISH
    from readiness.sync.status import lines, sync_status

    status = sync_status(context.database())
    if args.json:
        data = {
            "hub": status.hub_url,
            "device": status.device_name,
            "last_sync": status.last_success.isoformat() if status.last_success else None,
            "pending": status.pending,
            "erasures": status.erasures,
            "refused": status.refused,
            "problem": ENGLISH.render(status.problem) if status.problem else None,
        }
        print(json.dumps(data, indent=2), file=context.out)
        return 0
    for line in lines(status):
        print(ENGLISH.render(line), file=context.out)
    return 0
