"""The connection step in the whole window: figures typed by hand survive going Home and
reopening; a failed test never hides the person's last measured result; the step follows the
consent both ways."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readiness.checks.connection import to_check_result
from readiness.model import utc_now
from readiness.store import repository
from readiness_ui.main_window import HOME, INTAKE, MainWindow
from readiness_ui.pages.connection import ConnectionPage
from tests.gui.a11y import fake_window
from tests.gui.test_connection_page import OFFLINE, good_result


def connection_page(window: MainWindow) -> ConnectionPage:
    """The open intake's connection step, shown."""
    intake = window.intake
    (index,) = [
        i for i in range(intake.stack.count()) if isinstance(intake.stack.widget(i), ConnectionPage)
    ]
    intake.step_list.setCurrentRow(index)
    page = intake.stack.widget(index)
    assert isinstance(page, ConnectionPage)
    return page


def start_intake(window: MainWindow, code: str) -> None:
    window.new_intake.code.setText(code)
    window.new_intake.start()
    assert window.intake.session is not None


def test_typed_7_5_survives_going_home_and_reopening(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fake_window(qtbot, tmp_path, monkeypatch)
    start_intake(window, "NET-7")
    intake = window.intake
    assert intake.session is not None
    intake.session.set_consent("connection_test", True)
    page = connection_page(window)
    field = page.manual.fields["upload_mbps"]
    field.setFocus()
    qtbot.keyClicks(field, "7.5")
    qtbot.mouseClick(intake.pause_button, Qt.MouseButton.LeftButton)  # before the pause ends
    assert window.stack.currentIndex() == HOME
    window.home.table.selectRow(0)
    qtbot.mouseClick(window.home.open_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == INTAKE
    again = connection_page(window)
    assert again is not page
    assert again.manual.fields["upload_mbps"].text() == "7.5"
    assert again.manual.fields["download_mbps"].text() == ""
    db = window.records.database if window.records is not None else None
    assert db is not None and intake.assessment is not None
    (stored,) = [
        r
        for r in repository.list_check_results(db, intake.assessment.id)
        if r.check_id == "connection.bandwidth"
    ]
    assert stored.values["upload_mbps"].value == 7.5
    assert stored.values["download_mbps"].value is None


def test_a_failed_test_does_not_hide_the_last_measured_result(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Measured three days ago, offline yesterday and today: the page offers the measured one."""
    window = fake_window(qtbot, tmp_path, monkeypatch)
    records = window.records
    assert records is not None
    earlier = replace(good_result(), measured_at=utc_now() - timedelta(days=3))
    records.start_intake("NET-8").save_check_result(to_check_result(earlier, ()))
    yesterday = replace(OFFLINE, measured_at=utc_now() - timedelta(days=1))
    records.start_intake("NET-8").save_check_result(to_check_result(yesterday, ()))
    start_intake(window, "NET-8")
    intake = window.intake
    assert intake.session is not None
    today = replace(OFFLINE, measured_at=utc_now())
    intake.session.save_check_result(to_check_result(today, ()))
    intake.open(records.open_intake(intake.session.assessment.id))  # built from what is saved
    page = connection_page(window)
    assert page.status_label.text().startswith("No internet connection")
    assert page.last_label.text().startswith("Last measured 3 days ago: download 24 Mbit/s")


def test_consent_given_after_declining_turns_the_test_back_on_and_says_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fake_window(qtbot, tmp_path, monkeypatch)
    start_intake(window, "NET-9")
    session = window.intake.session
    assert session is not None
    page = connection_page(window)
    session.set_consent("connection_test", False)
    assert "chose not to have the connection tested" in page.status_label.text()
    assert not page.start_button.isEnabled()
    session.set_consent("connection_test", True)
    assert "chose not" not in page.status_label.text()
    assert page.status_label.text() == "The connection has not been tested yet."
    assert page.start_button.isEnabled()
