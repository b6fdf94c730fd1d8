"""Benchmark: the records' quick integrity check (``check_integrity``) at 10,000 assessments.

Times ``PRAGMA quick_check`` on an encrypted database filled with 40 answers per
assessment and opened with its passphrase (real key derivation), as the app runs it
right after opening the records (when no backup is due), before a backup and before
an export; beside its floor, reading the same file's bytes (interleaved).

    python -m tests.bench.bench_integrity [--assessments 10000] [--rounds 5]

Issue 18 asks for the check in the background if it takes over 50 ms at 10,000
assessments; measured 0.42 s on a 2-core machine, so the app runs it on a worker.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from readiness.store import database
from readiness.store.keys import stretched_key
from tests.bench.databases import answers_database, bench_key
from tests.bench.timing import Row, as_json, interleaved, print_table, timed


def _read(path: Path) -> None:
    with path.open("rb") as handle:
        while handle.read(8 * 1024 * 1024):
            pass


def rows(count: int, rounds: int) -> list[Row]:
    path = answers_database(count)
    db = database.open_database(path, key=stretched_key(path, bench_key()))
    try:
        samples = interleaved(
            {
                "check": lambda: timed(lambda: database.check_integrity(db)),
                "floor": lambda: timed(lambda: _read(path)),
            },
            rounds,
        )
    finally:
        db.close()
    size = path.stat().st_size / 1e6
    return [
        Row(
            f"quick check of {count:,} assessments ({size:.0f} MB)",
            statistics.median(samples["check"]),
            statistics.median(samples["floor"]),
            floor_name="reading the file's bytes",
            note="on a worker: the GUI thread's goal is 50 ms",
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    found = rows(args.assessments, args.rounds)
    print_table(found, f"Integrity check (median of {args.rounds}, interleaved)")
    print(as_json(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
