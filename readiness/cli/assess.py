"""The ``assess`` command: profile, channel verdicts and recommendations from a document.

``readiness assess --input ASSESSMENT.json [--json] [--locale es] [--rules FILE]...
[--thresholds FILE]`` reads an assessment document (``-`` reads standard input),
runs the same ``assess`` the app uses, and prints the result as text or JSON. An
agency rules or thresholds file that is broken is reported on standard error and
what was in force before it is used instead. The questionnaires, thresholds and
rules are those of Settings (``readiness.interpret``), so the verdicts are the ones
the app, the reports and the exports give; ``--rules`` and ``--thresholds`` replace
the agency files of Settings for this run. Heavy modules load inside the handler only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readiness.document import AssessmentDocument

STDIN = "standard input"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "assess",
        help="profile, channel verdicts and recommendations for an assessment document",
        description="Work out the access-equity profile, a verdict for every way of "
        "connecting (with reasons) and recommendations, from an assessment document. "
        "Results guide the choice of channel; they never deny a service.",
    )
    parser.add_argument(
        "--input", required=True, metavar="FILE", help="assessment document (JSON); - for stdin"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--locale", choices=["en", "es"], help="language of the output (default: the document's)"
    )
    parser.add_argument(
        "--rules",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="agency rules file laid over the built-in rules, instead of those in Settings "
        "(may be repeated)",
    )
    parser.add_argument(
        "--thresholds",
        type=Path,
        metavar="FILE",
        help="agency thresholds file, instead of the one in Settings",
    )
    parser.set_defaults(handler=assess_command)


def _read_input(name: str, notes: list[str]) -> AssessmentDocument:
    """The document in the file ``name`` or, for ``-``, on standard input: each read as
    ``readiness.files`` reads files (at most its size cap, plain JSON)."""
    from readiness.document import from_json, read_file
    from readiness.errors import DocumentError
    from readiness.files import DOCUMENT, decode_text

    if name != "-":
        return read_file(Path(name), notes)
    raw = sys.stdin.buffer.read(DOCUMENT.max_bytes + 1)
    if len(raw) > DOCUMENT.max_bytes:
        raise DocumentError("standard input: too large to be an assessment document")
    return from_json(decode_text(raw, STDIN, DOCUMENT, error=DocumentError), STDIN, notes)


def assess_command(args: argparse.Namespace, context: Any) -> int:
    from dataclasses import replace

    from readiness.equity.output import result_to_json, result_to_text
    from readiness.interpret import Overrides, interpret
    from readiness.questionnaire.document_answers import check_answers

    notes: list[str] = []
    document = _read_input(args.input, notes)
    for note in notes:
        print(f"readiness: note: {note}", file=sys.stderr)
    overrides = Overrides(
        thresholds_file=args.thresholds, rules_files=tuple(args.rules) if args.rules else None
    )
    interpretation = interpret(context.settings(), overrides)
    for message in interpretation.warnings:
        print(f"readiness: warning: {message}", file=sys.stderr)
    source = STDIN if args.input == "-" else args.input
    answers = check_answers(document.answers, interpretation.instruments, source)
    document = replace(document, answers=answers)
    result = interpretation.assess(document)
    locale = args.locale or document.assessment.locale
    if args.json:
        data = result_to_json(result, locale, document.plan)
        print(json.dumps(data, indent=2, ensure_ascii=False), file=context.out)
        return 0
    header = f"{document.service_user.code} — {document.assessment.id}"
    print(header, file=context.out)
    for line in result_to_text(result, locale):
        print(line, file=context.out)
    return 0
