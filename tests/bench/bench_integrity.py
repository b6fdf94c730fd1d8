"""Benchmark: the records' quick integrity check (``check_integrity``) at 10,000 assessments.

Prints the time of ``PRAGMA quick_check`` on an encrypted database filled like
``bench_store_and_start.py`` (40 answers per assessment), as the app runs it right
after opening the records, before a backup and before an export.

    python -m tests.bench.bench_integrity [--assessments 10000]

Issue 18 asks for the check in the background if it takes over 50 ms at 10,000
assessments; measured 0.42 s on a 2-core machine, so the app runs it on a worker.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from readiness.store import database
from tests.bench import bench_store_and_start as store_bench
from tests.factories import cli_key


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "readiness.db"
        opened = store_bench.open_database
        store_bench.open_database = lambda target: opened(target, key=cli_key())  # type: ignore[assignment]
        fill = store_bench.fill(path, args.assessments)
        store_bench.open_database = opened
        times = []
        for _ in range(5):
            db = database.open_database(path, key=cli_key())
            started = time.perf_counter()
            database.check_integrity(db)
            times.append(time.perf_counter() - started)
            db.close()
        size = path.stat().st_size / 1e6
        print(f"filled {args.assessments} assessments ({size:.0f} MB) in {fill:.1f} s")
        print(
            f"quick check: median {statistics.median(times) * 1000:.0f} ms, "
            f"best {min(times) * 1000:.0f} ms (goal for the GUI thread: 50 ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
