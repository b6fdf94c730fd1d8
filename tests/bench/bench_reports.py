"""Benchmark: staff reports for 1,000 assessments, beside a one-page document.

Renders the staff report of each of ``--reports`` assessments read from an encrypted
database of realistic documents (opened with its passphrase: real key derivation),
and after each, its floor: a one-page reportlab document with the same embedded fonts
built the same way (interleaved). Prints the medians, the ratio, and the time end to
end (read the document and its kept result, lay out). The exports are
``tests/bench/bench_exports.py``.

    python -m tests.bench.bench_reports [--reports 1000]

Goals (issue 8): under 300 ms per report and at most 3 times the floor. ``fill`` makes
the realistic databases (``tests/bench/databases.py`` keeps them), each completed
assessment with its result kept as the app keeps it at completion.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey
from tests.bench.databases import bench_key, documents_database
from tests.bench.timing import Row, as_json, print_table
from tests.core.reports.samples import BASE_TIME, filled_document
from tests.factories import import_into

if TYPE_CHECKING:
    from sqlite_utils import Database

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
        import_into(db, document)
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
    keep_results(db)
    db.close()
    return time.perf_counter() - started


def keep_results(db: Database) -> None:
    """Keep each completed assessment's result as completing it in the app does: worked out
    with the rules in force (``IntakeSession.complete``), stamped with its completion time."""
    from readiness.interpret import interpret
    from readiness.settings import Settings
    from readiness.store import results
    from readiness.store.export_queries import iter_documents
    from readiness.store.results import Basis, make_stored

    interpretation = interpret(Settings())
    made = []
    for document in iter_documents(db):
        completed = document.assessment.completed
        if completed is None:
            continue
        result = interpretation.assess(document)
        made.append(make_stored(result, interpretation.version, completed, Basis.COMPLETED))
        if len(made) >= 2000:
            with db.atomic():
                for stored in made:
                    results.save(db, stored)
            made.clear()
    with db.atomic():
        for stored in made:
            results.save(db, stored)


def one_page() -> Callable[[], bytes]:
    """The floor: a one-page document with the three embedded faces, through the reports'
    own build."""
    from readiness.reports.fonts import BOLD, OBLIQUE, REGULAR
    from readiness.reports.pdf_common import PdfMeta, build_pdf, staff_styles
    from readiness.reports.pdf_tables import para

    styles = staff_styles()
    meta = PdfMeta("Floor", "Readiness", "floor", "es-US")
    assert {styles.title.fontName, styles.body.fontName, styles.note.fontName} == {
        BOLD,
        REGULAR,
        OBLIQUE,
    }

    def one() -> bytes:
        story = [
            para("Informe de preparación digital: Núñez", styles.title),
            para("Página uno, en negrita y cursiva.", styles.body),
            para("Cursiva", styles.note),
        ]
        return build_pdf(story, meta, lambda _c, _p, _n: None)

    return one


def reports(path: Path, count: int) -> dict[str, float]:
    from readiness.reports.jobs import report_for
    from readiness.reports.pdf import render_report
    from readiness.session.decided import Decisions
    from readiness.store.export_queries import iter_documents
    from tests.core.reports.helpers import inputs

    db = open_database(path, key=bench_key())
    given = inputs()
    decisions = Decisions(given, db)
    floor = one_page()
    floor()  # warm: fonts loaded on both sides
    render, whole, floors, pages = [], [], [], []
    started = time.perf_counter()
    for document in decisions.over(iter_documents(db)):
        if len(whole) == count:
            break
        begin = time.perf_counter()
        data = report_for(document, given, document.assessment.locale, decisions.of(document))
        mid = time.perf_counter()
        pdf = render_report(data, "staff")
        end = time.perf_counter()
        floor()
        floors.append((time.perf_counter() - end) * 1000)
        render.append((end - mid) * 1000)
        whole.append((end - begin) * 1000)
        pages.append(pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page"))
    total = time.perf_counter() - started
    db.close()
    return {
        "render_median_ms": statistics.median(render),
        "floor_ms": statistics.median(floors),
        "end_to_end_median_ms": statistics.median(whole),
        "total_s": total,
        "count": len(whole),
        "pages_median": statistics.median(pages),
    }


def rows(count: int) -> list[Row]:
    figures = reports(documents_database(max(count, 1000)), count)
    return [
        Row(
            f"render one staff report (median {figures['pages_median']:.0f} pages)",
            figures["render_median_ms"],
            figures["floor_ms"],
            unit="ms",
            goal_ratio=3.0,
            floor_name="a one-page document, same fonts",
            note=f"end to end {figures['end_to_end_median_ms']:.1f} ms (document + rules + render)",
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    found = rows(args.reports)
    print_table(found, f"Staff reports for {args.reports:,} assessments (interleaved)")
    print(as_json(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
