"""Practice mode: fictional people in a database of their own, never mixed with real ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.cli import main
from readiness.errors import ReadinessError
from readiness.practice import fill_practice_database, is_practice_code, personas
from readiness.store import listing, repository
from readiness.store.database import open_database, open_memory_database


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
