"""The intake's questionnaire page: one question at a time, in large type, by keyboard alone.

It shows the instrument and section with a progress bar for the section
(``question_header``), the question with its help line, answer controls and
missing-answer buttons (declined, unable, does not apply, don't know;
``question_view``), and Back / Next. Every answer is handed to
``save_answer`` the moment it is given; conditional questions appear or drop out as
answers change. ``set_locale`` switches between English and Spanish mid-intake
without touching the answers (they are codes, not words).

Constructor::

    QuestionnairePage(
        instruments,     # Sequence[Instrument], asked in this order
        answers,         # Iterable[Answer] already given (e.g. from the store)
        save_answer,     # Callable[[Answer], None], called on every answer
        locale="en",
        *,
        clock=utc_now,   # Callable[[], datetime] for answered_at
        speech_engines=None,  # Callable[[], Sequence[str]]: engines for reading aloud
                              #   (default: this computer's, ui.widgets.read_aloud)
        parent=None,
    )

Keyboard: Tab moves between controls (focus is always drawn with a thick
outline); arrows and Space choose an option; the digit keys 1-9 pick that option;
Enter (outside a button) goes to the next question; Alt+N / Alt+B are Next / Back;
Ctrl+R (or "Read aloud") reads the question, its help and the choices aloud in the
question's language, where this computer has a voice for it (``ui.widgets.read_aloud``).
Signal ``finished`` fires when Next is pressed on the last question.

Large type: the sizes below are for 11 pt text and grow with the application font,
the question and its answers scroll when they do not fit, and Back / Next stay in
view. ``shutdown()`` stops reading aloud (the intake calls it when it is left).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.model import Answer, AnswerValue, MissingCode, check_locale, utc_now
from readiness.questionnaire.navigation import AnswerSheet, Flow, Step
from readiness.questionnaire.schema import Instrument

from ..language import _, error_text, ngettext
from ..theme import BASE_POINT_SIZE, sized
from ..widgets.read_aloud import ReadAloud, SpokenQuestion
from ..widgets.scroll import scrolling
from ..widgets.tab_order import order_tabs
from .question_header import QuestionHeader
from .question_view import QuestionView

_STYLE = """
QWidget#questionnairePage QLabel#questionText { font-size: 20pt; font-weight: 600; }
QWidget#questionnairePage QLabel#helpText { font-size: 14pt; color: #333333; }
QWidget#questionnairePage QLabel#sectionTitle { font-size: 14pt; font-weight: 600; }
QWidget#questionnairePage QRadioButton, QWidget#questionnairePage QCheckBox {
    font-size: 16pt; padding: 6px; border: 3px solid transparent; border-radius: 6px; }
QWidget#questionnairePage QRadioButton::indicator, QWidget#questionnairePage QCheckBox::indicator {
    width: 22px; height: 22px; }
QWidget#questionnairePage QLineEdit { font-size: 16pt; padding: 6px; }
QWidget#questionnairePage QPushButton { font-size: 13pt; padding: 8px 14px; }
QWidget#questionnairePage QRadioButton:focus, QWidget#questionnairePage QCheckBox:focus,
QWidget#questionnairePage QLineEdit:focus, QWidget#questionnairePage QPushButton:focus {
    border: 3px solid #1a5fb4; border-radius: 6px; }
