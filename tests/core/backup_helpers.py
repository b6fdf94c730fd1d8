"""What the backup tests share: keys, a clock, records with a marker, and backups of them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from readiness.protection.backups import BackupSet, database_name, make_backup
from readiness.store import repository
from readiness.store.database import connect, open_database
from readiness.store.keys import DatabaseKey

KEY = DatabaseKey.from_bytes(bytes(range(32)))
NEW_KEY = DatabaseKey.from_bytes(bytes(range(100, 132)))
MARKER = "ZQ-BACKUP-MARKER-51c9"
T0 = datetime(2026, 11, 23, 23, 59, 1, tzinfo=UTC)


def codes(path: Path, key: DatabaseKey = KEY) -> set[str]:
    conn = connect(path, key)
    try:
        return {row[0] for row in conn.execute("SELECT code FROM service_users")}
    finally:
        conn.close()


def fill(db_path: Path, *codes: str) -> None:
    db = open_database(db_path, key=KEY)
    for code in codes:
        repository.create_service_user(db, code, preferred_name=MARKER)
    db.close()


def many(db_path: Path, count: int, name: str | None = None) -> None:
    """Add ``count`` more service users in one transaction (fast: one sync, not ``count``)."""
    conn = connect(db_path, KEY)
    rows = [(f"bulk-{n}", f"ZZ99-{n:04d}", name, "2026-01-01T00:00:00+00:00") for n in range(count)]
    with conn:
        conn.executemany(
            "INSERT INTO service_users (id, code, preferred_name, created) VALUES (?, ?, ?, ?)",
            rows,
        )
    conn.close()


def backup_set(folder: Path, db_path: Path) -> BackupSet:
    """The backups of the database at ``db_path`` in ``folder``."""
    return BackupSet(folder, database_name(db_path))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".readiness"))


def make_one(db_path: Path, folder: Path, *, keep: int | None = 7, now: datetime = T0) -> Path:
    db = open_database(db_path, key=KEY)
    try:
        return make_backup(db, KEY, folder, keep=keep, now=now)
    finally:
        db.close()
