"""``readiness report``: one assessment's report, for the service user or for the record.

The service user's copy comes as a tagged PDF, an HTML page or plain text; the staff
report as a PDF or an accessible HTML record (``--format``).

With the agency's public key in Settings the file is sealed to it (written as
``FILE.pdf.sealed``, ``FILE.html.sealed``…; the agency opens it with ``readiness
unseal``); ``--plain`` writes a readable file, with a warning. Each report is
recorded in the audit log with who made it (``--staff`` or Settings). Heavy modules
(reportlab, WeasyPrint, pydantic, the equity rules) load inside the handler only:
this module is imported at every start of the app.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from readiness.cli.privacy_options import (
    add_plain_option,
    add_staff_option,
    seal_choice,
    staff_initials,
)
from readiness.errors import ReadinessError

PASSWORD_ENV = "READINESS_PDF_PASSWORD"


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report", help="write an assessment's report (service-user copy or staff report)"
    )
    report.add_argument("id", help="assessment id (or its first 8+ characters)")
    report.add_argument(
        "--audience",
        required=True,
        choices=["service-user", "staff"],
        help="service-user: short, large type, plain words; staff: the full record",
    )
    report.add_argument(
        "--lang", choices=["en", "es"], help="language (default: the intake's language)"
    )
    report.add_argument(
        "--format",
        choices=["pdf", "html", "text"],
        default="pdf",
        help="pdf (default; the service user's copy is tagged for screen readers), html (an"
        " accessible web page) or text (the service user's copy only)",
    )
    report.add_argument(
        "--out", required=True, type=Path, metavar="FILE", help="file to write (.pdf, .html, .txt)"
    )
    protect = report.add_mutually_exclusive_group()
    protect.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help="protect the PDF (AES-256) with the password on the first line of FILE",
    )
    protect.add_argument(
        "--password-env",
        action="store_true",
        help=f"protect the PDF (AES-256) with the password in ${PASSWORD_ENV}",
    )
    add_plain_option(report, "the report")
    add_staff_option(report)
    report.set_defaults(handler=write_report)


def read_password(args: argparse.Namespace) -> str | None:
    """The password asked for, if any (never from the command line: others can see it)."""
    if args.password_env:
        password: str = os.environ.get(PASSWORD_ENV, "")
        if not password:
            raise ReadinessError(f"${PASSWORD_ENV} is empty or not set")
        return password
    if args.password_file is not None:  # read as every passphrase file is (a warning if
        from readiness.cli.unlock import passphrase_from_file  # others can read it)

        return passphrase_from_file(args.password_file)
    return None


def write_report(args: argparse.Namespace, context: Any) -> int:
    from readiness.protection.sealed_output import sealed_name
    from readiness.protection.sealing import SEALED_SUFFIX
    from readiness.reports.jobs import save_report
    from readiness.reports.pdf import FORMATS, Audience, ReportFormat
    from readiness.store import repository

    out: Path = args.out
    kind = ReportFormat(args.format)
    if kind not in FORMATS[Audience(args.audience)]:
        raise ReadinessError(f"the {args.audience} report has no {kind} form")
    if not out.name.lower().endswith((kind.suffix, kind.suffix + SEALED_SUFFIX)):
        raise ReadinessError(
            f"{out}: the report is {kind}; give a file name ending in {kind.suffix}"
        )
    password = read_password(args)
    if password and kind is not ReportFormat.PDF:
        raise ReadinessError("only a PDF can be protected with a password")
    staff = staff_initials(args, context)
    db = context.database()
    assessment = repository.get_assessment(db, args.id)  # a wrong id is said before anything else
    seal = seal_choice(args, context)
    target = sealed_name(out) if seal is not None else out
    save_report(
        db,
        assessment.id,
        context.interpretation(),
        audience=args.audience,
        locale=args.lang,
        path=target,
        staff=staff,
        kind=kind,
        password=password,
        seal=seal,
    )
    protected = " (password protected)" if password else ""
    how = f", sealed to the agency's key {seal.fingerprint_text}" if seal is not None else ""
    print(f"Wrote the {args.audience} report to {target}{protected}{how}.", file=context.out)
    return 0