QWidget#questionnairePage QPushButton:checked { background: #1a5fb4; color: white; }
"""
STYLE = sized(_STYLE, BASE_POINT_SIZE)
"""Large type, and a thick blue outline on whatever has the keyboard focus (at 11 pt text)."""


class QuestionnairePage(QWidget):
    """One question at a time across ``instruments``; see the module docstring."""

    finished = Signal()

    def __init__(
        self,
        instruments: Sequence[Instrument],
        answers: Iterable[Answer],
        save_answer: Callable[[Answer], None],
        locale: str = "en",
        *,
        clock: Callable[[], datetime] = utc_now,
        speech_engines: Callable[[], Sequence[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("questionnairePage")
        self._speech_engines = speech_engines
        self._size_type()
        self._flow = Flow(instruments)
        self.sheet = AnswerSheet(answers)
        self._save = save_answer
        self._clock = clock
        self._locale = check_locale(locale)
        self._step: Step | None = None
        self._build()
        self._step = self._flow.first_unanswered(self.sheet) or self._flow.first(self.sheet)
        self._show_step()

    # -- layout ---------------------------------------------------------------

    def _size_type(self) -> None:
        """The page's large type, scaled from the application font (11 pt: ``STYLE``)."""
        sheet = sized(_STYLE, QApplication.font().pointSizeF())
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._size_type()
        super().changeEvent(event)

    def _build(self) -> None:
        self.header = QuestionHeader()
        self.progress = self.header.progress
        self.question = QuestionView()
        self.question.value_given.connect(self._on_value)
        self.question.problem.connect(self._show_problem)
        self.question.missing.chosen.connect(self._on_missing)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.licence_label = QLabel()
        self.licence_label.setWordWrap(True)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.go_next)
        for button in (self.back_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.read_aloud = ReadAloud(self._spoken_question, engines=self._speech_engines)
        self.read_aloud.add_shortcut(self)
        navigation = QHBoxLayout()
        navigation.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        navigation.addWidget(self.read_aloud, 1)
        navigation.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignTop)

        content = QWidget()
        content.setObjectName("questionnaireContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addSpacing(12)
        column.addWidget(self.question)
        column.addWidget(self.status_label)
        column.addStretch(1)
        column.addWidget(self.licence_label)
        self.scroll_area = scrolling(content)

        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(navigation)

    # -- public API -----------------------------------------------------------

    def current_locale(self) -> str:
        """The language the questions are shown in now."""
        return self._locale

    def set_locale(self, locale: str) -> None:
        """Show every text in ``locale`` ("en" or "es"); answers are kept as they are."""
        self._locale = check_locale(locale)
        self.question.commit()
        self._show_step(keep_status=True)

    def current_step(self) -> Step | None:
        return self._step

    def shutdown(self) -> None:
        """Stop reading aloud (the intake is being left)."""
        self.read_aloud.stop()

    def go_to(self, questionnaire_id: str, item_id: str) -> bool:
        """Show a given question if it is shown for the current answers."""
        step = self._flow.step((questionnaire_id, item_id))
        if step is None or step not in self._flow.visible(self.sheet):
            return False
        self._step = step
        self._show_step()
        return True

    def go_next(self) -> None:
        """Next shown question; on the last one, emit ``finished``."""
        if self._step is None:
            self.finished.emit()
            return
        if not self.question.commit():
            return  # the problem is shown; stay so it can be corrected
        following = self._flow.next(self._step, self.sheet)
        if following is None:
            self.finished.emit()
            return
        self._step = following
        self._show_step()

    def go_back(self) -> None:
        if self._step is None:
            return
        self.question.commit()
        previous = self._flow.previous(self._step, self.sheet)
        if previous is not None:
            self._step = previous
            self._show_step()

    # -- showing a step -------------------------------------------------------

    def _show_step(self, *, keep_status: bool = False) -> None:
        self._retranslate_chrome()
        self.read_aloud.stop()
        if not keep_status:
            self.status_label.clear()
        step = self._step
        if step is None:
            self._show_nothing()
            return
        language = step.instrument.text_language(self._locale)
        self._update_progress()
        self.question.show_question(step.instrument, step.item, language)
        self._show_licence(step)
        self.read_aloud.set_language(language)
        self._refresh_answer()
        self._set_tab_order()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.focus_start()

    def _spoken_question(self) -> SpokenQuestion | None:
        """The current question as it is read aloud, in the language it is shown in."""
        step = self._step
        if step is None:
            return None
        language = step.instrument.text_language(self._locale)
        where = self._flow.position(step, self.sheet)
        editor = self.question.editor
        return SpokenQuestion(
            question=step.item.text.get(language),
            language=language,
            help=step.item.help.get(language) if step.item.help else "",
            choices=list(editor.labels()) if editor else [],
            several=bool(editor and editor.several),
            other_answers=[button.text() for button in self.question.missing.buttons.values()],
            number=where.question_number,
            count=where.question_count,
            extra=[editor.hint()] if editor and editor.hint() else [],
        )

    def _show_nothing(self) -> None:
        self.question.show_nothing()
        self.header.show_nothing()
        self.next_button.setEnabled(False)
        self.back_button.setEnabled(False)

    def _retranslate_chrome(self) -> None:
        self.back_button.setText(_("&Back"))
        self.back_button.setAccessibleName(_("Back to the previous question"))
        last = self._step is not None and self._flow.next(self._step, self.sheet) is None
        self.next_button.setText(_("&Done") if last else _("&Next"))
        self.next_button.setAccessibleName(
            _("Done with the questions") if last else _("Next question")
        )
        self.next_button.setAccessibleDescription(_("Enter also goes to the next question"))
        self.read_aloud.retranslate()

    def _update_progress(self) -> None:
        step = self._step
        if step is None:
            return
        language = step.instrument.text_language(self._locale)
        self.header.show_step(step, self._flow.position(step, self.sheet), language)
        self.back_button.setEnabled(self._flow.previous(step, self.sheet) is not None)
        self._retranslate_chrome()

    def _show_licence(self, step: Step) -> None:
        instrument = step.instrument
        if instrument.is_project_instrument:
            self.licence_label.clear()
            self.licence_label.setVisible(False)
            return
        licence = instrument.licence
        text = _("{holder}. Licence: {licence}. Cite as: {citation}").format(
            holder=licence.holder, licence=licence.licence, citation=licence.citation
        )
        self.licence_label.setText(text)
        self.licence_label.setAccessibleName(_("Licence and citation"))
        self.licence_label.setAccessibleDescription(text)
        self.licence_label.setVisible(True)

    def _set_tab_order(self) -> None:
        """Answer controls, then the missing-answer buttons, then Back, Read aloud and Next,
        at the page's place in the window's Tab order (``ui.widgets.tab_order``)."""
        chain = [
            *self.question.controls(),
            self.back_button,
            self.read_aloud.button,
            self.next_button,
        ]
        order_tabs(self, self.back_button, chain)

    def _refresh_answer(self) -> None:
        """Show the stored answer of the current step in the editor and the buttons."""
        if self._step is not None:
            self.question.show_answer(self._step.item, self.sheet.get(*self._step.key))

    def focus_start(self) -> None:
        """Put the keyboard on the current answer (the chosen option, else the first)."""
        self.question.focus_answer(otherwise=self.next_button)

    # -- answering ------------------------------------------------------------

    def _on_value(self, value: AnswerValue) -> None:
        self._give(value=value)

    def _on_missing(self, code: MissingCode) -> None:
        self._give(missing=code)
        self.question.clear_value()

    def _give(self, value: AnswerValue | None = None, missing: MissingCode | None = None) -> None:
        step = self._step
        if step is None:
            return
        current = self.sheet.get(*step.key)
        if current is not None and current.value == value and current.missing is missing:
            self._refresh_answer()
            return
        answer = Answer(step.instrument.id, step.item.id, self._clock(), value, missing)
        before = len(self._flow.visible(self.sheet))
        try:
            self._save(answer)
        except ReadinessError as exc:
            self._show_problem(
                _("The answer could not be saved: {error}").format(error=error_text(exc))
            )
            self._refresh_answer()
            return
        self.sheet.record(answer)
        after = len(self._flow.visible(self.sheet))
        self._refresh_answer()
        self._update_progress()
        self.status_label.setText(self._saved_message(after - before))
        self.status_label.setAccessibleName(self.status_label.text())

    @staticmethod
    def _saved_message(change: int) -> str:
        if change > 0:
            return ngettext(
                "Saved. {count} follow-up question added.",
                "Saved. {count} follow-up questions added.",
                change,
            ).format(count=change)
        if change < 0:
            return ngettext(
                "Saved. {count} follow-up question no longer applies.",
                "Saved. {count} follow-up questions no longer apply.",
                -change,
            ).format(count=-change)
        return _("Saved.")

    def _show_problem(self, message: str) -> None:
        self.status_label.setText(message)
        self.status_label.setAccessibleName(message)

    # -- keyboard -------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the page puts the keyboard on the current answer again."""
        super().showEvent(event)
        self._set_tab_order()  # the page may have joined a window since the question was shown
        self.focus_start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        focused = self.focusWidget()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if isinstance(focused, QPushButton):
                focused.click()
            else:
                self.go_next()
            event.accept()
            return
        typing = isinstance(focused, QLineEdit)
        digit = Qt.Key.Key_1 <= key <= Qt.Key.Key_9
        editor = self.question.editor
        if digit and not typing and editor and editor.choose_number(key - Qt.Key.Key_0):
            event.accept()
            return
        super().keyPressEvent(event)
