"""Benchmark: the analyst's item-level export and each scale's reliability, encrypted records.

For each size in ``--sizes``, on an encrypted database of realistic completed
assessments (about 60 answers each) opened with its passphrase (real key derivation),
times in a fresh process each: the item-level export with its data dictionary and the
reliability export (CSV) of every assessment, as the app and the CLI run them (one
audit entry each), and the reliability analysis alone, with each one's peak memory.
Each is interleaved with its floor (``tests/bench/bench_exports.py``): the same rows
read through ``sqlcipher3`` with the same passphrase and written with ``csv.writer``.

    python -m tests.bench.bench_local_validation [--sizes 1000 10000] [--rounds 3]

The answers are random, so the alphas mean nothing; the work is the same as for real
answers (every scale's complete cases scored, then exact fractions).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from pathlib import Path

from tests.bench.bench_exports import FLOOR
from tests.bench.databases import documents_database, passphrase_file
from tests.bench.timing import (
    Row,
    as_json,
    fresh_process,
    interleaved,
    print_table,
    scratch_folder,
)

RUN = """
import json, sys, time
from pathlib import Path
from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey
from readiness.interpret import interpret
from readiness.settings import Settings
kind, db_path, out, passphrase_path = sys.argv[1:5]
key = DatabaseKey.from_passphrase(Path(passphrase_path).read_text("utf-8").splitlines()[0])
given = interpret(Settings())
start = time.perf_counter()
db = open_database(Path(db_path), key=key)
if kind == "analysis":
    from readiness.reports.scale_reliability import analyse_documents
    from readiness.store.export_queries import iter_documents
    count = analyse_documents(iter_documents(db), given).selection.used
else:
    from readiness.reports.jobs import run_export
    count = run_export(db, kind, Path(out), given, staff="BN").count
done = time.perf_counter()
line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM:"))
print(json.dumps({"seconds": done - start, "count": count, "peak_mb": int(line.split()[1]) / 1024}))
"""


KINDS = ("items", "reliability", "analysis")


def measure(kind: str, size: int, rounds: int, width: int, folder: Path) -> Row:
    db, key_file = str(documents_database(size)), str(passphrase_file())
    peaks: list[float] = []

    def work() -> float:
        figures = fresh_process(RUN, kind, db, str(folder / f"{kind}.csv"), key_file)
        peaks.append(figures["peak_mb"])
        return figures["seconds"]

    def floor() -> float:
        out = str(folder / "floor.csv")
        return fresh_process(FLOOR, "csv", db, out, key_file, str(width))["seconds"]

    samples = interleaved({"work": work, "floor": floor}, rounds, warm_up=False)
    return Row(
        f"{kind} of {size:,} assessments",
        statistics.median(samples["work"]),
        statistics.median(samples["floor"]),
        floor_name="the same rows read (same passphrase) + csv.writer",
        note=f"peak memory {statistics.median(peaks):.0f} MB",
    )


def rows(sizes: list[int], rounds: int) -> list[Row]:
    found: list[Row] = []
    with scratch_folder("readiness-bench-validation-") as folder:
        for size in sizes:
            items = folder / "items.csv"
            fresh_process(
                RUN, "items", str(documents_database(size)), str(items), str(passphrase_file())
            )
            with items.open(encoding="utf-8", newline="") as handle:
                width = len(next(csv.reader(handle)))
            found += [measure(kind, size, rounds, width, folder) for kind in KINDS]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    found = rows(args.sizes, args.rounds)
    print_table(found, f"Local validation (median of {args.rounds}, interleaved)")
    print(as_json(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
