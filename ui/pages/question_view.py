"""One question of the questionnaire page: its text and help, its answer controls and the
missing-answer buttons, showing the answer stored for it.

``show_question(instrument, item, language)`` puts a question up with new answer controls for
its type (``answer_editors``); ``show_answer`` shows the stored answer in them. What
the person gives comes out as ``value_given`` (a valid value), the buttons'
``missing.chosen`` (a missing-answer code) or ``problem`` (a value that cannot be
read). Nothing here saves anything or moves to another question: the page decides.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QLabel, QVBoxLayout, QWidget

from readiness.model import Answer
from readiness.questionnaire.answers import valid_value
from readiness.questionnaire.schema import Instrument, Item

from ..language import _
from .answer_editors import AnswerEditor, MissingButtons, first_checked, make_editor


class QuestionView(QWidget):
    """The question, its help, its answer controls and its missing-answer buttons."""

    value_given = Signal(object)
    """A valid answer value, the moment the person gives it."""
    problem = Signal(str)
    """What is wrong with a typed answer, to show the person."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor: AnswerEditor | None = None
        """The answer controls of the question shown (for the page, tests and assistive use)."""
        self.text_label = QLabel()
        self.text_label.setObjectName("questionText")
        self.text_label.setWordWrap(True)
        self.help_label = QLabel()
        self.help_label.setObjectName("helpText")
        self.help_label.setWordWrap(True)
        self._answer_area = QVBoxLayout()
        self.missing = MissingButtons()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.text_label)
        column.addWidget(self.help_label)
        column.addSpacing(8)
        column.addLayout(self._answer_area)
        column.addSpacing(8)
        column.addWidget(self.missing)

    def show_question(self, instrument: Instrument, item: Item, language: str) -> None:
        """Put ``item`` up in ``language``, with new answer controls and nothing chosen."""
        question = item.text.get(language)
        help_text = item.help.get(language) if item.help else ""
        self.text_label.setText(question)
        self.text_label.setAccessibleName(question)
        self.text_label.setAccessibleDescription(help_text)
        self.help_label.setText(help_text)
        self.help_label.setVisible(bool(help_text))
        self.help_label.setAccessibleName(_("Help"))
        self.help_label.setAccessibleDescription(help_text)
        self._replace_editor(item, language)
        self.missing.show_codes(instrument, item, language)

    def show_nothing(self) -> None:
        """Say there is no question to ask."""
        self.text_label.setText(_("There are no questions to ask."))
        self.text_label.setAccessibleName(self.text_label.text())
        self.help_label.setVisible(False)

    def _replace_editor(self, item: Item, language: str) -> None:
        if self.editor is not None:
            self._answer_area.removeWidget(self.editor)
            self.editor.value_given.disconnect()
            self.editor.problem.disconnect()
            self.editor.hide()  # out of the Tab chain now, deleted later
            self.editor.deleteLater()
        editor = make_editor(item, language)
        editor.value_given.connect(self.value_given)
        editor.problem.connect(self.problem)
        self._answer_area.addWidget(editor)
        editor.show()  # a widget added to a page already on screen starts hidden
        self.editor = editor

    def show_answer(self, item: Item, answer: Answer | None) -> None:
        """Show the stored ``answer`` to ``item`` in the answer controls and the buttons."""
        if self.editor is None:
            return
        self.editor.set_value(valid_value(item, answer))
        self.missing.set_checked(answer.missing if answer is not None else None)

    def clear_value(self) -> None:
        """Choose nothing in the answer controls (a missing-answer code was given)."""
        if self.editor is not None:
            self.editor.set_value(None)

    def commit(self) -> bool:
        """Give what is typed but not yet given; False if it is not a valid answer."""
        return self.editor is None or self.editor.commit()

    def controls(self) -> list[QWidget]:
        """The answer controls, then the missing-answer buttons, in Tab order."""
        controls = list(self.editor.controls()) if self.editor else []
        return [*controls, *self.missing.buttons.values()]

    def focus_answer(self, otherwise: QWidget) -> None:
        """Put the keyboard on the answer (the chosen option, else the first control, else
        ``otherwise``)."""
        if self.editor is None:
            return
        controls = list(self.editor.controls())
        buttons = [c for c in controls if isinstance(c, QAbstractButton)]
        target = first_checked(buttons) or (controls[0] if controls else otherwise)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
