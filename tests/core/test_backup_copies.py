"""Backups as file copies (issue 19): the encrypted bytes copied at one moment, named per
database, kept by count and by space, made in the background and never at close."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.errors import DamagedDatabaseError, ReadinessError
from readiness.progress import Cancelled, CancelToken
from readiness.protection import backup_copy, backup_files
from readiness.protection.automatic_backup import BackupPolicy, check_or_back_up
from readiness.protection.backup_names import BackupInfo
from readiness.protection.backups import (
    BackupSet,
    database_name,
    kept_backups,
    list_backups,
    make_backup,
)
from readiness.settings import Settings
from readiness.store import repository
from readiness.store.database import DatabaseLocation, connect, open_database
from tests.core.backup_helpers import KEY, T0, codes, fill, leftovers, many
from tests.core.test_hostile_store import _flip

PAGE = 4096


def make_one(db_path: Path, folder: Path, **options: Any) -> Path:
    db = open_database(db_path, key=KEY)
    try:
        return make_backup(db, KEY, folder, **{"keep": 7, "now": T0, **options})
    finally:
        db.close()


def _spy_on_page_copies(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = backup_files.copy_pages

    def counted(source: Any, target: Any) -> None:
        calls.append(1)
        real(source, target)

    monkeypatch.setattr(backup_files, "copy_pages", counted)
    return calls


# -- the copy ----------------------------------------------------------------------------


def test_a_backup_is_the_files_encrypted_pages_copied_not_encrypted_again(
    live: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many(live, 400)  # many pages
    page_copies = _spy_on_page_copies(monkeypatch)
    backup = make_one(live, folder)
    assert page_copies == []
    source, copy = live.read_bytes(), backup.read_bytes()
    assert len(copy) == len(source) > 20 * PAGE
    # SQLCipher gives every page it writes a fresh random IV: a page encrypted again
    # would differ. Only page 1 changed (the copy was made a single file, no log).
    assert copy[PAGE:] == source[PAGE:]
    assert copy[:16] == source[:16]  # the same salt: one database, one name
    assert codes(backup) == codes(live)


def test_writes_during_the_copy_go_on_and_the_copy_is_the_moment_before_them(
    live: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = backup_copy.copy_bytes
    saved: list[str] = []

    def while_copying(source: Path, target: Path, **options: Any) -> None:
        def write() -> None:
            conn = connect(live, KEY)  # another connection, as the app saving an answer
            with conn:
                conn.execute(
                    "INSERT INTO service_users (id, code, created) "
                    "VALUES ('new', 'AB12-0003', '2026-01-01')"
                )
            conn.close()
            saved.append("AB12-0003")

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(10)  # the write is not held up by the copy
        real(source, target, **options)

    monkeypatch.setattr(backup_copy, "copy_bytes", while_copying)
    backup = make_one(live, folder)
    assert saved == ["AB12-0003"]
    assert codes(backup) == {"AB12-0001", "AB12-0002"}
    assert codes(live) == {"AB12-0001", "AB12-0002", "AB12-0003"}


def test_when_no_quiet_moment_comes_the_pages_are_copied_one_by_one(
    live: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page_copies = _spy_on_page_copies(monkeypatch)
    reader = connect(live, KEY)  # a reader holding the log keeps the checkpoint from finishing
    writer = connect(live, KEY)
    with writer:
        writer.execute(
            "INSERT INTO service_users (id, code, created) VALUES ('w', 'AB12-0009', '2026')"
        )
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM service_users").fetchone()
    try:
        backup = make_one(live, folder)
    finally:
        reader.execute("ROLLBACK")
        reader.close()
        writer.close()
    assert page_copies == [1]
    assert codes(backup) == {"AB12-0001", "AB12-0002", "AB12-0009"}


def test_the_lock_byte_range_is_written_as_zeros_and_never_read(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    data = bytes(range(256)) * 64  # 16 KB
    source.write_bytes(data)
    backup_copy.copy_bytes(source, target, zeroed=(4096, 1024))
    copied = target.read_bytes()
    assert copied[:4096] == data[:4096] and copied[5120:] == data[5120:]
    assert copied[4096:5120] == bytes(1024)
    backup_copy.copy_bytes(source, target, zeroed=(len(data) + 10, 1024))  # beyond the end
    assert target.read_bytes() == data


# -- one rotation per database -----------------------------------------------------------


def test_two_databases_in_one_folder_never_share_a_rotation(tmp_path: Path, folder: Path) -> None:
    first, second = tmp_path / "a" / "readiness.db", tmp_path / "b" / "readiness.db"
    for path, code in ((first, "AB12-0001"), (second, "CD34-0001")):
        path.parent.mkdir()
        fill(path, code)
    names = {database_name(first), database_name(second)}
    assert len(names) == 2  # same file name, told apart
    for day in range(4):
        make_one(first, folder, keep=2, now=T0 + timedelta(days=day))
        make_one(second, folder, keep=3, now=T0 + timedelta(days=day, hours=1))
    of_first = list_backups(BackupSet(folder, database_name(first)))
    of_second = list_backups(BackupSet(folder, database_name(second)))
    assert len(of_first) == 2 and len(of_second) == 3
    assert all(codes(info.path) == {"AB12-0001"} for info in of_first)
    assert all(codes(info.path) == {"CD34-0001"} for info in of_second)
    assert len(list_backups(BackupSet(folder, None))) == 5  # no database to name: every one


def test_the_name_survives_a_new_passphrase_and_a_move(live: Path, tmp_path: Path) -> None:
    from readiness.store.database import change_key
    from tests.core.backup_helpers import NEW_KEY

    name = database_name(live)
    db = open_database(live, key=KEY)
    change_key(db, NEW_KEY)
    db.close()
    moved = tmp_path / "moved.db"
    live.rename(moved)
    renamed = database_name(moved)
    assert name is not None and renamed is not None
    assert renamed.split("-")[-1] == name.split("-")[-1]


# -- kept by count and by space ------------------------------------------------------------


def _infos(sizes: list[int]) -> list[BackupInfo]:
    return [
        BackupInfo(T0 - timedelta(days=day), 0, Path(f"b{day}"), size)
        for day, size in enumerate(sizes)
    ]


@given(
    st.lists(st.integers(0, 5 * 1024 * 1024), max_size=12),
    st.integers(0, 15),
    st.integers(0, 20),
)
def test_rotation_keeps_the_newest_that_fit_both_the_count_and_the_space(
    sizes: list[int], keep: int, megabytes: int
) -> None:
    backups = _infos(sizes)
    kept = kept_backups(backups, keep, megabytes)
    assert kept == backups[: len(kept)]  # the newest, in order, none skipped
    assert len(kept) <= keep
    total = sum(info.size for info in kept)
    if megabytes and len(kept) > 1:
        assert total <= megabytes * 1024 * 1024
    if backups and keep:
        assert kept  # the newest is always kept, whatever its size
    if len(kept) < min(keep, len(backups)):  # stopped early: the next would not fit
        assert megabytes and total + backups[len(kept)].size > megabytes * 1024 * 1024


def test_a_backup_past_the_space_removes_the_oldest(live: Path, folder: Path) -> None:
    many(live, 5000)  # about 0.7 MB a backup
    made = [
        make_one(live, folder, keep=10, megabytes=1, now=T0 + timedelta(days=d)) for d in range(3)
    ]
    size = made[-1].stat().st_size
    assert 512 * 1024 < size < 1024 * 1024  # one fits in 1 MB, two never do
    assert [info.path for info in list_backups(BackupSet(folder, database_name(live)))] == [
        made[-1]
    ]


# -- cancelled, and the automatic backup -------------------------------------------------


def test_a_cancelled_backup_stops_and_leaves_nothing(live: Path, folder: Path) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        make_one(live, folder, cancel=cancel)
    assert list(folder.iterdir()) == []


def test_a_backup_cancelled_while_its_copy_is_checked_stops_and_leaves_nothing(
    live: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many(live, 3000)
    cancel = CancelToken()
    real = backup_copy.copy_bytes

    def copy_then_close(source: Path, target: Path, **options: Any) -> None:
        real(source, target, **options)
        cancel.cancel()  # the app closes as the check begins

    monkeypatch.setattr(backup_copy, "copy_bytes", copy_then_close)
    with pytest.raises(Cancelled):
        make_one(live, folder, cancel=cancel)
    assert list(folder.iterdir()) == []


def test_the_policy_comes_from_settings_at_most_daily() -> None:
    settings = Settings(backup_count=4, backup_megabytes=900, backup_every_days=3)
    assert BackupPolicy.from_settings(settings) == BackupPolicy(4, 900, timedelta(days=3))
    assert Settings().backup_every_days == 1
    with pytest.raises(ReadinessError, match="backup_every_days"):
        Settings(backup_every_days=0).validated()


def test_at_start_a_due_backup_is_made_and_checks_the_records_by_itself(
    live: Path, folder: Path
) -> None:
    location = DatabaseLocation(live, KEY)
    policy = BackupPolicy(keep=3, every=timedelta(days=2))
    made = check_or_back_up(location, folder, policy, now=T0)
    assert made is not None and codes(made) == codes(live)
    assert check_or_back_up(location, folder, policy, now=T0 + timedelta(days=1)) is None
    later = check_or_back_up(location, folder, policy, now=T0 + timedelta(days=2))
    assert later is not None and later != made


def test_at_start_damage_is_found_whether_or_not_a_backup_is_due(live: Path, folder: Path) -> None:
    many(live, 300)
    location = DatabaseLocation(live, KEY)
    policy = BackupPolicy(keep=3)
    good = check_or_back_up(location, folder, policy, now=T0)
    assert good is not None
    db = open_database(live, key=KEY)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    [root] = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'service_users'")
    db.close()
    _flip(live, int(root[0]))
    with pytest.raises(DamagedDatabaseError):  # not due: the records' own check
        check_or_back_up(location, folder, policy, now=T0 + timedelta(hours=1))
    with pytest.raises(DamagedDatabaseError):  # due: the copy fails, and is not kept
        check_or_back_up(location, folder, policy, now=T0 + timedelta(days=2))
    assert [info.path for info in list_backups(BackupSet(folder, database_name(live)))] == [good]
    assert leftovers(folder) == []


def test_the_records_check_at_start_stops_when_cancelled(live: Path, folder: Path) -> None:
    many(live, 3000)  # a check of many more steps than the cancel token is looked at
    location = DatabaseLocation(live, KEY)
    policy = BackupPolicy(keep=3)
    assert check_or_back_up(location, folder, policy, now=T0) is not None
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):  # not due: the records' check, stopped
        check_or_back_up(location, folder, policy, now=T0 + timedelta(hours=1), cancel=cancel)


def test_nothing_is_made_for_practice_records(tmp_path: Path, folder: Path) -> None:
    practice = tmp_path / "practice.db"
    db = open_database(practice)
    repository.create_service_user(db, "AB12-0001")
    db.close()
    location = DatabaseLocation(practice, None)
    assert check_or_back_up(location, folder, BackupPolicy(), now=T0) is None
    assert not folder.exists()
