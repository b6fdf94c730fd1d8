"""The file steps behind backups: neutral temporary files, checked copies, durable renames.

Every backup, restore and re-key writes a new file under a neutral temporary name
(``.readiness-backup-XXXX.part``, never a person's code) in the folder it ends up
in, checks it, and renames it into place; the temporary file is removed whatever
happens. A failed write becomes one clear ``StoreError`` naming the folder: no
free space, no permission, or the reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from readiness.errors import StoreError
from readiness.messages import M_
from readiness.progress import CancelToken
from readiness.protection.backup_copy import check_copy, copy_bytes, copy_pages, not_kept
from readiness.store.database import connect
from readiness.store.keys import DatabaseKey
from readiness.store.sql_errors import DATABASE_ERRORS

TEMP_PREFIX = ".readiness-backup-"
TEMP_SUFFIX = ".part"
_STALE_TEMP = timedelta(hours=1)


def sibling(path: Path, suffix: str) -> Path:
    """``path`` with ``suffix`` added to its name (its ``-wal``, ``-shm`` or ``-journal``)."""
    return path.with_name(path.name + suffix)


def prepare_folder(folder: Path, *, create: bool = True) -> None:
    """Create a missing backup folder (0700); refuse one that is not a writable folder."""
    if not folder.exists() and create:
        try:
            folder.mkdir(mode=0o700, parents=True)
            os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask
        except OSError as exc:
            raise write_failure(exc, folder) from None
    if not folder.is_dir():
        raise StoreError(M_("{path}: this is not a folder.", path=str(folder)))
    remove_stale_temporaries(folder)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove what a crash left mid-backup (never a fresh one another instance is writing)."""
    limit = datetime.now(UTC).timestamp() - _STALE_TEMP.total_seconds()
    for leftover in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}*"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < limit:
                leftover.unlink()


@contextlib.contextmanager
def temporary_file(folder: Path) -> Iterator[Path]:
    """A new empty 0600 file under a neutral name in ``folder``, removed unless renamed."""
    try:
        fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise write_failure(exc, folder) from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    finally:
        for part in (
            temp,
            sibling(temp, "-journal"),
            sibling(temp, "-wal"),
            sibling(temp, "-shm"),
        ):
            part.unlink(missing_ok=True)


def copy_database(
    source: sqlite3.Connection,
    temp: Path,
    key: DatabaseKey,
    folder: Path,
    cancel: CancelToken | None = None,
) -> None:
    """Copy the open database ``source`` into the empty file ``temp``, encrypted with ``key``,
    page by page (each decrypted and encrypted again).

    The copy is a single file (rollback journal, no WAL) and is checked through a
    fresh connection before it counts.
    """
    try:
        target = connect(temp, key)
        try:
            copy_pages(source, target)
        finally:
            target.close()
        if not check_copy(temp, key, cancel):
            raise not_kept(folder)
        fsync(temp)
    except OSError as exc:
        raise write_failure(exc, folder) from None
    except DATABASE_ERRORS as exc:
        raise write_failure(exc, folder) from None


def copy_file(source: Path, target: Path, folder: Path) -> None:
    """Copy the bytes of ``source`` into ``target`` and flush them to the disk."""
    try:
        copy_bytes(source, target)
    except OSError as exc:
        raise write_failure(exc, folder) from None


def commit(temp: Path, final: Path, folder: Path) -> None:
    """Rename the checked copy into place and make the rename durable."""
    try:
        os.chmod(temp, 0o600)
        os.replace(temp, final)
    except OSError as exc:
        raise write_failure(exc, folder) from None
    fsync_folder(folder)


def fsync(path: Path) -> None:
    """Flush the file at ``path`` to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; not possible or needed on Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_failure(exc: BaseException, folder: Path) -> StoreError:
    """One clear message for a failed write: no space, no permission, or the reason."""
    if isinstance(exc, StoreError):
        return exc
    text = str(exc)
    number = getattr(exc, "errno", None)
    database = isinstance(exc, DATABASE_ERRORS)
    if number in (errno.ENOSPC, errno.EDQUOT) or (database and "full" in text):
        return StoreError(
            M_("{path}: there is not enough free space; nothing was changed.", path=str(folder))
        )
    if number in (errno.EACCES, errno.EPERM, errno.EROFS) or (database and "readonly" in text):
        return StoreError(M_("{path}: the folder cannot be written to.", path=str(folder)))
    reason = getattr(exc, "strerror", None) or text or type(exc).__name__
    return StoreError(
        M_("{path}: the backup could not be written ({reason}).", path=str(folder), reason=reason)
    )
