"""Which backup files belong to which database: one name per database, the time in each file.

A backup is named ``<stem>-<id>-<YYYYMMDDTHHMMSSZ>[-<n>].db``: the database file's
name (``readiness``), eight hex digits that tell this database from every other
one (a hash of the random salt SQLCipher keeps at the start of an encrypted file,
which a restore, a move and a passphrase change all keep), and the UTC time (so
names sort by time; ``-n`` tells apart backups made in the same second). Two
databases backing up into one folder (two computers sharing a network folder, two
``--db`` files with one Settings) therefore never share a rotation: each lists,
rotates and restores only its own backups.

``BackupSet`` is one database's backups: the folder and the name they share. When
the database's identity cannot be read (there is no database yet: a restore onto a
new computer), the set has no name and lists every backup in the folder.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from readiness.errors import StoreError
from readiness.messages import M_
from readiness.store.keys import file_salt

BACKUP_FOLDER_NAME = "backups"
STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(
    r"^(?P<set>[A-Za-z0-9_.-]{1,40}-[0-9a-f]{8})-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<seq>\d{1,4}))?\.db$"
)
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True, order=True)
class BackupInfo:
    """One backup file: when it was made (UTC, from its name) and its size in bytes."""

    time: datetime
    sequence: int = field(compare=True)
    """Tells apart backups made in the same second (0 for the first)."""
    path: Path = field(compare=False)
    size: int = field(compare=False)


@dataclass(frozen=True)
class BackupSet:
    """The backups of one database: the folder they are in and the name they share."""

    folder: Path
    name: str | None
    """``<stem>-<id>``; None when the database cannot be read (every backup in the folder)."""


def database_name(db_path: Path) -> str | None:
    """The name every backup of the encrypted database at ``db_path`` starts with (None:
    there is no encrypted database there to name)."""
    salt = file_salt(Path(db_path))
    if salt is None:
        return None
    stem = _UNSAFE.sub("_", Path(db_path).stem)[:31] or "records"
    return f"{stem}-{hashlib.sha256(salt).hexdigest()[:8]}"


def backup_set_for(db_path: Path, configured: str = "") -> BackupSet:
    """The backups of the database at ``db_path``: in the folder set in Settings, or in
    ``backups`` beside the database."""
    return BackupSet(backup_folder_for(db_path, configured), database_name(db_path))


def backup_folder_for(db_path: Path, configured: str = "") -> Path:
    """The backup folder: the one set in Settings, or ``backups`` beside the database."""
    if configured.strip():
        return Path(configured.strip()).expanduser()
    return Path(db_path).parent / BACKUP_FOLDER_NAME


def list_backups(backups: BackupSet) -> list[BackupInfo]:
    """The backups in the set, newest first (other files, and other databases' backups,
    are left out)."""
    found = []
    try:
        entries = list(Path(backups.folder).iterdir())
    except OSError:
        return []
    for path in entries:
        match = _NAME.match(path.name)
        if match is None or backups.name not in (None, match.group("set")):
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        moment = datetime.strptime(match.group("stamp"), STAMP).replace(tzinfo=UTC)
        found.append(BackupInfo(moment, int(match.group("seq") or 0), path, size))
    return sorted(found, reverse=True)


def free_name(backups: BackupSet, moment: datetime) -> Path:
    """The file name for a new backup made at ``moment`` (UTC), not yet taken."""
    if backups.name is None:
        raise ValueError("a backup set without a database's name takes no new backups")
    stamp = moment.strftime(STAMP)
    for sequence in range(10_000):
        suffix = "" if sequence == 0 else f"-{sequence}"
        path = backups.folder / f"{backups.name}-{stamp}{suffix}.db"
        if not path.exists():
            return path
    raise StoreError(M_("{path}: too many backups made in one second.", path=str(backups.folder)))
