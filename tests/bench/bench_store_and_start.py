"""Benchmark: the database at 100,000 assessments, and the app's cold start.

Prints the time to open the database, to list page 1 and page 500, to search by
code, the process's peak memory, and the cold start of the GUI to its first shown
window next to a bare PySide6 window started the same way.

    python tests/bench/bench_store_and_start.py [--assessments 100000] [--keep PATH]

Goals (issue 2): each query under 50 ms, open under 200 ms on a 2-core machine;
the app's start at most 1.5 times the bare window's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from readiness.store import listing, repository
from readiness.store.database import open_database

QUESTIONNAIRES = ("access", "skills", "health_info", "communication", "preferences")
VALUES = ('"yes"', '"no"', "true", "false", "1", "3", '["smartphone","laptop"]', '"often"')

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1000, 680)
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
"""


def fill(path: Path, count: int, answers_per: int = 40) -> float:
    """Fill a new database with ``count`` assessments of ``answers_per`` answers each."""
    started = time.perf_counter()
    db = open_database(path)
    conn = db.conn
    rng = random.Random(7)
    base = datetime(2024, 1, 1, tzinfo=UTC)
    users: list[str] = []
    with db.atomic():
        for index in range(max(1, count // 4)):
            user_id = str(uuid.UUID(int=rng.getrandbits(128)))
            users.append(user_id)
            conn.execute(
                "INSERT INTO service_users (id, code, created) VALUES (?, ?, ?)",
                (
                    user_id,
                    f"{chr(65 + index % 26)}{chr(65 + index // 26 % 26)}{index:06}",
                    base.isoformat(),
                ),
            )
    batch: list[tuple[object, ...]] = []
    for index in range(count):
        assessment_id = str(uuid.UUID(int=rng.getrandbits(128)))
        created = (base + timedelta(minutes=7 * index)).isoformat(timespec="microseconds")
        status = "complete" if index % 5 else "draft"
        locale = "es" if index % 3 == 0 else "en"
        user_id = users[index % len(users)]
        batch.append((assessment_id, user_id, created, created, status, locale, "MJ", "0.1.0"))
        if len(batch) >= 2000 or index == count - 1:
            with db.atomic():
                conn.executemany(
                    "INSERT INTO assessments (id, service_user_id, created, updated, status,"
                    " locale, staff_initials, app_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    batch,
                )
                conn.executemany(
                    "INSERT INTO answers (assessment_id, questionnaire_id, item_id, value_json,"
                    " missing, answered_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (
                            row[0],
                            QUESTIONNAIRES[item % 5],
                            f"{QUESTIONNAIRES[item % 5]}.item_{item}",
                            None if item % 13 == 0 else VALUES[(item + i) % len(VALUES)],
                            "declined" if item % 13 == 0 else None,
                            row[2],
                        )
                        for i, row in enumerate(batch)
                        for item in range(answers_per)
                    ],
                )
            batch.clear()
    db.close()
    return time.perf_counter() - started


def timed(fn: object, repeat: int = 5) -> float:
    """Median wall time of ``fn()`` in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def start_time(command: list[str], env: dict[str, str], marker: str, repeat: int = 5) -> float:
    """Median seconds from launching ``command`` to it printing ``marker``."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip() == marker:
                samples.append(time.perf_counter() - start)
                break
        process.wait(timeout=60)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the filled database here")
    parser.add_argument(
        "--platform",
        default="offscreen",
        help="Qt platform for the start-up figures: offscreen, or xcb under Xvfb (xvfb-run)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="readiness-bench-"))
    path = args.keep or folder / "bench.db"
    if not path.exists():
        print(f"Filling {args.assessments:,} assessments x 40 answers ...", flush=True)
        print(
            f"  filled in {fill(path, args.assessments):.1f} s ({path.stat().st_size / 1e6:.0f} MB)"
        )

    open_ms = timed(lambda: open_database(path).close())
    db = open_database(path)
    page1 = timed(lambda: listing.list_assessments(db, page=1))
    page500 = timed(lambda: listing.list_assessments(db, page=500))
    search = timed(lambda: listing.list_assessments(db, code_prefix="KB0"))
    search_exact = timed(lambda: repository.find_service_user(db, "KB000036"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print()
    print(f"{'measure':<34}{'median':>10}  goal")
    print(f"{'open database':<34}{open_ms:>8.1f} ms  < 200 ms")
    print(f"{'list page 1 (50 rows)':<34}{page1:>8.1f} ms  < 50 ms")
    print(f"{'list page 500 (offset 24,950)':<34}{page500:>8.1f} ms  < 50 ms")
    print(f"{'search by code prefix':<34}{search:>8.1f} ms  < 50 ms")
    print(f"{'find one code':<34}{search_exact:>8.1f} ms  < 50 ms")
    print(f"{'peak memory of this process':<34}{peak_mb:>8.0f} MB")

    env = {**os.environ, "READINESS_BENCH_STARTUP": "1"}
    env["QT_QPA_PLATFORM"] = args.platform
    bare = start_time([sys.executable, "-c", BARE_WINDOW], env, "shown")
    app_cmd = [sys.executable, "-m", "readiness_ui", "--db", str(path)]
    shown = start_time(app_cmd, env, "shown")
    ready = start_time(app_cmd, env, "ready")
    print()
    print(f"GUI cold start (platform {env['QT_QPA_PLATFORM']}, median of 5)")
    print(f"{'bare PySide6 window shown':<34}{bare:>8.2f} s")
    print(
        f"{'Readiness main window shown':<34}{shown:>8.2f} s  "
        f"ratio {shown / bare:.2f} (goal <= 1.5)"
    )
    print(f"{'Readiness Home filled (100k db)':<34}{ready:>8.2f} s  ratio {ready / bare:.2f}")
    print(
        json.dumps(
            {
                "open_ms": open_ms,
                "page1_ms": page1,
                "page500_ms": page500,
                "search_ms": search,
                "peak_mb": peak_mb,
                "bare_s": bare,
                "shown_s": shown,
                "ready_s": ready,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
