"""``readiness demo``: make (or remake) the practice database of fictional people.

The file is marked as practice records (``readiness.practice.marker``), so every
command and the app open it afterwards without a passphrase, and say it is practice.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="make a practice database of fictional people for training",
        description="Fill the practice database (kept apart from real data) with fictional "
        "people and realistic assessments, replacing what was there. With --db, use that "
        "file instead; a database holding real service users is refused. Every command "
        "(and the app) then works on the file without a passphrase.",
    )
    demo.add_argument("--count", type=int, default=12, help="how many people (default 12)")
    demo.set_defaults(handler=make_demo)


def make_demo(args: argparse.Namespace, context: Any) -> int:
    from readiness.errors import ReadinessError
    from readiness.practice import fill_practice_database, practice_database_path
    from readiness.store.database import open_database

    if not 1 <= args.count <= 1000:
        raise ReadinessError("--count must be between 1 and 1000")
    path = context.db_path or practice_database_path()
    db = open_database(path, create_dir=context.db_path is None)
    try:
        added = fill_practice_database(db, args.count)
    finally:
        db.close()
    print(
        f"Practice database ready: {args.count} fictional people, {added} assessments, in {path}",
        file=context.out,
    )
    print(f"Open it with: readiness --db {path}", file=context.out)
    print(
        f"Or use any command on it, e.g.: readiness --db {path} assessments list", file=context.out
    )
    return 0
