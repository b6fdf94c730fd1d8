"""Settings: the look chosen applies at once; edits are saved, or leaving asks first.

Leaving Settings with edits not saved (the navigation, Ctrl+1/Ctrl+2, closing the
window) asks Save settings / Discard changes / Cancel, all by keyboard; nothing is
lost without the worker's word. The text size and high contrast chosen there change
the whole app at once, go back when the edits are discarded, and are applied again
when the app starts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from readiness.settings import Settings, load_settings, save_settings
from readiness_ui.main_window import HOME, NEW_INTAKE, SETTINGS, MainWindow
from readiness_ui.theme import HIGH_CONTRAST, apply_look, normal_point_size
from tests.gui.a11y import fake_window

pytestmark = pytest.mark.qt_log_ignore("PulseAudioService")

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def app(restored_look: QApplication) -> QApplication:
    """The application; its look is put back afterwards."""
    return restored_look


def key(qtbot: QtBot, widget: QWidget, pressed: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    qtbot.keyClick(widget, pressed, modifier)
    QApplication.processEvents()


def on_settings(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+3, then the keyboard in the initials field."""
    key(qtbot, window, Qt.Key.Key_3, CTRL)
    assert window.stack.currentIndex() == SETTINGS
    window.settings.staff.setFocus()


def question(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    """The question asked on leaving, once it has the keyboard."""
    qtbot.waitUntil(lambda: window.settings.leave_question is not None)
    box = window.settings.leave_question
    assert box is not None
    qtbot.waitUntil(box.isActiveWindow)
    return box


def answered(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.settings.leave_question is None)
    QApplication.processEvents()
    qtbot.waitUntil(window.isActiveWindow)  # the keyboard is back in the window


def test_leaving_with_edits_asks_and_each_answer_does_what_it_says(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fake_window(qtbot, tmp_path, monkeypatch)
    page = window.settings
    on_settings(qtbot, window)
    key(qtbot, window, Qt.Key.Key_1, CTRL)  # nothing edited: leaves without a word
    assert window.stack.currentIndex() == HOME and page.leave_question is None

    on_settings(qtbot, window)
    qtbot.keyClicks(page.staff, "lq")
    assert page.has_unsaved_edits()
    # Cancel (Esc): the worker stays on Settings with the edit.
    key(qtbot, page.staff, Qt.Key.Key_1, CTRL)
    box = question(qtbot, window)
    assert window.stack.currentIndex() == SETTINGS
    assert window.navigation.currentRow() == SETTINGS
    key(qtbot, box, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    answered(qtbot, window)
    assert window.stack.currentIndex() == SETTINGS and page.staff.text() == "lq"
    assert not (tmp_path / "settings.json").exists()

    # Discard (Alt+D): the page shows the saved settings and the move goes ahead.
    page.staff.setFocus()
    key(qtbot, page.staff, Qt.Key.Key_2, CTRL)
    key(qtbot, question(qtbot, window), Qt.Key.Key_D, ALT)
    answered(qtbot, window)
    assert window.stack.currentIndex() == NEW_INTAKE
    assert page.staff.text() == "" and not page.has_unsaved_edits()
    assert not (tmp_path / "settings.json").exists()

    # Save (Alt+S, or Enter: the default): saved, then the move goes ahead.
    on_settings(qtbot, window)
    qtbot.keyClicks(page.staff, "lq")
    window.navigation.setFocus()
    key(qtbot, window.navigation, Qt.Key.Key_Up, Qt.KeyboardModifier.NoModifier)
    key(qtbot, question(qtbot, window), Qt.Key.Key_S, ALT)
    answered(qtbot, window)
    assert window.stack.currentIndex() == NEW_INTAKE  # the row above Settings
    assert load_settings(tmp_path / "settings.json").settings.staff_initials == "LQ"
    assert page.staff.text() == "LQ" and not page.has_unsaved_edits()

    # Save refused (initials are letters): the reason is shown and the worker stays.
    on_settings(qtbot, window)
    page.staff.selectAll()
    qtbot.keyClicks(page.staff, "123")
    key(qtbot, page.staff, Qt.Key.Key_1, CTRL)
    key(qtbot, question(qtbot, window), Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    answered(qtbot, window)
    assert window.stack.currentIndex() == SETTINGS
    assert page.message.text().startswith("Not saved:") and page.message.isVisible()
    assert load_settings(tmp_path / "settings.json").settings.staff_initials == "LQ"


def test_closing_the_window_with_edits_asks_first(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fake_window(qtbot, tmp_path, monkeypatch)
    page = window.settings
    on_settings(qtbot, window)
    qtbot.keyClicks(page.agency, "Esperanza")
    window.close()
    box = question(qtbot, window)
    assert window.isVisible()  # not closed yet
    key(qtbot, box, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    answered(qtbot, window)
    assert window.isVisible() and page.agency.text() == "Esperanza"
    window.close()
    key(qtbot, question(qtbot, window), Qt.Key.Key_S, ALT)
    answered(qtbot, window)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert load_settings(tmp_path / "settings.json").settings.agency_name == "Esperanza"


def test_every_answer_is_reachable_by_tab_and_named(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fake_window(qtbot, tmp_path, monkeypatch)
    on_settings(qtbot, window)
    qtbot.keyClicks(window.settings.agency, "x")
    key(qtbot, window, Qt.Key.Key_1, CTRL)
    box = question(qtbot, window)
    texts = {button.text() for button in box.buttons()}
    assert texts == {"&Save settings", "&Discard changes", "Cancel"}
    seen = set()
    for _ in range(len(texts)):
        focus = QApplication.focusWidget()
        assert focus is not None and box.isAncestorOf(focus)
        seen.add(focus)
        key(qtbot, focus, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    assert seen == set(box.buttons())
    assert box.defaultButton().text() == "&Save settings"
    key(qtbot, box, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    answered(qtbot, window)


def test_the_text_size_and_contrast_apply_at_once_and_go_back_when_discarded(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app: QApplication
) -> None:
    apply_look(app, high_contrast=False, text_size=100)
    window = fake_window(qtbot, tmp_path, monkeypatch)
    page = window.settings
    on_settings(qtbot, window)
    page.text_size.setFocus()
    for _ in range(4):  # 100 % -> 200 %, by arrow keys on the closed list
        key(qtbot, page.text_size, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    assert page.text_size.currentData() == 200
    assert app.font().pointSizeF() == 2 * normal_point_size()
    assert page.staff.font().pointSizeF() == 2 * normal_point_size()  # the open window too
    page.contrast.setFocus()
    key(qtbot, page.contrast, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    assert page.contrast.currentData() == "on" and HIGH_CONTRAST in app.styleSheet()
    key(qtbot, page.contrast, Qt.Key.Key_1, CTRL)
    key(qtbot, question(qtbot, window), Qt.Key.Key_D, ALT)
    answered(qtbot, window)
    assert window.stack.currentIndex() == HOME
    assert app.font().pointSizeF() == normal_point_size()
    assert HIGH_CONTRAST not in app.styleSheet()

    on_settings(qtbot, window)
    page.text_size.setFocus()
    key(qtbot, page.text_size, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    key(qtbot, page.text_size, Qt.Key.Key_S, ALT)  # Save settings (after Qt shows the press)
    qtbot.waitUntil(lambda: page.message.text() == "Settings saved.")
    saved = load_settings(tmp_path / "settings.json").settings
    assert (saved.text_size, saved.high_contrast) == (125, "system")
    assert app.font().pointSizeF() == round(1.25 * normal_point_size(), 1)


STARTS_THE_APP = """
import os, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
import readiness_ui.app
from readiness_ui.theme import HIGH_CONTRAST, normal_point_size

folder = Path(sys.argv[1])
readiness_ui.app.settings_path = lambda: folder / "settings.json"
readiness_ui.app.default_database_path = lambda: folder / "r.db"

def shown(*_args):  # in place of the event loop: report the look the window opened with
    app = QApplication.instance()
    print(app.font().pointSizeF() / normal_point_size(), HIGH_CONTRAST in app.styleSheet())
    sys.stdout.flush()
    os._exit(0)

QApplication.exec = shown
readiness_ui.app.run_app()
"""


@pytest.mark.parametrize(("size", "contrast"), [(150, "on"), (100, "off")])
def test_the_saved_look_is_applied_when_the_app_starts(
    tmp_path: Path, size: int, contrast: str
) -> None:
    """The app is started in a process of its own (its start-up is one-way)."""
    import os
    import subprocess
    import sys

    save_settings(Settings(text_size=size, high_contrast=contrast), tmp_path / "settings.json")
    started = subprocess.run(
        [sys.executable, "-c", STARTS_THE_APP, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert started.returncode == 0, started.stderr
    scale, high_contrast = started.stdout.split()
    assert float(scale) == pytest.approx(size / 100, abs=0.01)
    assert high_contrast == str(contrast == "on")
