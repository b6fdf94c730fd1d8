"""Encrypted backups of the database: make, list, rotate, restore and re-key them.

A backup is a whole copy made with SQLite's online backup API, so it is consistent
even while the app is writing, and it is encrypted with the database key exactly
like the live file (SQLCipher re-encrypts every page it copies): a backup never
holds plain text. Each is written under a neutral temporary name, checked with
``PRAGMA quick_check`` through a fresh connection, and only then renamed to
``readiness-YYYYMMDDTHHMMSSZ.db`` (UTC, so names sort by time), so a crash never
leaves a half file that looks like a backup. Files are 0600 in a 0700 folder. The
records themselves are checked (``PRAGMA quick_check``) before they are copied:
damaged records are never backed up.

When they happen (the app's choice, see ``backup_if_due``): when the app closes,
at start-up if the newest backup is more than a day old (a crash skips the close),
and always before a restore (so a restore can be undone). Rotation keeps the newest
``backup_count`` (Settings). Practice databases (plain, fictional people) are not
backed up. A backup made before a passphrase change needs the old passphrase;
``rekey_backups`` re-encrypts them when the passphrase changes, and
``restore_backup`` accepts the old key and gives the restored file the current one.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from readiness.errors import (
    DamagedDatabaseError,
    LockedDatabaseError,
    NotEncryptedError,
    StoreError,
)
from readiness.messages import M_
from readiness.protection.backup_files import (
    commit,
    copy_database,
    copy_file,
    prepare_folder,
    sibling,
    temporary_file,
)
from readiness.protection.integrity import damaged_records, last_good_backup, verify_backup
from readiness.store.database import DatabaseLocation, check_integrity, connect, is_encrypted
from readiness.store.keys import DatabaseKey
from readiness.store.sql_errors import DATABASE_ERRORS

BACKUP_FOLDER_NAME = "backups"
_NAME = re.compile(r"^readiness-(\d{8}T\d{6}Z)(?:-(\d{1,4}))?\.db$")
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True, order=True)
class BackupInfo:
    """One backup file: when it was made (UTC, from its name) and its size in bytes."""

    time: datetime
    sequence: int = field(compare=True)
    """Tells apart backups made in the same second (0 for the first)."""
    path: Path = field(compare=False)
    size: int = field(compare=False)


@dataclass(frozen=True)
class RekeyResult:
    """What ``rekey_backups`` did to each backup in the folder."""

    rekeyed: tuple[Path, ...] = ()
    already_current: tuple[Path, ...] = ()
    """Backups the new key already opens."""
    unreadable: tuple[Path, ...] = ()
    """Backups neither key opens (or damaged ones); left as they were."""


def backup_folder_for(db_path: Path, configured: str = "") -> Path:
    """The backup folder: the one set in Settings, or ``backups`` beside the database."""
    if configured.strip():
        return Path(configured.strip()).expanduser()
    return Path(db_path).parent / BACKUP_FOLDER_NAME


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first (other files are ignored)."""
    found = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    for path in entries:
        match = _NAME.match(path.name)
        if match is None:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        moment = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        found.append(BackupInfo(moment, int(match.group(2) or 0), path, size))
    return sorted(found, reverse=True)


def backup_due(
    folder: Path, now: datetime | None = None, every: timedelta = timedelta(days=1)
) -> bool:
    """Whether the newest backup in ``folder`` is at least ``every`` old (or there is none).

    A newest backup dated in the future (the clock was wrong) also makes one due.
    """
    backups = list_backups(folder)
    if not backups:
        return True
    age = _utc(now) - backups[0].time
    return age >= every or age < timedelta(0)


