"""Encrypted backups: make, rotate, list, restore, re-key, their failures and the CLI commands."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from readiness.cli import backup as backup_cli
from readiness.errors import LockedDatabaseError, NotEncryptedError, ReadinessError, StoreError
from readiness.protection import backup_files
from readiness.protection.backups import (
    backup_due,
    backup_folder_for,
    backup_if_due,
    list_backups,
    make_backup,
    rekey_backups,
    restore_backup,
    rotate_backups,
)
from readiness.protection.integrity import verify_backup
from readiness.settings import Settings
from readiness.store import repository
from readiness.store.database import DatabaseLocation, connect, open_database
from readiness.store.keys import DatabaseKey

KEY = DatabaseKey.from_bytes(bytes(range(32)))
NEW_KEY = DatabaseKey.from_bytes(bytes(range(100, 132)))
MARKER = "ZQ-BACKUP-MARKER-51c9"
T0 = datetime(2026, 11, 23, 23, 59, 1, tzinfo=UTC)


def _codes(path: Path, key: DatabaseKey = KEY) -> set[str]:
    conn = connect(path, key)
    try:
        return {row[0] for row in conn.execute("SELECT code FROM service_users")}
    finally:
        conn.close()


def _fill(db_path: Path, *codes: str) -> None:
    db = open_database(db_path, key=KEY)
    for code in codes:
        repository.create_service_user(db, code, preferred_name=MARKER)
    db.close()


def _many(db_path: Path, count: int, name: str | None = None) -> None:
    """Add ``count`` more service users in one transaction (fast: one sync, not ``count``)."""
    conn = connect(db_path, KEY)
    rows = [(f"bulk-{n}", f"ZZ99-{n:04d}", name, "2026-01-01T00:00:00+00:00") for n in range(count)]
    with conn:
        conn.executemany(
            "INSERT INTO service_users (id, code, preferred_name, created) VALUES (?, ?, ?, ?)",
            rows,
        )
    conn.close()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".readiness"))


@pytest.fixture
def live(db_path: Path) -> Path:
    _fill(db_path, "AB12-0001", "AB12-0002")
    return db_path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "backups"


def _backup(db_path: Path, folder: Path, *, keep: int | None = 7, now: datetime = T0) -> Path:
    db = open_database(db_path, key=KEY)
    try:
        return make_backup(db, KEY, folder, keep=keep, now=now)
    finally:
        db.close()


# -- making and listing ------------------------------------------------------------------


def test_a_backup_is_a_checked_encrypted_copy_named_by_utc_time(live: Path, folder: Path) -> None:
    path = _backup(live, folder, now=datetime(2026, 11, 24, 1, 2, 3, tzinfo=UTC))
    assert path == folder / "readiness-20261124T010203Z.db"
    assert path.stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700
    assert _codes(path) == {"AB12-0001", "AB12-0002"}
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
        path = _backup(live, folder)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _codes(path) == {"AB12-0001", "AB12-0002"}


def test_rotation_keeps_the_newest_and_same_second_backups_get_their_own_name(
    live: Path, folder: Path
) -> None:
    made = [_backup(live, folder, keep=3, now=T0 + timedelta(days=day)) for day in range(5)]
    assert [b.path for b in list_backups(folder)] == made[:1:-1]
    again = _backup(live, folder, keep=None, now=T0 + timedelta(days=4))
    assert again.name == "readiness-20261127T235901Z-1.db"
    newest = list_backups(folder)
    assert [b.path for b in newest][:2] == [again, made[4]]
    assert rotate_backups(folder, 1) == [b.path for b in newest[1:]]
    assert [b.path for b in list_backups(folder)] == [again]


def test_list_backups_ignores_other_files_and_reports_time_and_size(
    live: Path, folder: Path
) -> None:
    path = _backup(live, folder)
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    (folder / "readiness-2026.db").write_bytes(b"x")
    (folder / ".readiness-backup-abc.part").write_bytes(b"half")
    [info] = list_backups(folder)
    assert (info.path, info.time, info.size) == (path, T0, path.stat().st_size)
    assert list_backups(folder / "missing") == []


def test_backup_due_once_a_day_or_when_the_clock_went_back(live: Path, folder: Path) -> None:
    assert backup_due(folder, T0)
    _backup(live, folder)
    assert not backup_due(folder, T0 + timedelta(hours=23))
    assert backup_due(folder, T0 + timedelta(hours=24))
    assert backup_due(folder, T0 - timedelta(hours=1))  # newest is "in the future"
    assert backup_due(folder, T0 + timedelta(seconds=1), every=timedelta(0))


def test_backup_if_due_skips_practice_turned_off_missing_and_recent(
    live: Path, folder: Path, tmp_path: Path
) -> None:
    location = DatabaseLocation(live, KEY)
    assert backup_if_due(DatabaseLocation(live, None), folder, keep=7, now=T0) is None
    assert backup_if_due(location, folder, keep=0, now=T0) is None
    missing = tmp_path / "missing.db"
    assert backup_if_due(DatabaseLocation(missing, KEY), folder, keep=7, now=T0) is None
    assert not missing.exists()
    first = backup_if_due(location, folder, keep=7, now=T0)
    assert first is not None and _codes(first) == {"AB12-0001", "AB12-0002"}
    assert backup_if_due(location, folder, keep=7, now=T0 + timedelta(hours=2)) is None
    closing = backup_if_due(
        location, folder, keep=7, now=T0 + timedelta(hours=2), every=timedelta(0)
    )
    assert closing is not None and len(list_backups(folder)) == 2


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
    def power_cut(source: Any, target: Any) -> None:
        source.backup(target)
        raise KeyboardInterrupt

    monkeypatch.setattr(backup_files, "copy_pages", power_cut)
    with pytest.raises(KeyboardInterrupt):
        _backup(live, folder)
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
    assert list_backups(folder) == []
    _backup(live, folder)
    assert _leftovers(folder) == [fresh.name]


@pytest.mark.parametrize(
    "error",
    [sqlcipher3.OperationalError("database or disk is full"), OSError(28, "No space left")],
)
def test_a_full_disk_gives_one_clear_message_and_no_partial_file(
    live: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def full(source: Any, target: Any) -> None:
        raise error

    monkeypatch.setattr(backup_files, "copy_pages", full)
    with pytest.raises(StoreError, match="not enough free space") as caught:
        _backup(live, folder)
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
    _many(live, 600, MARKER * 3)
    small = tmp_path / "small"
    with _mounted(small, "size=64k,mode=0700"):
        with pytest.raises(StoreError, match="not enough free space"):
            _backup(live, small)
        assert list(small.iterdir()) == []


def test_a_folder_that_cannot_be_written_to_is_named(live: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    if os.geteuid() == 0:
        context = _mounted(locked, "ro,size=64k")
    else:
        locked.mkdir(mode=0o500)
        context = contextlib.nullcontext()
    with context, pytest.raises(StoreError, match="cannot be written to") as caught:
        _backup(live, locked)
    assert str(locked) in str(caught.value)


def test_a_file_where_the_folder_should_be_is_refused(live: Path, tmp_path: Path) -> None:
    not_folder = tmp_path / "file"
    not_folder.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="not a folder"):
        _backup(live, not_folder)


# -- restoring ---------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_can_itself_be_undone(live: Path, folder: Path) -> None:
    backup = _backup(live, folder)
    _fill(live, "AB12-0003")
    saved = restore_backup(backup, live, KEY, folder=folder, now=T0 + timedelta(hours=1))
    assert saved is not None and saved.parent == folder
    assert not Path(f"{live}-wal").exists() and not Path(f"{live}-shm").exists()
    open_database(live, key=KEY).close()  # the app opens it as usual
    assert _codes(live) == {"AB12-0001", "AB12-0002"}
    assert _codes(saved) == {"AB12-0001", "AB12-0002", "AB12-0003"}
    restore_backup(saved, live, KEY, folder=folder, now=T0 + timedelta(hours=2))
    assert _codes(live) == {"AB12-0001", "AB12-0002", "AB12-0003"}
    assert live.stat().st_mode & 0o777 == 0o600
    assert _leftovers(live.parent) == []


def test_restore_onto_a_new_computer_without_a_database(
    live: Path, folder: Path, tmp_path: Path
) -> None:
    backup = _backup(live, folder)
    fresh = tmp_path / "new" / "readiness.db"
    fresh.parent.mkdir()
    assert restore_backup(backup, fresh, KEY) is None
    assert _codes(fresh) == {"AB12-0001", "AB12-0002"}


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        del data[len(data) // 2 :]
    elif how == "tiny":
        del data[100:]
    elif how == "flipped":
        data[len(data) // 2] ^= 0x40
    else:
        data[:] = os.urandom(len(data))
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["truncated", "flipped", "tiny", "garbage"])
def test_a_damaged_backup_is_refused_before_the_database_is_touched(
    live: Path, folder: Path, how: str
) -> None:
    _many(live, 300)  # several pages, so damage lands on real data
    backup = _backup(live, folder)
    _damage(backup, how)
    before = live.read_bytes()
    with pytest.raises(StoreError) as caught:
        restore_backup(backup, live, KEY, folder=folder)
    message = str(caught.value)
    assert str(backup) in message and "damaged" in message
    assert live.read_bytes() == before
    assert [b.path for b in list_backups(folder)] == [backup]  # nothing saved: nothing changed
    assert _leftovers(live.parent) == []


def test_a_backup_under_an_older_passphrase_says_so_and_opens_with_it(
    live: Path, folder: Path
) -> None:
    old = _backup(live, folder)
    db = open_database(live, key=KEY)
    from readiness.store.database import change_key

    change_key(db, NEW_KEY)
    db.close()
    with pytest.raises(LockedDatabaseError, match="needs the old passphrase") as caught:
        restore_backup(old, live, NEW_KEY, folder=folder)
    assert str(old) in str(caught.value)
    restore_backup(old, live, NEW_KEY, backup_key=KEY, folder=folder, now=T0 + timedelta(1))
    assert _codes(live, NEW_KEY) == {"AB12-0001", "AB12-0002"}  # it takes the current key
    with pytest.raises(LockedDatabaseError):
        connect(live, KEY)


def test_restore_refuses_while_the_database_is_open(live: Path, folder: Path) -> None:
    backup = _backup(live, folder)
    db = open_database(live, key=KEY)
    try:
        with pytest.raises(StoreError, match="close it first"):
            restore_backup(backup, live, KEY, folder=folder, now=T0 + timedelta(1))
        assert repository.find_service_user(db, "AB12-0001") is not None
    finally:
        db.close()
    assert _leftovers(live.parent) == []


def test_a_damaged_live_database_is_kept_byte_for_byte_then_replaced(
    live: Path, folder: Path
) -> None:
    backup = _backup(live, folder)
    live.write_bytes(os.urandom(8192))
    damaged = live.read_bytes()
    saved = restore_backup(backup, live, KEY, folder=folder, now=T0 + timedelta(1))
    assert saved is not None and saved.name.startswith("unreadable-")
    assert saved.read_bytes() == damaged
    assert _codes(live) == {"AB12-0001", "AB12-0002"}


def test_restore_refuses_what_is_not_an_encrypted_backup(
    live: Path, folder: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="not an encrypted Readiness backup"):
        restore_backup(plain, live, KEY)
    with pytest.raises(StoreError, match="no such backup"):
        restore_backup(tmp_path / "nope.db", live, KEY)
    other = tmp_path / "other.db"  # encrypted, but not a Readiness database
    conn = connect(other, KEY)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a Readiness backup"):
        restore_backup(other, live, KEY)
    practice = tmp_path / "practice.db"
    open_database(practice).close()
    with pytest.raises(NotEncryptedError, match="practice database"):
        restore_backup(_backup(live, folder), practice, KEY)


def test_a_backup_from_a_newer_version_is_refused(live: Path, folder: Path) -> None:
    backup = _backup(live, folder)
    conn = connect(backup, KEY)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('readiness', 'm999_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer version"):
        restore_backup(backup, live, KEY, folder=folder)


# -- re-keying ---------------------------------------------------------------------------


def test_rekey_backups_after_a_passphrase_change(live: Path, folder: Path) -> None:
    first = _backup(live, folder, now=T0)
    second = _backup(live, folder, now=T0 + timedelta(days=1))
    damaged = _backup(live, folder, now=T0 + timedelta(days=2))
    _damage(damaged, "garbage")
    db = open_database(live, key=KEY)
    already = make_backup(db, NEW_KEY, folder, keep=None, now=T0 + timedelta(days=3))
    db.close()
    result = rekey_backups(folder, KEY, NEW_KEY)
    assert set(result.rekeyed) == {first, second}
    assert result.already_current == (already,)
    assert result.unreadable == (damaged,)
    for path in (first, second):
        assert _codes(path, NEW_KEY) == {"AB12-0001", "AB12-0002"}
        with pytest.raises(LockedDatabaseError):
            connect(path, KEY)
        assert path.stat().st_mode & 0o777 == 0o600
    assert _leftovers(folder) == []


# -- the proof: no plain text anywhere ---------------------------------------------------


def _assert_no_marker(root: Path) -> set[Path]:
    """Every file under ``root`` read as raw bytes; returns the files looked at."""
    files = {path for path in root.rglob("*") if path.is_file()}
    for path in files:
        data = path.read_bytes()
        assert MARKER.encode() not in data, path
        assert MARKER.encode("utf-16-le") not in data, path
    return files


def test_no_plain_text_in_the_database_wal_backups_or_temp_folder(
    live: Path, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    for name in ("TMPDIR", "SQLITE_TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    first = _backup(live, folder)
    _fill(live, "AB12-0003")
    keeper = open_database(live, key=KEY)  # keep a WAL on disk while we look
    repository.create_service_user(keeper, "AB12-0004", preferred_name=MARKER)
    second = _backup(live, folder, now=T0 + timedelta(hours=1))
    seen = _assert_no_marker(tmp_path)
    assert {first, second, Path(f"{live}-wal")} <= seen
    keeper.close()
    restore_backup(first, live, KEY, folder=folder, now=T0 + timedelta(hours=2))
    rekey_backups(folder, KEY, NEW_KEY)
    assert {first, second, live} <= _assert_no_marker(tmp_path)
    # the control: the marker is really in there, behind the key
    conn = connect(second, NEW_KEY)
    names = {row[0] for row in conn.execute("SELECT preferred_name FROM service_users")}
    conn.close()
    assert names == {MARKER}


# -- the command line --------------------------------------------------------------------


@dataclass
class FakeContext:
    """What the CLI hands a command: the chosen database and where to print."""

    location: DatabaseLocation
    out: io.StringIO = field(default_factory=io.StringIO)
    opened: Any = None
    closed: int = 0

    @property
    def db_path(self) -> Path:
        return self.location.path

    def database_location(self) -> DatabaseLocation:
        return self.location

    def settings(self) -> Settings:
        return Settings()

    def database(self) -> Any:
        if self.opened is None:
            self.opened = self.location.open()
        return self.opened

    def close(self) -> None:
        self.closed += 1
        if self.opened is not None:
            self.opened.close()
            self.opened = None


def _args(**values: Any) -> Any:
    import argparse

    base = {
        "folder": None,
        "json": False,
        "yes": True,
        "backup_passphrase_file": None,
        "staff": "MJ",
    }
    return argparse.Namespace(**{**base, **values})


def test_cli_backup_list_and_restore(live: Path, folder: Path) -> None:
    context = FakeContext(DatabaseLocation(live, KEY))
    assert backup_cli.run_backup(_args(folder=folder), context) == 0
    [made] = list_backups(folder)
    assert f"to {made.path}." in context.out.getvalue()
    context.close()

    listing = FakeContext(DatabaseLocation(live, KEY))
    assert backup_cli.run_list(_args(folder=folder), listing) == 0
    assert made.path.name in listing.out.getvalue() and " KB  " in listing.out.getvalue()
    as_json = FakeContext(DatabaseLocation(live, KEY))
    backup_cli.run_list(_args(folder=folder, json=True), as_json)
    import json

    assert json.loads(as_json.out.getvalue())["backups"][0]["size"] == made.size

    _fill(live, "AB12-0003")
    restoring = FakeContext(DatabaseLocation(live, KEY))
    restoring.database()  # opened by an earlier step: the command closes it first
    assert backup_cli.run_restore(_args(backup=made.path, folder=folder), restoring) == 0
    assert restoring.closed >= 1
    assert _codes(live) == {"AB12-0001", "AB12-0002"}
    assert "restore it to undo" in restoring.out.getvalue()


def test_cli_restore_asks_and_no_answer_means_no(
    live: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = _backup(live, folder)
    _fill(live, "AB12-0003")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    context = FakeContext(DatabaseLocation(live, KEY))
    assert backup_cli.run_restore(_args(backup=backup, folder=folder, yes=False), context) == 1
    assert _codes(live) == {"AB12-0001", "AB12-0002", "AB12-0003"}
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    assert backup_cli.run_restore(_args(backup=backup, folder=folder, yes=False), context) == 0
    assert _codes(live) == {"AB12-0001", "AB12-0002"}


def test_cli_refuses_practice_databases_and_lists_an_empty_folder(
    tmp_path: Path, folder: Path
) -> None:
    practice = DatabaseLocation(tmp_path / "practice.db", None)
    with pytest.raises(ReadinessError, match="practice databases are not backed up"):
        backup_cli.run_backup(_args(folder=folder), FakeContext(practice))
    context = FakeContext(practice)
    assert backup_cli.run_list(_args(folder=folder), context) == 0
    assert context.out.getvalue().strip() == f"No backups in {folder}."


def test_cli_commands_register_with_their_options() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    backup_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["restore", "b.db", "--yes", "--db", "x.db", "--folder", "f"])
    assert (args.backup, args.yes, args.db, args.folder) == (
        Path("b.db"),
        True,
        Path("x.db"),
        Path("f"),
    )
    assert args.handler is backup_cli.run_restore
    assert parser.parse_args(["backups", "--json"]).handler is backup_cli.run_list
    assert parser.parse_args(["backup"]).handler is backup_cli.run_backup
