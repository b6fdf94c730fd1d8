"""The store under hostile conditions: a full disk mid-save, a read-only folder, damaged files.

Each case must end in one clear message (a ``StoreError``, or one line from the
command line with exit code 1), never a traceback, and must never cost an answer
that was saved before it. The encrypted-file cases the open path already covers
(wrong key, truncated or zeroed file, a plain file given a key) are in
``test_encryption.py``; here they are driven through the command line as well.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from readiness.cli import main as cli_main
from readiness.errors import StoreError
from readiness.model import Answer
from readiness.plan import Plan, PlanItem
from readiness.store import plans, repository
from readiness.store.database import open_database
from readiness.store.sql_errors import DATABASE_ERRORS
from tests.factories import cli_key, import_into, make_document

NOW = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
LONG_TEXT = "Prefiere llamadas por la mañana; " * 60  # ~2 KB: every save grows the file


def _answer(number: int) -> Answer:
    return Answer("prefs", f"prefs.note_{number}", NOW, value=f"{number}: {LONG_TEXT}"[:2000])


def _saved_numbers(path: Path) -> set[int]:
    db = open_database(path, key=cli_key())
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [row[0] for row in db.execute("SELECT id FROM assessments")]
        return {
            int(answer.item_id.rsplit("_", 1)[1])
            for assessment_id in ids
            for answer in repository.list_answers(db, assessment_id)
            if answer.item_id.startswith("prefs.note_")
        }
    finally:
        db.close()


@contextlib.contextmanager
def _mounted(
    where: Path, options: str, source: str = "tmpfs", kind: str = "tmpfs"
) -> Iterator[None]:
    """A small file system at ``where``, or a skip where mounting is not allowed."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a file system needs root on Linux")
    where.mkdir(exist_ok=True)
    command = ["mount", "-t", kind, "-o", options, source, str(where)]
    if kind == "bind":
        command = ["mount", "--bind", source, str(where)]
    done = subprocess.run(command, capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.decode(errors='replace').strip()}")
    try:
        if kind == "bind":
            remount = ["mount", "-o", f"remount,bind,{options}", str(where)]
            subprocess.run(remount, capture_output=True, check=True)
        yield
    finally:
        done = subprocess.run(["umount", str(where)], capture_output=True, check=False)
        if done.returncode != 0:  # still busy (a test failed with a file open): detach it
            subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def _fill_up(filler: Path) -> None:
    """Write ``filler`` until the file system has no space left."""
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# -- a full disk -------------------------------------------------------------------


def test_a_really_full_disk_during_a_save_is_reported_and_loses_nothing(tmp_path: Path) -> None:
    small = tmp_path / "small"
    with _mounted(small, "size=1m,mode=0700"):
        path = small / "readiness.db"
        db = open_database(path, key=cli_key())
        try:
            assessment = import_into(db, make_document("AB12-0001"))
            confirmed: list[int] = []
            for number in range(3):
                repository.save_answer(db, assessment.id, _answer(number))
                confirmed.append(number)
            # Fill what is left of the disk, then keep answering until a save cannot be made.
            filler = small / "filler"
            _fill_up(filler)
            failure: StoreError | None = None
            for number in range(3, 200):
                try:
                    repository.save_answer(db, assessment.id, _answer(number))
                except StoreError as exc:
                    failure = exc
                    break
                confirmed.append(number)
            assert failure is not None, "the disk never filled up"
            message = str(failure).lower()
            assert "could not save" in message or "not saved" in message
            assert "full" in message or "space" in message
            assert "\n" not in message
            # The connection still reads what was saved before, while the disk is full.
            answers = {a.item_id for a in repository.list_answers(db, assessment.id)}
            assert {f"prefs.note_{n}" for n in confirmed} <= answers
        finally:
            db.close()
        filler.unlink()
        assert _saved_numbers(path) == set(confirmed)


def test_a_database_at_its_size_limit_refuses_the_save_and_keeps_the_rest(db_path: Path) -> None:
    """``PRAGMA max_page_count`` gives the same SQLITE_FULL without a real full disk."""
    db = open_database(db_path, key=cli_key())
    assessment = import_into(db, make_document("AB12-0002"))
    for number in range(3):
        repository.save_answer(db, assessment.id, _answer(number))
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match=r"(?i)(could not save|not saved).*(full|space)"):
        for number in range(3, 100):
            repository.save_answer(db, assessment.id, _answer(number))
    saved_before = {
        a.item_id for a in repository.list_answers(db, assessment.id) if "note_" in a.item_id
    }
    with pytest.raises(StoreError, match=r"(?i)(could not save|not saved).*(full|space)"):
        plans.save_plan(
            db, assessment.id, Plan(text=LONG_TEXT[:4000], added=(PlanItem("x" * 300),) * 50)
        )
    assert plans.get_plan(db, assessment.id) is None
    db.close()
    numbers = _saved_numbers(db_path)
    assert {0, 1, 2} <= numbers
    assert {f"prefs.note_{n}" for n in numbers} == saved_before


