"""The benchmarks' databases: encrypted like real records, opened with real key derivation.

Every benchmark that reads records uses these: SQLCipher files keyed with a passphrase
(``bench_key``), so each fresh open stretches it (PBKDF2-HMAC-SHA512, 256,000 rounds)
exactly as the app does. Large ones take minutes to fill, so each is kept in
``cache_folder()`` (the system's temporary folder, or ``$READINESS_BENCH_CACHE``; never
the repository) and reused by later runs. Two shapes:

- ``answers_database``: assessments with ``answers_per`` answers each (40 by default),
  a quarter as many people; what Home lists and what a backup copies.
- ``documents_database``: complete, realistic assessment documents (about 60 answers,
  5 check results and a plan each) with the results kept at completion (issue 19),
  what reports and exports read.

``passphrase_file()`` holds the passphrase for ``READINESS_PASSPHRASE_FILE``, so the
app opens these without a dialog, as a scripted run.
"""

from __future__ import annotations

import os
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey

PASSPHRASE = "bench only: seven horses ate the blue fence"
QUESTIONNAIRES = ("access", "skills", "health_info", "communication", "preferences")
VALUES = ('"yes"', '"no"', "true", "false", "1", "3", '["smartphone","laptop"]', '"often"')


def bench_key() -> DatabaseKey:
    """The benchmarks' key: a passphrase, stretched by every fresh open (as the app's is)."""
    return DatabaseKey.from_passphrase(PASSPHRASE)


def cache_folder() -> Path:
    """Where the filled databases are kept between runs (created 0700)."""
    import tempfile

    base = os.environ.get("READINESS_BENCH_CACHE") or tempfile.gettempdir()
    folder = Path(base) / "readiness-bench"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def passphrase_file() -> Path:
    """A 0600 file holding the passphrase, for ``READINESS_PASSPHRASE_FILE``."""
    path = cache_folder() / "passphrase.txt"
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def answers_database(count: int, answers_per: int = 40) -> Path:
    """The cached database of ``count`` assessments with ``answers_per`` answers each."""
    path = cache_folder() / f"answers-{count}-{answers_per}.db"
    if not path.exists():
        _filled(path, lambda target: fill_answers(target, count, answers_per, key=bench_key()))
    return path


def documents_database(count: int) -> Path:
    """The cached database of ``count`` complete, realistic assessment documents."""
    path = cache_folder() / f"documents-{count}-results.db"
    if not path.exists():
        from tests.bench.bench_reports import fill

        _filled(path, lambda target: fill(target, count, key=bench_key()))
    return path


def results_missing(path: Path) -> int:
    """How many completed assessments in ``path`` have no kept result (0 once filled)."""
    db = open_database(path, key=bench_key())
    try:
        return int(
            db.execute(
                "SELECT count(*) FROM assessments a WHERE a.status = 'complete' AND NOT EXISTS "
                "(SELECT 1 FROM assessment_results r WHERE r.assessment_id = a.id)"
            ).fetchone()[0]
        )
    finally:
        db.close()


def _filled(path: Path, fill: object) -> None:
    """Fill under a temporary name, then rename: an interrupted fill is never reused."""
    partial = path.with_name(path.name + ".filling")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    print(f"  filling {path.name} (kept for later runs) ...", flush=True)
    seconds = fill(partial)  # type: ignore[operator]
    db = open_database(partial, key=bench_key())
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    partial.rename(path)
    size = path.stat().st_size / 1e6
    print(f"  filled in {seconds:.0f} s ({size:.0f} MB)", flush=True)


def fill_answers(
    path: Path, count: int, answers_per: int = 40, *, key: DatabaseKey | None = None
) -> float:
    """Fill a new database with ``count`` assessments of ``answers_per`` answers each, and
    a quarter as many people; returns the seconds it took."""
    started = time.perf_counter()
    db = open_database(path, key=key)
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
