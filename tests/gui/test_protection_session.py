"""Data protection in the window: a new passphrase and a restore reopen the records the
window works on, and no connection is used on a thread other than the one that opened it.

The window is built as the app builds it (``build_window`` and ``protect``) and unlocked
with scripted answers; the Data protection page's questions are answered by
``FakeQuestions``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from readiness.errors import LockedDatabaseError
from readiness.model import Answer, utc_now
from readiness.protection import audit as audit_log
from readiness.protection.audit import AuditAction, AuditFilter
from readiness.protection.backups import make_backup
from readiness.settings import Settings
from readiness.store import repository
from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey
from readiness_ui.app import build_window, load_configuration, protect
from readiness_ui.main_window import HOME, MainWindow
from readiness_ui.protection import session as session_module
from readiness_ui.protection.guard_dialogs import PassphraseChoice
from readiness_ui.protection.open_records import OpenRecords
from readiness_ui.protection.page import DataProtectionPage
from readiness_ui.protection.session import Protection
from readiness_ui.tasks import TaskRunner
from tests.gui.test_data_protection import FakeQuestions, Harness
from tests.gui.test_database_unlock import FakeAsker

OLD_WORDS = "old words for the lock"
NEW_WORDS = "new words for the lock"


class Protected:
    """A window on encrypted records opened with ``OLD_WORDS``, and its ``Protection``."""

    def __init__(self, qtbot: QtBot, folder: Path) -> None:
        self.path = folder / "records.db"
        configuration = load_configuration(folder / "settings.json")[0]
        self.tasks = TaskRunner()
        self.window: MainWindow = build_window(configuration, self.path, tasks=self.tasks)
        qtbot.addWidget(self.window)
        self.protection: Protection = protect(
            self.window, configuration, self.tasks, self.path, create_dir=False
        )
        opened = self.protection.open(FakeAsker(new=DatabaseKey.from_passphrase(OLD_WORDS)))
        assert opened is not None
        self.questions = FakeQuestions()

    @property
    def records(self) -> OpenRecords:
        assert self.protection.records is not None
        return self.protection.records

    def page(self) -> DataProtectionPage:
        page = self.protection.data_protection_page(
            lambda _settings: None, lambda: Settings(staff_initials="AD"), questions=self.questions
        )
        assert page is not None
        return page

    def home_codes(self) -> list[str]:
        self.window.show_page(HOME)
        model = self.window.home.model
        return [model.data(model.index(row, 0)) for row in range(model.rowCount())]

    def close(self) -> None:
        self.protection.lock.shutdown()
        self.tasks.wait()
        self.records.database.close()


@pytest.fixture
def protected(qtbot: QtBot, tmp_path: Path) -> Iterator[Protected]:
    made = Protected(qtbot, tmp_path)
    yield made
    made.close()


def test_a_new_passphrase_leaves_the_window_working_on_the_new_key(
    qtbot: QtBot, protected: Protected
) -> None:
    window = protected.window
    assert window.records is not None
    intake = window.records.start_intake("AB12-0001", staff_initials="AD")
    window.show_intake(intake)
    before = window.records
    page = protected.page()
    qtbot.addWidget(page)
    new = DatabaseKey.from_passphrase(NEW_WORDS)
    protected.questions.choice = PassphraseChoice(new, keep=False)

    page.change_button.click()

    assert protected.questions.errors == []
    assert protected.questions.told[0].startswith("The passphrase was changed.")
    location = protected.records.location
    assert window.location == location and location.key == new
    assert location.key is not None and location.key.stretched  # reopening takes no time
    assert window.records is protected.records.records and window.records is not before
    assert window.intake.session is None  # the open intake closed; it had been saved
    assert protected.home_codes() == ["AB12-0001"]
    window.open_intake(intake.assessment.id)
    assert window.intake.session is not None
    window.intake.session.save_answer(Answer("q", "i1", utc_now(), value="after the change"))
    protection = protected.protection
    assert protection.lock.lock()
    protection.lock.screen.passphrase.setText(NEW_WORDS)  # the lock asks for the new one
    protection.lock.screen.try_unlock()
    assert not protection.lock.is_locked()
    window.home.practice_requested.emit()  # to the practice records and back
    window.home.practice_requested.emit()
    assert not window.practice and window.records is protected.records.records
    assert protected.home_codes() == ["AB12-0001"]

    reopened = open_database(protected.path, key=new)
    answers = repository.list_answers(reopened, intake.assessment.id)
    assert [answer.value for answer in answers] == ["after the change"]
    reopened.close()
    with pytest.raises(LockedDatabaseError):
        open_database(protected.path, key=DatabaseKey.from_passphrase(OLD_WORDS))


def test_a_restore_reopens_the_window_on_the_backup(protected: Protected) -> None:
    window = protected.window
    assert window.records is not None
    window.records.start_intake("AB12-0001", staff_initials="AD")
    key = protected.records.location.key
    assert key is not None
    backup = make_backup(
        protected.records.database, key, protected.protection.backup_folder(), keep=5
    )
    window.records.start_intake("AB12-0002", staff_initials="AD")
    before = window.records

    assert protected.protection.restore(backup, "AD")

    assert window.records is protected.records.records and window.records is not before
    assert window.location == protected.records.location
    assert protected.home_codes() == ["AB12-0001"]
    restored = audit_log.list_entries(
        window.records.database, AuditFilter(actions=(AuditAction.RESTORED,))
    )
    assert [entry.detail for entry in restored] == [f"backup {backup.name}"]


def test_a_failed_restore_reopens_the_records_as_they_were(
    protected: Protected, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(session_module, "show_error", lambda _parent, text: shown.append(text))
    window = protected.window
    assert window.records is not None
    window.records.start_intake("AB12-0001", staff_initials="AD")
    not_a_backup = protected.path.with_name("not-a-backup.db")
    not_a_backup.write_bytes(b"\x00" * 4096)

    assert not protected.protection.restore(not_a_backup, "AD")

    assert len(shown) == 1
    assert window.records is protected.records.records
    assert protected.home_codes() == ["AB12-0001"]


def test_purge_and_erasure_never_use_the_gui_threads_connection_elsewhere(
    qtbot: QtBot, tmp_path: Path
) -> None:
    harness = Harness(qtbot, tmp_path)
    harness.person("OLD-0001", days_old=400)
    harness.person("GONE-0001")
    harness.person("KEEP-0001")
    used: list[tuple[int, str]] = []
    connection = harness.db.conn
    connection.set_trace_callback(lambda sql: used.append((threading.get_ident(), sql)))
    harness.page.retention.setValue(365)
    with qtbot.waitSignal(harness.page.records_deleted):
        harness.page.purge_button.click()
    harness.page.erase_code.setText("GONE-0001")
    harness.questions.typed = "GONE-0001"
    with qtbot.waitSignal(harness.page.records_deleted):
        harness.page.erase_button.click()
    connection.set_trace_callback(None)

    assert harness.questions.errors == []
    assert [
        repository.find_service_user(harness.db, code) is None
        for code in ("OLD-0001", "GONE-0001", "KEEP-0001")
    ] == [True, True, False]
    assert all("could not yet be wiped" not in told for told in harness.questions.told)
    assert used  # the GUI thread read its own connection (the code, the audit log) ...
    assert {thread for thread, _sql in used} == {threading.get_ident()}
    changed = [sql for _thread, sql in used if sql.split()[0].upper() != "SELECT"]
    assert changed == []  # ... and the deleting and VACUUM ran on the worker's own
    harness.close()
