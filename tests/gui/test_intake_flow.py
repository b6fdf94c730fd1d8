"""The way through an intake: consent first, where it opens, Next and Back, About's overview.

- Steps that act on the consent (``NEED_CONSENT``) cannot be opened before the
  person's choices are recorded, whichever way the worker tries: the step list (by
  keyboard or by choosing a row), Ctrl+Page Down, Next step, a line on About, a line of
  the review, or a step saved earlier. The list says so in words.
- An intake opens at About when new, and exactly where it was left otherwise: after
  a pause, a language switch, or the app being killed.
- Next step / Previous step on every step, with the keyboard landing in the step.
- About shows a mark and words per step and how many questions are answered, read
  again each time it is shown; each line goes to its step.
- Opened at Questions, the keyboard is on the question: the number keys answer at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from readiness.session.steps import NEED_CONSENT, STEPS
from readiness.store import repository
from readiness_ui.language import set_language
from readiness_ui.main_window import HOME, INTAKE, MainWindow
from readiness_ui.pages.consent import ConsentStep
from readiness_ui.pages.intake import IntakePage
from readiness_ui.pages.intake_overview import OverviewStep
from readiness_ui.pages.questionnaire import QuestionnairePage
from tests.gui.a11y import fake_window

pytestmark = pytest.mark.qt_log_ignore("PulseAudioService")

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
ROW = {key: row for row, key in enumerate(STEPS)}


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)
    QApplication.processEvents()


def start(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str) -> MainWindow:
    """A window with a new intake for ``code`` open (staff MJ), started from New intake."""
    window = fake_window(qtbot, tmp_path, monkeypatch)
    window.new_intake.code.setText(code)
    window.new_intake.staff.setText("mj")
    window.new_intake.start()
    assert window.intake.session is not None
    return window


def consent(window: MainWindow) -> None:
    session = window.intake.session
    assert session is not None
    for part in ("device_checks", "connection_test", "questions"):
        session.set_consent(part, True)


def saved_step(window: MainWindow) -> str | None:
    session = window.intake.session
    assert session is not None
    return session.step


def showing(intake: IntakePage) -> str:
    """The key of the step shown (the list and the page agree)."""
    row = intake.step_list.currentRow()
    assert intake.stack.currentIndex() == row, "the step list and the page disagree"
    return STEPS[row]


# -- consent first -------------------------------------------------------------------


def test_a_new_intake_opens_at_about_from_new_intake_by_keyboard(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fake_window(qtbot, tmp_path, monkeypatch)
    press(qtbot, Qt.Key.Key_2, CTRL)
    qtbot.keyClicks(focused(), "new-1")
    press(qtbot, Qt.Key.Key_Return)
    assert window.stack.currentIndex() == INTAKE
    assert showing(window.intake) == "overview"
    assert isinstance(window.intake.stack.currentWidget(), OverviewStep)
    assert saved_step(window) is None  # nothing moved it on by itself


def test_steps_that_need_consent_are_marked_in_words_until_it_is_recorded(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start(qtbot, tmp_path, monkeypatch, "GATE-1")
    steps = window.intake.step_list
    for key in NEED_CONSENT:
        item = steps.item(ROW[key])
        assert item.text().endswith("\n(opens after consent)")
        spoken = item.data(Qt.ItemDataRole.AccessibleTextRole)
        assert spoken.endswith(": opens after consent")
        assert not item.flags() & Qt.ItemFlag.ItemIsSelectable
    assert window.intake.notice.isVisibleTo(window)
    assert "consent" in window.intake.notice.text()
    window.intake.session.set_consent("device_checks", False)  # type: ignore[union-attr]
    for key in NEED_CONSENT:  # "no" to a part is a choice: every step opens
        assert "opens after consent" not in steps.item(ROW[key]).text()
        assert steps.item(ROW[key]).flags() & Qt.ItemFlag.ItemIsSelectable
    assert not window.intake.notice.isVisibleTo(window)
    assert steps.item(ROW["device"]).text() == "–\u00a0This computer\n(declined)"


def test_no_way_opens_a_step_that_needs_consent_before_it_is_recorded(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start(qtbot, tmp_path, monkeypatch, "GATE-2")
    intake = window.intake
    steps = intake.step_list
    # The list, chosen directly (a click) and by keyboard.
    steps.setCurrentRow(ROW["questionnaire"])
    assert showing(intake) == "overview" and saved_step(window) is None
    steps.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert showing(intake) == "consent"
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_End)
    assert showing(intake) == "consent" and saved_step(window) == "consent"
    # Ctrl+Page Down and Next step.
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert showing(intake) == "consent"
    assert not intake.next_button.isEnabled()
    intake.go_to_step(1)
    assert showing(intake) == "consent"
    # A line on About, and a line of the review before completing.
    about = intake.stack.widget(ROW["overview"])
    assert isinstance(about, OverviewStep)
    about.lines["device"].click()
    assert showing(intake) == "consent"
    intake.complete_button.click()
    review = intake.review_dialog
    assert review is not None
    device = next(item for item in review.review.missing if item.step == "device")
    intake.go_to_missing(device)
    assert showing(intake) == "consent"  # what is needed first
    review.reject()
    assert saved_step(window) == "consent"


def test_a_step_saved_before_consent_reopens_at_consent(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Intakes kept by an earlier version may have been left on a step after Consent."""
    window = start(qtbot, tmp_path, monkeypatch, "GATE-3")
    assessment = window.intake.assessment
    assert assessment is not None and window.records is not None
    repository.set_current_step(window.records.database, assessment.id, "export")
    window.intake.pause_button.click()
    window.open_intake(assessment.id)
    assert showing(window.intake) == "consent"


