"""``readiness export``: all assessments of a date range as CSV, JSON, FHIR, a funders' summary,
item-level answers for an analyst, or each scale's reliability.

Exports stream from the database a page at a time and are written atomically, so a
stopped export leaves no partial file. With the agency's public key in Settings the
file is sealed to it as it is written (``--out`` gets ``.sealed`` added); ``--plain``
writes it readable, with a warning. The records are checked for damage first, and the
export is recorded in the audit log with who made it (``--staff`` or Settings).
Heavy modules load inside the handler only.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.cli import counted
from readiness.cli.privacy_options import (
    add_plain_option,
    add_staff_option,
    parse_date,
    seal_choice,
    staff_initials,
)
from readiness.errors import ReadinessError

if TYPE_CHECKING:
    from readiness.store.export_queries import DateRange

FORMATS = ("csv", "json", "fhir", "summary", "items", "reliability")


def add_date_range(parser: argparse.ArgumentParser) -> None:
    """``--since`` and ``--until``: days the assessments were created on, both included."""
    parser.add_argument(
        "--since", type=parse_date, metavar="DATE", help="assessments created on or after DATE"
    )
    parser.add_argument(
        "--until", type=parse_date, metavar="DATE", help="assessments created on or before DATE"
    )


def date_range(args: argparse.Namespace) -> DateRange:
    """The ``DateRange`` of ``--since`` and ``--until``; refuses one that runs backwards."""
    from readiness.store.export_queries import DateRange

    if args.since and args.until and args.since > args.until:
        raise ReadinessError("--since is after --until: no assessment can match")
    return DateRange(args.since, args.until)


def register(subparsers: Any) -> None:
    export = subparsers.add_parser(
        "export",
        help="export assessments: csv (one row each), json (whole documents), "
        "fhir (R4 bundles, NDJSON), summary (de-identified counts for funders), "
        "items (every answer as a code, with a data dictionary, for an analyst) or "
        "reliability (each scale's Cronbach's alpha, not validated)",
    )
    export.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    add_date_range(export)
    export.add_argument("--out", required=True, type=Path, metavar="PATH", help="file to write")
    export.add_argument(
        "--validate",
        choices=["all", "sample", "none"],
        default="sample",
        help="fhir: check every bundle with fhir.resources, a sample (default), or none",
    )
    export.add_argument(
        "--lang",
        choices=["en", "es"],
        default="en",
        help="summary and reliability: language of the words in the file",
    )
    add_plain_option(export, "the export")
    add_staff_option(export)
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace, context: Any) -> int:
    from readiness.i18n import ENGLISH
    from readiness.protection.sealed_output import sealed_name
    from readiness.reports.jobs import run_export as export

    dates = date_range(args)
    staff = staff_initials(args, context)
    seal = seal_choice(args, context)
    inputs = context.interpretation()
    result = export(
        context.database(),
        args.format,
        sealed_name(args.out) if seal is not None else args.out,
        inputs,
        dates,
        staff=staff,
        validation=args.validate,
        locale=args.lang,
        seal=seal,
    )
    what = counted(result.count, "assessment", "assessments")
    if args.format in ("summary", "reliability"):
        what += " counted"
    period = ENGLISH.render(dates.describe())
    how = f"; sealed to the agency's key {seal.fingerprint_text}" if seal is not None else ""
    print(f"Wrote {what} to {result.path} ({period}{how}).", file=context.out)
    for note in result.notes:
        print(ENGLISH.render(note), file=context.out)
    return 0
