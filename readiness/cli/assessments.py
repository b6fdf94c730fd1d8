"""Commands that list, show and import assessments."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from readiness.cli import counted
from readiness.model import AssessmentStatus

MAX_IMPORT_BYTES = 20 * 1024 * 1024


def register(subparsers: Any) -> None:
    listing = subparsers.add_parser("assessments", help="list assessments")
    listing_sub = listing.add_subparsers(dest="action", metavar="ACTION")
    list_parser = listing_sub.add_parser("list", help="list assessments, newest first")
    list_parser.add_argument("--json", action="store_true", help="print JSON")
    list_parser.add_argument(
        "--search", default="", metavar="CODE", help="codes starting with CODE"
    )
    list_parser.add_argument(
        "--status", choices=[s.value for s in AssessmentStatus], help="only this status"
    )
    list_parser.add_argument("--page", type=int, default=1, help="page number (from 1)")
    list_parser.add_argument("--page-size", type=int, default=50, help="rows per page")
    list_parser.set_defaults(handler=list_assessments)

    single = subparsers.add_parser("assessment", help="show or import one assessment")
    single_sub = single.add_subparsers(dest="action", metavar="ACTION")
    show = single_sub.add_parser("show", help="print an assessment document")
    show.add_argument("id", help="assessment id (or its first 8+ characters)")
    show.add_argument("--json", action="store_true", help="print the whole document as JSON")
    show.set_defaults(handler=show_assessment)
    imp = single_sub.add_parser("import", help="import an assessment document (JSON)")
    imp.add_argument("file", type=Path, help="assessment document to import")
    imp.add_argument(
        "--replace", action="store_true", help="overwrite an assessment with the same id"
    )
    imp.set_defaults(handler=import_assessment)


def list_assessments(args: argparse.Namespace, context: Any) -> int:
    from readiness.store import listing

    page = listing.list_assessments(
        context.database(),
        page=args.page,
        page_size=args.page_size,
        code_prefix=args.search,
        status=AssessmentStatus(args.status) if args.status else None,
    )
    out = context.out
    if args.json:
        rows = [
            {
                "id": item.id,
                "service_user_code": item.service_user_code,
                "created": item.created.isoformat(),
                "updated": item.updated.isoformat(),
                "status": item.status.value,
                "staff_initials": item.staff_initials,
                "locale": item.locale,
            }
            for item in page.items
        ]
        payload = {"page": page.page, "pages": page.page_count, "total": page.total, "items": rows}
        print(json.dumps(payload, indent=2, ensure_ascii=False), file=out)
        return 0
    if not page.items:
        print("No assessments found.", file=out)
        return 0
    print(f"{'ID':<36}  {'CODE':<16}  {'CREATED (UTC)':<16}  {'STATUS':<8}  STAFF", file=out)
    for item in page.items:
        created = item.created.strftime("%Y-%m-%d %H:%M")
        print(
            f"{item.id:<36}  {item.service_user_code:<16}  {created:<16}  "
            f"{item.status.value:<8}  {item.staff_initials}",
            file=out,
        )
    total = counted(page.total, "assessment", "assessments")
    print(f"Page {page.page} of {page.page_count} ({total})", file=out)
    return 0


def show_assessment(args: argparse.Namespace, context: Any) -> int:
    from readiness.document import to_json
    from readiness.store import repository

    document = repository.load_document(context.database(), args.id)
    if args.json:
        print(to_json(document), file=context.out)
        return 0
    a = document.assessment
    out = context.out
    print(f"Assessment   {a.id}", file=out)
    print(f"Service user {document.service_user.code}", file=out)
    print(f"Status       {a.status.value}", file=out)
    print(f"Created      {a.created:%Y-%m-%d %H:%M} UTC", file=out)
    print(f"Updated      {a.updated:%Y-%m-%d %H:%M} UTC", file=out)
    if a.completed:
        print(f"Completed    {a.completed:%Y-%m-%d %H:%M} UTC", file=out)
    print(f"Language     {a.locale}", file=out)
    print(f"Staff        {a.staff_initials or '-'}", file=out)
    print(f"Answers      {len(document.answers)}", file=out)
    print(f"Checks       {len(document.check_results)}", file=out)
    for result in document.check_results:
        print(f"  {result.check_id:<24} {result.status.value:<8} {result.reason}", file=out)
    return 0


def import_assessment(args: argparse.Namespace, context: Any) -> int:
    from readiness.document import from_json
    from readiness.files import read_text_file
    from readiness.store import repository

    path: Path = args.file
    text = read_text_file(path, kind="an assessment document (JSON)", max_bytes=MAX_IMPORT_BYTES)
    document = from_json(text, str(path))
    assessment = repository.import_document(
        context.database(), document, replace_existing=args.replace
    )
    print(
        f"Imported assessment {assessment.id} for {document.service_user.code}.", file=context.out
    )
    return 0
