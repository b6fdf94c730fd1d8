"""Benchmark: the CSV, FHIR and JSON exports beside reading and writing the same rows.

Each export runs as the app and the command line run it (``run_export``: the records'
check, every assessment of the database, the audit entry) in a fresh process, on an
encrypted database of realistic assessments opened with its passphrase (real key
derivation). Its floor runs in a fresh process too: the same file opened with
``sqlcipher3`` and the same passphrase, the same rows read page by page (the
assessments with their codes, and their answers, check results and plans), and one
line per assessment written with ``csv.writer`` with as many columns as the export
has (CSV and FHIR), or one ``json.dumps`` per assessment (JSON). Interleaved, median
of ``--rounds``; time from opening the file to the last byte written, imports not
included.

    python -m tests.bench.bench_exports [--rounds 5] [--csv 1000 10000]
        [--fhir 10000] [--json 100000]

The databases' completed assessments carry the results kept when they were completed
(as the app keeps them), so the exports read them instead of running the rules (issue
19, goal 3); the bench refuses a database where one is missing.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from pathlib import Path

from tests.bench.databases import documents_database, passphrase_file, results_missing
from tests.bench.timing import (
    Row,
    as_json,
    fresh_process,
    interleaved,
    print_table,
    scratch_folder,
)

EXPORT = """
import json, sys, time
from pathlib import Path
from readiness.interpret import interpret
from readiness.reports.jobs import run_export
from readiness.settings import Settings
from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey
kind, db_path, out, passphrase_path = sys.argv[1:5]
key = DatabaseKey.from_passphrase(Path(passphrase_path).read_text("utf-8").splitlines()[0])
given = interpret(Settings())
started = time.perf_counter()
db = open_database(Path(db_path), key=key)
result = run_export(db, kind, Path(out), given, staff="BN", validation="sample")
db.close()
print(json.dumps({"seconds": time.perf_counter() - started, "count": result.count}))
"""

FLOOR = """
import csv, json, sys, time
from pathlib import Path
import sqlcipher3
kind, db_path, out, passphrase_path, width = sys.argv[1:6]
width = int(width)
passphrase = Path(passphrase_path).read_text("utf-8").splitlines()[0]
started = time.perf_counter()
conn = sqlcipher3.connect(db_path)
conn.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
facts = {
    "answers": "SELECT * FROM answers WHERE assessment_id IN ({})",
    "check_results": "SELECT * FROM check_results WHERE assessment_id IN ({})",
    "plans": "SELECT * FROM plans WHERE assessment_id IN ({})",
}
count = 0
with open(out, "w", newline="", encoding="utf-8") as handle:
    writer = csv.writer(handle)
    after = ("", "")
    while True:
        rows = conn.execute(
            "SELECT a.id, a.service_user_id, a.created, a.updated, a.completed, a.status,"
            " a.locale, a.staff_initials, a.app_version, s.code FROM assessments a"
            " JOIN service_users s ON s.id = a.service_user_id"
            " WHERE (a.created, a.id) > (?, ?) ORDER BY a.created, a.id LIMIT 500",
            after,
        ).fetchall()
        if not rows:
            break
        ids = [row[0] for row in rows]
        marks = ",".join("?" * len(ids))
        grouped = {table: {} for table in facts}
        for table, sql in facts.items():
            for fact in conn.execute(sql.format(marks), ids):
                grouped[table].setdefault(fact[0], []).append(fact)
        for row in rows:
            mine = {table: found.get(row[0], []) for table, found in grouped.items()}
            if kind == "json":
                handle.write(json.dumps({"assessment": row, **mine}) + "\\n")
            else:
                values = [*row, *(value for fact in mine["answers"] for value in fact[2:])]
                writer.writerow((values * (width // max(len(values), 1) + 1))[:width])
            count += 1
        after = (rows[-1][2], rows[-1][0])
print(json.dumps({"seconds": time.perf_counter() - started, "count": count}))
"""


def _columns(folder: Path) -> int:
    """How many columns the CSV export has (from a small export's header)."""
    db = documents_database(1000)
    out = folder / "width.csv"
    fresh_process(EXPORT, "csv", str(db), str(out), str(passphrase_file()))
    with out.open(encoding="utf-8", newline="") as handle:
        return len(next(csv.reader(handle)))


def measure(kind: str, count: int, rounds: int, width: int, folder: Path) -> Row:
    db = documents_database(count)
    missing = results_missing(db)
    if missing:
        raise SystemExit(f"bench: {missing} completed assessments in {db.name} lack a kept result")
    out = folder / f"export.{kind}"
    floor_out = folder / f"floor.{kind}"
    key_file = str(passphrase_file())
    counted: list[float] = []

    def export() -> float:
        found = fresh_process(EXPORT, kind, str(db), str(out), key_file)
        counted.append(found["count"])
        return found["seconds"]

    def floor() -> float:
        return fresh_process(FLOOR, kind, str(db), str(floor_out), key_file, str(width))["seconds"]

    samples = interleaved({"export": export, "floor": floor}, rounds, warm_up=False)
    what = "csv.writer" if kind != "json" else "json.dumps"
    goal = {"csv": 3.0, "json": 2.0, "fhir": 4.0}[kind]
    return Row(
        f"{kind.upper()} export of {int(counted[0]):,} assessments",
        statistics.median(samples["export"]),
        statistics.median(samples["floor"]),
        goal_ratio=goal,
        floor_name=f"sqlcipher3 (same passphrase) reading the same rows + {what}",
        note="goal 3 is set at 100,000" if count < 100_000 else "",
    )


def rows(
    rounds: int,
    csv_sizes: list[int],
    fhir_sizes: list[int],
    json_sizes: list[int],
) -> list[Row]:
    plan = [("csv", n) for n in csv_sizes] + [("fhir", n) for n in fhir_sizes]
    plan += [("json", n) for n in json_sizes]
    with scratch_folder("readiness-bench-exports-") as folder:
        width = _columns(folder)
        return [measure(kind, count, rounds, width, folder) for kind, count in plan]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--csv", type=int, nargs="*", default=[1000, 10_000])
    parser.add_argument("--fhir", type=int, nargs="*", default=[10_000])
    parser.add_argument("--json", type=int, nargs="*", default=[10_000])
    args = parser.parse_args()
    found = rows(args.rounds, args.csv, args.fhir, args.json)
    print_table(found, f"Exports (median of {args.rounds}, interleaved, fresh processes)")
    print(as_json(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
