"""The app starts whatever the settings file holds: a bad one gives the defaults and says why."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from readiness.settings import Settings
from readiness.store.database import open_database
from readiness_ui.app import build_window, load_configuration


def test_the_app_starts_with_a_settings_file_nested_a_thousand_levels(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Before the one reader, this file gave a RecursionError and the app did not start."""
    path = tmp_path / "settings.json"
    path.write_text('{"agency_name": ' + "[" * 1000 + "]" * 1000 + "}")
    configuration, warning = load_configuration(path)
    assert warning is not None and "nested more than 32 levels" in warning
    assert configuration.settings == Settings()
    window = build_window(configuration, tmp_path / "r.db", open_database(tmp_path / "r.db"))
    qtbot.addWidget(window)
    window.show()
    assert window.isVisible()
