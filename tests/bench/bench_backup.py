"""Benchmark: the automatic backup of 100,000 assessments, beside a plain file copy.

The backup as the app makes it in the background (``make_backup``: the encrypted
file copied as it is at one moment, then opened with its key and read page by page
before it counts) beside its floor, a copy of the same file with ``fsync``. For
comparison it also times the backup as it was made before issue 19, page by page
through SQLite's backup API (every page decrypted and encrypted again), which the
app now uses only when a writer never lets the file be copied. Interleaved, median
of ``--rounds``; the database is encrypted with a passphrase (real key derivation).

    python -m tests.bench.bench_backup [--assessments 100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from tests.bench.databases import answers_database, bench_key
from tests.bench.timing import Row, as_json, interleaved, print_table, timed


def rows(count: int, rounds: int) -> list[Row]:
    from readiness.protection.backup_copy import copy_bytes
    from readiness.protection.backup_files import copy_database
    from readiness.protection.backups import make_backup
    from readiness.store.database import connect
    from readiness.store.keys import stretched_key

    db = answers_database(count)
    key = stretched_key(db, bench_key())
    folder = Path(tempfile.mkdtemp(prefix="readiness-bench-backup-"))

    def backup() -> float:
        conn = connect(db, key)
        try:
            return timed(lambda: make_backup(conn, key, folder / "made", keep=1))
        finally:
            conn.close()

    def floor() -> float:
        target = folder / "copy.db"
        seconds = timed(lambda: copy_bytes(db, target))
        target.unlink()
        return seconds

    def page_by_page() -> float:
        target = folder / "pages.db"
        target.touch()
        conn = connect(db, key)
        try:
            return timed(lambda: copy_database(conn, target, key, folder))
        finally:
            conn.close()
            target.unlink()

    samples = interleaved(
        {"backup": backup, "floor": floor, "pages": page_by_page}, rounds, warm_up=False
    )
    shutil.rmtree(folder, ignore_errors=True)
    size = db.stat().st_size / 1e6
    return [
        Row(
            f"background backup of {count:,} assessments ({size:.0f} MB)",
            statistics.median(samples["backup"]),
            statistics.median(samples["floor"]),
            floor_name="copy + fsync of the database file",
            note=(
                "the copy, then every page of it read to check it; page by page through "
                f"the backup API (before issue 19): {statistics.median(samples['pages']):.1f} s"
            ),
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    found = rows(args.assessments, args.rounds)
    print_table(found, f"Backups (median of {args.rounds}, interleaved)")
    print(as_json(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
