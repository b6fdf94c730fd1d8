"""``readiness reliability``: each questionnaire scale's Cronbach's alpha and item statistics,
worked out from this agency's completed assessments (``readiness.reports.scale_reliability``).

Prints a table per scale: alpha with the number of items and of complete cases, or
why there is no alpha (fewer complete cases than the minimum, too few items, no
variance), then each item's corrected item-total correlation and alpha if the item
is deleted. ``--json`` prints the same as one JSON object (its shape is
``scale_reliability.report_data``). Every scale of a questionnaire the agency has not
marked validated (Settings: ``validated_instruments``) is labelled "Not validated".
The practice database is refused; drafts and practice records are left out and
counted.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from readiness.cli import counted
from readiness.cli.export import add_date_range, date_range
from readiness.errors import ReadinessError

if TYPE_CHECKING:
    from readiness.messages import Message
    from readiness.reports.scale_reliability import ReliabilityReport, ScaleReliability


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "reliability",
        help="each scale's Cronbach's alpha and item-total correlations, from this agency's "
        "completed assessments (not validated)",
    )
    add_date_range(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--minimum-cases",
        type=int,
        metavar="N",
        help="complete cases a scale needs before alpha is given (default and least: 30)",
    )
    parser.set_defaults(handler=run_reliability)


def run_reliability(args: argparse.Namespace, context: Any) -> int:
    from readiness.reliability import MINIMUM_CASES
    from readiness.reports.local_records import refuse_practice_database
    from readiness.reports.scale_reliability import analyse_documents, report_data
    from readiness.store.export_queries import count_assessments, iter_documents

    minimum = MINIMUM_CASES if args.minimum_cases is None else args.minimum_cases
    if minimum < MINIMUM_CASES:
        raise ReadinessError(
            f"--minimum-cases must be {MINIMUM_CASES} or more: fewer cases give an alpha "
            "too uncertain to read (see the README, Reports and exports)"
        )
    dates = date_range(args)
    inputs = context.interpretation()
    db = context.database()
    refuse_practice_database(db)
    report = analyse_documents(
        iter_documents(db, dates),
        inputs,
        total=count_assessments(db, dates),
        minimum_cases=minimum,
    )
    if args.json:
        json.dump(report_data(report, dates.describe()), context.out, indent=2)
        print(file=context.out)
        return 0
    print_report(report, dates.describe(), context.out)
    return 0


def print_report(report: ReliabilityReport, period: Message, out: TextIO) -> None:
    """The report as text tables, in English (the command line's language)."""
    from readiness.i18n import ENGLISH
    from readiness.reports.local_records import NOT_VALIDATED

    selection = report.selection
    print("Reliability of each scale, from this agency's own records", file=out)
    if any(not scale.validated for scale in report.scales):
        print(ENGLISH.gettext(NOT_VALIDATED), file=out)
    print(
        f"Period: {ENGLISH.render(period)}. Completed assessments: {selection.used}.",
        file=out,
    )
    for note in selection.notes():
        print(ENGLISH.render(note), file=out)
    print(
        f"Alpha is given only with at least {report.minimum_cases} complete cases "
        "(people who answered every item of the scale).",
        file=out,
    )
    for scale in report.scales:
        print(file=out)
        _print_scale(scale, out)


def _print_scale(scale: ScaleReliability, out: TextIO) -> None:
    from readiness.i18n import ENGLISH
    from readiness.reliability import Status

    result = scale.result
    mark = "validated by the agency" if scale.validated else "not validated"
    alpha = f"alpha {result.alpha:.3f}" if result.alpha is not None else "no alpha"
    items = counted(len(result.items), "item", "items")
    cases = counted(result.cases, "complete case", "complete cases")
    assessments = counted(scale.assessments, "assessment", "assessments")
    print(f"{scale.name}: {alpha} ({items}, {cases} of {assessments}) [{mark}]", file=out)
    if result.status is not Status.COMPUTED:
        print(f"  {ENGLISH.render(scale.status_message())}", file=out)
        return
    width = max(len("ITEM"), *(len(item) for item in result.items))
    print(
        f"  {'ITEM':<{width}}  {'CORRECTED ITEM-TOTAL r':>22}  {'ALPHA IF DELETED':>16}", file=out
    )
    for item in result.item_statistics:
        print(
            f"  {item.item:<{width}}  {_shown(item.corrected_item_total):>22}  "
            f"{_shown(item.alpha_if_deleted):>16}",
            file=out,
        )


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