def test_once_consent_is_given_by_keyboard_next_step_opens(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start(qtbot, tmp_path, monkeypatch, "GATE-4")
    intake = window.intake
    intake.show_step("consent")
    page = intake.stack.currentWidget()
    assert isinstance(page, ConsentStep)
    assert focused() is page.boxes["device_checks"]
    press(qtbot, Qt.Key.Key_Space)
    assert intake.next_button.isEnabled()
    press(qtbot, Qt.Key.Key_X, ALT)  # Ne&xt step: Qt shows the press for 100 ms
    qtbot.waitUntil(lambda: showing(intake) == "phone", timeout=2000)
    assert saved_step(window) == "phone"
    assert intake.stack.currentWidget().isAncestorOf(focused())
    assert intake.step_list.item(ROW["consent"]).text() == "✓\u00a0Consent"


# -- where it opens ----------------------------------------------------------------------


def test_an_intake_left_at_reports_reopens_at_reports(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start(qtbot, tmp_path, monkeypatch, "BACK-1")
    consent(window)
    window.intake.show_step("export")
    assessment = window.intake.assessment
    assert assessment is not None
    window.intake.pause_button.click()
    assert window.stack.currentIndex() == HOME
    window.open_intake(assessment.id)
    assert showing(window.intake) == "export" and saved_step(window) == "export"


def test_switching_language_on_questions_stays_on_questions(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start(qtbot, tmp_path, monkeypatch, "LANG-1")
    consent(window)
    window.intake.show_step("questionnaire")
    try:
        window.language.setCurrentIndex(window.language.findData("es"))
        assert showing(window.intake) == "questionnaire"
        assert saved_step(window) == "questionnaire"
        assert window.intake.step_list.item(ROW["questionnaire"]).text() == "Preguntas"
        window.language.setCurrentIndex(window.language.findData("en"))
        assert showing(window.intake) == "questionnaire"
    finally:
        set_language("en")


def test_after_the_app_is_killed_the_intake_reopens_where_it_was_left(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start(qtbot, tmp_path, monkeypatch, "KILL-2")
    consent(window)
    window.intake.show_step("results")
    assessment = window.intake.assessment
    assert assessment is not None
    window.hide()  # killed: no close event, nothing saved on the way out
    again = fake_window(qtbot, tmp_path, monkeypatch)  # new Records on the same file
    again.open_intake(assessment.id)
    assert showing(again.intake) == "results"


# -- Next and Back, and the keyboard on the question --------------------------------------


def test_next_and_previous_step_go_through_every_step_with_the_keyboard_in_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start(qtbot, tmp_path, monkeypatch, "NEXT-1")
    consent(window)
    intake = window.intake
    assert not intake.previous_button.isEnabled()
    for key in STEPS[1:]:
        intake.next_button.click()
        assert showing(intake) == key and saved_step(window) == key
        assert intake.stack.currentWidget().isAncestorOf(focused()), key
    assert not intake.next_button.isEnabled()  # Reports is the last step
    for key in reversed(STEPS[:-1]):
        intake.previous_button.click()
        assert showing(intake) == key
    assert not intake.previous_button.isEnabled()


def test_on_questions_alt_n_is_the_next_question_and_alt_x_the_next_step(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start(qtbot, tmp_path, monkeypatch, "NEXT-2")
    consent(window)
    intake = window.intake
    intake.show_step("questionnaire")
    page = intake.stack.currentWidget()
    assert isinstance(page, QuestionnairePage)
    first = page.current_step()
    press(qtbot, Qt.Key.Key_N, ALT)  # Qt shows the press for 100 ms, then clicks
    qtbot.waitUntil(lambda: page.current_step() != first, timeout=2000)
    assert showing(intake) == "questionnaire"
    press(qtbot, Qt.Key.Key_X, ALT)
    qtbot.waitUntil(lambda: showing(intake) == "results", timeout=2000)


def test_opened_at_questions_the_number_keys_answer_at_once(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start(qtbot, tmp_path, monkeypatch, "KEYS-1")
    consent(window)
    intake = window.intake
    intake.show_step("questionnaire")
    assessment = intake.assessment
    assert assessment is not None
    intake.pause_button.click()
    window.open_intake(assessment.id)  # as Home does
    page = intake.stack.currentWidget()
    assert isinstance(page, QuestionnairePage)
    assert page.isAncestorOf(focused()), f"the keyboard is on {focused()!r}"
    session = intake.session
    assert session is not None
    before = len(session.answers())
    press(qtbot, Qt.Key.Key_1)
    assert len(session.answers()) == before + 1


# -- About: where the intake stands ------------------------------------------------------


def test_about_shows_each_step_and_the_answered_count_read_again_when_shown(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = start(qtbot, tmp_path, monkeypatch, "ABOUT-1")
    intake = window.intake
    about = intake.stack.currentWidget()
    assert isinstance(about, OverviewStep)
    lines = {key: line.text() for key, line in about.lines.items()}
    assert lines["overview"] == "✓  About this intake: done"  # the staff initials are in
    assert lines["consent"] == "○  Consent: not done yet"
    assert lines["questionnaire"] == "○  Questions: opens after consent"
    count = about.answered.text()
    assert count.startswith("Questions answered: 0 of ")

    session = intake.session
    assert session is not None
    session.set_consent("questions", True)  # device and connection: declined
    intake.show_step("questionnaire")
    page = intake.stack.currentWidget()
    assert isinstance(page, QuestionnairePage)
    for _ in range(2):
        press(qtbot, Qt.Key.Key_1)
        press(qtbot, Qt.Key.Key_Return)
    intake.show_step("overview")
    assert about.answered.text().startswith("Questions answered: 2 of ")
    assert about.lines["consent"].text() == "✓  Consent: done"
    assert about.lines["device"].text() == "–  This computer: declined"
    assert about.lines["questionnaire"].text() == "○  Questions: not done yet"
    line = about.lines["questionnaire"]
    assert isinstance(line, QPushButton)
    assert line.accessibleName() == "Go to Questions: not done yet"
    line.click()
    assert showing(intake) == "questionnaire" and page.isAncestorOf(focused())
    assert intake.step_list.item(ROW["consent"]).text() == "✓\u00a0Consent"
    assert intake.step_list.item(ROW["questionnaire"]).text() == "Questions"


def test_about_in_spanish(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = start(qtbot, tmp_path, monkeypatch, "ABOUT-2")
    try:
        window.language.setCurrentIndex(window.language.findData("es"))
        about = window.intake.stack.currentWidget()
        assert isinstance(about, OverviewStep)
        assert about.lines["consent"].text() == "○  Consentimiento: todavía sin hacer"
        assert about.answered.text().startswith("Preguntas respondidas: 0 de ")
        assert window.intake.next_button.text() == "Paso siguie&nte"
    finally:
        set_language("en")


def test_no_to_everything_is_recorded_in_one_press_and_opens_the_steps(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A person who says no to every part has chosen: the intake goes on, nothing runs."""
    from readiness_ui.pages.consent import ConsentStep

    window = fake_window(qtbot, tmp_path, monkeypatch)
    window.new_intake.code.setText("NO-ALL")
    window.new_intake.start()
    intake = window.intake
    session = intake.session
    assert session is not None and not session.consent_recorded
    consent = intake.stack.widget(1)
    assert isinstance(consent, ConsentStep)
    consent.boxes["questions"].setChecked(True)
    qtbot.mouseClick(consent.no_to_all, Qt.MouseButton.LeftButton)
    assert session.consent() == dict.fromkeys(
        ("device_checks", "connection_test", "questions"), False
    )
    assert not any(box.isChecked() for box in consent.boxes.values())
    assert session.may_open("results")
