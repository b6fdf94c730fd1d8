"""The Data protection page: passphrase change, backups, restore, purge, erasure, audit, keys.

Each test works on an encrypted database in a temporary folder, opened as the app
opens it: on the GUI thread, which alone may use that connection (the page's workers
open their own). The questions the page asks are answered by ``FakeQuestions``; the two dialogs that
guard what cannot be undone are tested on their own with real typing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from readiness.errors import LockedDatabaseError
from readiness.model import Answer, utc_now
from readiness.protection import audit as audit_log
from readiness.protection.audit import AuditFilter
from readiness.protection.backups import backup_set_for, list_backups, make_backup
from readiness.protection.erasure import ErasurePreview
from readiness.settings import Settings
from readiness.store import repository
from readiness.store.audit import AuditAction
from readiness.store.database import DatabaseLocation, connect, open_database
from readiness.store.keys import DatabaseKey
from readiness_ui.language import set_language
from readiness_ui.protection.dialog import DataProtectionDialog
from readiness_ui.protection.guard_dialogs import (
    ChangePassphraseDialog,
    EraseConfirmDialog,
    PassphraseChoice,
)
from readiness_ui.protection.open_records import OpenRecords
from readiness_ui.protection.page import DataProtectionPage
from readiness_ui.tasks import TaskRunner
from tests.gui.a11y import text_problems

if TYPE_CHECKING:
    from sqlite_utils import Database

KEY = DatabaseKey.from_bytes(bytes(range(32)))


class FakeQuestions:
    """Answers the page's questions from what the test set, and keeps what was said."""

    def __init__(self) -> None:
        self.choice: PassphraseChoice | None = None
        self.typed: str | None = None
        self.agree = True
        self.path: Path | None = None
        self.asked: list[tuple[str, str]] = []
        self.told: list[str] = []
        self.errors: list[str] = []

    def change_passphrase(
        self, key: DatabaseKey, *, offer_keychain: bool, kept: bool
    ) -> PassphraseChoice | None:
        self.asked.append(("passphrase", f"{offer_keychain} {kept}"))
        return self.choice

    def typed_code(self, preview: ErasurePreview) -> str | None:
        self.asked.append(("code", preview.code))
        return self.typed

    def confirm(self, title: str, text: str, action: str) -> bool:
        self.asked.append((title, text))
        return self.agree

    def tell(self, text: str) -> None:
        self.told.append(text)

    def error(self, text: str) -> None:
        self.errors.append(text)

    def save_path(self, title: str, suggested: str, filters: str) -> Path | None:
        self.asked.append((title, suggested))
        return self.path

    def open_path(self, title: str, filters: str) -> Path | None:
        return self.path

    def folder(self, title: str, start: str) -> Path | None:
        return self.path


class Harness:
    """An encrypted database with a page on it, and what the page saved and said."""

    def __init__(self, qtbot: QtBot, folder: Path, key: DatabaseKey = KEY, **settings: Any) -> None:
        self.folder = folder
        self.path = folder / "records.db"
        self.key = key
        self.settings = Settings(staff_initials="AD", **settings)
        self.saved: list[Settings] = []
        self.questions = FakeQuestions()
        self.tasks = TaskRunner()
        self.records = OpenRecords(
            open_database(self.path, key=key), DatabaseLocation(self.path, key), self.tasks
        )
        self.page = DataProtectionPage(
            self.records,
            self.settings,
            self.saved.append,
            self.tasks,
            questions=self.questions,
        )
        qtbot.addWidget(self.page)

    @property
    def db(self) -> Database:
        """The GUI thread's connection as it is now (a new passphrase reopens it)."""
        return self.records.database

    def person(self, code: str, *, days_old: int = 0) -> str:
        """Add a person with one answered assessment, ``days_old`` days since it changed."""
        user = repository.create_service_user(self.db, code, staff="AD")
        assessment = repository.start_assessment(self.db, user, staff_initials="AD")
        answer = Answer("q", "i1", utc_now(), value="some answer")
        repository.save_answer(self.db, assessment.id, answer)
        if days_old:
            moment = (utc_now() - timedelta(days=days_old)).isoformat(timespec="microseconds")
            self.db.execute("UPDATE service_users SET created = ? WHERE id = ?", [moment, user.id])
            self.db.execute(
                "UPDATE assessments SET updated = ? WHERE id = ?", [moment, assessment.id]
            )
            self.db.conn.commit()
        return user.id

    def in_dialog(self, qtbot: QtBot) -> DataProtectionDialog:
        """The page in its dialog, kept alive as long as the harness (qtbot keeps weak refs)."""
        self.dialog = DataProtectionDialog(self.page)
        qtbot.addWidget(self.dialog)
        return self.dialog

    def close(self) -> None:
        self.tasks.wait()
        self.records.database.close()


