"""When the app backs up on its own: in the background after it starts, at most daily.

The app never backs up when it closes, so closing never waits for a copy. Instead,
right after the records open (and again every hour the app stays open),
``check_or_back_up`` runs on a worker with its own connection: when the newest
backup of these records is older than the interval the agency set (Settings
``backup_every_days``, one day at the least), it makes one, whose check reads every
page of the records as copied; otherwise it checks the records themselves
(``PRAGMA quick_check``), so damage is found at start either way, with one reading
of the file. Both watch a ``CancelToken``: closing the app cancels them at once and
a half-made backup leaves nothing behind. A crash loses no backup: the next start
makes the one that is due.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from readiness.progress import CancelToken
from readiness.protection.backup_names import BackupSet, database_name, list_backups
from readiness.protection.backups import make_backup
from readiness.settings import Settings
from readiness.store.database import DatabaseLocation, check_integrity, connect
from readiness.store.keys import DatabaseKey


@dataclass(frozen=True)
class BackupPolicy:
    """What the agency asked of the automatic backups (from Settings)."""

    keep: int = 7
    """How many to keep (0: no automatic backups)."""
    megabytes: int = 0
    """The most space the kept backups take together (0: no limit)."""
    every: timedelta = timedelta(days=1)
    """How old the newest may be before another is made."""

    @classmethod
    def from_settings(cls, settings: Settings) -> BackupPolicy:
        return cls(
            settings.backup_count,
            settings.backup_megabytes,
            timedelta(days=max(1, settings.backup_every_days)),
        )


def backup_due(
    backups: BackupSet, now: datetime | None = None, every: timedelta = timedelta(days=1)
) -> bool:
    """Whether the newest backup of the set is at least ``every`` old (or there is none).

    A newest backup dated in the future (the clock was wrong) also makes one due.
    """
    found = list_backups(backups)
    if not found:
        return True
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    age = moment - found[0].time
    return age >= every or age < timedelta(0)


def backup_if_due(
    location: DatabaseLocation,
    folder: Path,
    policy: BackupPolicy,
    *,
    now: datetime | None = None,
    cancel: CancelToken | None = None,
) -> Path | None:
    """The automatic backup, made on its own connection (safe on a worker thread).

    Returns None when nothing was due: a practice database, no automatic backups in
    Settings, or a backup newer than ``policy.every``.
    """
    if location.key is None or not _due(location, folder, policy, now):
        return None
    conn = connect(location.path, location.key)
    try:
        return _make(conn, location.key, folder, policy, now=now, cancel=cancel)
    finally:
        conn.close()


def check_or_back_up(
    location: DatabaseLocation,
    folder: Path,
    policy: BackupPolicy,
    *,
    now: datetime | None = None,
    cancel: CancelToken | None = None,
) -> Path | None:
    """At start: the automatic backup if one is due (returned), else the records' check.

    Raises ``DamagedDatabaseError`` when the records are damaged (no backup is made
    of them), ``Cancelled`` when ``cancel`` is set meanwhile.
    """
    conn = connect(location.path, location.key)
    try:
        if location.key is not None and _due(location, folder, policy, now):
            return _make(conn, location.key, folder, policy, now=now, cancel=cancel)
        check_integrity(conn, cancel)
        return None
    finally:
        conn.close()


def _due(
    location: DatabaseLocation, folder: Path, policy: BackupPolicy, now: datetime | None
) -> bool:
    if location.key is None or policy.keep <= 0 or not location.path.is_file():
        return False
    return backup_due(BackupSet(Path(folder), database_name(location.path)), now, policy.every)


def _make(
    conn: sqlite3.Connection,
    key: DatabaseKey,
    folder: Path,
    policy: BackupPolicy,
    *,
    now: datetime | None,
    cancel: CancelToken | None,
) -> Path:
    return make_backup(
        conn, key, folder, keep=policy.keep, megabytes=policy.megabytes, now=now, cancel=cancel
    )
