"""Automatic backups in the app (issue 19): in the background after the records open, at
most as often as Settings say, and never when the window closes, which never waits."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from readiness.progress import Cancelled
from readiness.protection import backup_copy
from readiness.protection.backups import BackupSet, database_name, list_backups
from readiness.protection.backups import make_backup as make_backup_now
from readiness_ui.protection import session as session_module
from tests.gui.test_data_protection import FakeQuestions
from tests.gui.test_protection_session import Protected


@pytest.fixture
def protected(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Protected]:
    monkeypatch.setattr(session_module, "DialogQuestions", lambda _parent: FakeQuestions())
    made = Protected(qtbot, tmp_path)
    yield made
    made.close()


def _backups(protected: Protected) -> list[Path]:
    backups = BackupSet(protected.protection.backup_folder(), database_name(protected.path))
    return [info.path for info in list_backups(backups)]


def _audited_backups(protected: Protected) -> list[str]:
    rows = protected.records.database.execute(
        "SELECT detail FROM audit_log WHERE action = 'backed-up' ORDER BY rowid"
    )
    return [str(row[0]) for row in rows]


def test_after_opening_a_backup_is_made_in_the_background_and_audited(
    qtbot: QtBot, protected: Protected
) -> None:
    started = time.perf_counter()
    protected.protection.check_and_back_up()
    assert time.perf_counter() - started < 0.5  # the GUI thread only starts it
    qtbot.waitUntil(lambda: len(_backups(protected)) == 1, timeout=20_000)
    protected.tasks.wait(20_000)
    qtbot.waitUntil(lambda: len(_audited_backups(protected)) == 1, timeout=5_000)
    [made] = _backups(protected)
    assert _audited_backups(protected) == [f"automatic, {made.name}"]


def test_within_the_interval_no_second_backup_is_made(qtbot: QtBot, protected: Protected) -> None:
    protected.protection.check_and_back_up()
    qtbot.waitUntil(lambda: len(_backups(protected)) == 1, timeout=20_000)
    protected.tasks.wait(20_000)
    protected.protection.check_and_back_up()  # a second start the same day
    protected.protection.back_up_if_due()  # the hourly look
    protected.tasks.wait(20_000)
    qtbot.wait(50)
    assert len(_backups(protected)) == 1


def test_a_backup_that_falls_due_while_the_app_stays_open_is_made(
    qtbot: QtBot, protected: Protected
) -> None:
    location = protected.records.location
    assert location.key is not None
    yesterday = datetime.now(UTC) - timedelta(days=1, minutes=1)
    old = make_backup_now(
        protected.records.database,
        location.key,
        protected.protection.backup_folder(),
        keep=7,
        now=yesterday,
    )
    protected.protection.check_and_back_up()
    assert protected.protection._hourly.isActive()
    assert protected.protection._hourly.interval() == session_module.BACKUP_LOOK_MS
    qtbot.waitUntil(lambda: len(_backups(protected)) == 2, timeout=20_000)
    assert _backups(protected)[1] == old


def test_closing_the_window_makes_no_backup(qtbot: QtBot, protected: Protected) -> None:
    protected.window.show()
    protected.window.close()
    protected.tasks.wait(20_000)
    assert _backups(protected) == []
    assert not protected.protection.backup_folder().exists()


def test_closing_during_a_backup_cancels_it_at_once_and_leaves_nothing(
    qtbot: QtBot, protected: Protected, monkeypatch: pytest.MonkeyPatch
) -> None:
    copying = threading.Event()

    def endless_copy(_source: Path, _target: Path, **options: Any) -> None:
        copying.set()
        while not options["cancel"].cancelled:  # a copy of a very large file
            time.sleep(0.005)
        raise Cancelled

    monkeypatch.setattr(backup_copy, "copy_bytes", endless_copy)
    protected.window.show()
    protected.protection.check_and_back_up()
    assert copying.wait(20)
    started = time.perf_counter()
    protected.window.close()
    assert time.perf_counter() - started < 1.0
    assert protected.tasks.wait(1000)
    folder = protected.protection.backup_folder()
    assert [path.name for path in folder.iterdir()] == []  # no backup, no half file