def make_backup(
    db: Database | sqlite3.Connection,
    key: DatabaseKey,
    folder: Path,
    *,
    keep: int | None,
    now: datetime | None = None,
) -> Path:
    """Back up the open encrypted database ``db`` into ``folder``; returns the new file.

    The copy is encrypted with ``key`` (normally the database's own key). ``keep``
    is how many backups to leave in the folder afterwards, oldest removed first;
    ``None`` removes none (the copy saved before a restore). Records that fail their
    integrity check are not backed up (``DamagedDatabaseError``): a damaged copy
    would count as the newest backup and rotation would remove a good one.
    """
    conn = db.conn if isinstance(db, Database) else db
    if type(conn).__module__.split(".")[0] == "sqlite3":
        raise NotEncryptedError(M_("Practice databases are not backed up."))
    check_integrity(conn)
    folder = Path(folder)
    moment = _utc(now)
    prepare_folder(folder)
    with temporary_file(folder) as temp:
        copy_database(conn, temp, key, folder)
        final = _free_name(folder, moment)
        commit(temp, final, folder)
    if keep is not None:
        rotate_backups(folder, keep)
    return final


def backup_if_due(
    location: DatabaseLocation,
    folder: Path,
    *,
    keep: int,
    now: datetime | None = None,
    every: timedelta = timedelta(days=1),
) -> Path | None:
    """The automatic backup: made on its own connection (safe on a worker thread).

    Returns None when nothing was due: a practice database, ``keep`` 0 (backups
    turned off in Settings), or a backup newer than ``every`` exists. At start-up
    use the default ``every``; when the app closes pass ``timedelta(0)``.
    """
    if location.key is None or keep <= 0 or not location.path.is_file():
        return None
    if not backup_due(folder, now, every):
        return None
    conn = connect(location.path, location.key)
    try:
        return make_backup(conn, location.key, folder, keep=keep, now=now)
    finally:
        conn.close()


def offer_last_good_backup(
    error: DamagedDatabaseError, folder: Path, key: DatabaseKey | None
) -> DamagedDatabaseError:
    """``error`` naming the newest backup in ``folder`` that checks out (or saying there is
    none), for the CLI and the app to offer; practice records (no ``key``) have no backups."""
    backups = list_backups(folder) if key is not None else []
    return damaged_records(error, last_good_backup(backups, key) if key is not None else None)


