"""``readiness backup``, ``readiness backups`` and ``readiness restore``: encrypted backups.

``backup`` makes one now (kept until rotation by count and space, as Settings say;
all kept when automatic backups are off). ``backups`` lists this database's
backups, newest first (another database's backups in the same folder are not
listed). ``restore BACKUP`` replaces the
database with a backup after checking it, and first saves the database as it is
now as another backup, so a restore can be undone; it asks first unless
``--yes``. Backups go to ``--folder``, else the folder set in Settings, else a
``backups`` folder beside the database. Practice databases have no backups.
A backup and a restore are recorded in the audit log with who made them
(``--staff`` or Settings); records that fail their integrity check are not backed
up, and the message names the last good backup (``with_last_good_backup``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from readiness.cli.privacy_options import add_db_option, add_staff_option, confirm, staff_initials
from readiness.errors import DamagedDatabaseError, ReadinessError


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup", help="make an encrypted backup of the database now (practice data excluded)"
    )
    _add_folder_option(backup)
    add_staff_option(backup)
    add_db_option(backup)
    backup.set_defaults(handler=run_backup)

    listing = subparsers.add_parser("backups", help="list the database backups, newest first")
    _add_folder_option(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(listing)
    listing.set_defaults(handler=run_list)

    restore = subparsers.add_parser(
        "restore",
        help="replace the database with a backup (the database as it is now is backed up first)",
    )
    restore.add_argument("backup", type=Path, metavar="BACKUP", help="the backup file to restore")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.add_argument(
        "--backup-passphrase-file",
        type=Path,
        metavar="FILE",
        help="the passphrase the backup was made with, if it has changed since "
        "(first line of FILE)",
    )
    _add_folder_option(restore, what="where the database as it is now is saved first")
    add_staff_option(restore)
    add_db_option(restore)
    restore.set_defaults(handler=run_restore)


def _add_folder_option(parser: argparse.ArgumentParser, what: str = "the backup folder") -> None:
    parser.add_argument(
        "--folder",
        type=Path,
        metavar="FOLDER",
        help=f"{what} (default: the folder in Settings, or 'backups' beside the database)",
    )


def _folder(args: argparse.Namespace, db_path: Path, context: Any) -> Path:
    from readiness.protection.backups import backup_folder_for

    if args.folder is not None:
        return Path(args.folder)
    return backup_folder_for(db_path, context.settings().backup_folder)


def _database_path(context: Any) -> Path:
    """The chosen database file, without asking for its passphrase (listing needs none)."""
    if context.db_path is not None:
        return Path(context.db_path)
    from readiness.paths import default_database_path

    return default_database_path()


def with_last_good_backup(error: DamagedDatabaseError, context: Any) -> DamagedDatabaseError:
    """``error`` naming the last good backup in the backup folder of Settings."""
    from readiness.protection.backups import backup_folder_for, offer_last_good_backup

    location = context.database_location()
    folder = backup_folder_for(location.path, context.settings().backup_folder)
    return offer_last_good_backup(error, folder, location.key)


def run_backup(args: argparse.Namespace, context: Any) -> int:
    from readiness.protection.backups import make_backup, offer_last_good_backup
    from readiness.store import audit

    location = context.database_location()
    if location.key is None:
        raise ReadinessError(f"{location.path}: practice databases are not backed up")
    staff = staff_initials(args, context)
    folder = _folder(args, location.path, context)
    settings = context.settings()
    keep = settings.backup_count or None  # automatic backups off: keep every manual one
    db = context.database()
    try:
        path = make_backup(db, location.key, folder, keep=keep, megabytes=settings.backup_megabytes)
    except DamagedDatabaseError as error:
        raise offer_last_good_backup(error, folder, location.key) from None
    audit.record(db, audit.AuditAction.BACKED_UP, staff=staff, detail=f"made now, {path.name}")
    print(f"Backed up {location.path} to {path}.", file=context.out)
    return 0


def run_list(args: argparse.Namespace, context: Any) -> int:
    from readiness.protection.backups import BackupSet, database_name, list_backups

    db_path = _database_path(context)
    folder = _folder(args, db_path, context)
    backups = list_backups(BackupSet(folder, database_name(db_path)))
    out = context.out
    if args.json:
        rows = [{"path": str(b.path), "time": b.time.isoformat(), "size": b.size} for b in backups]
        json.dump({"folder": str(folder), "backups": rows}, out, indent=2)
        print(file=out)
        return 0
    if not backups:
        print(f"No backups in {folder}.", file=out)
        return 0
    print(f"Backups in {folder}, newest first:", file=out)
    for info in backups:
        when = info.time.strftime("%Y-%m-%d %H:%M:%S UTC")
        print(f"  {when}  {_size(info.size):>9}  {info.path.name}", file=out)
    return 0


def run_restore(args: argparse.Namespace, context: Any) -> int:
    from readiness.cli.unlock import passphrase_file_key
    from readiness.protection.backups import restore_backup
    from readiness.store import audit

    location = context.database_location()
    if location.key is None:
        raise ReadinessError(f"{location.path}: practice databases have no backups to restore")
    staff = staff_initials(args, context)
    folder = _folder(args, location.path, context)
    backup_key = None
    if args.backup_passphrase_file is not None:
        backup_key = passphrase_file_key(args.backup_passphrase_file)
    out = context.out
    print(f"This will replace the database {location.path}", file=out)
    print(f"with the backup {args.backup}.", file=out)
    print(f"The database as it is now is saved in {folder} first, so this can be undone.", file=out)
    if not args.yes and not confirm("Type yes to restore, or press Enter to cancel:", "yes", out):
        print("readiness: cancelled; nothing was changed", file=sys.stderr)
        return 1
    context.close()  # the restore needs the database closed
    saved = restore_backup(
        args.backup, location.path, location.key, backup_key=backup_key, folder=folder
    )
    detail = f"backup {Path(args.backup).name}"[:200]
    audit.record(context.database(), audit.AuditAction.RESTORED, staff=staff, detail=detail)
    print(f"Restored {location.path} from {args.backup}.", file=out)
    if saved is not None:
        print(f"The database as it was is saved as {saved}; restore it to undo.", file=out)
    return 0


def _size(size: int) -> str:
    """``size`` bytes for people: 812 B, 4.2 KB, 1.3 MB, 2.0 GB."""
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