@pytest.fixture
def harness(qtbot: QtBot, tmp_path: Path) -> Iterator[Harness]:
    made = Harness(qtbot, tmp_path)
    yield made
    made.close()


@pytest.fixture
def kept() -> Iterator[list[Harness]]:
    """Harnesses made inside a test, closed after the test's widgets."""
    made: list[Harness] = []
    yield made
    for harness in made:
        harness.close()


# -- passphrase ----------------------------------------------------------------------------


def test_changing_the_passphrase_rekeys_the_records_and_their_backups(
    qtbot: QtBot, tmp_path: Path
) -> None:
    old = DatabaseKey.from_passphrase("old words for the lock")
    new = DatabaseKey.from_passphrase("new words for the lock")
    setup = Harness(qtbot, tmp_path, key=old)
    setup.person("AB12-0001")
    backup = make_backup(setup.db, old, tmp_path / "backups", keep=5)
    setup.questions.choice = PassphraseChoice(new, keep=False)

    setup.page.change_button.click()

    assert setup.records.location.key == new
    assert setup.questions.asked[0] == ("passphrase", "False False")  # no credential store here
    assert "Backups that now open with the new passphrase: 1." in setup.questions.told[0]
    assert setup.page.operations.location.key == new
    setup.close()
    reopened = open_database(setup.path, key=new)
    assert repository.find_service_user(reopened, "AB12-0001") is not None
    reopened.close()
    with pytest.raises(LockedDatabaseError):
        open_database(setup.path, key=old)
    connect(backup, new).close()
    with pytest.raises(LockedDatabaseError):
        connect(backup, old)


def test_the_passphrase_dialog_checks_the_current_one_and_the_rules(qtbot: QtBot) -> None:
    current = DatabaseKey.from_passphrase("the current passphrase")
    dialog = ChangePassphraseDialog(current, offer_keychain=False, kept=False)
    qtbot.addWidget(dialog)
    assert dialog.remember.isHidden()

    def attempt(now: str, first: str, second: str, understood: bool = True) -> str:
        dialog.current.setText(now)
        dialog.first.setText(first)
        dialog.second.setText(second)
        dialog.understood.setChecked(understood)
        dialog.ok.click()
        return dialog.problem.text()

    assert "current passphrase is not right" in attempt(
        "a wrong guess", "brand new words", "brand new words"
    )
    assert "at least 8 characters" in attempt("the current passphrase", "short", "short")
    assert "not the same" in attempt("the current passphrase", "brand new words", "brand new wordz")
    assert "same as the current" in attempt(
        "the current passphrase", "the current passphrase", "the current passphrase"
    )
    assert "understand" in attempt(
        "the current passphrase", "brand new words", "brand new words", False
    )
    assert dialog.choice is None and dialog.result() == 0

    attempt("the current passphrase", "brand new words", "brand new words")
    assert dialog.choice == PassphraseChoice(DatabaseKey.from_passphrase("brand new words"), False)
    assert dialog.current.text() == dialog.first.text() == ""  # nothing left in the fields


