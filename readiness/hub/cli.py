"""``readiness-hub``: create the schema, serve, enrol and revoke devices, print the summary.

Every command takes ``--dsn`` (a PostgreSQL connection string, e.g.
``postgresql://hub@localhost/readiness``). A mistake or a database that cannot be
reached is one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import psycopg

from readiness import __version__
from readiness.errors import ReadinessError
from readiness.hub import devices, migrations
from readiness.hub.database import HubDatabaseError, check_schema, connect


def _dsn(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dsn", required=True, help="PostgreSQL connection string")


def _settings(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--settings",
        type=Path,
        metavar="FILE",
        help="a Readiness settings file: its questionnaires check what devices send and its "
        "rules name the summary's rows (default: built-in)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="readiness-hub", description="The agency server that Readiness laptops sync to."
    )
    parser.add_argument("--version", action="version", version=f"readiness-hub {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    init = commands.add_parser("init", help="create or update the hub's tables and roles")
    _dsn(init)

    serve = commands.add_parser("serve", help="serve the API and the admin page over HTTPS")
    _dsn(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--cert", type=Path, required=True, help="TLS certificate (PEM)")
    serve.add_argument("--key", type=Path, required=True, help="TLS private key (PEM)")
    serve.add_argument("--pool-size", type=int, default=8, help="PostgreSQL connections")
    serve.add_argument(
        "--pool-timeout",
        type=float,
        default=15.0,
        help="seconds to wait for a PostgreSQL connection before answering 503",
    )
    serve.add_argument("--device-rate", type=int, default=120, help="requests per device a minute")
    serve.add_argument(
        "--join-rate", type=int, default=10, help="join attempts per client address a minute"
    )
    serve.add_argument("--no-access-log", action="store_true", help="log no line per request")
    _settings(serve)

    enroll = commands.add_parser("enroll", help="print a one-time code for a laptop to join")
    _dsn(enroll)
    enroll.add_argument("--name", required=True, help="the device's name (unique)")
    enroll.add_argument("--site", default="", help="the site it works from (for counts)")

    listing = commands.add_parser("devices", help="list devices with their last sync")
    _dsn(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")

    revoke = commands.add_parser("revoke", help="refuse a device from its next request")
    _dsn(revoke)
    revoke.add_argument("name")

    summary = commands.add_parser("summary", help="print the de-identified summary")
    _dsn(summary)
    summary.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD")
    summary.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD")
    summary.add_argument("--language", choices=("en", "es"), default="en")
    summary.add_argument("--json", action="store_true", help="print JSON")
    _settings(summary)

    admin = commands.add_parser("admin", help="add an admin for the web page, or reset a password")
    _dsn(admin)
    admin.add_argument("name")
    admin.add_argument(
        "--password-file", type=Path, help="read the password from this file (else asked)"
    )
    return parser


def _interpretation(path: Path | None) -> Any:
    from readiness.interpret import interpret
    from readiness.settings import Settings, load_settings

    settings = load_settings(path).settings if path else Settings()
    return interpret(settings)


def _init(args: argparse.Namespace, out: TextIO) -> int:
    with connect(args.dsn) as conn:
        names = migrations.apply(conn)
    print(f"Hub schema up to date ({', '.join(names) or 'nothing to change'}).", file=out)
    return 0


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    from readiness.hub.api import Limits
    from readiness.hub.app import build_app, serve
    from readiness.hub.database import open_pool

    for path in (args.cert, args.key):
        if not path.is_file():
            raise ReadinessError(f"{path}: no such file (TLS is required)")
    pool = open_pool(args.dsn, size=args.pool_size, timeout=args.pool_timeout)
    app = build_app(
        pool,
        _interpretation(args.settings),
        Limits(device_per_minute=args.device_rate, join_per_minute=args.join_rate),
    )
    print(f"Serving https://{args.host}:{args.port}/admin", file=out, flush=True)
    try:
        serve(
            app,
            host=args.host,
            port=args.port,
            cert=args.cert,
            key=args.key,
            access_log=not args.no_access_log,
        )
    finally:
        pool.close()
    return 0


def _enroll(args: argparse.Namespace, out: TextIO) -> int:
    with connect(args.dsn) as conn:
        check_schema(conn)
        code = devices.enroll(conn, args.name, args.site)
    print(f"Enrolment code for {args.name}: {code}", file=out)
    print(
        f"It works once, within {devices.CODE_DAYS} days. On the laptop: "
        f"readiness hub join URL {code} [--ca FILE]",
        file=out,
    )
    return 0


def _devices(args: argparse.Namespace, out: TextIO) -> int:
    with connect(args.dsn) as conn:
        check_schema(conn)
        rows = devices.list_devices(conn)
    if args.json:
        data = [
            {
                "name": row["name"],
                "site": row["site"],
                "state": devices.state(row),
                **{
                    key: row[key].isoformat() if row[key] else None
                    for key in ("enrolled", "joined", "revoked", "last_sync")
                },
            }
            for row in rows
        ]
        print(json.dumps(data, indent=2), file=out)
        return 0
    if not rows:
        print("No devices yet: readiness-hub enroll --dsn DSN --name NAME", file=out)
    for row in rows:
        print(
            f"{row['name']:<24} {row['site'] or '-':<16} {devices.state(row):<16} "
            f"last sync: {devices.when(row['last_sync'])}",
            file=out,
        )
    return 0


def _revoke(args: argparse.Namespace, out: TextIO) -> int:
    with connect(args.dsn) as conn:
        check_schema(conn)
        devices.revoke(conn, args.name)
    print(f"{args.name} is revoked: the hub refuses it from its next request.", file=out)
    return 0


def _summary(args: argparse.Namespace, out: TextIO) -> int:
    from dataclasses import asdict

    from readiness.hub import summary
    from readiness.hub.database import as_reporting_connection
    from readiness.i18n import translator
    from readiness.reports.summary import summary_rows
    from readiness.store.export_queries import DateRange

    dates = DateRange(args.since, args.until)
    with connect(args.dsn) as conn:
        check_schema(conn)
        with as_reporting_connection(conn):
            tally = summary.tally(conn, dates)
    t = translator(args.language)
    rows = summary_rows(tally, _interpretation(args.settings).rules, t)
    if args.json:
        print(json.dumps([asdict(row) for row in rows], indent=2, ensure_ascii=False), file=out)
        return 0
    period = t.pgettext("summary", "period")
    print(f"{period}: {t.render(dates.describe())}", file=out)
    for row in rows:
        percent = f" ({row.percent} %)" if row.percent else ""
        print(f"{row.section} | {row.item} | {row.category}: {row.count}{percent}", file=out)
    return 0


def _admin(args: argparse.Namespace, out: TextIO) -> int:
    from readiness.hub.admin import add_admin

    if args.password_file:
        from readiness.files import read_secret  # as every passphrase file is read

        password, warning = read_secret(args.password_file)
        if warning:
            print(f"readiness-hub: warning: {warning}", file=sys.stderr)
    else:
        password = getpass.getpass(f"Password for {args.name} (12 characters or more): ")
    with connect(args.dsn) as conn:
        check_schema(conn)
        try:
            add_admin(conn, args.name, password)
        except ValueError as exc:
            raise ReadinessError(str(exc)) from None
        conn.commit()
    print(f"{args.name} can sign in at /admin.", file=out)
    return 0


COMMANDS = {
    "init": _init,
    "serve": _serve,
    "enroll": _enroll,
    "devices": _devices,
    "revoke": _revoke,
    "summary": _summary,
    "admin": _admin,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run ``readiness-hub``; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, out or sys.stdout)
    except (ReadinessError, HubDatabaseError) as exc:
        print(f"readiness-hub: error: {exc}", file=sys.stderr)
        return 1
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"readiness-hub: error: PostgreSQL: {first}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away ("| head"): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
