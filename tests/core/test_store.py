"""The connection factory and the repository, on real SQLite files."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from readiness.errors import NotFoundError, ReadinessError, StoreError
from readiness.model import Answer, AssessmentStatus, MissingCode, utc_now
from readiness.store import listing, repository
from readiness.store.database import open_database, open_memory_database
from readiness.store.migrations import known_names
from tests.factories import import_into, make_document


def test_open_creates_the_schema_with_foreign_keys_and_wal(db_path: Path) -> None:
    db = open_database(db_path)
    assert {"service_users", "assessments", "answers", "check_results"} <= set(db.table_names())
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    applied = [row["name"] for row in db.table("_sqlite_migrations").rows]
    assert applied == known_names()
    db.close()
    # Opening again applies nothing new and keeps the data.
    assert open_database(db_path).table("_sqlite_migrations").count == len(known_names())


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_a_new_database_is_readable_by_its_owner_only(db_path: Path) -> None:
    db = open_database(db_path)
    db.execute("CREATE TABLE t (x)")
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            assert path.stat().st_mode & 0o077 == 0, suffix
    db.close()


def test_missing_folder_is_reported_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "r.db"
    with pytest.raises(StoreError, match=r"r\.db: the folder .*nowhere does not exist"):
        open_database(path)
    assert not path.parent.exists()
    open_database(path, create_dir=True).close()  # the default location is created
    assert path.exists()


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="uses /proc as a folder no one can write"
)
def test_unwritable_folder_is_reported() -> None:
    with pytest.raises(StoreError, match="cannot be written to"):
        open_database(Path("/proc/readiness.db"))


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list: milk, bread")
    with pytest.raises(StoreError, match=r"notes\.db: this file is not a Readiness database"):
        open_database(path)
    assert path.read_text() == "shopping list: milk, bread"


def test_a_folder_in_place_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "x.db").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        open_database(tmp_path / "x.db")


def test_a_database_from_a_newer_version_is_refused_unchanged(db_path: Path) -> None:
    db = open_database(db_path)
    db.table("_sqlite_migrations").insert(
        {"migration_set": "readiness", "name": "m999_future", "applied_at": "2030-01-01"}
    )
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match=r"newer version of Readiness.*m999_future"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_a_damaged_database_is_reported(db_path: Path) -> None:
    open_database(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    with pytest.raises(StoreError, match=r"damaged|database error"):
        open_database(db_path)


def test_service_users_by_code() -> None:
    db = open_memory_database()
    user = repository.create_service_user(db, "ab12-0042", preferred_name="  Sam ")
    assert user.code == "AB12-0042"
    assert user.preferred_name == "Sam"
    assert repository.find_service_user(db, "Ab12-0042") == user
    assert repository.find_or_create_service_user(db, "AB12-0042") == user
    with pytest.raises(ReadinessError, match="already in use"):
        repository.create_service_user(db, "AB12-0042")
    with pytest.raises(ReadinessError, match="not valid"):
        repository.create_service_user(db, "Sam Smith")
    assert repository.find_service_user(db, "ZZ99") is None


def test_assessment_life_cycle() -> None:
    db = open_memory_database()
    user = repository.create_service_user(db, "CX-1")
    draft = repository.start_assessment(db, user, locale="es", staff_initials="mj")
    assert draft.status is AssessmentStatus.DRAFT
    assert draft.staff_initials == "MJ"
    assert repository.list_drafts(db) == [draft]
    assert repository.get_assessment(db, draft.id[:8]) == draft  # a unique prefix is enough
    done = repository.complete_assessment(db, draft.id)
    assert done.status is AssessmentStatus.COMPLETE and done.completed is not None
    assert repository.list_drafts(db) == []
    again = repository.reopen_assessment(db, draft.id)
    assert again.status is AssessmentStatus.DRAFT and again.completed is None
    with pytest.raises(NotFoundError):
        repository.get_assessment(db, "00000000-nope")
    with pytest.raises(ReadinessError, match="language"):
        repository.start_assessment(db, user, locale="fr")


def test_answers_are_committed_the_moment_they_are_saved(db_path: Path) -> None:
    db = open_database(db_path)
    user = repository.create_service_user(db, "CX-2")
    assessment = repository.start_assessment(db, user)
    answer = Answer("access", "access.devices", utc_now(), value=("smartphone",))
    repository.save_answer(db, assessment.id, answer)
    # A second connection (another process after a crash) sees it without any commit call.
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT value_json FROM answers").fetchone()[0] == '["smartphone"]'
    other.close()
    changed = Answer("access", "access.devices", utc_now(), missing=MissingCode.DECLINED)
    repository.save_answer(db, assessment.id, changed)
    assert repository.list_answers(db, assessment.id) == [changed]
    repository.delete_answer(db, assessment.id, "access", "access.devices")
    assert repository.list_answers(db, assessment.id) == []
    with pytest.raises(NotFoundError):
        repository.save_answer(db, "no-such-assessment", answer)


def test_listing_pages_newest_first_and_search_by_code_prefix() -> None:
    db = open_memory_database()
    ids = []
    for index in range(7):
        user = repository.find_or_create_service_user(
            db, f"{'AB' if index % 2 else 'CD'}{index:02}"
        )
        ids.append(repository.start_assessment(db, user).id)
    first = listing.list_assessments(db, page=1, page_size=3)
    assert first.total == 7 and first.page_count == 3
    assert [item.id for item in first.items] == ids[::-1][:3]
    last = listing.list_assessments(db, page=3, page_size=3)
    assert [item.id for item in last.items] == [ids[0]]
    found = listing.list_assessments(db, code_prefix="ab")
    assert {item.service_user_code for item in found.items} == {"AB01", "AB03", "AB05"}
    assert listing.list_assessments(db, code_prefix="AB0%").total == 0  # no wildcards
    assert listing.list_assessments(db, status=AssessmentStatus.COMPLETE).total == 0
    with pytest.raises(ReadinessError):
        listing.list_assessments(db, page=0)


def test_import_then_export_gives_the_same_document() -> None:
    db = open_memory_database()
    document = make_document(answers=5)
    import_into(db, document)
    loaded = repository.load_document(db, document.assessment.id)
    assert loaded.assessment == document.assessment
    assert set(loaded.answers) == set(document.answers)
    assert loaded.check_results == document.check_results
    with pytest.raises(ReadinessError, match="already in this database"):
        import_into(db, document)
    import_into(
        db,
        make_document(answers=1).__class__(
            service_user=document.service_user,
            assessment=document.assessment,
            answers=document.answers[:1],
            check_results=(),
        ),
        replace_existing=True,
    )
    assert len(repository.load_document(db, document.assessment.id).answers) == 1


def test_import_is_all_or_nothing() -> None:
    db = open_memory_database()
    document = make_document()
    bad = document.__class__(
        service_user=document.service_user.__class__(id="x", code="not a code"),
        assessment=document.assessment,
        answers=document.answers,
        check_results=document.check_results,
    )
    with pytest.raises(ReadinessError, match=r"service_user\.id: not an id"):
        import_into(db, bad)
    assert db.table("assessments").count == 0
    assert db.table("service_users").count == 0
