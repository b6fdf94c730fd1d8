"""Commands that list, validate and export questionnaire instruments.

``readiness questionnaire list [PATH...]`` shows the built-in instruments (and any
agency files named), ``validate PATH...`` checks instrument files and prints one
line per problem (exit 0 only when every file is valid), and ``export ID --format
fhir`` prints a FHIR R4 Questionnaire, without item text when the licence forbids it;
``export --all`` prints every definition the FHIR exports name (the Questionnaires in
force, their answers' CodeSystems and the project's CodeSystems) as one Bundle.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from readiness.errors import ReadinessError
from readiness.model import LOCALES

EXIT_INVALID = 1


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("questionnaire", help="list, check and export questionnaires")
    actions = group.add_subparsers(dest="action", metavar="ACTION")

    listing = actions.add_parser("list", help="list the instruments the app can use")
    listing.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="agency instrument files or folders"
    )
    listing.set_defaults(handler=list_instruments)

    validate = actions.add_parser("validate", help="check instrument files (YAML or JSON)")
    validate.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="instrument files or folders"
    )
    validate.set_defaults(handler=validate_files)

    export = actions.add_parser("export", help="export an instrument")
    export.add_argument("id", nargs="?", help="instrument id, e.g. access")
    export.add_argument(
        "--all",
        action="store_true",
        help="every Questionnaire in force and every CodeSystem the FHIR exports name,"
        " as one FHIR Bundle (load it before the assessments' bundles)",
    )
    export.add_argument("--format", choices=["fhir"], default="fhir", help="output format")
    export.add_argument(
        "--locale", choices=list(LOCALES), default="en", help="main language of the export"
    )
    export.add_argument(
        "--include",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="also look in this agency instrument file or folder (repeatable)",
    )
    export.add_argument("--output", type=Path, metavar="FILE", help="write to FILE, not stdout")
    export.set_defaults(handler=export_instrument)


def list_instruments(args: argparse.Namespace, context: Any) -> int:
    from readiness.questionnaire.loader import load_all

    report = load_all(args.paths)
    out = context.out
    print(
        f"{'ID':<14}  {'VERSION':<8}  {'ITEMS':>5}  {'LANGUAGES':<9}  {'LICENCE':<16}  SOURCE",
        file=out,
    )
    for instrument in report.instruments:
        count = sum(1 for _ in instrument.items())
        languages = ",".join(instrument.languages)
        licence = instrument.licence.licence
        if not instrument.licence.redistribute_text:
            licence += " (text not shared)"
        source = report.sources.get(instrument.id, "")
        print(
            f"{instrument.id:<14}  {instrument.version:<8}  {count:>5}  {languages:<9}  "
            f"{licence:<16}  {source}",
            file=out,
        )
    for problem in report.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    return 0


def validate_files(args: argparse.Namespace, context: Any) -> int:
    from readiness.questionnaire.loader import (
        builtin_folder,
        expand_paths,
        load_builtin,
        load_paths,
    )

    files = expand_paths(args.paths)
    if not files:
        raise ReadinessError("no instrument files (.yaml, .yml, .json) found in the paths given")
    report = load_paths(files)
    problems = [str(problem) for problem in report.problems]
    builtin = load_builtin()
    home = builtin_folder()
    for instrument in report.instruments:
        source = Path(report.sources[instrument.id])
        is_builtin_file = home is not None and source.resolve().parent == home
        if instrument.id in builtin.sources and not is_builtin_file:
            problems.append(
                f"{source}: instrument id '{instrument.id}' is already used by the "
                f"{builtin.sources[instrument.id]} instrument; the app would skip this file"
            )
    out = context.out
    for line in problems:
        print(line, file=out)
    if problems:
        return EXIT_INVALID
    for instrument in report.instruments:
        count = sum(1 for _ in instrument.items())
        print(
            f"{report.sources[instrument.id]}: valid ({instrument.id} {instrument.version}, "
            f"{_count(count, 'item')}, {_count(len(instrument.scales), 'scale')})",
            file=out,
        )
    return 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def export_instrument(args: argparse.Namespace, context: Any) -> int:
    from readiness.questionnaire.fhir import text_may_be_shared, to_fhir_json
    from readiness.questionnaire.loader import load_all

    if args.all == (args.id is not None):
        raise ReadinessError("name one instrument id, or --all for every definition")
    if args.all:
        return _export_definitions(args, context)
    report = load_all(args.include)
    instrument = report.instrument(args.id)
    if instrument is None:
        known = ", ".join(i.id for i in report.instruments) or "none"
        raise ReadinessError(f"no instrument with id '{args.id}' (known: {known})")
    text = to_fhir_json(instrument, args.locale, context.settings().fhir_base)
    if not text_may_be_shared(instrument):
        print(
            f"note: the licence of '{instrument.id}' does not allow sharing its text; "
            "the export has codes and structure only",
            file=sys.stderr,
        )
    return _write(text, args, context)


def _export_definitions(args: argparse.Namespace, context: Any) -> int:
    import json

    from readiness.interpret import Overrides, interpret
    from readiness.reports.fhir_definitions import definitions_bundle

    settings = context.settings()
    included = (*(Path(path) for path in settings.instrument_files), *args.include)
    interpretation = interpret(settings, Overrides(instrument_files=included))
    bundle = definitions_bundle(interpretation, args.locale)
    return _write(json.dumps(bundle, ensure_ascii=False, indent=2), args, context)


def _write(text: str, args: argparse.Namespace, context: Any) -> int:
    if args.output is None:
        print(text, file=context.out)
        return 0
    try:
        args.output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ReadinessError(f"{args.output}: cannot write ({exc.strerror or exc})") from None
    print(f"Wrote {args.output}", file=context.out)
    return 0
