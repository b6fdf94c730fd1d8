"""Reading the question aloud: what is said, saying it with Qt's speech engine, and saying
plainly when this computer cannot (no engine, an engine that does not start, no voice).

Qt's ``mock`` engine speaks silently and has English (and a few other) voices but no
Spanish one, which is just what the no-voice case needs.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTextToSpeech import QTextToSpeech
from pytestqt.qtbot import QtBot

from readiness.questionnaire.loader import load_builtin
from readiness.questionnaire.schema import Instrument
from readiness_ui.language import set_language
from readiness_ui.pages.questionnaire import QuestionnairePage
from readiness_ui.widgets.read_aloud import (
    ReadAloud,
    SpokenQuestion,
    available_engines,
    spoken_text,
)

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(scope="module")
def instruments() -> tuple[Instrument, ...]:
    return load_builtin().instruments


def make_page(
    qtbot: QtBot, instruments: tuple[Instrument, ...], engines: list[str], locale: str = "en"
) -> QuestionnairePage:
    page = QuestionnairePage(
        instruments, [], lambda _answer: None, locale, speech_engines=lambda: engines
    )
    qtbot.addWidget(page)
    page.resize(900, 700)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    return page


# -- what is said -------------------------------------------------------------------------


def test_a_question_is_read_with_its_place_help_choices_and_other_answers() -> None:
    question = SpokenQuestion(
        question="What kind of phone do you use most?",
        language="en",
        help="A smartphone can use apps and the internet",
        choices=["A smartphone", "A basic phone", "No phone right now"],
        other_answers=["Prefer not to say", "Don't know"],
        number=1,
        count=3,
    )
    assert spoken_text(question) == (
        "Question 1 of 3. What kind of phone do you use most? "
        "A smartphone can use apps and the internet. "
        "The choices are: 1. A smartphone. 2. A basic phone. 3. No phone right now. "
        "Or you can say: Prefer not to say. Don't know."
    )


def test_linking_words_follow_the_question_language_not_the_interface() -> None:
    question = SpokenQuestion(
        question="¿Qué tipo de teléfono usa más?",
        language="es",
        choices=["Un teléfono inteligente", "Un teléfono básico"],
        several=True,
        number=2,
        count=4,
    )
    expected = (
        "Pregunta 2 de 4. ¿Qué tipo de teléfono usa más? Puede escoger más de una: "
        "1. Un teléfono inteligente. 2. Un teléfono básico."
    )
    assert spoken_text(question) == expected  # the interface is in English here
    set_language("es")
    try:
        assert spoken_text(question) == expected
        english = SpokenQuestion("Do you have a phone", "en", number=1, count=1)
        assert spoken_text(english) == "Question 1 of 1. Do you have a phone."
    finally:
        set_language("en")


def test_a_typed_answer_is_read_with_its_hint_and_no_choices() -> None:
    question = SpokenQuestion(
        "How many people live with you?", "en", extra=["A number from 0 to 20"]
    )
    assert spoken_text(question) == "How many people live with you? A number from 0 to 20."


def test_the_page_reads_the_current_question_as_shown(
    qtbot: QtBot, instruments: tuple[Instrument, ...]
) -> None:
    page = make_page(qtbot, instruments, ["mock"])
    assert page.read_aloud.read()
    said = page.read_aloud.spoken
    assert said.startswith("Question 1 of 3. What kind of phone do you use most? ")
    assert page.question.help_label.text() in said
    assert "The choices are: 1. A smartphone. 2. A basic phone." in said
    assert said.endswith(
        "Or you can say: Prefer not to say. Not able to answer. Does not apply. Don't know."
    )
    page.read_aloud.stop()


# -- saying it ----------------------------------------------------------------------------


def test_ctrl_r_reads_aloud_and_stops_with_the_mock_engine(
    qtbot: QtBot, instruments: tuple[Instrument, ...]
) -> None:
    assert "mock" in QTextToSpeech.availableEngines()
    page = make_page(qtbot, instruments, ["mock"])
    reader = page.read_aloud
    assert reader.button.isEnabled() and not reader.message.isVisible()
    assert reader.button.text() == "Read &aloud"
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: reader.speaking, timeout=2000)
    assert reader.button.text() == "Stop re&ading"
    assert reader.button.accessibleName() == "Stop reading aloud"
    assert "What kind of phone do you use most?" in reader.spoken
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: not reader.speaking, timeout=2000)
    assert reader.button.text() == "Read &aloud"
    # Moving to another question stops the reading of the old one.
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: reader.speaking, timeout=2000)
    page.go_next()
    qtbot.waitUntil(lambda: not reader.speaking, timeout=2000)


def test_no_voice_in_the_question_language_is_said_plainly(
    qtbot: QtBot, instruments: tuple[Instrument, ...]
) -> None:
    page = make_page(qtbot, instruments, ["mock"], locale="es")  # mock: no Spanish voice
    reader = page.read_aloud
    assert not reader.read()
    assert not reader.button.isEnabled()
    assert reader.message.isVisible()
    assert reader.message.text() == "This computer has no Spanish voice for reading aloud."
    assert reader.message.accessibleName() == reader.message.text()
    page.set_locale("en")  # an English voice exists: the button works again
    assert reader.button.isEnabled() and not reader.message.isVisible()
    assert reader.read()
    reader.stop()


def test_no_engine_at_all_is_said_plainly_when_the_page_is_shown(
    qtbot: QtBot, instruments: tuple[Instrument, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QTextToSpeech, "availableEngines", staticmethod(lambda: []))
    assert available_engines() == []
    page = QuestionnairePage(instruments, [], lambda _answer: None)  # this computer's engines
    qtbot.addWidget(page)
    page.show()
    reader = page.read_aloud
    assert not reader.button.isEnabled()
    assert reader.message.isVisible()
    assert reader.message.text() == "This computer has no voice for reading aloud."
    set_language("es")
    try:
        page.set_locale("es")
        reader.retranslate()
        assert reader.message.text() == "Esta computadora no tiene una voz para leer en voz alta."
        assert reader.button.text() == "Leer en &voz alta"
    finally:
        set_language("en")


def test_qt_test_engine_is_never_offered_to_a_person(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        QTextToSpeech, "availableEngines", staticmethod(lambda: ["speechd", "mock", "flite"])
    )
    assert available_engines() == ["speechd", "flite"]


@pytest.mark.qt_log_ignore("Text-to-speech plug-in", "No engine set")
def test_an_engine_that_does_not_start_is_said_plainly(qtbot: QtBot) -> None:
    reader = ReadAloud(lambda: SpokenQuestion("Do you have a phone?"), engines=lambda: ["nosuch"])
    qtbot.addWidget(reader)
    reader.show()
    assert reader.button.isEnabled()  # there is an engine's name, so it is worth a try
    assert not reader.read()
    assert not reader.button.isEnabled()
    assert reader.message.text().startswith("This computer cannot read aloud")
    assert not reader.read()  # stays off; nothing is tried again


def test_reading_aloud_is_imported_only_when_needed() -> None:
    """Opening the app must not load Qt's text-to-speech (start-up time)."""
    import subprocess
    import sys

    probe = (
        "import sys, readiness_ui.app, readiness_ui.pages.questionnaire;"
        "print('PySide6.QtTextToSpeech' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
