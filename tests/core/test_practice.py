"""Practice mode: fictional people in a database of their own, never mixed with real ones,
recognised as practice by every command (a mark in the file header), with visits that differ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.cli import main
from readiness.document import AssessmentDocument
from readiness.errors import ReadinessError
from readiness.practice import (
    fill_practice_database,
    is_practice_code,
    is_practice_file,
    open_practice_database,
    personas,
    practice_documents,
)
from readiness.practice.marker import PRACTICE_APPLICATION_ID
from readiness.store import listing, repository
from readiness.store.database import open_database, open_memory_database
from readiness.store.keys import is_encrypted


def test_practice_people_have_practice_codes_and_realistic_assessments() -> None:
    db = open_memory_database()
    added = fill_practice_database(db, count=6)
    assert added == 8  # every third person also has a reassessment
    page = listing.list_assessments(db)
    assert page.total == 8
    codes = {item.service_user_code for item in page.items}
    assert codes == {f"PRACTICE-{n:03}" for n in range(1, 7)}
    assert all(is_practice_code(code) for code in codes)
    document = repository.load_document(db, page.items[0].id)
    assert len(document.answers) > 10
    assert len(personas()) >= 10


def test_remaking_the_practice_database_replaces_it() -> None:
    db = open_memory_database()
    fill_practice_database(db, count=4)
    fill_practice_database(db, count=2)
    assert listing.list_assessments(db).total == 3


def test_a_database_with_real_people_is_refused_and_unchanged(tmp_path: Path) -> None:
    db = open_database(tmp_path / "real.db")
    repository.start_assessment(db, repository.create_service_user(db, "AB12-0042"))
    with pytest.raises(ReadinessError, match="real service users"):
        fill_practice_database(db)
    assert listing.list_assessments(db).total == 1


def test_demo_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "practice.db"
    assert main(["--db", str(path), "demo", "--count", "3"]) == 0
    assert "3 fictional people" in capsys.readouterr().out
    real = tmp_path / "real.db"
    db = open_database(real)
    repository.create_service_user(db, "ZZ-1")
    db.close()
    assert main(["--db", str(real), "demo"]) == 1
    assert "real service users" in capsys.readouterr().err


# -- recognised everywhere (issue 15) ----------------------------------------------------


def test_demo_then_any_command_works_without_a_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READINESS_PASSPHRASE_FILE", raising=False)
    path = tmp_path / "x.db"
    assert main(["--db", str(path), "demo", "--count", "4"]) == 0
    out = capsys.readouterr().out
    assert f"readiness --db {path}" in out
    assert is_practice_file(path)
    assert main(["--db", str(path), "assessments", "list", "--json"]) == 0
    listed, err = capsys.readouterr()
    assert len(json.loads(listed)["items"]) == 6  # four people, two seen twice
    assert "practice database" in err and "fictional" in err
    first = json.loads(listed)["items"][0]["id"]
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text("a long enough passphrase\n", encoding="utf-8")
    for command in (
        ["assessment", "show", first, "--staff", "MJ"],
        ["assessment", "status", first, "--staff", "MJ"],
        ["--passphrase-file", str(passphrase), "assessments", "list"],
        ["export", "--format", "csv", "--out", str(tmp_path / "out.csv"), "--staff", "MJ"],
    ):
        assert main(["--db", str(path), *command]) == 0, command
        assert "encrypt" not in capsys.readouterr().err
    assert main(["--db", str(path), "backup"]) == 1
    assert "practice databases are not backed up" in capsys.readouterr().err
    assert is_practice_file(path) and not is_encrypted(path)


def test_a_plain_database_without_the_mark_is_refused_with_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plain.db"
    open_database(path).close()
    assert not is_practice_file(path)
    assert main(["--db", str(path), "assessments", "list"]) == 1
    err = capsys.readouterr().err
    assert "not marked as practice" in err and f"readiness --db {path} demo" in err
    assert "is encrypted" not in err


def test_only_the_practice_mark_makes_a_practice_file(tmp_path: Path) -> None:
    from readiness.store.keys import DatabaseKey

    assert not is_practice_file(tmp_path / "missing.db")
    encrypted = tmp_path / "real.db"
    open_database(encrypted, key=DatabaseKey.from_bytes(b"k" * 32)).close()
    assert not is_practice_file(encrypted)
    practice = tmp_path / "practice.db"
    open_practice_database(practice).close()
    assert is_practice_file(practice)
    header = practice.read_bytes()[:100]
    assert header[68:72] == PRACTICE_APPLICATION_ID.to_bytes(4, "big")
    (tmp_path / "short.db").write_bytes(header[:70])
    assert not is_practice_file(tmp_path / "short.db")


@given(st.binary(min_size=0, max_size=120))
def test_any_header_is_read_without_failing(header: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.db"
        path.write_bytes(header)
        marked = header[:16] == b"SQLite format 3\x00" and header[68:72] == (
            PRACTICE_APPLICATION_ID.to_bytes(4, "big")
        )
        assert is_practice_file(path) is marked


def test_an_older_practice_database_is_marked_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "practice.db"
    db = open_database(path)
    fill_practice_database(db, count=2)
    db.execute("PRAGMA application_id = 0")  # as made before practice files were marked
    db.close()
    assert not is_practice_file(path)
    db = open_practice_database(path)
    assert listing.list_assessments(db).total == 3  # kept as it was
    db.close()
    assert is_practice_file(path)


# -- later visits differ, so training shows change ------------------------------------------


def test_later_visits_differ_and_training_shows_the_change() -> None:
    from readiness.equity.compare import Direction, compare
    from tests.factories import assess

    documents = practice_documents(13)
    by_person: dict[str, list[AssessmentDocument]] = {}
    for document in documents:
        by_person.setdefault(document.service_user.code, []).append(document)
    pairs = [visits for visits in by_person.values() if len(visits) == 2]
    assert len(pairs) == 5
    for earlier, later in pairs:
        assert earlier.assessment.created < later.assessment.created
        changed = [
            (a.item_id, a.value, b.value)
            for a, b in zip(earlier.answers, later.answers, strict=True)
            if a.value != b.value
        ]
        assert 1 <= len(changed) <= 3, changed
        assert all(item.startswith("skills.") for item, _before, _after in changed)
        comparison = compare(assess(earlier), assess(later))
        moved = {d.id: d.direction for d in comparison.domains if d.direction is not Direction.SAME}
        assert moved and set(moved.values()) == {Direction.BETTER}, moved
        # The later plan starts from what was still open, marked with the earlier day.
        assert earlier.plan is not None and later.plan is not None
        carried = [item for item in later.plan.added if item.carried_from is not None]
        assert [item.text for item in carried] == [i.text for i in earlier.plan.open_items()]
        assert {item.carried_from for item in carried} == {earlier.assessment.created.date()}


def test_practice_people_show_follow_ups_and_reassessments_due() -> None:
    from datetime import date

    from readiness.summaries import Due, DueRule

    db = open_memory_database()
    fill_practice_database(db, count=12)
    rule = DueRule(date.today(), 90)
    found = {due: listing.AssessmentListing(db, due=due, rule=rule).count() for due in Due}
    assert found[Due.FOLLOW_UP] >= 3 and found[Due.REASSESSMENT] >= 2, found
    assert listing.AssessmentListing(db).count() > sum(found.values())  # and some not due
