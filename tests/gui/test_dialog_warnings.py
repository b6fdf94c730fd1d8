"""No dialog hides its warning: a problem line appearing makes the dialog grow, never squeezes
what was already shown (the lost-passphrase warning above all), at 200 % text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readiness_ui.language import set_language
from readiness_ui.protection.passphrase_dialogs import NewPassphraseDialog
from tests.gui.a11y import text_problems


def settle(qtbot: QtBot) -> None:
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(10)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_lost_passphrase_warning_stays_whole_when_a_problem_is_shown(
    qtbot: QtBot, double_text: None, language: str
) -> None:
    set_language(language)
    try:
        dialog = NewPassphraseDialog(offer_keychain=True, encrypting_existing=False)
        qtbot.addWidget(dialog)
        dialog.resize(640, 10)  # narrow: the wrapped warning takes many lines
        dialog.show()
        qtbot.waitExposed(dialog)
        settle(qtbot)
        assert text_problems(dialog) == []
        height = dialog.height()
        first = QApplication.focusWidget()
        assert first is not None and dialog.isAncestorOf(first)
        # Enter with nothing typed: "Set passphrase" refuses, and says why on a new line.
        qtbot.keyClick(first, Qt.Key.Key_Return)
        settle(qtbot)
        assert dialog.isVisible() and dialog._error.isVisible() and dialog._error.text()
        assert dialog.warning.isVisible()
        assert dialog.rect().contains(dialog.warning.geometry())
        assert dialog.warning.height() >= dialog.warning.heightForWidth(dialog.warning.width())
        assert text_problems(dialog) == []
        assert dialog.height() > height  # it grew for the new line
        # A second, longer problem (the two passphrases differ) keeps everything whole too.
        first.setFocus()
        qtbot.keyClicks(first, "correct horse battery")
        qtbot.keyClick(first, Qt.Key.Key_Return)
        settle(qtbot)
        assert dialog._error.isVisible() and dialog.warning.isVisible()
        assert text_problems(dialog) == []
        dialog.reject()
    finally:
        set_language("en")
