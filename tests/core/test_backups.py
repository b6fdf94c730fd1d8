"""Encrypted backups: make, rotate and list them, and their failures (restoring and re-keying
are ``test_backup_restore``, the commands ``test_backup_cli``)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from readiness.errors import NotEncryptedError, StoreError
from readiness.protection import backup_copy
from readiness.protection.automatic_backup import BackupPolicy, backup_due, backup_if_due
from readiness.protection.backups import (
    backup_folder_for,
    database_name,
    list_backups,
    make_backup,
    rotate_backups,
)
from readiness.protection.integrity import verify_backup
from readiness.store.database import DatabaseLocation, connect, open_database
from tests.core.backup_helpers import (
    KEY,
    MARKER,
    T0,
    backup_set,
    codes,
    leftovers,
    make_one,
    many,
)

# -- making and listing ------------------------------------------------------------------


def test_a_backup_is_a_checked_encrypted_copy_named_by_database_and_utc_time(
    live: Path, folder: Path
) -> None:
    path = make_one(live, folder, now=datetime(2026, 11, 24, 1, 2, 3, tzinfo=UTC))
    name = database_name(live)
    assert name is not None and name.startswith(f"{live.stem}-")
    assert path == folder / f"{name}-20261124T010203Z.db"
    assert path.stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700
    assert codes(path) == {"AB12-0001", "AB12-0002"}
    assert MARKER.encode() not in path.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == [path.name]  # one file: no WAL, no temp
    verify_backup(path, KEY)


def test_a_backup_made_while_another_connection_writes_holds_only_committed_data(
    live: Path, folder: Path
) -> None:
    writer = connect(live, KEY)
    writer.execute("BEGIN")
    writer.execute(
        "INSERT INTO service_users (id, code, created) VALUES ('x', 'AB12-0003', '2026-01-01')"
    )
    try:
        path = make_one(live, folder)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert codes(path) == {"AB12-0001", "AB12-0002"}


def test_rotation_keeps_the_newest_and_same_second_backups_get_their_own_name(
    live: Path, folder: Path
) -> None:
    backups = backup_set(folder, live)
    made = [make_one(live, folder, keep=3, now=T0 + timedelta(days=day)) for day in range(5)]
    assert [b.path for b in list_backups(backups)] == made[:1:-1]
    again = make_one(live, folder, keep=None, now=T0 + timedelta(days=4))
    assert again.name == f"{backups.name}-20261127T235901Z-1.db"
    newest = list_backups(backups)
    assert [b.path for b in newest][:2] == [again, made[4]]
    assert rotate_backups(backups, 1) == [b.path for b in newest[1:]]
    assert [b.path for b in list_backups(backups)] == [again]


def test_list_backups_ignores_other_files_and_reports_time_and_size(
    live: Path, folder: Path
) -> None:
    path = make_one(live, folder)
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    (folder / "readiness-2026.db").write_bytes(b"x")
    (folder / "readiness-20261124T010203Z.db").write_bytes(b"x")  # no database in its name
    (folder / ".readiness-backup-abc.part").write_bytes(b"half")
    [info] = list_backups(backup_set(folder, live))
    assert (info.path, info.time, info.size) == (path, T0, path.stat().st_size)
    assert list_backups(backup_set(folder / "missing", live)) == []


def test_backup_due_once_a_day_or_when_the_clock_went_back(live: Path, folder: Path) -> None:
    backups = backup_set(folder, live)
    assert backup_due(backups, T0)
    make_one(live, folder)
    assert not backup_due(backups, T0 + timedelta(hours=23))
    assert backup_due(backups, T0 + timedelta(hours=24))
    assert backup_due(backups, T0 - timedelta(hours=1))  # newest is "in the future"
    assert not backup_due(backups, T0 + timedelta(days=2), every=timedelta(days=3))


def test_backup_if_due_skips_practice_turned_off_missing_and_recent(
    live: Path, folder: Path, tmp_path: Path
) -> None:
    location = DatabaseLocation(live, KEY)
    policy = BackupPolicy(keep=7)
    assert backup_if_due(DatabaseLocation(live, None), folder, policy, now=T0) is None
    assert backup_if_due(location, folder, BackupPolicy(keep=0), now=T0) is None
    missing = tmp_path / "missing.db"
    assert backup_if_due(DatabaseLocation(missing, KEY), folder, policy, now=T0) is None
    assert not missing.exists()
    first = backup_if_due(location, folder, policy, now=T0)
    assert first is not None and codes(first) == {"AB12-0001", "AB12-0002"}
    assert backup_if_due(location, folder, policy, now=T0 + timedelta(hours=23)) is None
    later = backup_if_due(location, folder, policy, now=T0 + timedelta(days=1))
    assert later is not None and len(list_backups(backup_set(folder, live))) == 2


def test_practice_databases_are_not_backed_up(tmp_path: Path, folder: Path) -> None:
    practice = open_database(tmp_path / "practice.db")
    with pytest.raises(NotEncryptedError, match="Practice databases are not backed up"):
        make_backup(practice, KEY, folder, keep=7)
    practice.close()
    assert not folder.exists()


def test_the_default_folder_is_beside_the_database_unless_settings_say(tmp_path: Path) -> None:
    assert backup_folder_for(tmp_path / "r.db") == tmp_path / "backups"
    assert backup_folder_for(tmp_path / "r.db", f" {tmp_path / 'x'} ") == tmp_path / "x"


# -- failures while making a backup ------------------------------------------------------


def test_a_crash_mid_backup_leaves_nothing_that_looks_like_a_backup(
    live: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def power_cut(source: Path, target: Path, **_options: Any) -> None:
        target.write_bytes(source.read_bytes()[:4096])
        raise KeyboardInterrupt

    monkeypatch.setattr(backup_copy, "copy_bytes", power_cut)
    with pytest.raises(KeyboardInterrupt):
        make_one(live, folder)
    assert list(folder.iterdir()) == []


def test_a_stale_temporary_file_from_a_real_crash_is_cleared_later(
    live: Path, folder: Path
) -> None:
    folder.mkdir()
    stale = folder / ".readiness-backup-crash.part"
    stale.write_bytes(b"\x00" * 100)
    fresh = folder / ".readiness-backup-busy.part"  # another instance writing right now
    fresh.write_bytes(b"\x00")
    hours_ago = T0.timestamp() - 3 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    assert list_backups(backup_set(folder, live)) == []
    make_one(live, folder)
    assert leftovers(folder) == [fresh.name]


@pytest.mark.parametrize(
    "error",
    [sqlcipher3.OperationalError("database or disk is full"), OSError(28, "No space left")],
)
def test_a_full_disk_gives_one_clear_message_and_no_partial_file(
    live: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def full(source: Path, target: Path, **_options: Any) -> None:
        raise error

    monkeypatch.setattr(backup_copy, "copy_bytes", full)
    with pytest.raises(StoreError, match="not enough free space") as caught:
        make_one(live, folder)
    assert str(folder) in str(caught.value)
    assert list(folder.iterdir()) == []


@contextlib.contextmanager
def _mounted(where: Path, options: str) -> Iterator[None]:
    where.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        yield
    finally:
        done = subprocess.run(["umount", str(where)], capture_output=True, check=False)
        if done.returncode != 0:  # still busy (a failed test left a file open): detach it
            subprocess.run(["umount", "-l", str(where)], capture_output=True, check=True)


def test_a_really_full_disk_is_reported_and_cleaned_up(live: Path, tmp_path: Path) -> None:
    many(live, 600, MARKER * 3)
    small = tmp_path / "small"
    with _mounted(small, "size=64k,mode=0700"):
        with pytest.raises(StoreError, match="not enough free space"):
            make_one(live, small)
        assert list(small.iterdir()) == []


def test_a_folder_that_cannot_be_written_to_is_named(live: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    if os.geteuid() == 0:
        context = _mounted(locked, "ro,size=64k")
    else:
        locked.mkdir(mode=0o500)
        context = contextlib.nullcontext()
    with context, pytest.raises(StoreError, match="cannot be written to") as caught:
        make_one(live, locked)
    assert str(locked) in str(caught.value)


def test_a_file_where_the_folder_should_be_is_refused(live: Path, tmp_path: Path) -> None:
    not_folder = tmp_path / "file"
    not_folder.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="not a folder"):
        make_one(live, not_folder)
