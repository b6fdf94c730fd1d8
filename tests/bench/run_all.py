"""The whole table of issue 19: every measure beside its floor, from one run.

Runs the start, close and memory benchmark on both Qt platforms (offscreen, and xcb on
a private Xvfb), the automatic backup, the exports, ``readiness assess`` and
``assess()``, and prints one table: each measure, now, its floor, the ratio, the goal
and whether it is met. Every database is encrypted and opened with its passphrase
(real key derivation); every floor is measured in the same run, interleaved with its
measure; every figure is a median (``--rounds``, 5 at least for the issue's table).
The databases are filled once and kept (``tests/bench/databases.py``).

    python -m tests.bench.run_all [--rounds 5] [--quick]

``--quick`` uses small sizes and 3 rounds, to try the benchmarks out (a minute or two
once the small databases exist); its figures are not the issue's. A benchmark is a
script, not a test: it never fails, it reports.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from tests.bench import bench_assess, bench_backup, bench_exports, bench_start
from tests.bench.timing import Row, as_json, print_table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--export-rounds", type=int, help="for the exports (default: --rounds)")
    parser.add_argument("--quick", action="store_true", help="small sizes, 3 rounds")
    parser.add_argument(
        "--json",
        type=int,
        default=10_000,
        help="assessments in the JSON export (10,000; filling a database of 100,000 "
        "complete assessments with their kept results takes about 50 minutes, once)",
    )
    args = parser.parse_args()
    rounds = 3 if args.quick else args.rounds
    large = 1000 if args.quick else 100_000
    small = 1000
    exports = (
        {"csv_sizes": [small], "fhir_sizes": [small], "json_sizes": [small]}
        if args.quick
        else {"csv_sizes": [1000, 10_000], "fhir_sizes": [10_000], "json_sizes": [args.json]}
    )
    started = time.perf_counter()
    rows: list[Row] = []
    for platform in ("xcb", "offscreen"):
        rows += bench_start.measure(large, rounds, platform, close=True)
    rows.append(bench_start.close_row(small, rounds))
    rows.append(bench_start.settings_row(rounds))
    rows += bench_backup.rows(large, min(rounds, 5))
    rows += bench_exports.rows(args.export_rounds or rounds, **exports)
    rows += bench_assess.rows(rounds)
    load = os.getloadavg()
    title = (
        f"Issue 19: the table (median of {rounds}, interleaved; {os.cpu_count()} cores, "
        f"load {load[0]:.1f} at the end; {time.perf_counter() - started:.0f} s)"
    )
    print()
    print_table(rows, title)
    print(as_json(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
