"""Benchmark: the analyst's item-level export and each scale's reliability, encrypted records.

For each size in ``--sizes``, fills an encrypted database (SQLCipher, as the app
keeps real records) with that many realistic completed assessments (about 60 answers
each), then times, in a fresh process each so the figures include opening the
database and the imports: the item-level export with its data dictionary and the
reliability export (CSV), of every assessment as the app and the CLI run them (one
audit entry each), and the reliability analysis alone, with each one's peak memory.

    python -m tests.bench.bench_local_validation [--sizes 1000 10000] [--keep FOLDER]

The answers are random, so the alphas mean nothing; the work is the same as for real
answers (every scale's complete cases scored, then exact fractions).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from readiness.store.keys import DatabaseKey
from tests.bench.bench_reports import fill, in_fresh_process

KEY_HEX = "5eed" * 16

RUN = """
import json, sys, time
from pathlib import Path
from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey
from readiness.interpret import interpret
from readiness.settings import Settings
kind, db_path, out, key = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
start = time.perf_counter()
db = open_database(Path(db_path), key=DatabaseKey.from_bytes(bytes.fromhex(key)))
given = interpret(Settings())
ready = time.perf_counter()
if kind == "analysis":
    from readiness.reports.scale_reliability import analyse_documents
    from readiness.store.export_queries import iter_documents
    count = analyse_documents(iter_documents(db), given).selection.used
else:
    from readiness.reports.jobs import run_export
    count = run_export(db, kind, Path(out), given, staff="BN").count
done = time.perf_counter()
line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM:"))
print(json.dumps({"seconds": done - ready, "with_start": done - start, "count": count,
                  "peak_mb": int(line.split()[1]) / 1024}))
"""


def timed(kind: str, db_path: Path, out: Path) -> dict[str, float]:
    return in_fresh_process(RUN, kind, str(db_path), str(out), KEY_HEX)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--keep", type=Path, help="keep the filled databases in this folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="readiness-bench-"))
    kept = args.keep or folder
    kept.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {}
    for size in args.sizes:
        path = kept / f"encrypted-{size}.db"
        if not path.exists():
            print(f"Filling {size:,} assessments in an encrypted database ...")
            seconds = fill(path, size, DatabaseKey.from_bytes(bytes.fromhex(KEY_HEX)))
            print(f"  filled in {seconds:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
    print()
    print(f"{'':<44}{'work':>8}  {'with start':>10}  {'peak':>7}")
    for size in args.sizes:
        for kind in ("items", "reliability", "analysis"):
            found = timed(kind, kept / f"encrypted-{size}.db", folder / f"{kind}.csv")
            label = f"{kind} of {found['count']:,.0f} assessments"
            print(
                f"{label:<44}{found['seconds']:>7.2f}s  {found['with_start']:>9.2f}s  "
                f"{found['peak_mb']:>5.0f} MB"
            )
            results[f"{kind}_{size}"] = found
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
