"""``readiness phone serve``: the test measured on the person's phone, from the command line.

``readiness phone serve --assessment ID [--server URL] [--bind ADDRESS] [--json]``
opens the one-time link (``readiness.phone.link``), prints one JSON line with ``url``
and ``expires`` as soon as it listens (with ``--json``; otherwise the address and a
QR code to scan), waits for the phone, saves its results with the assessment, prints
them and exits 0. After 10 minutes without a report it says why the phone may not
have reached the laptop, offers the figures-by-hand path, and exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from readiness.cli.privacy_options import add_db_option, add_staff_option, staff_initials
from readiness.errors import ReadinessError

if TYPE_CHECKING:
    from readiness.cli import CliContext
    from readiness.model import CheckResult

EXIT_TIMEOUT = 1

UNREACHABLE = (
    "The phone sent no results before the link closed. If the phone could not open the "
    "page, the phone and this laptop may be on different networks, the Wi-Fi may keep "
    "devices apart (guest Wi-Fi), or a firewall may block it. You can type the figures of "
    "a speed test run on the phone by hand in the app's phone step instead."
)


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("phone", help="test the person's own phone")
    commands = group.add_subparsers(dest="action", metavar="ACTION")
    serve = commands.add_parser(
        "serve",
        help="open a one-time page for the phone, wait for its results and save them",
        description="Open a one-time page on this computer's local network for the person's "
        "phone (10 minutes, one result), wait for the results and save them with the "
        "assessment. Exit status 0: saved; 1: no results before the page closed.",
    )
    serve.add_argument("--assessment", required=True, metavar="ID", help="assessment id")
    serve.add_argument(
        "--server",
        metavar="URL",
        help="the agency's LibreSpeed-compatible server for the phone to measure to (it must "
        "allow CORS; default: the one in Settings, else the laptop itself)",
    )
    serve.add_argument(
        "--bind",
        metavar="ADDRESS",
        help="this computer's address to listen on (default: its local network address)",
    )
    serve.add_argument(
        "--json", action="store_true", help="print JSON lines instead of text and a QR code"
    )
    add_staff_option(serve)
    add_db_option(serve)
    serve.set_defaults(handler=serve_phone)


def _agency_server(args: argparse.Namespace, context: CliContext) -> str:
    from readiness.phone.link import agency_base

    return agency_base(
        args.server if args.server is not None else context.settings().speed_test_server
    )


def serve_phone(args: argparse.Namespace, context: CliContext) -> int:
    """Handler of ``phone serve``."""
    from readiness.model import utc_now
    from readiness.phone import link as phone_link
    from readiness.phone.report import report_results
    from readiness.progress import CancelToken
    from readiness.session.intake import IntakeSession
    from readiness.store import repository

    actor = staff_initials(args, context)
    db = context.database()
    session = IntakeSession(db, repository.get_assessment(db, args.assessment).id, actor=actor)
    thresholds = context.interpretation().thresholds
    agency = _agency_server(args, context)
    bind = args.bind or phone_link.local_address()
    if not bind:
        raise ReadinessError(
            "this computer is on no local network the phone could reach; join the same "
            "Wi-Fi as the phone, or give --bind ADDRESS"
        )
    options = phone_link.PageOptions(locale=session.locale, agency_server=agency)
    link = phone_link.PhoneLink(bind, options, lifetime_s=phone_link.LIFETIME_S).open()
    out = context.out
    if args.json:
        print(json.dumps({"url": link.url, "expires": link.expires.isoformat()}), file=out)
    else:
        from readiness.phone.qr import qr_text

        print(f"Open this address on the phone: {link.url}", file=out)
        print(f"(it closes at {link.expires.astimezone():%H:%M}, or when results arrive)", file=out)
        print(qr_text(link.url), file=out)
    out.flush()
    cancel = CancelToken()
    try:
        outcome = link.wait(cancel)
    except KeyboardInterrupt:
        cancel.cancel()
        link.close()
        raise
    if outcome.report is None:
        print(f"readiness: {UNREACHABLE}", file=sys.stderr)
        if args.json:
            print(
                json.dumps({"status": outcome.ending.value, "page_opened": outcome.page_opened}),
                file=out,
            )
        return EXIT_TIMEOUT
    results = report_results(
        outcome.report, thresholds, measured_at=utc_now(), server=agency or "the laptop"
    )
    for result in results:
        session.save_check_result(result)
    _print_results(results, declined=outcome.report.declined, as_json=args.json, out=out)
    return 0


def _print_results(results: list[CheckResult], *, declined: bool, as_json: bool, out: Any) -> None:
    from readiness.cli.check import result_json

    if as_json:
        data = {"status": "declined" if declined else "saved"}
        print(json.dumps({**data, "results": [result_json(r) for r in results]}), file=out)
        return
    if declined:
        print("The person chose not to run the test on the phone.", file=out)
    for result in results:
        print(f"{result.check_id}: {result.status.value}. {result.reason}", file=out)
