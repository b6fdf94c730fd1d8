"""A whole intake by keyboard alone: from Home to a saved plan, with fake checks.

Only key presses reach the app (``qtbot.keyClick`` / ``keyClicks`` on whatever has the
focus: Tab, Shift+Tab, Space, Enter, arrows, digits and shortcuts), never a mouse
click or a direct call, so every control the worker needs must be reachable and
usable from the keyboard. The test ends by reading the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from readiness.model import AssessmentStatus
from readiness.plan import Decision
from readiness.store import plans, repository
from readiness_ui.language import set_language
from readiness_ui.main_window import HOME, NEW_INTAKE, SETTINGS, MainWindow
from readiness_ui.pages.checks import ChecksPage
from readiness_ui.pages.connection import ConnectionPage
from readiness_ui.pages.consent import ConsentStep
from readiness_ui.pages.phone import PhonePage
from readiness_ui.pages.questionnaire import QuestionnairePage
from readiness_ui.pages.results import ResultsPage
from tests.gui.a11y import FAKE_CHECKS, fake_window

pytestmark = pytest.mark.qt_log_ignore("PulseAudioService")

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def describe(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    return f"{type(widget).__name__}({widget.accessibleName() or text!r})"


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> QWidget:
    """One key on the focused widget, then the events it posted; returns the new focus."""
    qtbot.keyClick(focused(), key, modifier)
    QApplication.processEvents()
    return focused()


def tab_to(qtbot: QtBot, wanted: Callable[[QWidget], bool], what: str, limit: int = 40) -> QWidget:
    """Press Tab until the focused widget is the one wanted; fail if it is never reached."""
    seen = []
    for _ in range(limit):
        widget = press(qtbot, Qt.Key.Key_Tab)
        if wanted(widget):
            return widget
        seen.append(describe(widget))
    raise AssertionError(f"Tab never reached {what}; it went through {seen}")


def answer_every_question(qtbot: QtBot, page: QuestionnairePage) -> int:
    """Answer each question shown: the first option (digit 1) or a typed "No", then Enter."""
    answered = 0
    while page.isVisible():
        assert answered < 200, "the questionnaire never ended"
        if isinstance(focused(), QLineEdit):
            qtbot.keyClicks(focused(), "No")
        else:
            press(qtbot, Qt.Key.Key_1)
        press(qtbot, Qt.Key.Key_Return)
        answered += 1
    return answered


def test_a_whole_intake_by_keyboard_alone(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fake_window(qtbot, tmp_path, monkeypatch)
    intake = window.intake
    assert focused() is window.home.search  # Home starts in the search field

    # New intake: Ctrl+2, then the form field by field; Enter starts it.
    assert press(qtbot, Qt.Key.Key_2, CTRL) is window.new_intake.code
    qtbot.keyClicks(focused(), "kb-0001")
    assert press(qtbot, Qt.Key.Key_Tab) is window.new_intake.preferred_name
    qtbot.keyClicks(focused(), "Sam")
    assert press(qtbot, Qt.Key.Key_Tab) is window.new_intake.language
    assert press(qtbot, Qt.Key.Key_Tab) is window.new_intake.staff
    qtbot.keyClicks(focused(), "mj")
    assert press(qtbot, Qt.Key.Key_Return) is intake.step_list
    assert intake.header.text() == "Intake for KB-0001"
    assert intake.assessment is not None
    assessment_id = intake.assessment.id

    # Consent: down the step list, Tab into the page, Space on each choice.
    press(qtbot, Qt.Key.Key_Down)
    consent = intake.stack.currentWidget()
    assert isinstance(consent, ConsentStep)
    for part in ("device_checks", "connection_test", "questions"):
        assert press(qtbot, Qt.Key.Key_Tab) is consent.boxes[part]
        press(qtbot, Qt.Key.Key_Space)
    assert press(qtbot, Qt.Key.Key_Tab, SHIFT) is consent.boxes["connection_test"]  # and back
    assert press(qtbot, Qt.Key.Key_Tab) is consent.boxes["questions"]
    assert consent.choices() == dict.fromkeys(
        ("device_checks", "connection_test", "questions"), True
    )

    # The person's phone: Ctrl+Page Down lands on iPhone; the arrow key and Space choose Android.
    phone = intake.stack.widget(2)
    assert isinstance(phone, PhonePage)
    assert press(qtbot, Qt.Key.Key_PageDown, CTRL) is phone.platform_buttons["iphone"]
    assert press(qtbot, Qt.Key.Key_Right) is phone.platform_buttons["android"]
    press(qtbot, Qt.Key.Key_Space)
    assert phone.platform() == "android"

    # Device checks: Ctrl+Page Down lands on Run; Space runs the (fake) checks.
    checks = intake.stack.widget(3)
    assert isinstance(checks, ChecksPage)
    assert press(qtbot, Qt.Key.Key_PageDown, CTRL) is checks.run_button
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not checks.running, timeout=5000)
    assert len(checks.results()) == len(FAKE_CHECKS)

    # Connection: the same on the next step.
    connection = intake.stack.widget(4)
    assert isinstance(connection, ConnectionPage)
    assert press(qtbot, Qt.Key.Key_PageDown, CTRL) is connection.start_button
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not connection.running, timeout=5000)
    assert connection.result is not None and connection.result.download_mbps == 24.0

    # Questions: every one answered with a digit (or typed) and Enter; Done moves on.
    questions = intake.stack.widget(5)
    assert isinstance(questions, QuestionnairePage)
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert questions.isAncestorOf(focused())
    answered = answer_every_question(qtbot, questions)
    assert intake.step_list.currentRow() == 6

    # Results: Tab to the first recommendation's Accept, Space; then the plan notes.
    results = intake.stack.widget(6)
    assert isinstance(results, ResultsPage) and results.result is not None
    first = results.recommendations.rows[0]
    tab_to(qtbot, lambda w: w is first.accept_button, "the first Accept button")
    press(qtbot, Qt.Key.Key_Space)
    assert first.accept_button.isChecked()
    tab_to(qtbot, lambda w: w is results.plan_text, "the plan notes")
    qtbot.keyClicks(focused(), "Phone calls on Tuesdays; set up captions together.")
    assert press(qtbot, Qt.Key.Key_Tab) is results.follow_up_box  # Tab leaves the notes
    press(qtbot, Qt.Key.Key_Space)
    # On to Reports (the notes are saved as the page is left), then complete the intake.
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert intake.step_list.currentRow() == 7
    press(qtbot, Qt.Key.Key_C, ALT)  # "&Complete intake": Qt shows the press for 100 ms
    qtbot.waitUntil(lambda: intake.review_dialog is not None, timeout=2000)
    review = intake.review_dialog
    assert review is not None
    qtbot.waitUntil(lambda: review.isAncestorOf(focused()), timeout=2000)
    assert review.complete_button.isEnabled() and not review.review.blocking
    press(qtbot, Qt.Key.Key_C, ALT)  # the review's own "&Complete intake" confirms
    qtbot.waitUntil(lambda: intake.complete_button.text() == "&Reopen intake", timeout=2000)

    db = window.records.database
    assert db is not None
    assessment = repository.get_assessment(db, assessment_id)
    assert assessment.status is AssessmentStatus.COMPLETE
    assert repository.get_service_user(db, assessment.service_user_id).code == "KB-0001"
    answers = repository.list_answers(db, assessment_id)
    consent_answers = [a for a in answers if a.questionnaire_id == "consent"]
    assert {a.item_id: a.value for a in consent_answers} == {
        "consent.device_checks": True,
        "consent.connection_test": True,
        "consent.questions": True,
    }
    assert len(answers) - len(consent_answers) == answered
    checked = {r.check_id for r in repository.list_check_results(db, assessment_id)}
    assert {spec[0] for spec in FAKE_CHECKS} | {"connection.bandwidth"} <= checked
    plan = plans.get_plan(db, assessment_id)
    assert plan is not None
    assert plan.text == "Phone calls on Tuesdays; set up captions together."
    assert plan.decision_for(first.recommendation.id) is Decision.ACCEPTED
    assert plan.follow_up is not None


def alt_keys(window: QWidget) -> list[tuple[str, str]]:
    """(Alt key, text) of every shown button and labelled field with an underlined letter."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            key = QKeySequence.mnemonic(widget.text())
            if not key.isEmpty():
                found.append((key.toString(), widget.text()))
    return found


