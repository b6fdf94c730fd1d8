"""Commands that list, show, import, review, complete and recompute assessments.

``assessment status ID`` prints the same review the app shows before completing
(``readiness.session.review``): each step done or not, questions answered, what is
missing and what blocks completing. ``assessment complete ID`` completes through the
intake session (keeping its result with the rules version) and refuses, with that list
and exit code 1, while anything blocks. ``assessment recompute ID`` shows what the rules
in force now would change in a completed assessment's kept result; ``--save`` keeps the
new one (audited).
Commands that show one assessment or write name who is acting (``--staff`` or
Settings): ``show`` and ``status`` are recorded in the audit log as "opened" before
anything is printed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from readiness.cli import counted
from readiness.cli.privacy_options import add_staff_option, staff_initials
from readiness.model import AssessmentStatus


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
    add_staff_option(show)
    show.set_defaults(handler=show_assessment)
    imp = single_sub.add_parser(
        "import", help="import an assessment document, or a JSON export of many (JSON)"
    )
    imp.add_argument(
        "file", type=Path, help="assessment document, or a JSON export (an array), to import"
    )
    imp.add_argument(
        "--replace", action="store_true", help="overwrite an assessment with the same id"
    )
    add_staff_option(imp)
    imp.set_defaults(handler=import_assessment)
    status = single_sub.add_parser(
        "status", help="where an assessment stands: steps done, answered, missing, blocking"
    )
    status.add_argument("id", help="assessment id (or its first 8+ characters)")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.add_argument("--lang", choices=["en", "es"], help="language of the text (default: en)")
    add_staff_option(status)
    status.set_defaults(handler=assessment_status)
    complete = single_sub.add_parser(
        "complete", help="complete an assessment (refused, with the list, while anything blocks)"
    )
    complete.add_argument("id", help="assessment id (or its first 8+ characters)")
    add_staff_option(complete)
    complete.set_defaults(handler=complete_assessment)
    again = single_sub.add_parser(
        "recompute",
        help="show what the rules in force now would change in a completed assessment's "
        "kept result (--save keeps the new one)",
    )
    again.add_argument("id", help="assessment id (or its first 8+ characters)")
    again.add_argument("--save", action="store_true", help="keep the new result (audited)")
    again.add_argument("--json", action="store_true", help="print JSON")
    again.add_argument("--lang", choices=["en", "es"], help="language of the text (default: en)")
    add_staff_option(again)
    again.set_defaults(handler=recompute_assessment)


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
    from readiness.store import audit, repository

    staff = staff_initials(args, context)
    db = context.database()
    document = repository.load_document(db, args.id)
    audit.record(
        db,
        audit.AuditAction.OPENED,
        staff=staff,
        assessment_id=document.assessment.id,
        detail="assessment show",
    )
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
    """One document, or a JSON export's array of them, read as every file handed to the
    app is (``readiness.files``), checked against the questionnaires in force and the
    records here, and stored all or nothing; hidden characters taken out are said on
    stderr."""
    import sys

    from readiness.reports.exports_json import import_documents, read_documents

    notes: list[str] = []
    documents = list(read_documents(args.file, notes))
    stored = import_documents(
        context.database(),
        documents,
        instruments=context.interpretation().instruments,
        replace_existing=args.replace,
        staff=staff_initials(args, context),
        source=str(args.file),
    )
    for note in notes:
        print(f"readiness: note: {note}", file=sys.stderr)
    if len(stored) == 1:
        only = stored[0]
        print(
            f"Imported assessment {only.assessment.id} for {only.service_user.code}.",
            file=context.out,
        )
    else:
        print(f"Imported {counted(len(stored), 'assessment', 'assessments')}.", file=context.out)
    return 0


def _session(args: argparse.Namespace, context: Any, actor: str = "") -> Any:
    """The assessment ``args.id`` opened as an intake session; ``actor`` acts in it."""
    from readiness.session.intake import IntakeSession
    from readiness.store import repository

    db = context.database()
    return IntakeSession(db, repository.get_assessment(db, args.id).id, actor=actor)


def review_data(found: Any, step: str | None, locale: str) -> dict[str, Any]:
    """A review as the command's JSON: stable keys, texts in ``locale``."""
    from readiness.i18n import translator

    return {
        "can_complete": found.can_complete,
        "current_step": step,
        "answered": found.answered,
        "applicable": found.applicable,
        "consent": dict(found.consent),
        "steps": [
            {"step": status.key, "done": status.done, "declined": status.declined}
            for status in found.steps
        ],
        "missing": [
            {
                "kind": item.kind,
                "step": item.step,
                "blocks": item.blocks,
                "item": list(item.item) if item.item else None,
                "text": translator(locale).render(item.message),
            }
            for item in found.missing
        ],
    }


