"""The audit walk, in the app: every button is found, and each that shows or writes personal
data leaves its entry in the audit log, with who did it.

The buttons are collected from the app as it is built (``build_window`` and ``protect``
on encrypted records, as ``readiness_ui.app`` builds them): Home, New intake, an open
intake with every step, the person's page, Settings, Data protection and the export
dialog. Each must be in exactly one of three lists: ``AUDITED`` (a scenario below
presses it and checks the entry), ``CHANGES`` (it changes the open intake; the store
records "changed", checked by the scenarios for a representative of each kind), or
``NO_ENTRY`` (with the reason). A new button in none of them fails the walk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from readiness.model import utc_now
from readiness.protection.backups import backup_set_for, list_backups, make_backup
from readiness.session.steps import STEPS
from readiness.store.keys import DatabaseKey
from readiness_ui.app import load_configuration, save_and_apply
from readiness_ui.dialogs_export import BatchExportDialog, make_export_job
from readiness_ui.main_window import HOME, PERSON, SETTINGS
from readiness_ui.pdf_output import Printed
from readiness_ui.protection.guard_dialogs import PassphraseChoice
from readiness_ui.protection.page import DataProtectionPage
from tests.gui.a11y import use_fake_checks
from tests.gui.test_protection_session import Protected

pytestmark = pytest.mark.qt_log_ignore("PulseAudioService")

AUDITED = {
    "Start intake": "created, then opened",
    "Open the selected assessment": "opened",
    "Show the person's assessments over time": "opened (the person)",
    "Save the report to a file": "exported",
    "Open the report on this computer": "opened (the report)",
    "Print the report": "printed",
    "Complete intake": "completed (the same button, then named Reopen intake: reopened)",
    "Start the export": "exported",
    "Passphrase, backups, erasing a person and the audit log": "opened (the audit log)",
    "Show the matching audit log entries": "opened (the audit log)",
    "Export the matching audit log entries as CSV": "exported",
    "Change the passphrase": "passphrase-changed",
    "Make a backup now": "backed-up",
    "Restore the selected backup": "restored",
    "Delete old assessments now": "purged",
    "Erase this service user": "erased",
    "Save settings": "settings-changed",
    "Save the data protection settings": "settings-changed",
}
"""Buttons that show or hand out personal data, or change the records outside an intake."""

CHANGES = {
    "Prefer not to say": "answers",
    "Don't know": "answers",
    "Not able to answer": "answers",
    "Does not apply": "answers",
    "The person says no to all of these": "answers (consent)",
    "Run the device checks": "checks",
    "I heard the test tone": "checks",
    "I did not hear the test tone": "checks",
    "Start the connection test": "checks",
    "Add this recommendation": "plan",
}
"""Buttons that change the open intake: the store records "changed" (``note_change``)."""

NO_ENTRY = {
    "About Readiness and its sources": "the app's sources and licences; no records",
    "Add a questionnaire file": "chooses a file for Settings; saving is audited",
    "Remove the selected questionnaire": "edits the Settings form; saving is audited",
    "Choose a logo file": "chooses a file for Settings; saving is audited",
    "Choose a thresholds file": "chooses a file for Settings; saving is audited",
    "Choose agency rules files": "chooses files for Settings; saving is audited",
    "Choose the agency's public key file": "chooses a file for Settings; saving is audited",
    "Choose the backup folder": "chooses a folder for Settings; saving is audited",
    "Choose the file to write": "chooses where an export goes; the export is audited",
    "Export assessments for the agency": "opens the export dialog; Start the export is audited",
    "Agency server: last sync, what is waiting, joining with a code": "opens the agency server "
    "dialog; each sync that sends records is audited (tests/hub/test_app_sync.py)",
    "Back to Home": "navigation",
    "Back to the previous question": "navigation in the opened intake",
    "Next question": "navigation in the opened intake",
    "Next step": "navigation in the opened intake",
    "Previous step": "navigation in the opened intake",
    "Go to ": "navigation in the opened intake (About's lines)",
    "Pause and go to Home": "navigation; the intake is saved as it goes",
    "New intake": "opens the empty New intake form",
    "New assessment for this person": "fills in the code on New intake; Start intake is audited",
    "Close this window": "closes the export dialog",
    "Cancel the connection test": "stops a test; nothing is saved",
    "Show the code for the phone": "opens the one-time page for the phone; the phone's "
    "results, when they come, are saved through the session (changed)",
    "Stop waiting for the phone": "closes the page for the phone; nothing is saved",
    "Cancel the device checks": "stops the checks; nothing is saved",
    "Cancel the export": "stops an export; no file is written",
    "Stop working out the results": "stops the person's results being worked out",
    "Recalculate the results": "works out again what the opened intake or person shows",
    "Compare with the rules now": "compares the results already shown with the rules in force; "
    "keeping the new ones is recorded as recomputed (tests/gui/test_kept_results_bar.py)",
    "Play a test tone on the speaker": "a sound on this computer; nothing is saved",
    "Show or hide the camera preview": "the camera on this screen only; nothing is saved",
    "Start or stop the microphone level meter": "the level on this screen only; nothing saved",
    "Read the question aloud": "the question's own wording; no answer",
    "Practice mode": "switches to the fictional practice records",
    "Unlock": "the app lock; the screen shown before it locked",
}
"""Buttons that neither show nor write personal data, each with the reason."""

OLD_WORDS = "old words for the lock"


def button_name(button: QPushButton) -> str:
    """What a screen reader says for the button: its accessible name, else its text."""
    return button.accessibleName() or button.text().replace("&", "")


def _classes(name: str) -> list[str]:
    found = [kind for kind, table in _TABLES.items() if name in table]
    found += [
        f"NO_ENTRY[{key!r}]" for key in NO_ENTRY if key.endswith(" ") and name.startswith(key)
    ]
    return found


_TABLES = {"AUDITED": AUDITED, "CHANGES": CHANGES, "NO_ENTRY": NO_ENTRY}


class App:
    """The app on encrypted records (staff AD in Settings), with one person mid-intake."""

    def __init__(self, qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        use_fake_checks(monkeypatch)
        self.calls: list[str] = []
        self._fake_pdf_desktop(monkeypatch)
        (folder / "settings.json").write_text(json.dumps({"staff_initials": "AD"}), "utf-8")
        self.protected = Protected(qtbot, folder)
        self.qtbot = qtbot
        self.folder = folder
        self.window = self.protected.window
        self.window.show()
        self.configuration = load_configuration(folder / "settings.json")[0]
        records = self.window.records
        assert records is not None
        self.session = records.start_intake("AB12-0001", staff_initials="AD")
        self.assessment_id = self.session.assessment.id
        self.person_id = self.session.service_user.id

    def _fake_pdf_desktop(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import readiness_ui.pages.export as export_page

        def save(_parent: QWidget, suggested: str) -> str:
            self.calls.append("save")
            return str(self.folder / "report.pdf")

        def show(_path: Path) -> bool:
            self.calls.append("open")
            return True

        def send(_parent: QWidget, _pdf: bytes) -> Printed:
            self.calls.append("print")
            return Printed.PRINTED

        monkeypatch.setattr(export_page, "default_save_dialog", save)
        monkeypatch.setattr(export_page, "default_open_file", show)
        monkeypatch.setattr(export_page, "print_with_qt_pdf", send)

    @property
    def db(self):  # type: ignore[no-untyped-def]
        records = self.window.records
        assert records is not None
        return records.database

    def entries(self) -> list[tuple[str, str, str | None, str | None, str]]:
        """The audit log, newest first: (action, staff, assessment, person, detail)."""
        rows = self.db.execute(
            "SELECT action, staff_initials, assessment_id, service_user_id, detail "
            "FROM audit_log ORDER BY id DESC"
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def newest(self) -> tuple[str, str, str | None, str | None, str]:
        return self.entries()[0]

    def open_intake_at(self, step: str) -> None:
        self.window.show_intake(self.window.records.open_intake(self.assessment_id))  # type: ignore[union-attr]
        session = self.window.intake.session
        assert session is not None
        for part in ("device_checks", "connection_test", "questions"):
            session.set_consent(part, True)
        self.window.intake.show_step(step)
        assert STEPS[self.window.intake.stack.currentIndex()] == step

    def click(self, root: QWidget, name: str) -> None:
        found = [b for b in root.findChildren(QPushButton) if button_name(b) == name]
        assert len(found) == 1, (
            name,
            sorted(button_name(b) for b in root.findChildren(QPushButton)),
        )
        [button] = found
        assert button.isEnabled(), name
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def data_protection(self) -> DataProtectionPage:
        def save(new: object) -> None:
            save_and_apply(self.window, self.protected_configuration(), new)  # type: ignore[arg-type]

        page = self.protected.protection.data_protection_page(
            save, lambda: self.protected_configuration().settings, questions=self.questions
        )
        assert page is not None
        self.qtbot.addWidget(page)
        return page

    def protected_configuration(self):  # type: ignore[no-untyped-def]
        return self.configuration

    @property
    def questions(self):  # type: ignore[no-untyped-def]
        return self.protected.questions

    def close(self) -> None:
        self.window.intake.shutdown()
        self.protected.close()


@pytest.fixture
def app(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    made = App(qtbot, tmp_path, monkeypatch)
    yield made
    made.close()


def _every_button(app: App) -> set[str]:
    """Every push button of the app with an intake open at every step, the person's page,
    Data protection and the export dialog."""
    for row in range(app.window.stack.count()):  # pages are made when first needed
        app.window.stack.page(row)
    app.open_intake_at(STEPS[0])
    for key in STEPS:
        app.window.intake.show_step(key)
    app.window.open_person(app.person_id)
    page = app.data_protection()
    dialog = BatchExportDialog(
        app.protected.tasks,
        make_export_job(app.protected.records.location, lambda: None, staff="AD"),
    )
    app.qtbot.addWidget(dialog)
    roots: list[QWidget] = [app.window, page, dialog]
    return {
        b.accessibleName() or b.text() for root in roots for b in root.findChildren(QPushButton)
    }


def test_every_button_is_audited_or_says_why_not(app: App) -> None:
    names = _every_button(app)
    unsorted = {name: _classes(name) for name in names if len(_classes(name)) != 1}
    assert unsorted == {}, "each button belongs to exactly one list (see the docstring)"
    listed = {*AUDITED, *CHANGES, *(key for key in NO_ENTRY if not key.endswith(" "))}
    assert listed - names == set(), "a listed button the app no longer has"


# -- the scenarios: one per audited button -------------------------------------------------

Scenario = Callable[[App], None]
SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str) -> Callable[[Scenario], Scenario]:
    def register(function: Scenario) -> Scenario:
        SCENARIOS[name] = function
        return function

    return register


@scenario("Start intake")
def _start_intake(app: App) -> None:
    app.window.show_page(1)
    app.window.new_intake.code.setText("AB12-0077")
    app.window.new_intake.staff.setText("kl")
    app.click(app.window.new_intake, "Start intake")
    session = app.window.intake.session
    assert session is not None and session.service_user.code == "AB12-0077"
    actions = [(action, staff) for action, staff, *_rest in app.entries()[:3]]
    assert actions == [("opened", "KL"), ("created", "KL"), ("created", "KL")]


def _home_row(app: App) -> None:
    app.window.show_page(HOME)
    app.window.home.refresh()  # the intake began outside Home, which was showing already
    app.window.home.table.selectRow(0)


@scenario("Open the selected assessment")
def _open_assessment(app: App) -> None:
    _home_row(app)
    app.click(app.window.home, "Open the selected assessment")
    assert app.newest() == ("opened", "AD", app.assessment_id, app.person_id, "")
    app.window.open_person(app.person_id)  # the person's page opens one the same way
    app.window.person.assessments.selectRow(0)
    app.click(app.window.person, "Open the selected assessment")
    assert app.newest()[:3] == ("opened", "AD", app.assessment_id)


@scenario("Show the person's assessments over time")
def _show_person(app: App) -> None:
    _home_row(app)
    app.click(app.window.home, "Show the person's assessments over time")
    assert app.window.stack.currentIndex() == PERSON
    assert app.newest() == ("opened", "AD", None, app.person_id, "person's assessments")


def _report(app: App, name: str, call: str) -> tuple[str, str, str | None, str | None, str]:
    app.open_intake_at("export")
    page = app.window.intake.stack.currentWidget()
    page.staff.setChecked(True)  # type: ignore[attr-defined]
    app.click(page, name)
    app.qtbot.waitUntil(lambda: call in app.calls, timeout=20_000)
    return app.newest()


@scenario("Save the report to a file")
def _save_report(app: App) -> None:
    entry = _report(app, "Save the report to a file", "save")
    assert entry == ("exported", "AD", app.assessment_id, app.person_id, "pdf report, staff, plain")


@scenario("Open the report on this computer")
def _view_report(app: App) -> None:
    entry = _report(app, "Open the report on this computer", "open")
    assert entry == ("opened", "AD", app.assessment_id, app.person_id, "pdf report, staff")


@scenario("Print the report")
def _print_report(app: App) -> None:
    entry = _report(app, "Print the report", "print")
    assert entry == ("printed", "AD", app.assessment_id, app.person_id, "pdf report, staff")


@scenario("Complete intake")
def _complete(app: App) -> None:
    app.open_intake_at("results")
    intake = app.window.intake
    app.click(intake, "Complete intake")
    review = intake.review_dialog
    assert review is not None and review.complete_button.isEnabled()
    app.qtbot.mouseClick(review.complete_button, Qt.MouseButton.LeftButton)
    assert app.newest()[:3] == ("completed", "AD", app.assessment_id)
    assert intake.complete_button.accessibleName() == "Reopen intake"
    app.qtbot.mouseClick(intake.complete_button, Qt.MouseButton.LeftButton)
    reopen = intake.reopen_dialog
    assert reopen is not None
    reopen.accept()
    assert app.newest()[:3] == ("reopened", "AD", app.assessment_id)


@scenario("Start the export")
def _export(app: App) -> None:
    job = make_export_job(
        app.protected.records.location,
        app.configuration.interpretation,
        staff=app.configuration.staff(),
    )
    dialog = BatchExportDialog(app.protected.tasks, job)
    app.qtbot.addWidget(dialog)
    dialog.all_dates.setChecked(True)
    dialog.path.setText(str(app.folder / "all.csv"))
    app.click(dialog, "Start the export")
    app.qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=20_000)
    assert app.newest() == ("exported", "AD", None, None, "csv, plain, 1 assessments, all dates")


@scenario("Passphrase, backups, erasing a person and the audit log")
def _data_protection_opens(app: App) -> None:
    app.data_protection()  # what the Settings button opens: the newest audit entries show
    assert app.newest() == ("opened", "AD", None, None, "audit log")


@scenario("Show the matching audit log entries")
def _show_audit_log(app: App) -> None:
    page = app.data_protection()
    page.audit.code.setText("ab12-0001")
    app.click(page, "Show the matching audit log entries")
    assert app.newest() == ("opened", "AD", None, app.person_id, "audit log")


@scenario("Export the matching audit log entries as CSV")
def _export_audit_log(app: App) -> None:
    page = app.data_protection()
    app.questions.path = app.folder / "audit.csv"
    app.click(page, "Export the matching audit log entries as CSV")
    app.qtbot.waitUntil(lambda: page.audit.export_handle is None, timeout=20_000)
    action, staff, _assessment, _person, detail = app.newest()
    assert (action, staff) == ("exported", "AD") and detail.startswith("audit log, ")


@scenario("Change the passphrase")
def _change_passphrase(app: App) -> None:
    page = app.data_protection()
    app.questions.choice = PassphraseChoice(DatabaseKey.from_passphrase("new words"), keep=False)
    app.click(page, "Change the passphrase")
    assert app.questions.errors == []
    assert app.newest() == ("passphrase-changed", "AD", None, None, "")


@scenario("Make a backup now")
def _back_up(app: App) -> None:
    page = app.data_protection()
    app.click(page, "Make a backup now")
    app.qtbot.waitUntil(lambda: not page.operations.backing_up, timeout=20_000)
    [made] = list_backups(backup_set_for(app.protected.path))
    assert app.newest() == ("backed-up", "AD", None, None, f"made now, {made.path.name}")


@scenario("Restore the selected backup")
def _restore(app: App) -> None:
    location = app.protected.records.location
    assert location.key is not None
    made = make_backup(app.db, location.key, app.folder / "backups", keep=3)
    page = app.data_protection()
    page.backup_list.selectRow(0)
    requested: list[Path] = []
    page.restore_requested.connect(requested.append)
    app.click(page, "Restore the selected backup")
    assert requested == [made]
    assert app.protected.protection.restore(requested[0], "AD")  # as the dialog's owner does
    assert app.newest() == ("restored", "AD", None, None, f"backup {made.name}")


@scenario("Delete old assessments now")
def _purge(app: App) -> None:
    old = (utc_now().replace(year=utc_now().year - 3)).isoformat(timespec="microseconds")
    app.db.execute("UPDATE assessments SET updated = ?", [old])
    app.db.conn.commit()
    page = app.data_protection()
    page.retention.setValue(365)
    app.click(page, "Delete old assessments now")
    app.qtbot.waitUntil(lambda: app.entries()[0][0] == "purged", timeout=20_000)
    assert app.newest()[:2] == ("purged", "AD")


@scenario("Erase this service user")
def _erase(app: App) -> None:
    page = app.data_protection()
    page.erase_code.setText("AB12-0001")
    app.questions.typed = "AB12-0001"
    app.click(page, "Erase this service user")
    app.qtbot.waitUntil(lambda: app.entries()[0][0] == "erased", timeout=20_000)
    assert app.newest()[:4] == ("erased", "AD", None, None)  # names no one


@scenario("Save settings")
def _save_settings(app: App) -> None:
    app.window.show_page(SETTINGS)
    app.window.settings.agency.setText("Esperanza")
    app.click(app.window.settings, "Save settings")
    assert app.newest() == ("settings-changed", "AD", None, None, "changed: agency_name")


@scenario("Save the data protection settings")
def _save_protection_settings(app: App) -> None:
    page = app.data_protection()
    page.retention.setValue(400)
    app.click(page, "Save the data protection settings")
    assert app.newest()[:2] == ("settings-changed", "AD")
    assert "retention" in app.newest()[4]


@pytest.mark.parametrize("name", sorted(AUDITED))
def test_each_audited_button_writes_its_entry(app: App, name: str) -> None:
    SCENARIOS[name](app)


# -- changes to the open intake: one button of each kind ------------------------------------


@pytest.mark.parametrize(
    ("step", "name", "part"),
    [
        ("questionnaire", "Prefer not to say", "answers"),
        ("consent", "The person says no to all of these", "answers"),
        ("device", "Run the device checks", "checks"),
        ("results", "Add this recommendation", "plan"),
    ],
)
def test_a_change_to_the_open_intake_is_recorded(app: App, step: str, name: str, part: str) -> None:
    assert CHANGES[name].startswith(part)
    app.open_intake_at(step)
    # Recording the consent above was a change already: start a fresh run of changes.
    app.db.execute("DELETE FROM audit_log WHERE action = 'changed'")
    app.db.conn.commit()
    page = app.window.intake.stack.currentWidget()
    if name == "Add this recommendation":
        page.recommendations.add_field.setText("Borrow a tablet")  # type: ignore[attr-defined]
    app.click(page, name)
    app.qtbot.waitUntil(lambda: any(entry[0] == "changed" for entry in app.entries()))
    [changed] = [entry for entry in app.entries() if entry[0] == "changed"]
    assert changed == ("changed", "AD", app.assessment_id, app.person_id, part)
