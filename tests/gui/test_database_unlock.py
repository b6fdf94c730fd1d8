"""Opening the encrypted records at start-up, and the passphrase dialogs themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readiness.store import repository
from readiness.store.database import open_database
from readiness.store.keys import DatabaseKey, is_encrypted
from readiness_ui.language import set_language
from readiness_ui.protection.passphrase_dialogs import LOST, NewPassphraseDialog, UnlockDialog
from readiness_ui.protection.unlock import unlock_database
from readiness_ui.tasks import TaskRunner
from tests.gui.a11y import text_problems

KEY = DatabaseKey.from_bytes(b"k" * 32)


class FakeAsker:
    """Answers the questions from a script and records what was asked."""

    def __init__(
        self,
        *,
        new: DatabaseKey | None = KEY,
        tries: list[DatabaseKey | str | None] | None = None,
        start_again: bool = False,
    ) -> None:
        self.new = new
        self.tries = list(tries or [])
        self.again = start_again
        self.asked: list[tuple[str, object]] = []

    def new_passphrase(self, *, encrypting_existing: bool) -> tuple[DatabaseKey, bool] | None:
        self.asked.append(("new", encrypting_existing))
        return None if self.new is None else (self.new, False)

    def passphrase(self, path: Path, failures: int, message: str) -> DatabaseKey | str | None:
        self.asked.append(("passphrase", (failures, message)))
        return self.tries.pop(0) if self.tries else None

    def start_again(self, path: Path) -> bool:
        self.asked.append(("start_again", path.name))
        return self.again

    def error(self, message: str) -> None:
        self.asked.append(("error", message))


def _open(path: Path, asker: FakeAsker, qtbot: QtBot) -> object:
    tasks = TaskRunner()
    result = unlock_database(path, create_dir=False, tasks=tasks, asker=asker, allow_keychain=False)
    tasks.wait()
    return result


def test_first_run_asks_for_a_new_passphrase_and_creates_encrypted_records(
    db_path: Path, qtbot: QtBot
) -> None:
    asker = FakeAsker()
    result = _open(db_path, asker, qtbot)
    assert result is not None
    db, location = result  # type: ignore[misc]
    repository.create_service_user(db, "AB12-0001")
    assert asker.asked == [("new", False)]
    assert location.key == KEY and location.path == db_path
    assert is_encrypted(db_path)
    db.close()


def test_wrong_tries_are_counted_then_the_right_passphrase_opens(
    db_path: Path, qtbot: QtBot
) -> None:
    open_database(db_path, key=KEY).close()
    wrong = DatabaseKey.from_passphrase("not the right one")
    asker = FakeAsker(tries=[wrong, wrong, KEY])
    result = _open(db_path, asker, qtbot)
    assert result is not None
    failures = [value for kind, value in asker.asked if kind == "passphrase"]
    assert [count for count, _message in failures] == [0, 1, 2]  # type: ignore[misc]
    assert "did not open" in failures[1][1]  # type: ignore[index]
    result[0].close()  # type: ignore[index]


def test_quitting_at_the_passphrase_opens_nothing(db_path: Path, qtbot: QtBot) -> None:
    open_database(db_path, key=KEY).close()
    assert _open(db_path, FakeAsker(tries=[None]), qtbot) is None


def test_a_lost_passphrase_keeps_the_locked_file_and_starts_again(
    db_path: Path, qtbot: QtBot
) -> None:
    old = DatabaseKey.from_passphrase("forgotten passphrase")
    locked = open_database(db_path, key=old)
    repository.create_service_user(locked, "AB12-0001")
    locked.close()
    asker = FakeAsker(tries=[LOST], start_again=True)
    result = _open(db_path, asker, qtbot)
    assert result is not None
    db, _location = result  # type: ignore[misc]
    assert repository.find_service_user(db, "AB12-0001") is None  # new, empty records
    kept = [p for p in db_path.parent.iterdir() if "-locked-" in p.name and p.suffix == ".db"]
    assert len(kept) == 1
    reopened = open_database(kept[0], key=old)  # found later: still readable
    assert repository.find_service_user(reopened, "AB12-0001") is not None
    reopened.close()
    db.close()


def test_going_back_from_lost_asks_again(db_path: Path, qtbot: QtBot) -> None:
    open_database(db_path, key=KEY).close()
    asker = FakeAsker(tries=[LOST, KEY], start_again=False)
    result = _open(db_path, asker, qtbot)
    assert result is not None
    assert [kind for kind, _v in asker.asked] == ["passphrase", "start_again", "passphrase"]
    result[0].close()  # type: ignore[index]


def test_older_plain_records_are_encrypted_with_a_new_passphrase(
    db_path: Path, qtbot: QtBot
) -> None:
    plain = open_database(db_path)
    repository.create_service_user(plain, "AB12-0007")
    plain.close()
    asker = FakeAsker()
    result = _open(db_path, asker, qtbot)
    assert result is not None
    assert asker.asked == [("new", True)]
    assert is_encrypted(db_path)
    db = result[0]  # type: ignore[index]
    assert repository.find_service_user(db, "AB12-0007") is not None
    db.close()


def test_new_passphrase_dialog_refuses_until_rules_and_understanding(qtbot: QtBot) -> None:
    dialog = NewPassphraseDialog(offer_keychain=False, encrypting_existing=False)
    qtbot.addWidget(dialog)
    first, second = dialog.findChildren(type(dialog._first))[:2]
    first.setText("short")
    second.setText("short")
    dialog._check()
    assert dialog.key is None and "at least 8" in dialog._error.text()
    first.setText("a good long passphrase")
    second.setText("a good long passphrase")
    dialog._check()
    assert dialog.key is None and "understand" in dialog._error.text()
    dialog._understood.setChecked(True)
    dialog._check()
    assert dialog.key == DatabaseKey.from_passphrase("a good long passphrase")
    assert first.text() == "" and second.text() == ""  # not left in the widgets
    assert not dialog._remember.isVisibleTo(dialog)


def test_unlock_dialog_waits_after_wrong_tries_then_allows_again(qtbot: QtBot) -> None:
    dialog = UnlockDialog(Path("r.db"), failures=2, message="Wrong.", clock_ms=lambda s: 5)
    qtbot.addWidget(dialog)
    assert not dialog._open.isEnabled()
    assert "try again in 2 seconds" in dialog._message.text()
    dialog._field.setText("whatever it is")
    dialog._accept_key()
    assert dialog.key is None  # the wait is enforced
    qtbot.waitUntil(dialog._open.isEnabled, timeout=2000)
    dialog._accept_key()
    assert dialog.key == DatabaseKey.from_passphrase("whatever it is")
    assert dialog._field.text() == ""


@pytest.mark.parametrize("language", ["en", "es"])
def test_passphrase_dialogs_show_all_their_text_at_200_percent(
    qtbot: QtBot, double_text: None, language: str
) -> None:
    """The warning about a lost passphrase is the text that must never be cut off."""
    set_language(language)
    for dialog in (
        NewPassphraseDialog(offer_keychain=True, encrypting_existing=False),
        UnlockDialog(Path("/home/worker/records/readiness.db"), failures=1, message="Wrong."),
    ):
        qtbot.addWidget(dialog)
        dialog.resize(640, 10)  # narrower than it likes: wrapped text needs more lines
        dialog.show()
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        assert text_problems(dialog) == []
        dialog.reject()
