"""Issue 18's small ones for the store: busy, full, damaged, and the data folder's permissions.

- Two commands on one file at once wait for each other (every writing transaction
  takes the lock when it begins); a wait that runs out says the records are busy.
- A full disk says the disk is full and that nothing was lost, never "damaged".
- Damage anywhere in the file is found before a backup and before an export (not
  only when something reads the damaged page); the message names the file and the
  last good backup, and no damaged copy pushes a good backup out.
- The per-user data folder is this user's only (0700), also when it was 0755.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from readiness.cli import main as cli_main
from readiness.document import to_json
from readiness.errors import DamagedDatabaseError
from readiness.protection.backups import backup_set_for, list_backups, make_backup
from readiness.store import database, repository
from readiness.store.database import check_integrity, open_database
from tests.core.test_hostile_store import _fill_up, _flip, _good_database, _mounted, _root_pages
from tests.factories import cli_key, import_into, make_document

# -- two at once --------------------------------------------------------------------------


def test_a_transaction_that_reads_then_writes_waits_for_another_writer(db_path: Path) -> None:
    """Before: the first transaction read, another connection wrote, and the first one's
    write failed at once with "database is locked" (SQLite cannot wait there)."""
    open_database(db_path, key=cli_key()).close()
    first_read, other_done = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def first() -> None:
        db = open_database(db_path, key=cli_key())
        try:
            with db.atomic():
                db.execute("SELECT count(*) FROM service_users").fetchone()
                first_read.set()
                other_done.wait(1.0)  # with the fix the other waits for us: this times out
                repository.create_service_user(db, "AB12-0001", staff="MJ")
        except BaseException as exc:
            failures.append(exc)
        finally:
            db.close()

    def other() -> None:
        first_read.wait(5)
        db = open_database(db_path, key=cli_key())
        try:
            repository.create_service_user(db, "AB12-0002", staff="MJ")
        except BaseException as exc:
            failures.append(exc)
        finally:
            other_done.set()
            db.close()

    threads = [threading.Thread(target=first), threading.Thread(target=other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    db = open_database(db_path, key=cli_key())
    assert db.execute("SELECT count(*) FROM service_users").fetchone()[0] == 2
    db.close()


def test_concurrent_imports_from_the_command_line_all_succeed(tmp_path: Path) -> None:
    """Before: of 20 imports started at once, 18 said "the file may be damaged"."""
    path = tmp_path / "r.db"
    open_database(path, key=cli_key()).close()
    files = []
    for number in range(6):
        document = tmp_path / f"doc{number}.json"
        document.write_text(to_json(make_document(f"AB12-{number:04d}")), encoding="utf-8")
        files.append(document)
    command = [sys.executable, "-m", "readiness", "--db", str(path), "assessment", "import"]
    running = [
        subprocess.Popen(
            [*command, str(document), "--staff", "MJ"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for document in files
    ]
    results = [(process.wait(120), *process.communicate()) for process in running]
    assert [(code, err) for code, _out, err in results] == [(0, "")] * len(files)
    db = open_database(path, key=cli_key())
    assert db.execute("SELECT count(*) FROM assessments").fetchone()[0] == len(files)
    db.close()


def test_a_wait_that_runs_out_says_the_records_are_busy(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: "the database could not be read (database is locked); the file may be
    damaged: restore a backup"."""
    open_database(db_path, key=cli_key()).close()
    source = db_path.parent / "doc.json"
    source.write_text(to_json(make_document("AB12-0001")), encoding="utf-8")
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = open_database(db_path, key=cli_key())
    holder.execute("BEGIN IMMEDIATE")  # another program is in the middle of a change
    try:
        code = cli_main(
            ["--db", str(db_path), "assessment", "import", str(source), "--staff", "MJ"]
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and str(db_path) in err
    assert "busy" in err and "Nothing was lost" in err
    assert "damaged" not in err and "backup" not in err


# -- a full disk ----------------------------------------------------------------------------


def _import(path: Path, document: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli_main(["--db", str(path), "assessment", "import", str(document), "--staff", "MJ"])
    return code, capsys.readouterr().err


def _big_document(folder: Path) -> Path:
    from dataclasses import replace

    from readiness.model import CheckResult, CheckStatus, Measurement
    from tests.core.test_hostile_store import LONG_TEXT, NOW

    document = make_document("AB12-0099")
    notes = {f"note_{k}": Measurement(f"{k}: {LONG_TEXT}"[:2000]) for k in range(4)}
    results = tuple(  # about 800 KB of free text, as an import may hold
        CheckResult(f"agency.note_{n}", CheckStatus.UNKNOWN, NOW, LONG_TEXT[:2000], notes)
        for n in range(80)
    )
    path = folder / "big.json"
    path.write_text(to_json(replace(document, check_results=results)), encoding="utf-8")
    return path


def test_a_database_at_its_size_limit_says_the_disk_is_full_and_nothing_was_lost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``PRAGMA max_page_count`` gives SQLite's "database or disk is full" on any machine.
    Before: "the file may be damaged: restore a backup"."""
    path = tmp_path / "r.db"
    db = open_database(path, key=cli_key())
    kept = import_into(db, make_document("AB12-0001")).id
    db.close()
    opened = database.open_database

    def at_its_limit(*args: object, **kwargs: object) -> object:
        connection = opened(*args, **kwargs)  # type: ignore[arg-type]
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")
        return connection

    monkeypatch.setattr(database, "open_database", at_its_limit)
    code, err = _import(path, _big_document(tmp_path), capsys)
    assert code == 1 and err.count("\n") == 1
    assert "disk is full" in err and "damaged" not in err and "restore" not in err
    monkeypatch.undo()
    db = open_database(path, key=cli_key())
    assert [row[0] for row in db.execute("SELECT id FROM assessments")] == [kept]
    db.close()


def test_a_really_full_disk_says_so_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small = tmp_path / "small"
    with _mounted(small, "size=1m,mode=0700"):
        path = small / "readiness.db"
        db = open_database(path, key=cli_key())
        kept = import_into(db, make_document("AB12-0001")).id
        db.close()
        _fill_up(small / "filler")
        code, err = _import(path, _big_document(tmp_path), capsys)
        (small / "filler").unlink()
        assert code == 1 and err.count("\n") == 1, err
        assert "disk is full" in err and "Nothing that was saved before was lost" in err
        assert str(path) in err and "damaged" not in err and "passphrase" not in err
        db = open_database(path, key=cli_key())
        assert [row[0] for row in db.execute("SELECT id FROM assessments")] == [kept]
        db.close()


# -- damage, found before a backup and an export ---------------------------------------------


def _damaged_with_a_backup(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Records with a good backup, then damage in the audit log only (which neither a
    list nor an export reads): the file, its backup folder and the good backup."""
    path = tmp_path / "data" / "readiness.db"
    path.parent.mkdir()
    _good_database(path, people=40)
    folder = path.parent / "backups"
    db = open_database(path, key=cli_key())
    good = make_backup(db, cli_key(), folder, keep=3)
    db.close()
    for page in _root_pages(path, "audit_log"):
        _flip(path, page)
    return path, folder, good


def test_check_integrity_finds_damage_nothing_else_reads(tmp_path: Path) -> None:
    path, _folder, _good = _damaged_with_a_backup(tmp_path)
    db = open_database(path, key=cli_key())
    try:
        assert db.execute("SELECT count(*) FROM assessments").fetchone()[0] == 40
        with pytest.raises(DamagedDatabaseError) as caught:
            check_integrity(db)
    finally:
        db.close()
    assert caught.value.path == path and str(path) in str(caught.value)


def test_an_export_of_damaged_records_is_refused_naming_the_last_good_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: the export went ahead over damaged records and said nothing."""
    path, _folder, good = _damaged_with_a_backup(tmp_path)
    out = tmp_path / "out.csv"
    code = cli_main(
        ["--db", str(path), "export", "--format", "csv", "--out", str(out), "--staff", "MJ"]
    )
    err = capsys.readouterr().err.splitlines()[-1]
    assert code == 1 and not out.exists()
    assert str(path) in err and "damaged" in err
    assert str(good) in err and f"readiness restore {good}" in err


def test_a_backup_of_damaged_records_is_refused_and_keeps_the_good_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "the backup did not check out", naming the backup folder, not the records."""
    path, _folder, good = _damaged_with_a_backup(tmp_path)
    code = cli_main(["--db", str(path), "backup", "--staff", "MJ"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert str(path) in err and "damaged" in err and str(good) in err
    assert [info.path for info in list_backups(backup_set_for(path))] == [good]


def test_without_a_good_backup_the_message_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, folder, _good = _damaged_with_a_backup(tmp_path)
    shutil.rmtree(folder)
    code = cli_main(["--db", str(path), "backup", "--staff", "MJ"])
    err = capsys.readouterr().err
    assert code == 1 and str(path) in err and "no backup that checks out was found" in err


def test_a_damaged_backup_is_not_offered(tmp_path: Path) -> None:
    from readiness.protection.backups import offer_last_good_backup

    path, folder, good = _damaged_with_a_backup(tmp_path)
    db = open_database(path, key=cli_key())
    older = good
    _flip(older, 3)  # the only backup is damaged too
    with pytest.raises(DamagedDatabaseError) as caught:
        check_integrity(db)
    db.close()
    offered = offer_last_good_backup(caught.value, folder, cli_key())
    assert offered.backup is None and "no backup that checks out" in str(offered)


# -- the data folder -----------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")
def test_the_data_folder_is_made_private(capsys: pytest.CaptureFixture[str]) -> None:
    """Before: the per-user data folder was made 0755 (readable by everyone)."""
    from readiness.paths import default_data_dir

    folder = default_data_dir()
    assert not folder.exists()
    assert cli_main(["assessments", "list"]) == 0
    assert _mode(folder) == 0o700
    assert _mode(folder / "readiness.db") == 0o600
    capsys.readouterr()


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")
def test_a_data_folder_an_older_version_left_open_is_tightened(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from readiness.paths import default_data_dir

    folder = default_data_dir()
    folder.mkdir(parents=True)
    os.chmod(folder, 0o755)
    assert cli_main(["assessments", "list"]) == 0
    assert _mode(folder) == 0o700
    capsys.readouterr()


def test_a_folder_given_with_db_is_left_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The worker's own folder (``--db``) may be shared on purpose: only the file is private."""
    os.chmod(tmp_path, 0o755)
    assert cli_main(["--db", str(tmp_path / "r.db"), "assessments", "list"]) == 0
    assert _mode(tmp_path) == 0o755
    capsys.readouterr()
