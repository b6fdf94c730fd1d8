"""The app's side: background sync through ``ui.tasks``, and Settings → Agency server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from readiness.settings import Settings
from readiness.store.database import DatabaseLocation, open_database
from readiness_ui.agency_sync import AgencySync
from readiness_ui.dialogs_hub import AgencyServerDialog
from readiness_ui.language import render, set_language
from readiness_ui.tasks import TaskRunner
from tests.factories import builtin_interpretation, cli_key
from tests.hub.helpers import enroll, query
from tests.hub.laptop import fill
from tests.hub.servers import HubProcess


@pytest.fixture
def runner(qtbot: QtBot) -> TaskRunner:
    tasks = TaskRunner()
    yield tasks  # type: ignore[misc]
    tasks.cancel_all()
    tasks.wait(5000)


def _agency(runner: TaskRunner, location: DatabaseLocation | None) -> AgencySync:
    return AgencySync(runner, lambda: location, builtin_interpretation, lambda: "GU")


def test_joining_and_syncing_run_in_the_background(
    qtbot: QtBot, runner: TaskRunner, hub: HubProcess, db_path: Path
) -> None:
    fill(db_path, 4)
    open_database(db_path, key=cli_key()).close()
    agency = _agency(runner, DatabaseLocation(db_path, cli_key()))
    code = enroll(hub.dsn, "gui-laptop")
    with qtbot.waitSignal(agency.joined, timeout=30_000) as joined:
        assert agency.join(hub.url, code, hub.cert.read_text())
    assert joined.args == ["gui-laptop"]
    with qtbot.waitSignal(agency.status_changed, timeout=30_000) as status:
        assert agency.sync_now()
        assert not agency.sync_now(), "one run at a time"
    text = [render(line) for line in status.args[0]]
    assert "Nothing is waiting to be sent." in text
    assert query(hub.dsn, "SELECT count(*) AS n FROM assessment_versions") == [{"n": 4}]
    db = open_database(db_path, key=cli_key())
    try:
        sent = db.execute(
            "SELECT staff_initials FROM audit_log WHERE action = 'exported'"
        ).fetchall()
    finally:
        db.close()
    assert sent == [("GU",)], "the sync is audited with the initials in Settings"


def test_practice_records_are_never_sent(qtbot: QtBot, runner: TaskRunner, db_path: Path) -> None:
    assert not _agency(runner, DatabaseLocation(db_path, None)).sync_now()
    assert not _agency(runner, None).sync_now()


def test_the_timer_follows_the_setting(qtbot: QtBot, runner: TaskRunner) -> None:
    agency = _agency(runner, None)
    agency.apply_settings(Settings(hub_sync_minutes=5))
    assert agency.timer.isActive() and agency.timer.interval() == 5 * 60_000
    agency.apply_settings(Settings(hub_sync_minutes=0))
    assert not agency.timer.isActive()


@pytest.mark.parametrize("locale", ["en", "es"])
def test_the_dialog_says_where_things_stand(
    qtbot: QtBot, runner: TaskRunner, hub: HubProcess, db_path: Path, locale: str
) -> None:
    fill(db_path, 2)
    open_database(db_path, key=cli_key()).close()
    set_language(locale)
    agency = _agency(runner, DatabaseLocation(db_path, cli_key()))
    settings = Settings(hub_url=hub.url, hub_ca_file=str(hub.cert))
    dialog = AgencyServerDialog(agency, settings)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.join_button.isEnabled, timeout=30_000)
    assert dialog.url.text() == hub.url and dialog.ca_file.text() == str(hub.cert)
    dialog.code.setText(enroll(hub.dsn, f"dialog-{locale}"))
    dialog.join_button.click()
    qtbot.waitUntil(lambda: f"dialog-{locale}" in dialog.message.text(), timeout=30_000)
    assert "2" in dialog.status.text()  # two assessments waiting
    hub.stop()
    dialog.sync_button.click()
    qtbot.waitUntil(dialog.sync_button.isEnabled, timeout=60_000)
    expected = "agency server not reachable" if locale == "en" else "servidor de la agencia"
    assert expected in dialog.status.text()
    if os.environ.get("READINESS_KEEP_SCREENSHOTS"):
        dialog.show()
        dialog.grab().save(
            str(Path(os.environ["READINESS_KEEP_SCREENSHOTS"]) / f"dialog-{locale}.png")
        )