def shared_keys(window: QWidget) -> list[str]:
    keys = alt_keys(window)
    counts = Counter(key for key, _text in keys)
    return sorted(f"{key}: {text}" for key, text in keys if counts[key] > 1)


def intake_clashes(window: MainWindow, when: str) -> list[str]:
    """Shared Alt letters on each intake step that can be opened now."""
    intake = window.intake
    clashes = []
    for row in range(intake.step_list.count()):
        if intake.may_show(row):
            intake.step_list.setCurrentRow(row)
            assert intake.step_list.currentRow() == row
            clashes += [f"{when}, step {row}: {clash}" for clash in shared_keys(window)]
    return clashes


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_two_controls_on_screen_share_an_alt_letter(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """Two controls with one Alt letter would only take turns at the focus, not act.

    Every page and dialog of the intake flow: Home, New intake, a person's page, each
    step before and after consent and after completing, the review and the reopen
    dialogs. (Settings and Data protection are checked on their own.)"""
    window = fake_window(qtbot, tmp_path, monkeypatch)
    try:
        window.language.setCurrentIndex(window.language.findData(language))
        clashes = []
        for page in (HOME, NEW_INTAKE):
            window.show_page(page)
            clashes += [f"page {page}: {clash}" for clash in shared_keys(window)]
        window.new_intake.code.setText("ALT-1")
        window.new_intake.start()
        intake = window.intake
        session = intake.session
        assert session is not None and intake.step_list.count() == 8
        clashes += intake_clashes(window, "before consent")
        for part in ("device_checks", "connection_test", "questions"):
            session.set_consent(part, True)
        clashes += intake_clashes(window, "after consent")
        session.set_staff_initials("MJ")
        intake.complete_button.click()
        review = intake.review_dialog
        assert review is not None and review.isVisible()
        clashes += [f"review: {clash}" for clash in shared_keys(review)]
        review.complete_button.click()
        clashes += intake_clashes(window, "complete")
        intake.complete_button.click()
        reopen = intake.reopen_dialog
        assert reopen is not None and reopen.isVisible()
        clashes += [f"reopen: {clash}" for clash in shared_keys(reopen)]
        reopen.reject()
        assert intake.assessment is not None
        window.open_person(intake.assessment.service_user_id)
        clashes += [f"person: {clash}" for clash in shared_keys(window)]
        assert not clashes, "\n".join(clashes)
    finally:
        set_language("en")


@pytest.mark.parametrize("language", ["en", "es"])
def test_settings_controls_each_have_their_own_alt_letter(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    window = fake_window(qtbot, tmp_path, monkeypatch)
    try:
        window.language.setCurrentIndex(window.language.findData(language))
        window.show_page(SETTINGS)
        assert shared_keys(window) == []
    finally:
        set_language("en")
