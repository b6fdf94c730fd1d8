"""Encrypted backups of the database: make, list, rotate, restore and re-key them.

A backup is a whole copy of the encrypted file, consistent even while the app is
writing (``readiness.protection.backup_copy``): with the database's own key it is the
file's encrypted bytes copied as they are (a file copy, not a decrypt and re-encrypt);
a copy under another key (a restore or re-key across a passphrase change) goes page by
page through SQLite's backup API. A backup never holds plain text. Each is written
under a neutral temporary name, opened with the key and read page by page
(``PRAGMA quick_check``), and only then renamed to its name
(``readiness.protection.backup_names``: per database, with the UTC time), so a crash
never leaves a half file that looks like a backup. Files are 0600 in a 0700 folder.
Damaged records are never backed up: a copy that fails its check is not kept, and the
records are then checked themselves to say which it was.

When the automatic ones happen is ``readiness.protection.automatic_backup``; one is
always made before a restore (so a restore can be undone). Rotation
keeps the newest ``backup_count`` as far as they fit together in ``backup_megabytes``
(the newest is always kept). Practice databases (plain, fictional people) are not
backed up. A backup made before a passphrase change needs the old passphrase;
``rekey_backups`` re-encrypts them when the passphrase changes, and ``restore_backup``
accepts the old key and gives the restored file the current one.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from readiness.errors import (
    DamagedDatabaseError,
    LockedDatabaseError,
    NotEncryptedError,
    StoreError,
)
from readiness.messages import M_
from readiness.progress import CancelToken
from readiness.protection.backup_copy import check_copy, not_kept, quick_check, snapshot_copy
from readiness.protection.backup_files import (
    commit,
    copy_database,
    copy_file,
    prepare_folder,
    sibling,
    temporary_file,
    write_failure,
)
from readiness.protection.backup_names import (
    BACKUP_FOLDER_NAME,
    STAMP,
    BackupInfo,
    BackupSet,
    backup_folder_for,
    backup_set_for,
    database_name,
    free_name,
    list_backups,
)
from readiness.protection.integrity import damaged_records, last_good_backup, verify_backup
from readiness.store.database import (
    check_integrity,
    connect,
    database_file,
)
from readiness.store.keys import DatabaseKey, is_encrypted
from readiness.store.sql_errors import DATABASE_ERRORS

__all__ = [
    "BACKUP_FOLDER_NAME",
    "BackupInfo",
    "BackupSet",
    "RekeyResult",
    "backup_folder_for",
    "backup_set_for",
    "database_name",
    "kept_backups",
    "list_backups",
    "make_backup",
    "offer_last_good_backup",
    "rekey_backups",
    "restore_backup",
    "rotate_backups",
]

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class RekeyResult:
    """What ``rekey_backups`` did to each backup in the folder."""

    rekeyed: tuple[Path, ...] = ()
    already_current: tuple[Path, ...] = ()
    """Backups the new key already opens."""
    unreadable: tuple[Path, ...] = ()
    """Backups neither key opens (or damaged ones); left as they were."""


def make_backup(
    db: Database | sqlite3.Connection,
    key: DatabaseKey,
    folder: Path,
    *,
    keep: int | None,
    megabytes: int = 0,
    now: datetime | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Back up the open encrypted database ``db`` into ``folder``; returns the new file.

    ``key`` is the database's own key: the copy is made with it and opened with it to
    be checked. Afterwards the newest ``keep`` backups of this database are kept, as
    far as they fit together in ``megabytes`` (0: any size); ``keep`` None removes
    none (the copy saved before a restore). Records that fail their integrity check
    are not backed up (``DamagedDatabaseError``): a damaged copy would count as the
    newest backup and rotation would remove a good one. ``cancel`` stops the copy and
    its check (``Cancelled``), leaving nothing behind.
    """
    conn = db.conn if isinstance(db, Database) else db
    if type(conn).__module__.split(".")[0] == "sqlite3":
        raise NotEncryptedError(M_("Practice databases are not backed up."))
    backups = BackupSet(Path(folder), database_name(database_file(conn)))
    moment = _utc(now)
    prepare_folder(backups.folder)
    with temporary_file(backups.folder) as temp:
        try:
            copied = snapshot_copy(conn, temp, cancel)
        except OSError as exc:
            raise write_failure(exc, backups.folder) from None
        except DATABASE_ERRORS as exc:
            raise write_failure(exc, backups.folder) from None
        if copied:
            try:
                checked = check_copy(temp, key, cancel)
            except DATABASE_ERRORS as exc:
                raise write_failure(exc, backups.folder) from None
            if not checked:
                check_integrity(conn)  # damaged records say so; otherwise the copy went wrong
                raise not_kept(backups.folder)
        else:  # no quiet moment: copy page by page, which waits for no one
            try:
                copy_database(conn, temp, key, backups.folder, cancel)
            except StoreError:
                check_integrity(conn)
                raise
        final = free_name(backups, moment)
        commit(temp, final, backups.folder)
    if keep is not None:
        rotate_backups(backups, keep, megabytes)
    return final


def offer_last_good_backup(
    error: DamagedDatabaseError, folder: Path, key: DatabaseKey | None
) -> DamagedDatabaseError:
    """``error`` naming the newest backup of the damaged records in ``folder`` that checks
    out (or saying there is none), for the CLI and the app to offer; practice records (no
    ``key``) have no backups."""
    if key is None:
        return damaged_records(error, None)
    backups = list_backups(BackupSet(Path(folder), database_name(error.path)))
    return damaged_records(error, last_good_backup(backups, key))


def kept_backups(backups: list[BackupInfo], keep: int, megabytes: int = 0) -> list[BackupInfo]:
    """Of ``backups`` (newest first), those rotation keeps: the newest ``keep``, as far as
    they fit together in ``megabytes`` (0: any size). The newest is kept whatever its size:
    one backup too large is better than none."""
    kept: list[BackupInfo] = []
    total = 0
    for info in backups[: max(keep, 0)]:
        total += info.size
        if kept and megabytes > 0 and total > megabytes * MEGABYTE:
            break
        kept.append(info)
    return kept


def rotate_backups(backups: BackupSet, keep: int, megabytes: int = 0) -> list[Path]:
    """Remove the backups of the set that ``kept_backups`` does not keep; returns those
    removed."""
    found = list_backups(backups)
    kept = {info.path for info in kept_backups(found, keep, megabytes)}
    removed = []
    for old in found:
        if old.path in kept:
            continue
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


def rekey_backups(backups: BackupSet, old_key: DatabaseKey, new_key: DatabaseKey) -> RekeyResult:
    """Re-encrypt every backup of the set from ``old_key`` to ``new_key``.

    Call after the database passphrase changes, so old backups open with the new
    one. Each backup is re-encrypted into a checked copy that then replaces it; one
    that neither key opens is left alone and listed in ``unreadable``.
    """
    folder = backups.folder
    rekeyed: list[Path] = []
    current: list[Path] = []
    unreadable: list[Path] = []
    for info in list_backups(backups):
        try:
            source = connect(info.path, old_key)
        except LockedDatabaseError:
            (current if _opens(info.path, new_key) else unreadable).append(info.path)
            continue
        except StoreError:
            unreadable.append(info.path)
            continue
        try:
            if not quick_check(source):
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
            if quick_check(conn):
                raise
    finally:
        conn.close()
    return _keep_unreadable(db_path, folder, now)


def _keep_unreadable(db_path: Path, folder: Path, now: datetime | None) -> Path:
    prepare_folder(folder)
    stamp = _utc(now).strftime(STAMP)
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
