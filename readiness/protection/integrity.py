"""Checking that records and backups are whole: the backup check, and the last good backup.

``verify_backup`` checks a backup file before a restore (it opens with the key, is a
Readiness database from this version or older, and passes SQLite's full integrity
check). When the live records fail their quick check (``readiness.store.database.
check_integrity``: at the app's start, before a backup, before an export),
``last_good_backup`` finds the newest backup that passes ``verify_backup`` and
``damaged_records`` says so in one message naming both files, so the CLI and the app
can offer that backup.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.errors import DamagedDatabaseError, LockedDatabaseError, StoreError
from readiness.messages import M_, Message
from readiness.store import migrations
from readiness.store.database import connect
from readiness.store.sql_errors import DATABASE_ERRORS

if TYPE_CHECKING:
    import sqlite3

    from readiness.protection.backups import BackupInfo
    from readiness.store.keys import DatabaseKey


def verify_backup(path: Path, key: DatabaseKey, *, shown: Path | None = None) -> None:
    """Check that ``path`` opens with ``key``, is a Readiness database and is undamaged.

    ``path`` must be in a writable folder (``restore_backup`` checks a copy and
    names the original, ``shown``, in its messages).
    """
    path = Path(path)
    shown = shown or path
    try:
        conn = connect(path, key)
    except LockedDatabaseError:
        raise LockedDatabaseError(
            M_(
                "{path}: the passphrase does not open this backup, or the file is damaged. "
                "A backup made before the passphrase was changed needs the old passphrase.",
                path=str(shown),
            )
        ) from None
    except StoreError:
        raise StoreError(_damaged_backup(shown)) from None
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StoreError(_damaged_backup(shown))
        applied = _applied_migrations(conn)
        if not applied:
            raise StoreError(M_("{path}: this file is not a Readiness backup.", path=str(shown)))
        if set(applied) - set(migrations.known_names()):
            raise StoreError(
                M_(
                    "{path}: this backup was made by a newer version of Readiness; "
                    "update the app to restore it.",
                    path=str(shown),
                )
            )
    except DATABASE_ERRORS:
        raise StoreError(_damaged_backup(shown)) from None
    finally:
        conn.close()


def last_good_backup(backups: Sequence[BackupInfo], key: DatabaseKey) -> BackupInfo | None:
    """The newest of ``backups`` (newest first, as ``list_backups`` gives them) that checks out."""
    for info in backups:
        try:
            verify_backup(info.path, key)
        except StoreError:
            continue
        return info
    return None


def damaged_records(error: DamagedDatabaseError, backup: BackupInfo | None) -> DamagedDatabaseError:
    """``error`` again, its message now offering ``backup`` (or saying there is none)."""
    where = str(error.path)
    if backup is None:
        text = M_(
            "{path}: the records are damaged, and no backup that checks out was found. "
            "Nothing more was written to them. Copy the file somewhere safe and ask for help.",
            path=where,
        )
    else:
        text = M_(
            "{path}: the records are damaged. Nothing more was written to them. The last "
            "good backup is {backup} (made {time} UTC): restore it in Settings, Data "
            "protection, or with: readiness restore {backup}",
            path=where,
            backup=str(backup.path),
            time=backup.time.strftime("%Y-%m-%d %H:%M"),
        )
    return DamagedDatabaseError(text, error.path, backup.path if backup is not None else None)


def _damaged_backup(path: Path) -> Message:
    return M_("{path}: the backup is damaged or incomplete; choose another backup.", path=str(path))


def _applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """The Readiness migrations recorded in the database (none: not a Readiness file)."""
    table = migrations.MIGRATIONS.migrations_table
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if found is None:
        return []
    rows = conn.execute(
        f"SELECT name FROM [{table}] WHERE migration_set = ?", (migrations.MIGRATION_SET,)
    )
    return [str(row[0]) for row in rows]
