"""``readiness check connection``: measure the connection headless and print verdicts or JSON.

The backend and the agency server come from Settings, as in the app; ``--backend``
and ``--server`` replace them for one run. Exit status: 0 when the connection was
measured (fully or in part), 3 when it could not be (offline, captive portal,
blocked, timeout, no servers, error), 1 for a bad option value.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.errors import ReadinessError

if TYPE_CHECKING:
    from readiness.checks.connection import ConnectionResult, ConnectionSettings, UseVerdict
    from readiness.cli import CliContext
    from readiness.messages import Message
    from readiness.progress import Progress
    from readiness.settings import Settings

EXIT_NOT_MEASURED = 3


def add_connection_command(commands: Any) -> None:
    """Add ``connection`` to the ``check`` group's sub-commands."""
    parser = commands.add_parser(
        "connection",
        help="measure download, upload, round trip, jitter and loss; verdict per use",
        description="Measure this connection and say whether it suits audio calls, 1:1 video "
        "and group video (thresholds with sources). Exit status 0: measured; 3: could not "
        "be measured (offline, captive portal, blocked, ...).",
    )
    parser.add_argument(
        "--backend",
        choices=("auto", "speedtest", "librespeed"),
        help="auto: the agency server if one is set, then speedtest.net "
        "(default: the one in Settings, or auto)",
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="the agency's LibreSpeed-compatible server (default: the one in Settings; with "
        "--backend speedtest: a Speedtest Mini server)",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=8.0,
        metavar="SECONDS",
        help="longest time for each direction, download and upload (default 8; fast "
        "links finish sooner, as LibreSpeed does)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--thresholds", type=Path, metavar="FILE", help="an agency thresholds file to use"
    )
    parser.set_defaults(handler=run_connection)


def settings_from_args(args: argparse.Namespace, settings: Settings) -> ConnectionSettings:
    """``ConnectionSettings`` from the options, else Settings (``ReadinessError``: a bad one)."""
    from readiness.checks.connection import ConnectionSettings

    backend = args.backend or settings.speed_test_backend
    server = args.server
    if server is None and backend != "speedtest":
        server = settings.speed_test_server or None
    if backend == "librespeed" and not server:
        raise ReadinessError(
            "--backend librespeed needs --server URL (the agency's server), "
            "or the agency's server in Settings"
        )
    order = ("librespeed", "speedtest") if backend == "auto" else (backend,)
    deadline = min(600.0, max(30.0, 4 * args.duration + 20))
    return ConnectionSettings(
        backend_order=order,
        server_url=server if backend != "speedtest" else None,
        speedtest_mini_url=server if backend == "speedtest" else None,
        duration_s=args.duration,
        deadline_s=deadline,
    )


def run_connection(args: argparse.Namespace, context: CliContext) -> int:
    """Handler of ``check connection``."""
    from readiness.checks.connection import check_connection, evaluate, result_to_json
    from readiness.i18n import ENGLISH
    from readiness.progress import CancelToken
    from readiness.thresholds import load_thresholds_with_fallback

    settings = settings_from_args(args, context.settings())
    thresholds, problem = load_thresholds_with_fallback(args.thresholds)
    if problem is not None:
        print(f"readiness: warning: {problem}", file=sys.stderr)
    cancel = CancelToken()
    try:
        result = check_connection(settings, _progress_printer(), cancel)
    except KeyboardInterrupt:
        cancel.cancel()  # stop the worker threads too
        raise
    verdicts = evaluate(result, thresholds, ENGLISH)
    if args.json:
        data = result_to_json(result, verdicts, ENGLISH)
        json.dump(data, context.out, indent=2, ensure_ascii=False)
        context.out.write("\n")
    else:
        context.out.write(format_result(result, verdicts))
    return 0 if result.status.measured else EXIT_NOT_MEASURED


def _progress_printer() -> Progress:
    """Progress on one stderr line when stderr is a terminal; nothing otherwise."""
    from readiness.progress import no_progress

    if not sys.stderr.isatty():
        return no_progress
    last = [0.0]

    from readiness.i18n import ENGLISH

    def show(fraction: float | None, message: Message) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.25 or (fraction or 0) >= 1:
            last[0] = now
            percent = f"{fraction * 100:3.0f}% " if fraction is not None else ""
            sys.stderr.write(f"\r\033[K{percent}{ENGLISH.render(message)}")
            sys.stderr.flush()

    return show


def format_result(result: ConnectionResult, verdicts: tuple[UseVerdict, ...]) -> str:
    """The result as text: status, figures, reason, then one line per use with its reasons."""
    from readiness.checks.connection import figures_message
    from readiness.i18n import ENGLISH

    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    where = ", ".join(part for part in (result.backend, result.server) if part)
    lines = [
        f"Connection: {result.status.value}"
        + (f" ({where}, {result.duration_s:g} s)" if where else "")
    ]
    figures = ENGLISH.render(figures_message(result))
    if figures:
        lines.append(figures[0].upper() + figures[1:])
    lines.append(result.reason)
    if result.latency_method:
        lines.append(f"Latency method: {result.latency_method}")
    lines.append("")
    width = max(len(v.title) for v in verdicts) if verdicts else 10
    for verdict in verdicts:
        lines.append(f"{verdict.title:<{width}}  {verdict.level.value}")
        lines.extend(f"{'':<{width}}  - {reason}" for reason in verdict.reasons)
    return "\n".join(lines) + "\n"
