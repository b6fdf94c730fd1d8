"""The ``readiness check`` command group: run checks headless and print a table or JSON.

``readiness check device [--json]`` runs every device check at once. Camera,
microphone, speaker and display need Qt; the core never imports it, so by default
they report ``unknown`` ("checked only in the app"). ``--media`` asks for the Qt
probes that the launcher handed in (``CliContext.media_checks``; none when the core
runs as ``python -m readiness``); without a display or devices they report
``missing`` or ``unknown`` with the reason. Thresholds are those of Settings
(``readiness.interpret.thresholds_in_force``), or ``--thresholds``. Connection checks
(``check connection``) join this group as another sub-command.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.checks.base import Check
from readiness.model import CheckResult
from readiness.progress import CancelToken, no_progress

if TYPE_CHECKING:
    from readiness.cli import CliContext
    from readiness.thresholds import Thresholds

MediaChecksFactory = Callable[["Thresholds"], Sequence[Check]]
"""Builds the Qt media probes for the CLI (handed in by the launcher in ``ui/``)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``check`` and its sub-commands to the ``readiness`` parser."""
    check = subparsers.add_parser(
        "check",
        help="run device or connection checks and print the results",
        description="Run checks on this computer without opening the app.",
    )
    commands = check.add_subparsers(dest="check_command", metavar="CHECK")
    device = commands.add_parser(
        "device",
        help="check this computer: system, processor, memory, disk, battery, network",
        description="Run every device check (all together, in a few seconds) and print "
        "a table, or JSON with one object per check.",
    )
    device.add_argument("--json", action="store_true", help="print JSON instead of a table")
    device.add_argument(
        "--thresholds",
        type=Path,
        metavar="FILE",
        help="an agency thresholds file to use over the built-in values, instead of the one "
        "in Settings",
    )
    device.add_argument(
        "--media",
        action="store_true",
        help="also probe the screen, camera, microphone and speaker (uses the app's Qt libraries)",
    )
    device.set_defaults(handler=run_device)
    from readiness.cli.check_connection import add_connection_command

    add_connection_command(commands)


def run_device(
    args: argparse.Namespace,
    context: CliContext,
) -> int:
    """Handler of ``check device``."""
    from readiness.checks.device import device_checks, run_checks
    from readiness.interpret import Overrides, thresholds_in_force

    thresholds, problems = thresholds_in_force(
        context.settings(), Overrides(thresholds_file=args.thresholds)
    )
    for problem in problems:
        print(f"readiness: warning: {problem}", file=sys.stderr)
    media: Sequence[Check] | None = None
    if args.media:
        factory = context.media_checks
        if factory is None:
            print(
                "readiness: warning: the Qt media libraries are not available; "
                "camera, microphone, speaker and display are reported as unknown",
                file=sys.stderr,
            )
        else:
            media = factory(thresholds)
    checks = device_checks(thresholds, media_checks=media)
    results = run_checks(checks, no_progress, CancelToken())
    if args.json:
        json.dump([result_json(r) for r in results], context.out, indent=2, ensure_ascii=False)
        context.out.write("\n")
    else:
        titles = {check.id: check.title for check in checks}
        context.out.write(format_table(results, titles))
    return 0


def result_json(result: CheckResult) -> dict[str, Any]:
    """One check result as the CLI's JSON object: id, status, values (with units), reason."""
    return {
        "id": result.check_id,
        "status": result.status.value,
        "values": {
            key: {"value": measurement.value, "unit": measurement.unit}
            for key, measurement in result.values.items()
        },
        "reason": result.reason,
    }


def format_table(results: Sequence[CheckResult], titles: dict[str, str], width: int = 100) -> str:
    """Results as a plain-text table: check, status, then the reason wrapped to ``width``."""
    name_width = max([len("Check"), *(len(titles.get(r.check_id, r.check_id)) for r in results)])
    status_width = len("limited")
    indent = " " * (name_width + status_width + 4)
    lines = [f"{'Check':<{name_width}}  {'Status':<{status_width}}  Reason"]
    for item in results:
        name = titles.get(item.check_id, item.check_id)
        wrapped = textwrap.wrap(item.reason, max(30, width - len(indent))) or [""]
        lines.append(f"{name:<{name_width}}  {item.status.value:<{status_width}}  {wrapped[0]}")
        lines.extend(indent + line for line in wrapped[1:])
    return "\n".join(lines) + "\n"