def assessment_status(args: argparse.Namespace, context: Any) -> int:
    session = _session(args, context, staff_initials(args, context))
    session.record_opened("assessment status")
    found = session.review(context.interpretation().instruments)
    data = review_data(found, session.step, args.lang or "en")
    out = context.out
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
        return 0
    print(f"Assessment   {session.assessment.id} ({session.service_user.code})", file=out)
    print(f"Status       {session.assessment.status.value}", file=out)
    print(f"Current step {data['current_step'] or '-'}", file=out)
    print(f"Answered     {found.answered} of {found.applicable} questions", file=out)
    for status in data["steps"]:
        mark = "declined" if status["declined"] else ("done" if status["done"] else "not done")
        print(f"  {status['step']:<14} {mark}", file=out)
    blocking = [item for item in data["missing"] if item["blocks"]]
    print(
        "Can complete " + ("yes" if found.can_complete else f"no ({len(blocking)} blocking)"),
        file=out,
    )
    for item in data["missing"]:
        print(f"  {'BLOCKS' if item['blocks'] else 'note':<6} {item['text']}", file=out)
    return 0


def complete_assessment(args: argparse.Namespace, context: Any) -> int:
    import sys

    from readiness.messages import english
    from readiness.session.intake import IncompleteError

    session = _session(args, context, staff_initials(args, context))
    if session.is_complete:
        print(f"Assessment {session.assessment.id} is already complete.", file=context.out)
        return 0
    try:
        session.complete(context.interpretation())
    except IncompleteError as exc:
        print("readiness: error: the assessment cannot be completed yet:", file=sys.stderr)
        for item in exc.review.blocking:
            print(f"  {english(item.message)}", file=sys.stderr)
        return 1
    print(f"Completed assessment {session.assessment.id}.", file=context.out)
    return 0


def recompute_assessment(args: argparse.Namespace, context: Any) -> int:
    """Show what would change with the rules in force; ``--save`` keeps it (audited)."""
    from readiness.i18n import translator
    from readiness.messages import N_
    from readiness.session.recompute import change_lines, recompute

    session = _session(args, context, staff_initials(args, context))
    session.record_opened("assessment recompute")
    interpretation = context.interpretation()
    found = recompute(session, interpretation)
    if args.save:
        session.save_recomputed(interpretation)
    lang = args.lang or "en"
    out = context.out
    if args.json:
        print(json.dumps({**found.to_data(lang), "saved": args.save}, indent=2), file=out)
        return 0
    t = translator(lang)
    kept = found.kept
    print(
        t.gettext(N_("Kept result: rules {version} ({basis})")).format(
            version=kept.version, basis=kept.basis.value
        ),
        file=out,
    )
    print(
        t.gettext(N_("Rules in force now: {version}")).format(version=found.version_now), file=out
    )
    if not found.changed:
        print(t.gettext(N_("The rules in force now decide the same.")), file=out)
    for line in change_lines(found, t.gettext, lang):
        print(f"  {line}", file=out)
    if args.save:
        print(t.gettext(N_("The new result is kept.")), file=out)
    elif found.changed:
        print(t.gettext(N_("Nothing was changed; --save keeps the new result.")), file=out)
    return 0