# -- a read-only folder ---------------------------------------------------------------


def test_a_database_in_a_read_only_folder_is_reported_and_left_unchanged(tmp_path: Path) -> None:
    """A real read-only mount (root ignores file modes, so chmod would prove nothing)."""
    data = tmp_path / "data"
    data.mkdir()
    path = data / "readiness.db"
    db = open_database(path, key=cli_key())
    assessment = import_into(db, make_document("AB12-0003"))
    db.close()
    before = path.read_bytes()
    view = tmp_path / "read-only"
    with _mounted(view, "ro", source=str(data), kind="bind"):
        with pytest.raises(StoreError, match="cannot be written to") as caught:
            open_database(view / "readiness.db", key=cli_key())
        assert str(view / "readiness.db") in str(caught.value)
    assert path.read_bytes() == before
    db = open_database(path, key=cli_key())
    assert repository.get_assessment(db, assessment.id).id == assessment.id
    db.close()


def test_the_command_line_reports_a_read_only_folder_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    open_database(data / "readiness.db", key=cli_key()).close()
    view = tmp_path / "read-only"
    with _mounted(view, "ro", source=str(data), kind="bind"):
        code = cli_main(["--db", str(view / "readiness.db"), "assessments", "list"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "cannot be written to" in err and "Traceback" not in err


# -- damaged files, through the command line -----------------------------------------


def _good_database(path: Path, people: int = 120) -> list[str]:
    """An encrypted database with ``people`` assessments, folded into the main file."""
    db = open_database(path, key=cli_key())
    ids = [import_into(db, make_document(f"AB12-{n:04d}", answers=5)).id for n in range(people)]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return ids


def _flip(path: Path, page_number: int, at: int = 200, length: int = 16) -> None:
    """Flip bytes inside one page (numbered from 1, as SQLite does) of an encrypted file."""
    data = bytearray(path.read_bytes())
    start = (page_number - 1) * 4096 + at
    data[start : start + length] = bytes(b ^ 0xFF for b in data[start : start + length])
    path.write_bytes(bytes(data))


def _root_pages(path: Path, table: str) -> list[int]:
    db = open_database(path, key=cli_key())
    try:
        rows = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE tbl_name = ? AND rootpage > 0", [table]
        )
        return [int(row[0]) for row in rows]
    finally:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()


def _one_line_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = cli_main(argv)
    captured = capsys.readouterr()
    assert code == 1, captured
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith("readiness: error: ")
    return captured.err


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("truncated", "damaged"),
        ("zeros", "damaged"),
        ("plain", "not encrypted"),
        ("first page", "damaged"),
    ],
)
def test_a_damaged_or_unencrypted_file_gives_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str, expected: str
) -> None:
    path = tmp_path / "readiness.db"
    if damage == "plain":
        plain = open_database(path)
        import_into(plain, make_document("AB12-0004"))
        plain.close()
    else:
        _good_database(path, people=30)
        if damage == "truncated":
            path.write_bytes(path.read_bytes()[:5000])
        elif damage == "zeros":
            path.write_bytes(b"\0" * path.stat().st_size)
        else:
            _flip(path, 1)
    before = path.read_bytes()
    err = _one_line_error(["--db", str(path), "assessments", "list"], capsys)
    assert str(path) in err and expected in err
    assert path.read_bytes() == before  # a damaged file is never "repaired" over


def test_a_page_damaged_in_the_middle_is_found_by_an_integrity_check(tmp_path: Path) -> None:
    """The file still opens (the schema is intact); SQLCipher's page check finds the damage."""
    path = tmp_path / "readiness.db"
    _good_database(path)
    pages = path.stat().st_size // 4096
    _flip(path, pages // 2)
    db = open_database(path, key=cli_key())
    try:
        result = [row[0] for row in db.execute("PRAGMA integrity_check")]
    except DATABASE_ERRORS as exc:  # the checker itself may stop at the bad page
        result = [str(exc)]
    finally:
        db.close()
    assert result != ["ok"]


def test_a_page_damaged_in_the_middle_gives_one_line_when_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "readiness.db"
    _good_database(path)
    for page in _root_pages(path, "assessments"):
        _flip(path, page)
    err = _one_line_error(["--db", str(path), "assessments", "list"], capsys)
    assert "damaged" in err and str(path) in err


def test_damaged_copies_are_not_left_behind(tmp_path: Path) -> None:
    """Opening a damaged file makes no -wal or -shm that could be mistaken for data."""
    path = tmp_path / "readiness.db"
    _good_database(path, people=10)
    _flip(path, 1)
    with pytest.raises(StoreError):
        open_database(path, key=cli_key())
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers in (["readiness.db"], ["readiness.db", "readiness.db-shm", "readiness.db-wal"])
