"""Home's export refuses, with the reason, when the agency key is set but cannot be used."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from readiness.store.database import open_database
from readiness_ui.app import build_window, load_configuration
from readiness_ui.main_window import MainWindow


@pytest.fixture
def dialogs() -> Iterator[list[tuple[str, QMessageBox.Icon | None, str]]]:
    """Every modal dialog that opens: its class, icon and text; each is closed with Cancel."""
    seen: list[tuple[str, QMessageBox.Icon | None, str]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        if isinstance(dialog, QMessageBox):
            seen.append(("QMessageBox", dialog.icon(), dialog.text()))
        else:
            seen.append((type(dialog).__name__, None, ""))
        dialog.reject()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(20)
    yield seen
    timer.stop()


def window_with(qtbot: QtBot, folder: Path, settings: dict[str, object]) -> MainWindow:
    settings_file = folder / "settings.json"
    settings_file.write_text(json.dumps(settings), encoding="utf-8")
    configuration = load_configuration(settings_file)[0]
    window = build_window(configuration, folder / "r.db", open_database(folder / "r.db"))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize(
    "key_setting", ["missing.pem", ["not", "a", "file", "name"]], ids=["missing", "dropped"]
)
def test_an_unusable_agency_key_refuses_the_export_with_the_reason(
    qtbot: QtBot,
    tmp_path: Path,
    dialogs: list[tuple[str, QMessageBox.Icon | None, str]],
    key_setting: object,
) -> None:
    if isinstance(key_setting, str):
        key_setting = str(tmp_path / key_setting)
    window = window_with(qtbot, tmp_path, {"agency_public_key": key_setting})
    window.home.export_button.click()
    assert len(dialogs) == 1, dialogs  # the refusal only: no plain-export warning, no export
    kind, icon, text = dialogs[0]
    assert (kind, icon) == ("QMessageBox", QMessageBox.Icon.Critical)
    assert "agency_public_key" in text and str(tmp_path / "settings.json") in text
    if isinstance(key_setting, str):
        assert key_setting in text


def test_without_an_agency_key_the_worker_is_warned_before_a_plain_export(
    qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, QMessageBox.Icon | None, str]]
) -> None:
    window = window_with(qtbot, tmp_path, {"staff_initials": "AB"})
    window.home.export_button.click()
    assert len(dialogs) == 1, dialogs  # cancelled: no export dialog
    assert dialogs[0][:2] == ("QMessageBox", QMessageBox.Icon.Warning)
    assert "not sealed" in dialogs[0][2]
