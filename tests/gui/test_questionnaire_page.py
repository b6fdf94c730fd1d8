"""The questionnaire page, driven by the keyboard alone: one question at a time, answers
saved the moment they are given, missing-answer buttons, Back/Next, progress per
section, follow-up questions appearing, and an English/Spanish switch mid-intake."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from readiness.errors import ReadinessError
from readiness.model import Answer, MissingCode
from readiness.questionnaire.loader import load_builtin, load_data
from readiness.questionnaire.schema import Instrument
from readiness_ui.pages.questionnaire import STYLE, QuestionnairePage
from tests.core.questionnaire.samples import item, items_of, minimal

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(scope="module")
def instruments() -> tuple[Instrument, ...]:
    return load_builtin().instruments


class Recorder:
    """The ``save_answer`` collaborator: keeps every answer, optionally fails."""

    def __init__(self) -> None:
        self.saved: list[Answer] = []
        self.fail = False

    def __call__(self, answer: Answer) -> None:
        if self.fail:
            raise ReadinessError("the database is locked")
        self.saved.append(answer)


def ticking_clock() -> Iterator[datetime]:
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    while True:
        moment += timedelta(seconds=1)
        yield moment


def make_page(
    qtbot: QtBot, instruments: Any, answers: Any = (), locale: str = "en"
) -> tuple[QuestionnairePage, Recorder]:
    recorder = Recorder()
    clock = ticking_clock()
    page = QuestionnairePage(instruments, answers, recorder, locale, clock=lambda: next(clock))
    qtbot.addWidget(page)
    page.resize(900, 700)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    return page, recorder


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def question(page: QuestionnairePage) -> str:
    return page.question.text_label.text()


def test_keyboard_only_intake_of_the_first_questions(
    qtbot: QtBot, instruments: tuple[Instrument, ...]
) -> None:
    page, recorder = make_page(qtbot, instruments)
    assert question(page) == "What kind of phone do you use most?"
    assert page.progress.format() == "Part 1 of 4: question 1 of 3"
    first = focused()
    assert isinstance(first, QRadioButton) and first.text() == "1. A smartphone"

    # Arrow keys move within the options, Space chooses: saved at once.
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Up)
    assert recorder.saved == []
    press(qtbot, Qt.Key.Key_Space)
    assert [(a.item_id, a.value) for a in recorder.saved] == [("access.phone_type", "smartphone")]
    # A follow-up appeared in this part: 4 questions now.
    assert page.progress.format() == "Part 1 of 4: question 1 of 4"
    assert page.status_label.text() == "Saved. 2 follow-up questions added."  # + data plan

    # Enter goes on; the follow-up is next.
    press(qtbot, Qt.Key.Key_Return)
    assert question(page) == "Is the phone just yours, or do you share it?"
    assert page.progress.format() == "Part 1 of 4: question 2 of 4"

    # Digit keys pick an option directly.
    press(qtbot, Qt.Key.Key_2)
    assert recorder.saved[-1].value == "shared"

    # Tab to the missing-answer buttons and decline instead.
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.question.missing.buttons[MissingCode.DECLINED]
    press(qtbot, Qt.Key.Key_Space)
    last = recorder.saved[-1]
    assert (last.item_id, last.value, last.missing) == (
        "access.phone_sharing",
        None,
        MissingCode.DECLINED,
    )
    assert page.question.missing.buttons[MissingCode.DECLINED].isChecked()
    editor = page.question.editor
    assert editor is not None
    assert not any(isinstance(c, QAbstractButton) and c.isChecked() for c in editor.controls())

    # Alt+B goes back (the button's mnemonic); the earlier answer is shown and focused.
    press(qtbot, Qt.Key.Key_B, ALT)
    qtbot.waitUntil(lambda: question(page) == "What kind of phone do you use most?")
    assert isinstance(focused(), QRadioButton) and focused().text() == "1. A smartphone"
    assert focused().isChecked()

    # Alt+N goes forward again.
    press(qtbot, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: question(page) == "Is the phone just yours, or do you share it?")


def test_follow_ups_disappear_when_the_answer_changes(
    qtbot: QtBot, instruments: tuple[Instrument, ...]
) -> None:
    page, recorder = make_page(qtbot, instruments)
    press(qtbot, Qt.Key.Key_1)
    assert page.progress.format().endswith("of 4")
    press(qtbot, Qt.Key.Key_3)  # "No phone right now"
    assert page.progress.format().endswith("of 3")
    assert "no longer apply" in page.status_label.text()
    press(qtbot, Qt.Key.Key_Return)
    assert page.current_step() is not None
    assert page.current_step().item.id == "access.other_devices"  # type: ignore[union-attr]
    assert [a.value for a in recorder.saved] == ["smartphone", "none"]


def test_multiple_choice_by_keyboard_with_an_exclusive_option(
    qtbot: QtBot, instruments: tuple[Instrument, ...]
) -> None:
    page, recorder = make_page(qtbot, instruments)
    assert page.go_to("access", "access.other_devices")
    press(qtbot, Qt.Key.Key_1)  # computer
    press(qtbot, Qt.Key.Key_2)  # tablet
    assert recorder.saved[-1].value == ("computer", "tablet")
    press(qtbot, Qt.Key.Key_4)  # none of these: clears the others
    assert recorder.saved[-1].value == ("none",)
    editor = page.question.editor
    assert editor is not None
    boxes = [c for c in editor.controls() if isinstance(c, QCheckBox)]
    assert [box.isChecked() for box in boxes] == [False, False, False, True]
    press(qtbot, Qt.Key.Key_Space)  # untick the focused "none": nothing chosen
    assert recorder.saved[-1].value == ("none",)  # nothing new saved
    assert "Choose at least one" in page.status_label.text()


def number_instrument() -> Instrument:
    data = minimal()
    items_of(data).append(item("demo.people", "number", min=0, max=20, integer=True))
    items_of(data).append(item("demo.note", "short_text", max_length=40))
    instrument, problems = load_data(data, "demo.yaml")
    assert instrument is not None, [str(p) for p in problems]
    return instrument


def test_numbers_and_text_are_typed_and_saved_on_enter(qtbot: QtBot) -> None:
    page, recorder = make_page(qtbot, [number_instrument()])
    assert page.go_to("demo", "demo.people")
    field = focused()
    assert isinstance(field, QLineEdit)
    qtbot.keyClicks(field, "25")
    press(qtbot, Qt.Key.Key_Return)
    assert recorder.saved == []
    assert question(page) == "Question demo.people?"  # stays until corrected
    assert page.status_label.text() == "A number from 0 to 20"
    field.clear()
    qtbot.keyClicks(field, "4")
    press(qtbot, Qt.Key.Key_Return)
    assert recorder.saved[-1].value == 4
    assert question(page) == "Question demo.note?"
    qtbot.keyClicks(focused(), "  quiet room please ")
    press(qtbot, Qt.Key.Key_Return)
    assert recorder.saved[-1].value == "quiet room please"


def test_switching_language_mid_intake_keeps_the_answers(
    qtbot: QtBot, instruments: tuple[Instrument, ...]
) -> None:
    page, recorder = make_page(qtbot, instruments)
    press(qtbot, Qt.Key.Key_2)  # basic phone
    page.set_locale("es")
    assert question(page) == "¿Qué tipo de teléfono usa más?"
    assert page.question.help_label.text().startswith("Un teléfono inteligente")
    assert page.question.missing.buttons[MissingCode.DECLINED].text() == "Prefiero no decirlo"
    editor = page.question.editor
    assert editor is not None
    chosen = [c for c in editor.controls() if isinstance(c, QRadioButton) and c.isChecked()]
    assert [c.text() for c in chosen] == ["2. Un teléfono básico"]
    assert len(recorder.saved) == 1  # switching saved nothing new
    press(qtbot, Qt.Key.Key_Return)
    assert question(page) == "¿El teléfono es solo suyo o lo comparte?"
    page.set_locale("en")
    assert question(page) == "Is the phone just yours, or do you share it?"
    assert page.current_locale() == "en"


def test_resuming_starts_at_the_first_unanswered_question(
    qtbot: QtBot, instruments: tuple[Instrument, ...]
) -> None:
    earlier = datetime(2026, 11, 20, tzinfo=UTC)
    given = [
        Answer("access", "access.phone_type", earlier, value="none"),
        Answer("access", "access.other_devices", earlier, missing=MissingCode.DONT_KNOW),
    ]
    page, _ = make_page(qtbot, instruments, given)
    assert page.current_step().item.id == "access.video_device"  # type: ignore[union-attr]
    assert page.progress.format() == "Part 1 of 4: question 3 of 3"


def test_finished_is_signalled_after_the_last_question(qtbot: QtBot) -> None:
    page, _ = make_page(qtbot, [number_instrument()])
    assert page.go_to("demo", "demo.note")
    assert page.next_button.text() == "&Done"
    with qtbot.waitSignal(page.finished, timeout=1000):
        press(qtbot, Qt.Key.Key_Return)


def test_a_failed_save_is_shown_and_not_recorded(
    qtbot: QtBot, instruments: tuple[Instrument, ...]
) -> None:
    page, recorder = make_page(qtbot, instruments)
    recorder.fail = True
    press(qtbot, Qt.Key.Key_1)
    assert "could not be saved: the database is locked" in page.status_label.text()
    assert page.sheet.get("access", "access.phone_type") is None
    editor = page.question.editor
    assert editor is not None
    assert not any(isinstance(c, QRadioButton) and c.isChecked() for c in editor.controls())


def test_every_control_has_an_accessible_name(
    qtbot: QtBot, instruments: tuple[Instrument, ...]
) -> None:
    page, _ = make_page(qtbot, instruments)
    for target in (("access", "access.phone_type"), ("access", "access.other_devices")):
        assert page.go_to(*target)
        controls = [
            w
            for w in page.findChildren(QWidget)
            if isinstance(w, (QAbstractButton, QLineEdit, QProgressBar)) and w.isVisible()
        ]
        assert len(controls) >= 8
        for control in controls:
            assert control.accessibleName(), control
        assert page.question.text_label.accessibleName() == question(page)
        assert page.question.text_label.accessibleDescription() == page.question.help_label.text()


def test_focus_is_visible_and_type_is_large() -> None:
    assert ":focus" in STYLE and "border: 3px solid" in STYLE
    assert "font-size: 20pt" in STYLE


def test_an_agency_instrument_shows_its_licence_and_citation(qtbot: QtBot) -> None:
    data = minimal(languages=["en"])
    data["licence"] = {
        "holder": "Example Consortium",
        "licence": "Agency user agreement",
        "citation": "Example et al. 2020.",
        "redistribute_text": False,
    }
    for entry in items_of(data):
        entry["text"] = {"en": entry["text"]["en"]}
    instrument, problems = load_data(data, "agency.yaml")
    assert instrument is not None, [str(p) for p in problems]
    page, _ = make_page(qtbot, [instrument], locale="es")
    assert page.licence_label.isVisible()
    assert "Example Consortium. Licence: Agency user agreement. Cite as: Example et al. 2020." in (
        page.licence_label.text()
    )
    assert question(page) == "Question demo.has_phone?"  # English-only: shown in English


def test_no_instruments_means_nothing_to_ask(qtbot: QtBot) -> None:
    page, _ = make_page(qtbot, [])
    assert question(page) == "There are no questions to ask."
    assert not page.next_button.isEnabled()
