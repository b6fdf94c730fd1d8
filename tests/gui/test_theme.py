"""The look: visible keyboard focus always, high contrast when the system asks for it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readiness_ui.theme import HIGH_CONTRAST, STYLE, apply_look, style_sheet, wants_high_contrast


def test_focus_is_always_visible_and_high_contrast_adds_its_own_style() -> None:
    assert ":focus" in STYLE and "border: 2px" in STYLE
    assert style_sheet(False) == STYLE
    assert style_sheet(True) == STYLE + HIGH_CONTRAST
    assert "#ffe600" in HIGH_CONTRAST  # a thick yellow focus ring


def test_apply_look_follows_the_choice_or_the_system(qtbot: QtBot, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    try:
        apply_look(app, high_contrast=True)
        assert HIGH_CONTRAST in app.styleSheet()
        assert app.font().pointSizeF() >= 11
        apply_look(app, high_contrast=False)
        assert HIGH_CONTRAST not in app.styleSheet()
        assert isinstance(wants_high_contrast(app), bool)
    finally:
        app.setStyleSheet(before)
