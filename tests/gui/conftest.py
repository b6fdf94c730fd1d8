"""Fixtures shared by the GUI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readiness_ui.language import set_language
from readiness_ui.tasks import TaskRunner
from readiness_ui.theme import BASE_POINT_SIZE, apply_look


@pytest.fixture
def double_text(qapp: QApplication) -> Iterator[None]:
    """Text at 200 % for the test; the font, look and language are put back afterwards."""
    font, sheet = QFont(qapp.font()), qapp.styleSheet()
    try:
        big = QFont(font)
        big.setPointSizeF(BASE_POINT_SIZE * 2)
        qapp.setFont(big)
        apply_look(qapp, high_contrast=False)
        yield
    finally:
        qapp.setFont(font)
        qapp.setStyleSheet(sheet)
        set_language("en")


@pytest.fixture(autouse=True)
def _screen_language_back_to_english() -> Iterator[None]:
    """The screen's language (``readiness_ui.language``) is the GUI's one piece of state
    shared by every widget; each test starts in English and leaves it so."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A task runner for one test; what still runs is cancelled and waited for afterwards."""
    tasks = TaskRunner()
    yield tasks
    tasks.cancel_all()
    tasks.wait(3000)


@pytest.fixture
def restored_look(qapp: QApplication) -> Iterator[QApplication]:
    """The application, for a test that changes its look; its font, style and contrast
    choice are put back afterwards."""
    font, sheet = QFont(qapp.font()), qapp.styleSheet()
    try:
        yield qapp
    finally:
        apply_look(qapp, high_contrast=False)
        qapp.setFont(font)
        qapp.setStyleSheet(sheet)