def rotate_backups(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups in ``folder``; returns those removed."""
    removed = []
    for old in list_backups(folder)[max(keep, 0) :]:
        with contextlib.suppress(OSError):  # one that cannot go stays; the next rotation retries
            old.path.unlink()
            removed.append(old.path)
    return removed


def restore_backup(
    backup_path: Path,
    db_path: Path,
    key: DatabaseKey,
    *,
    backup_key: DatabaseKey | None = None,
    folder: Path | None = None,
    now: datetime | None = None,
) -> Path | None:
    """Replace the database at ``db_path`` with the backup; returns the copy saved first.

    ``key`` is the database's current key; the restored file is encrypted with it.
    ``backup_key`` opens the backup when it differs (made before a passphrase
    change). The backup is copied beside the database and fully checked before the
    live file is touched; the current database is then saved as a backup in
    ``folder`` (default: ``backups`` beside it) so the restore can be undone, its
    WAL is folded in and removed, and the checked copy replaces it in one rename.
    Every connection to the database must be closed first. Returns None when there
    was no current database to save.
    """
    backup_path, db_path = Path(backup_path), Path(db_path)
    folder = Path(folder) if folder is not None else backup_folder_for(db_path)
    _check_backup_file(backup_path)
    if db_path.exists() and db_path.stat().st_size > 0 and not is_encrypted(db_path):
        raise NotEncryptedError(
            M_(
                "{path}: this is a practice database; practice databases have no backups.",
                path=str(db_path),
            )
        )
    if not db_path.parent.is_dir():
        raise StoreError(M_("{path}: this folder does not exist.", path=str(db_path.parent)))
    opener = backup_key or key
    with temporary_file(db_path.parent) as copied, temporary_file(db_path.parent) as rekeyed:
        copy_file(backup_path, copied, db_path.parent)
        verify_backup(copied, opener, shown=backup_path)
        restored = copied
        if opener != key:  # give the restored file the database's current key
            source = connect(copied, opener)
            try:
                copy_database(source, rekeyed, key, db_path.parent)
            finally:
                source.close()
            restored = rekeyed
        saved = _save_current(db_path, key, folder, now)
        # The old WAL must go before the new file arrives: SQLite would replay it onto it.
        for stale in (sibling(db_path, "-wal"), sibling(db_path, "-shm")):
            stale.unlink(missing_ok=True)
        commit(restored, db_path, db_path.parent)
    return saved


def rekey_backups(folder: Path, old_key: DatabaseKey, new_key: DatabaseKey) -> RekeyResult:
    """Re-encrypt every backup in ``folder`` from ``old_key`` to ``new_key``.

    Call after the database passphrase changes, so old backups open with the new
    one. Each backup is re-encrypted into a checked copy that then replaces it; one
    that neither key opens is left alone and listed in ``unreadable``.
    """
    folder = Path(folder)
    rekeyed: list[Path] = []
    current: list[Path] = []
    unreadable: list[Path] = []
    for info in list_backups(folder):
        try:
            source = connect(info.path, old_key)
        except LockedDatabaseError:
            (current if _opens(info.path, new_key) else unreadable).append(info.path)
            continue
        except StoreError:
            unreadable.append(info.path)
            continue
        try:
            if _damaged_live(source):
                unreadable.append(info.path)
                continue
            # Past this point a failure is a write problem (space, permission): raise it.
            with temporary_file(folder) as temp:
                copy_database(source, temp, new_key, folder)
                source.close()  # before the rename: Windows cannot replace an open file
                commit(temp, info.path, folder)
        finally:
            source.close()
        rekeyed.append(info.path)
    return RekeyResult(tuple(rekeyed), tuple(current), tuple(unreadable))


# -- the steps ---------------------------------------------------------------------------


def _utc(now: datetime | None) -> datetime:
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("backup times must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0)


def _free_name(folder: Path, moment: datetime) -> Path:
    stamp = moment.strftime(_STAMP)
    for sequence in range(10_000):
        name = f"readiness-{stamp}.db" if sequence == 0 else f"readiness-{stamp}-{sequence}.db"
        if not (folder / name).exists():
            return folder / name
    raise StoreError(M_("{path}: too many backups made in one second.", path=str(folder)))


def _save_current(
    db_path: Path, key: DatabaseKey, folder: Path, now: datetime | None
) -> Path | None:
    """Save the live database as a backup before a restore replaces it.

    The live file is locked exclusively first, so a database still open in the app
    (or another program) is refused rather than swapped underneath it. A live file
    the key does not open, or a damaged one, is kept byte for byte (it is still
    encrypted) as ``unreadable-….db`` instead.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        conn = connect(db_path, key)
    except StoreError:
        return _keep_unreadable(db_path, folder, now)
    try:
        try:
            conn.execute("PRAGMA busy_timeout = 0")
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("ROLLBACK")
        except DATABASE_ERRORS:
            raise StoreError(
                M_(
                    "{path}: the database is open in Readiness or another program; close it first.",
                    path=str(db_path),
                )
            ) from None
        try:
            return make_backup(conn, key, folder, keep=None, now=now)
        except StoreError:
            if not _damaged_live(conn):
                raise
    finally:
        conn.close()
    return _keep_unreadable(db_path, folder, now)


def _damaged_live(conn: sqlite3.Connection) -> bool:
    """Whether the open database fails ``quick_check`` (or cannot even run it)."""
    try:
        return bool(conn.execute("PRAGMA quick_check").fetchone()[0] != "ok")
    except DATABASE_ERRORS:
        return True


def _keep_unreadable(db_path: Path, folder: Path, now: datetime | None) -> Path:
    prepare_folder(folder)
    stamp = _utc(now).strftime(_STAMP)
    target = folder / f"unreadable-{stamp}.db"
    for suffix in ("", "-wal"):
        source = sibling(db_path, suffix)
        if source.exists():
            with temporary_file(folder) as temp:
                copy_file(source, temp, folder)
                commit(temp, sibling(target, suffix), folder)
    return target


def _opens(path: Path, key: DatabaseKey) -> bool:
    try:
        connect(path, key).close()
    except StoreError:
        return False
    return True


def _check_backup_file(path: Path) -> None:
    if not path.exists():
        raise StoreError(M_("{path}: there is no such backup file.", path=str(path)))
    if not path.is_file():
        raise StoreError(M_("{path}: this is a folder, not a backup file.", path=str(path)))
    if not is_encrypted(path):
        raise StoreError(M_("{path}: this is not an encrypted Readiness backup.", path=str(path)))
