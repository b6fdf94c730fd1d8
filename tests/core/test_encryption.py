"""Encryption at rest: SQLCipher through the connection factory, keys, rekey, plain files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.errors import LockedDatabaseError, NotEncryptedError, ReadinessError
from readiness.protection.passphrase import check_new_passphrase, retry_delay
from readiness.store import repository
from readiness.store.database import (
    DatabaseLocation,
    change_key,
    encrypt_plain_file,
    open_database,
)
from readiness.store.keys import DatabaseKey, file_salt, is_encrypted, stretched_key
from tests.factories import import_into, make_document

MARKER = "ZQ-MARKER-7f3a"
KEY = DatabaseKey.from_bytes(bytes(range(32)))


def _raw_bytes(path: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            data += part.read_bytes()
    return data


def test_a_keyed_database_is_encrypted_on_disk_wal_included(db_path: Path) -> None:
    db = open_database(db_path, key=KEY)
    user = repository.create_service_user(db, "AB12-0001", preferred_name=MARKER)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert Path(f"{db_path}-wal").exists()
    raw = _raw_bytes(db_path)
    assert MARKER.encode() not in raw
    assert b"service_users" not in raw  # even the schema is unreadable
    assert is_encrypted(db_path)
    db.close()
    reopened = open_database(db_path, key=KEY)
    assert repository.get_service_user(reopened, user.id).preferred_name == MARKER
    reopened.close()


def test_the_same_data_in_a_plain_database_is_readable(db_path: Path) -> None:
    """The control for the test above: the marker search would find plain text."""
    db = open_database(db_path)
    repository.create_service_user(db, "AB12-0001", preferred_name=MARKER)
    assert MARKER.encode() in _raw_bytes(db_path)
    assert not is_encrypted(db_path)
    db.close()


def test_a_wrong_key_is_refused_with_a_clear_message_and_nothing_changes(db_path: Path) -> None:
    open_database(db_path, key=KEY).close()
    before = db_path.read_bytes()
    with pytest.raises(LockedDatabaseError, match="passphrase does not open this database"):
        open_database(db_path, key=DatabaseKey.from_passphrase("not the passphrase"))
    assert db_path.read_bytes() == before
    open_database(db_path, key=KEY).close()  # the right key still works: no lockout


def test_an_encrypted_file_without_a_key_asks_for_the_passphrase(db_path: Path) -> None:
    open_database(db_path, key=KEY).close()
    with pytest.raises(LockedDatabaseError, match="needs its passphrase"):
        open_database(db_path)


def test_a_plain_file_given_a_key_is_reported_then_encrypted_in_place(db_path: Path) -> None:
    plain = open_database(db_path)
    document = make_document("AB12-0009", answers=5)
    import_into(plain, document)
    plain.close()
    with pytest.raises(NotEncryptedError, match="not encrypted yet"):
        open_database(db_path, key=KEY)
    encrypt_plain_file(db_path, KEY)
    assert is_encrypted(db_path)
    assert b"AB12-0009" not in _raw_bytes(db_path)
    db = open_database(db_path, key=KEY)
    reloaded = repository.load_document(db, document.assessment.id)
    assert set(reloaded.answers) == set(document.answers)
    db.close()


def test_truncated_and_garbage_files_give_one_clear_message(tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    db = open_database(good, key=KEY)
    for number in range(200):
        repository.create_service_user(db, f"AB12-{number:04d}")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(good.read_bytes()[:1000])
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x00" * 8192)
    for path in (truncated, garbage):
        with pytest.raises(ReadinessError) as caught:
            open_database(path, key=KEY)
        assert str(path) in str(caught.value)


def test_rekey_changes_the_passphrase(db_path: Path) -> None:
    db = open_database(db_path, key=KEY)
    repository.create_service_user(db, "AB12-0001")
    new = DatabaseKey.from_passphrase("a new long passphrase")
    change_key(db, new)
    db.close()
    with pytest.raises(LockedDatabaseError):
        open_database(db_path, key=KEY)
    again = DatabaseLocation(db_path, new).open()
    assert repository.find_service_user(again, "AB12-0001") is not None
    again.close()


def test_a_plain_database_has_no_passphrase_to_change(db_path: Path) -> None:
    db = open_database(db_path)
    with pytest.raises(NotEncryptedError):
        change_key(db, KEY)
    db.close()


def test_stdlib_sqlite_cannot_read_the_encrypted_file(db_path: Path) -> None:
    open_database(db_path, key=KEY).close()
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_passphrase_key_and_raw_key_quote_safely(tmp_path: Path) -> None:
    tricky = DatabaseKey.from_passphrase('it\'s "quoted"; DROP TABLE x; --')
    path = tmp_path / "q.db"
    open_database(path, key=tricky).close()
    open_database(path, key=tricky).close()
    assert "secret" not in repr(tricky) and "DROP" not in repr(tricky)


@pytest.mark.parametrize(
    ("passphrase", "confirmation", "message"),
    [
        ("short", None, "at least 8"),
        (" leading space ok?", None, "start or end with a space"),
        ("tab\tinside here", None, "control characters"),
        ("long enough one", "long enough two", "not the same"),
        ("x" * 1025, None, "at most 1024"),
    ],
)
def test_new_passphrase_rules(passphrase: str, confirmation: str | None, message: str) -> None:
    with pytest.raises(ReadinessError, match=message):
        check_new_passphrase(passphrase, confirmation)


def test_a_good_passphrase_passes_the_rules() -> None:
    check_new_passphrase("correct horse battery staple", "correct horse battery staple")
    check_new_passphrase("contraseña segura")


@given(st.integers(min_value=0, max_value=10_000))
@settings(max_examples=200)
def test_retry_delay_grows_but_is_capped(failures: int) -> None:
    delay = retry_delay(failures)
    assert 0 <= delay <= 30
    assert delay <= retry_delay(failures + 1)
    assert (delay == 0) == (failures == 0)


def test_a_stretched_key_opens_a_database_made_with_the_passphrase(db_path: Path) -> None:
    passphrase = DatabaseKey.from_passphrase("correct horse battery")
    open_database(db_path, key=passphrase).close()
    salt = file_salt(db_path)
    assert salt is not None and len(salt) == 16
    stretched = stretched_key(db_path, passphrase)
    assert stretched == passphrase  # the same key: the stretching is only a shortcut
    assert stretched.pragma_value(salt).startswith("\"x'")
    db = open_database(db_path, key=stretched)
    assert db.table("assessments").count == 0
    db.close()


def test_a_database_made_with_a_stretched_key_opens_with_the_passphrase(db_path: Path) -> None:
    passphrase = DatabaseKey.from_passphrase("correct horse battery")
    stretched = stretched_key(db_path, passphrase)  # a new file: a new salt
    import_into(open_database(db_path, key=stretched), make_document())
    assert file_salt(db_path) == bytes.fromhex(stretched.stretched[64:])
    reopened = open_database(db_path, key=passphrase)
    assert reopened.table("assessments").count == 1
    reopened.close()


def test_a_key_stretched_for_another_file_falls_back_to_the_passphrase(tmp_path: Path) -> None:
    passphrase = DatabaseKey.from_passphrase("correct horse battery")
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    open_database(first, key=passphrase).close()
    open_database(second, key=passphrase).close()
    for_first = stretched_key(first, passphrase)
    assert for_first.pragma_value(file_salt(second)) == "'correct horse battery'"
    db = open_database(second, key=for_first)
    assert db.table("assessments").count == 0
    db.close()


def test_a_wrong_passphrase_stretched_is_still_refused(db_path: Path) -> None:
    open_database(db_path, key=DatabaseKey.from_passphrase("correct horse battery")).close()
    wrong = stretched_key(db_path, DatabaseKey.from_passphrase("wrong horse battery"))
    with pytest.raises(LockedDatabaseError):
        open_database(db_path, key=wrong)


def test_a_raw_key_is_never_stretched() -> None:
    raw = DatabaseKey.from_bytes(bytes(range(32)))
    assert raw.stretched_for(b"s" * 16) is raw


def test_no_sqlite_utils_plugin_gets_the_decrypted_connection(db_path: Path) -> None:
    """A package installed on the machine can register a sqlite-utils plugin; the app's
    connection, decrypted, is never handed to it."""
    from types import SimpleNamespace

    from sqlite_utils import hookimpl
    from sqlite_utils.plugins import pm

    handed: list[object] = []

    @hookimpl
    def prepare_connection(conn: object) -> None:
        handed.append(conn)

    pm.register(SimpleNamespace(prepare_connection=prepare_connection), name="eavesdropper")
    try:
        db = open_database(db_path, key=DatabaseKey.from_passphrase("a long test passphrase"))
        db.close()
    finally:
        pm.unregister(name="eavesdropper")
    assert handed == []