def test_the_credential_store_is_offered_only_where_allowed_and_available(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readiness.protection import keychain as keys

    monkeypatch.setattr(keys, "keychain_available", lambda: True)
    monkeypatch.setattr(keys, "keychain_get", lambda _path: KEY)
    allowed = Harness(qtbot, tmp_path, allow_keychain=True)
    allowed.page.change_button.click()  # the fake answers None: nothing changes
    assert allowed.questions.asked == [("passphrase", "True True")]
    allowed.close()
    other = tmp_path / "other"
    other.mkdir()
    refused = Harness(qtbot, other, allow_keychain=False)
    refused.page.change_button.click()
    assert refused.questions.asked == [("passphrase", "False False")]
    refused.close()


def test_the_new_passphrase_replaces_the_old_one_in_the_credential_store(
    qtbot: QtBot, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readiness.protection import keychain as keys

    stored: list[tuple[str, object]] = []
    monkeypatch.setattr(keys, "keychain_set", lambda path, key: stored.append(("set", key)))
    monkeypatch.setattr(keys, "keychain_forget", lambda path: stored.append(("forget", path)))
    new = DatabaseKey.from_bytes(bytes(range(1, 33)))
    harness.questions.choice = PassphraseChoice(new, keep=True)
    harness.page.change_button.click()
    assert stored == [("set", new)]
    newer = DatabaseKey.from_bytes(bytes(range(2, 34)))
    harness.questions.choice = PassphraseChoice(newer, keep=False)
    harness.page.change_button.click()
    assert stored[-1] == ("forget", harness.path)  # the old one never stays behind
    open_database(harness.path, key=newer).close()


def test_a_problem_after_the_new_key_is_told_and_the_records_open_with_it(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readiness.protection import backups

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug, with words that must not reach the screen")

    monkeypatch.setattr(backups, "rekey_backups", broken)
    harness.person("AB12-0001")
    new = DatabaseKey.from_bytes(bytes(range(1, 33)))
    harness.questions.choice = PassphraseChoice(new, keep=False)
    harness.page.change_button.click()
    assert harness.questions.errors == []
    assert harness.questions.told[0].startswith("The passphrase was changed.")
    assert (
        "could not all be changed to the new passphrase (RuntimeError)"
        in (harness.questions.told[0])
    )
    assert harness.records.location.key == new
    assert repository.find_service_user(harness.db, "AB12-0001") is not None


# -- backups -------------------------------------------------------------------------------


def test_back_up_now_makes_a_backup_and_lists_it(qtbot: QtBot, harness: Harness) -> None:
    assert harness.page.backup_list.rowCount() == 0
    harness.page.backup_button.click()
    qtbot.waitUntil(harness.page.backup_button.isEnabled, timeout=10_000)
    backups = list_backups(backup_set_for(harness.path))
    assert len(backups) == 1
    assert harness.page.backup_list.rowCount() == 1
    assert harness.page.backup_status.text() == "Backup made."
    connect(backups[0].path, KEY).close()  # encrypted with the records' key


def test_restore_asks_first_then_requests_the_chosen_backup(qtbot: QtBot, harness: Harness) -> None:
    first = make_backup(harness.db, KEY, harness.folder / "backups", keep=5)
    harness.page.refresh_backups()
    harness.questions.agree = False
    with qtbot.assertNotEmitted(harness.page.restore_requested):
        harness.page.restore_button.click()
    title, text = harness.questions.asked[-1]
    assert title == "Restore a backup"
    assert "saved as a backup first" in text and "erased since then will come back" in text

    harness.questions.agree = True
    dialog = harness.in_dialog(qtbot)
    with qtbot.waitSignal(harness.page.restore_requested) as requested:
        harness.page.restore_button.click()
    assert requested.args == [first]
    assert dialog.result() == DataProtectionDialog.DialogCode.Accepted  # out of the way


# -- deleting ------------------------------------------------------------------------------


def test_purge_with_a_retention_period_removes_old_assessments(
    qtbot: QtBot, harness: Harness
) -> None:
    harness.person("OLD-0001", days_old=400)
    harness.person("NEW-0001")
    harness.page.retention.setValue(365)
    with qtbot.waitSignal(harness.page.records_deleted):
        harness.page.purge_button.click()

    title, text = harness.questions.asked[-1]
    assert title == "Delete old assessments"
    assert "Assessments not finished: 1" in text and "deleted too: 1" in text
    assert repository.find_service_user(harness.db, "OLD-0001") is None
    assert repository.find_service_user(harness.db, "NEW-0001") is not None
    assert harness.questions.told == ["Assessments deleted: 1. People deleted: 1."]
    assert harness.page.audit.table.item(0, 2).text() == "Old assessments purged"


def test_purge_asks_for_a_period_and_deletes_nothing_when_refused(
    harness: Harness,
) -> None:
    harness.person("OLD-0001", days_old=400)
    harness.page.purge_button.click()  # retention 0: keep everything
    assert harness.questions.told == ["Set how many days to keep assessments first."]
    harness.page.retention.setValue(30)
    harness.questions.agree = False
    harness.page.purge_button.click()
    assert repository.find_service_user(harness.db, "OLD-0001") is not None


def test_erasure_needs_the_code_typed_again(qtbot: QtBot, harness: Harness) -> None:
    gone = harness.person("GONE-0001")
    harness.person("KEEP-0001")
    harness.page.erase_code.setText("gone-0001")
    harness.questions.typed = "GONE-0002"
    with qtbot.assertNotEmitted(harness.page.records_deleted):
        harness.page.erase_button.click()
    assert harness.questions.asked == [("code", "GONE-0001")]
    assert harness.questions.errors == [
        "The code typed again is not GONE-0001. Nothing was erased."
    ]
    assert repository.find_service_user(harness.db, "GONE-0001") is not None

    harness.questions.typed = " gone-0001 "
    with qtbot.waitSignal(harness.page.records_deleted):
        harness.page.erase_button.click()
    assert repository.find_service_user(harness.db, "GONE-0001") is None
    assert repository.find_service_user(harness.db, "KEEP-0001") is not None
    assert audit_log.count_entries(harness.db, AuditFilter(service_user_id=gone)) == 0
    assert harness.questions.told[-1].startswith("The person with the code GONE-0001 was erased.")
    assert "answers 1" in harness.questions.told[-1]
    assert harness.page.erase_code.text() == ""
    assert harness.page.audit.table.item(0, 2).text() == "Person erased"


def test_erasing_an_unknown_code_says_so(harness: Harness) -> None:
    harness.page.erase_code.setText("NOBODY-1")
    harness.page.erase_button.click()
    assert harness.questions.errors == ["No service user has the code NOBODY-1."]
    assert harness.questions.asked == []


def test_the_erase_dialog_enables_erase_only_for_the_right_code(qtbot: QtBot) -> None:
    preview = ErasurePreview("id", "AB12-0042", complete=2, drafts=1, answers=30, audit_entries=9)
    dialog = EraseConfirmDialog(preview)
    qtbot.addWidget(dialog)
    texts = " ".join(
        label.text() for label in dialog.findChildren(QWidget) if hasattr(label, "text")
    )
    assert "Assessments: 3 (complete: 2, not finished: 1)" in texts
    assert "cannot be undone" in texts and "backups" in texts
    assert not dialog.erase.isEnabled()
    qtbot.keyClicks(dialog.typed, "AB12-004")
    assert not dialog.erase.isEnabled()
    qtbot.keyClicks(dialog.typed, "2")
    assert dialog.erase.isEnabled()
    dialog.erase.click()
    assert dialog.result() == EraseConfirmDialog.DialogCode.Accepted


# -- audit log -----------------------------------------------------------------------------


def test_the_audit_table_shows_entries_and_filters_by_code(harness: Harness) -> None:
    harness.person("AB12-0001")
    harness.person("AB12-0002")
    table = harness.page.audit
    table.refresh()
    assert table.table.rowCount() == audit_log.count_entries(harness.db) >= 4
    rows = [
        tuple(table.table.item(row, column).text() for column in range(5))
        for row in range(table.table.rowCount())
    ]
    assert ("AD", "Added", "AB12-0002") in {row[1:4] for row in rows}
    assert rows[0][2:] == ("Opened", "", "audit log")  # newest first: this showing of the log
    assert rows[1][3] == "AB12-0002"
    table.code.setText("ab12-0002")
    table.refresh()
    codes = {table.table.item(row, 3).text() for row in range(table.table.rowCount())}
    assert codes == {"AB12-0002"}
    assert table.table.item(0, 4).text() == "audit log"  # one person's entries: theirs too
    table.action.setCurrentIndex(table.action.findData(AuditAction.ERASED.value))
    table.refresh()
    assert table.table.rowCount() == 0
    table.code.setText("NOBODY-9")
    table.refresh()
    assert table.summary.text() == "No service user has the code NOBODY-9."


def test_exporting_the_audit_log_warns_then_writes_a_csv(qtbot: QtBot, harness: Harness) -> None:
    harness.person("AB12-0001")
    target = harness.folder / "audit.csv"
    harness.questions.path = target
    harness.page.audit.export_button.click()
    assert harness.questions.asked[0][1].startswith("This export is not sealed.")
    qtbot.waitUntil(lambda: harness.page.audit.export_handle is None, timeout=10_000)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:4] == ["id", "at_utc", "staff_initials", "action"]
    assert any(row[4] == "AB12-0001" for row in rows[1:])
    assert harness.questions.told == [f"Audit log entries saved: {len(rows) - 1}, in {target}."]
    assert harness.page.audit.table.item(0, 2).text() == "Exported"  # the export itself


def test_with_an_agency_key_the_audit_csv_is_sealed_and_shows_the_fingerprint(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from readiness.protection.sealing import AgencyPublicKey, unseal_file

    private = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    public_path = tmp_path / "agency.pem"
    public_path.write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    setup = Harness(qtbot, tmp_path, agency_public_key=str(public_path))
    setup.person("AB12-0001")
    fingerprint = AgencyPublicKey.from_key(private.public_key()).fingerprint_text
    assert fingerprint in setup.page.key_status.text()
    target = tmp_path / "audit.csv.sealed"
    setup.questions.path = target
    setup.page.audit.export_button.click()
    qtbot.waitUntil(lambda: setup.page.audit.export_handle is None, timeout=10_000)
    assert setup.questions.asked == [("Export the audit log", "audit-log.csv.sealed")]  # no warning
    assert b"AB12-0001" not in target.read_bytes()
    unseal_file(target, tmp_path / "opened.csv", private)
    opened = (tmp_path / "opened.csv").read_text(encoding="utf-8-sig")
    assert opened.startswith("id,at_utc,") and "AB12-0001" in opened
    setup.close()


def test_a_refused_warning_writes_nothing(harness: Harness) -> None:
    harness.questions.agree = False
    harness.questions.path = harness.folder / "audit.csv"
    harness.page.audit.export_button.click()
    assert not harness.questions.path.exists()
    assert harness.page.audit.export_handle is None


# -- sealed exports and settings -----------------------------------------------------------


def test_a_bad_public_key_file_is_refused_with_its_name(harness: Harness) -> None:
    bad = harness.folder / "agency-key.pem"
    bad.write_text("not a key at all\n", encoding="utf-8")
    harness.questions.path = bad
    harness.page.key_button.click()
    assert len(harness.questions.errors) == 1 and str(bad) in harness.questions.errors[0]
    assert harness.page.public_key.text() == ""
    harness.page.public_key.setText(str(bad))
    assert not harness.page.save_settings()
    assert str(bad) in harness.page.message.text() and harness.saved == []


def test_settings_are_saved_with_the_others_kept(harness: Harness) -> None:
    page = harness.page
    page.lock_minutes.setValue(12)
    page.backup_count.setValue(3)
    page.backup_days.setValue(7)
    page.backup_space.setValue(2000)
    page.retention.setValue(730)
    page.backup_folder.setText(str(harness.folder / "elsewhere"))
    assert page.has_unsaved_changes()
    assert page.save_settings()
    saved = harness.saved[-1]
    assert (saved.lock_after_minutes, saved.backup_count, saved.retention_days) == (12, 3, 730)
    assert (saved.backup_every_days, saved.backup_megabytes) == (7, 2000)
    assert saved.backup_folder == str(harness.folder / "elsewhere")
    assert saved.staff_initials == "AD"  # fields of the Settings page are kept
    assert not page.has_unsaved_changes()
    assert str(harness.folder / "elsewhere") in page.backup_status.text()


def test_practice_records_offer_no_passphrase_or_backups(qtbot: QtBot, tmp_path: Path) -> None:
    tasks = TaskRunner()
    records = OpenRecords(
        open_database(tmp_path / "practice.db"),
        DatabaseLocation(tmp_path / "practice.db", None),
        tasks,
    )
    page = DataProtectionPage(
        records,
        Settings(),
        lambda _settings: None,
        tasks,
        questions=FakeQuestions(),
    )
    qtbot.addWidget(page)
    assert not page.change_button.isEnabled()
    assert not page.backup_button.isEnabled() and not page.restore_button.isEnabled()
    assert page.erase_button.isEnabled()
    records.database.close()


# -- accessibility and how it looks --------------------------------------------------------


def _focusable(root: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in root.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus  # reached with the keyboard
        and widget.isVisibleTo(root)
        and not isinstance(widget.parent(), (QAbstractSpinBox, QComboBox))  # their own editor
        and type(widget).__name__ not in {"QScrollBar", "QWidget", "QHeaderView"}
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_control_has_a_name_and_nothing_is_cut_off_at_200_percent(
    qtbot: QtBot, tmp_path: Path, double_text: None, kept: list[Harness], language: str
) -> None:
    set_language(language)
    setup = Harness(qtbot, tmp_path)
    kept.append(setup)  # alive until qtbot has closed its widgets
    setup.person("AB12-0001")
    make_backup(setup.db, KEY, tmp_path / "backups", keep=5)
    setup.page.refresh_backups()
    setup.page.audit.refresh()
    dialog = setup.in_dialog(qtbot)
    dialog.resize(1000, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    controls = _focusable(dialog)
    assert len(controls) > 20
    unnamed = [
        f"{type(w).__name__} in {type(w.parent()).__name__}"
        for w in controls
        if not w.accessibleName().strip()
    ]
    assert unnamed == []
    area = setup.page.scroll_area
    problems: list[str] = []
    for fraction in (0.0, 0.25, 0.5, 0.75, 1.0):  # every part of the page, scrolled into view
        bar = area.verticalScrollBar()
        bar.setValue(int(bar.maximum() * fraction))
        QApplication.processEvents()
        problems += text_problems(dialog)
    assert sorted(set(problems)) == []
    if language == "es":
        assert setup.page.change_button.text() == "Cambiar la &frase de contraseña…"
    dialog.reject()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_two_guarding_dialogs_show_all_their_text_at_200_percent(
    qtbot: QtBot, double_text: None, language: str
) -> None:
    set_language(language)
    preview = ErasurePreview("id", "AB12-0042", complete=2, drafts=1, answers=30, audit_entries=9)
    for dialog in (
        EraseConfirmDialog(preview),
        ChangePassphraseDialog(KEY, offer_keychain=True, kept=True),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        assert text_problems(dialog) == []
        assert all(w.accessibleName() for w in _focusable(dialog))
        dialog.reject()
