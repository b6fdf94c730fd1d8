"""Encrypted backups: restoring one, re-keying them after a new passphrase, and the proof
that no plain text is left anywhere."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest

from readiness.errors import LockedDatabaseError, NotEncryptedError, StoreError
from readiness.protection.backups import (
    list_backups,
    rekey_backups,
    restore_backup,
)
from readiness.store import repository
from readiness.store.database import connect, open_database
from tests.core.backup_helpers import (
    KEY,
    MARKER,
    NEW_KEY,
    T0,
    backup_set,
    codes,
    fill,
    leftovers,
    make_one,
    many,
)

# -- restoring ---------------------------------------------------------------------------


def test_restore_brings_back_the_backup_and_can_itself_be_undone(live: Path, folder: Path) -> None:
    backup = make_one(live, folder)
    fill(live, "AB12-0003")
    saved = restore_backup(backup, live, KEY, folder=folder, now=T0 + timedelta(hours=1))
    assert saved is not None and saved.parent == folder
    assert not Path(f"{live}-wal").exists() and not Path(f"{live}-shm").exists()
    open_database(live, key=KEY).close()  # the app opens it as usual
    assert codes(live) == {"AB12-0001", "AB12-0002"}
    assert codes(saved) == {"AB12-0001", "AB12-0002", "AB12-0003"}
    restore_backup(saved, live, KEY, folder=folder, now=T0 + timedelta(hours=2))
    assert codes(live) == {"AB12-0001", "AB12-0002", "AB12-0003"}
    assert live.stat().st_mode & 0o777 == 0o600
    assert leftovers(live.parent) == []


def test_restore_onto_a_new_computer_without_a_database(
    live: Path, folder: Path, tmp_path: Path
) -> None:
    backup = make_one(live, folder)
    fresh = tmp_path / "new" / "readiness.db"
    fresh.parent.mkdir()
    assert restore_backup(backup, fresh, KEY) is None
    assert codes(fresh) == {"AB12-0001", "AB12-0002"}


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
    many(live, 300)  # several pages, so damage lands on real data
    backup = make_one(live, folder)
    _damage(backup, how)
    before = live.read_bytes()
    with pytest.raises(StoreError) as caught:
        restore_backup(backup, live, KEY, folder=folder)
    message = str(caught.value)
    assert str(backup) in message and "damaged" in message
    assert live.read_bytes() == before
    assert [b.path for b in list_backups(backup_set(folder, live))] == [backup]  # nothing changed
    assert leftovers(live.parent) == []


def test_a_backup_under_an_older_passphrase_says_so_and_opens_with_it(
    live: Path, folder: Path
) -> None:
    old = make_one(live, folder)
    db = open_database(live, key=KEY)
    from readiness.store.database import change_key

    change_key(db, NEW_KEY)
    db.close()
    with pytest.raises(LockedDatabaseError, match="needs the old passphrase") as caught:
        restore_backup(old, live, NEW_KEY, folder=folder)
    assert str(old) in str(caught.value)
    restore_backup(old, live, NEW_KEY, backup_key=KEY, folder=folder, now=T0 + timedelta(1))
    assert codes(live, NEW_KEY) == {"AB12-0001", "AB12-0002"}  # it takes the current key
    with pytest.raises(LockedDatabaseError):
        connect(live, KEY)


def test_restore_refuses_while_the_database_is_open(live: Path, folder: Path) -> None:
    backup = make_one(live, folder)
    db = open_database(live, key=KEY)
    try:
        with pytest.raises(StoreError, match="close it first"):
            restore_backup(backup, live, KEY, folder=folder, now=T0 + timedelta(1))
        assert repository.find_service_user(db, "AB12-0001") is not None
    finally:
        db.close()
    assert leftovers(live.parent) == []


def test_a_damaged_live_database_is_kept_byte_for_byte_then_replaced(
    live: Path, folder: Path
) -> None:
    backup = make_one(live, folder)
    live.write_bytes(os.urandom(8192))
    damaged = live.read_bytes()
    saved = restore_backup(backup, live, KEY, folder=folder, now=T0 + timedelta(1))
    assert saved is not None and saved.name.startswith("unreadable-")
    assert saved.read_bytes() == damaged
    assert codes(live) == {"AB12-0001", "AB12-0002"}


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
        restore_backup(make_one(live, folder), practice, KEY)


def test_a_backup_from_a_newer_version_is_refused(live: Path, folder: Path) -> None:
    backup = make_one(live, folder)
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
    first = make_one(live, folder, now=T0)
    second = make_one(live, folder, now=T0 + timedelta(days=1))
    damaged = make_one(live, folder, now=T0 + timedelta(days=2))
    _damage(damaged, "garbage")
    already = make_one(live, folder, now=T0 + timedelta(days=3))
    conn = connect(already, KEY)
    conn.execute(f"PRAGMA rekey = {NEW_KEY.rekey_value()}")
    conn.close()
    result = rekey_backups(backup_set(folder, live), KEY, NEW_KEY)
    assert set(result.rekeyed) == {first, second}
    assert result.already_current == (already,)
    assert result.unreadable == (damaged,)
    for path in (first, second):
        assert codes(path, NEW_KEY) == {"AB12-0001", "AB12-0002"}
        with pytest.raises(LockedDatabaseError):
            connect(path, KEY)
        assert path.stat().st_mode & 0o777 == 0o600
    assert leftovers(folder) == []


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
    first = make_one(live, folder)
    fill(live, "AB12-0003")
    keeper = open_database(live, key=KEY)  # keep a WAL on disk while we look
    repository.create_service_user(keeper, "AB12-0004", preferred_name=MARKER)
    second = make_one(live, folder, now=T0 + timedelta(hours=1))
    seen = _assert_no_marker(tmp_path)
    assert {first, second, Path(f"{live}-wal")} <= seen
    keeper.close()
    restore_backup(first, live, KEY, folder=folder, now=T0 + timedelta(hours=2))
    rekey_backups(backup_set(folder, live), KEY, NEW_KEY)
    assert {first, second, live} <= _assert_no_marker(tmp_path)
    # the control: the marker is really in there, behind the key
    conn = connect(second, NEW_KEY)
    names = {row[0] for row in conn.execute("SELECT preferred_name FROM service_users")}
    conn.close()
    assert names == {MARKER}
