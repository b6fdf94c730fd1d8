"""Benchmark: staff reports for 1,000 assessments, and CSV/FHIR exports of 100,000.

Prints the median time per staff report and the total for 1,000 (rendering alone, and
end to end: read the document, run the rules, lay out), next to the floor: a one-page
reportlab document with the same embedded fonts built the same way. Then times the
CSV and FHIR exports of ``--assessments`` (100,000) in a fresh process each and prints
each one's peak memory, next to the same export of a tenth as many: streaming means
the peak stays about the same.

    python tests/bench/bench_reports.py [--reports 1000] [--assessments 100000]
        [--keep PATH] [--skip-exports]

Goals (issue 8): under 300 ms per report and at most 3 times the floor; each export of
100,000 under 30 seconds, with memory that does not grow with the number exported.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from readiness.store import repository
from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey
from tests.core.reports.samples import BASE_TIME, filled_document

TEMPLATES = 100


def fill(path: Path, count: int, key: DatabaseKey | None = None) -> float:
    """``count`` complete assessments made from 100 realistic documents (answers, checks, plans),
    in a plain database or, with ``key``, an encrypted one."""
    started = time.perf_counter()
    db = open_database(path, key=key)
    templates = [
        filled_document(i + 1, code=f"T{i:04d}", locale="es" if i % 3 == 0 else "en")
        for i in range(TEMPLATES)
    ]
    for document in templates:
        repository.import_document(db, document)
    rows = {
        table: {
            d.assessment.id: db.execute(
                f"SELECT * FROM {table} WHERE assessment_id = ?", [d.assessment.id]
            ).fetchall()
            for d in templates
        }
        for table in ("answers", "check_results", "plans")
    }
    columns = {
        table: len(db.execute(f"SELECT * FROM {table} LIMIT 1").description or ()) for table in rows
    }
    template_rows = db.execute("SELECT * FROM assessments").fetchall()
    rng = random.Random(8)
    conn = db.conn
    batch: list[tuple[object, ...]] = []
    facts: dict[str, list[tuple[object, ...]]] = {table: [] for table in rows}
    for index in range(count - TEMPLATES):
        template = template_rows[index % TEMPLATES]
        new_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        created = (BASE_TIME - timedelta(minutes=5 * (index + 1))).isoformat(
            timespec="microseconds"
        )
        batch.append((new_id, template[1], created, created, created, *template[5:]))
        for table in rows:
            for fact in rows[table][template[0]]:
                facts[table].append((new_id, *fact[1:]))
        if len(batch) >= 2000 or index == count - TEMPLATES - 1:
            with db.atomic():
                marks = ",".join("?" * len(template))
                conn.executemany(f"INSERT INTO assessments VALUES ({marks})", batch)
                for table, values in facts.items():
                    marks = ",".join("?" * columns[table])
                    conn.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
            batch.clear()
            facts = {table: [] for table in rows}
    db.close()
    return time.perf_counter() - started


def floor_ms(repeat: int = 30) -> float:
    """A one-page document with the three embedded faces, through the reports' own build."""
    from readiness.reports.fonts import BOLD, OBLIQUE, REGULAR
    from readiness.reports.pdf_common import PdfMeta, build_pdf, staff_styles
    from readiness.reports.pdf_tables import para

    styles = staff_styles()
    meta = PdfMeta("Floor", "Readiness", "floor", "es-US")

    def one() -> bytes:
        story = [
            para("Informe de preparación digital: Núñez", styles.title),
            para("Página uno, en negrita y cursiva.", styles.body),
            para("Cursiva", styles.note),
        ]
        assert {styles.title.fontName, styles.body.fontName, styles.note.fontName} == {
            BOLD,
            REGULAR,
            OBLIQUE,
        }
        return build_pdf(story, meta, lambda _c, _p, _n: None)

    one()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        one()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def reports(path: Path, count: int) -> dict[str, float]:
    from readiness.reports.jobs import report_for
    from readiness.reports.pdf import render_report
    from readiness.store.export_queries import iter_documents
    from tests.core.reports.helpers import inputs

    db = open_database(path)
    given = inputs()
    render, whole, pages = [], [], []
    started = time.perf_counter()
    for document in iter_documents(db):
        if len(whole) == count:
            break
        begin = time.perf_counter()
        data = report_for(document, given, document.assessment.locale)
        mid = time.perf_counter()
        pdf = render_report(data, "staff")
        end = time.perf_counter()
        render.append((end - mid) * 1000)
        whole.append((end - begin) * 1000)
        pages.append(pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page"))
    total = time.perf_counter() - started
    db.close()
    return {
        "render_median_ms": statistics.median(render),
        "end_to_end_median_ms": statistics.median(whole),
        "total_s": total,
        "count": len(whole),
        "pages_median": statistics.median(pages),
    }


EXPORT = """
import json, resource, sys, time
from pathlib import Path
from readiness.reports.jobs import run_export
from readiness.store.database import open_database
from readiness.store.export_queries import DateRange, iter_documents
from tests.core.reports.helpers import inputs
kind, db_path, out, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
db = open_database(db_path)
given = inputs()
ids = None
if limit:
    ids = [r[0] for r in db.execute(
        "SELECT id FROM assessments ORDER BY created, id LIMIT ?", [limit])]
start = time.perf_counter()
result = run_export(db, kind, Path(out), given, staff="BN", ids=ids)
elapsed = time.perf_counter() - start
# VmHWM, not ru_maxrss: on Linux ru_maxrss keeps the parent's high-water mark across exec.
status = Path("/proc/self/status")
if status.exists():
    line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
    peak = int(line.split()[1]) / 1024
else:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024  # macOS: bytes
print(json.dumps({"seconds": elapsed, "count": result.count, "peak_mb": peak}))
"""


def in_fresh_process(script: str, *args: str) -> dict[str, float]:
    """Run ``script`` with ``args`` in a new Python; its last line of output, read as JSON."""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True, cwd=root
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def export(kind: str, db_path: Path, out: Path, limit: int = 0) -> dict[str, float]:
    return in_fresh_process(EXPORT, kind, str(db_path), str(out), str(limit))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the filled database here")
    parser.add_argument("--skip-exports", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="readiness-bench-"))
    size = max(args.reports, 0 if args.skip_exports else args.assessments)
    path = args.keep or folder / "bench.db"
    if not path.exists():
        print(f"Filling {size:,} assessments (about 60 answers, 5 checks and a plan each) ...")
        print(f"  filled in {fill(path, size):.1f} s ({path.stat().st_size / 1e6:.0f} MB)")

    floor = floor_ms()
    figures = reports(path, args.reports)
    median = figures["render_median_ms"]
    print()
    print(f"Staff reports for {figures['count']:,.0f} assessments "
          f"(median {figures['pages_median']:.0f} pages)")  # fmt: skip
    print(f"{'floor: one page, same fonts':<40}{floor:>9.1f} ms")
    print(f"{'render one staff report (median)':<40}{median:>9.1f} ms  "
          f"ratio {median / floor:.1f} (goals: < 300 ms, <= 3x floor)")  # fmt: skip
    print(f"{'document + rules + render (median)':<40}{figures['end_to_end_median_ms']:>9.1f} ms")
    print(f"{'total for all, end to end':<40}{figures['total_s']:>9.1f} s")
    results: dict[str, object] = {"floor_ms": floor, **figures}
    if not args.skip_exports:
        print()
        print(f"Exports (fresh process each; goal for {args.assessments:,}: < 30 s, flat memory)")
        for kind in ("csv", "fhir"):
            for limit in (args.assessments // 10, 0):
                found = export(kind, path, folder / f"out.{kind}", limit)
                label = f"{kind} export of {found['count']:,.0f}"
                print(f"{label:<40}{found['seconds']:>9.1f} s   peak {found['peak_mb']:.0f} MB")
                results[f"{kind}_{int(found['count'])}"] = found
    print(json.dumps(results))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(peak memory of this process: {peak:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
