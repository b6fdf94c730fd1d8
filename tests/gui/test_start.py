"""The app's start (issue 19): the frame first, pages made when first shown, the
questionnaires loaded when first needed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from readiness_ui.app import build_window, load_configuration, load_interpretation_when_needed
from readiness_ui.main_window import HOME, INTAKE, NEW_INTAKE, PERSON, SETTINGS, MainWindow
from readiness_ui.tasks import TaskRunner


def test_the_frame_loads_none_of_the_app_before_it_shows() -> None:
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, json; import readiness_ui.frame; "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('readiness'))))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(shown.stdout)
    assert loaded == ["readiness_ui", "readiness_ui.frame", "readiness_ui.main_window"]


def test_a_frame_closed_before_it_is_built_just_closes(qtbot: QtBot) -> None:
    frame = MainWindow()
    qtbot.addWidget(frame)
    frame.show()
    assert frame.windowTitle() == "Readiness" and frame.built(HOME) is None
    assert frame.close()


def test_only_home_is_made_until_another_page_is_shown(qtbot: QtBot, tmp_path: Path) -> None:
    window = build_window(load_configuration(tmp_path / "settings.json")[0], tmp_path / "r.db")
    qtbot.addWidget(window)
    assert window.built(HOME) is window.home
    assert [window.built(row) for row in (NEW_INTAKE, INTAKE, SETTINGS, PERSON)] == [None] * 4
    wired: list[object] = []
    window.when_built(SETTINGS, wired.append)
    assert wired == []
    window.show_page(SETTINGS)
    settings = window.built(SETTINGS)
    assert settings is not None and wired == [settings]
    assert window.stack.currentWidget() is settings
    window.show_page(HOME)
    window.show_page(SETTINGS)
    assert window.built(SETTINGS) is settings and wired == [settings]  # made once
    window.when_built(SETTINGS, wired.append)  # already made: at once
    assert wired == [settings, settings]


def test_the_questionnaires_load_when_a_page_needs_them(qtbot: QtBot, tmp_path: Path) -> None:
    configuration = load_configuration(tmp_path / "settings.json")[0]
    tasks = TaskRunner()
    window = build_window(configuration, tmp_path / "r.db", tasks=tasks)
    qtbot.addWidget(window)
    load_interpretation_when_needed(window, configuration, tasks)
    assert tasks.active == 0  # Home alone needs none of them
    window.show_page(NEW_INTAKE)
    assert tasks.active == 1
    qtbot.waitUntil(lambda: tasks.active == 0, timeout=20_000)
    loaded = configuration.interpretation()
    window.show_page(PERSON)  # a second page: nothing loads again
    assert tasks.active == 0 and configuration.interpretation() is loaded


def test_agency_files_are_loaded_at_start_so_their_problems_show(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import readiness_ui.dialogs

    said: list[str] = []
    monkeypatch.setattr(
        readiness_ui.dialogs, "show_warning", lambda _parent, text: said.append(text)
    )
    (tmp_path / "settings.json").write_text(
        json.dumps({"validated_instruments": ["nothing@1.0"]}), encoding="utf-8"
    )
    configuration = load_configuration(tmp_path / "settings.json")[0]
    tasks = TaskRunner()
    window = build_window(configuration, tmp_path / "r.db", tasks=tasks)
    qtbot.addWidget(window)
    load_interpretation_when_needed(window, configuration, tasks)
    assert tasks.active == 1
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert "nothing@1.0" in said[0]
