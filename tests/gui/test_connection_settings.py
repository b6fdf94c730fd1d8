"""The speed-test part of Settings: the address forms that work are shown, in both languages,
and what is typed is saved as typed."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from readiness_ui.language import set_language
from readiness_ui.pages.settings_speed import SpeedTestFields


def test_the_forms_that_work_are_shown_in_both_languages(qtbot: QtBot) -> None:
    fields = SpeedTestFields()
    qtbot.addWidget(fields)
    for language, words in (("en", "backend folder"), ("es", "carpeta backend")):
        set_language(language)
        fields.retranslate()
        text = fields.help.text()
        assert words in text
        assert "https://speed.example.org/backend/" in text and "speed.example.org" in text
    set_language("en")


def test_what_is_typed_is_kept(qtbot: QtBot) -> None:
    fields = SpeedTestFields()
    qtbot.addWidget(fields)
    fields.retranslate()
    fields.show_settings("librespeed", "192.168.1.20:8989")
    assert fields.values() == {
        "speed_test_backend": "librespeed",
        "speed_test_server": "192.168.1.20:8989",
    }
    fields.show_settings("no-such-backend", "")
    assert fields.values()["speed_test_backend"] == "auto"
