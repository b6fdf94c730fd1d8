"""Damaged records in the app: found right after they open, with the last good backup offered.

Before issue 18 a damaged page was noticed only when something happened to read it.
Now ``Protection.check_and_back_up`` reads every page on a worker once the records open
(about 0.4 s at 10,000 assessments: too long for the GUI thread), and damage is said
at once, naming the file, with a restore of the last good backup offered.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from readiness.protection.backups import make_backup
from readiness.store import repository
from readiness.store.database import check_integrity
from readiness_ui.protection import session as session_module
from tests.core.test_hostile_store import _flip
from tests.gui.test_data_protection import FakeQuestions
from tests.gui.test_protection_session import Protected


@pytest.fixture
def protected(qtbot: QtBot, tmp_path: Path) -> Iterator[Protected]:
    made = Protected(qtbot, tmp_path)
    yield made
    made.close()


def _damage_the_audit_log(protected: Protected) -> None:
    """Damage pages no screen reads on its own (the audit log's), on the disk."""
    db = protected.records.database
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = [
        int(row[0])
        for row in db.execute(
            "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'audit_log' AND rootpage > 0"
        )
    ]
    for page in pages:
        _flip(protected.path, page)


def test_damage_is_found_after_opening_and_the_last_good_backup_restores(
    qtbot: QtBot, protected: Protected, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = FakeQuestions()
    monkeypatch.setattr(session_module, "DialogQuestions", lambda _parent: questions)
    records = protected.window.records
    assert records is not None
    records.start_intake("AB12-0001", staff_initials="AD")
    location = protected.records.location
    assert location.key is not None
    good = make_backup(records.database, location.key, protected.path.parent / "backups", keep=3)
    _damage_the_audit_log(protected)
    assert repository.find_service_user(records.database, "AB12-0001") is not None  # still reads

    protected.protection.check_and_back_up()
    qtbot.waitUntil(lambda: bool(questions.asked), timeout=20_000)

    title, text = questions.asked[0]
    assert title == "The records are damaged"
    assert str(protected.path) in text and str(good) in text
    restored = protected.window.records
    assert restored is not None and restored is not records  # reopened on the backup
    check_integrity(restored.database)
    assert repository.find_service_user(restored.database, "AB12-0001") is not None
    [entry] = restored.database.execute(
        "SELECT action, detail FROM audit_log WHERE action = 'restored'"
    ).fetchall()
    assert entry == ("restored", f"backup {good.name}")


def test_without_a_good_backup_the_damage_is_said_with_no_offer(
    qtbot: QtBot, protected: Protected, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = FakeQuestions()
    monkeypatch.setattr(session_module, "DialogQuestions", lambda _parent: questions)
    _damage_the_audit_log(protected)
    protected.protection.check_and_back_up()
    qtbot.waitUntil(lambda: bool(questions.errors), timeout=20_000)
    assert questions.asked == []
    assert str(protected.path) in questions.errors[0]
    assert "no backup that checks out was found" in questions.errors[0]


def test_sound_records_say_nothing(
    qtbot: QtBot, protected: Protected, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = FakeQuestions()
    monkeypatch.setattr(session_module, "DialogQuestions", lambda _parent: questions)
    protected.protection.check_and_back_up()
    protected.tasks.wait(20_000)
    qtbot.wait(50)
    assert questions.asked == [] and questions.errors == []
