"""Answer controls for the questionnaire page: one editor per item type, and the
row of missing-answer buttons.

Each editor shows the answer controls for one item in one language, reports a new
value with ``value_given(value)`` the moment the person gives it (a radio button
chosen, a box ticked, Enter pressed or focus leaving a text field), and can be told
the stored value. Choice editors are operated with the arrow keys, Space and the
digit keys; text and number editors with typing and Enter. Nothing here saves
anything: the page decides.

Option texts wrap onto more lines and the missing-answer buttons flow onto a new
row when the text is large, so nothing is cut off at 200 % text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from readiness.model import AnswerValue, MissingCode
from readiness.questionnaire.answers import NO, YES, check_value, toggle_code
from readiness.questionnaire.schema import Instrument, Item, ItemType

from ..language import _, error_text
from ..widgets.flow_layout import FlowLayout
from ..widgets.wrapping_button import WrappingCheckBox, WrappingRadioButton


class AnswerEditor(QWidget):
    """Base: ``value_given(object)`` carries a valid value; ``problem(str)`` a typing error."""

    value_given = Signal(object)
    problem = Signal(str)
    several = False
    """Whether more than one option may be chosen (said when the question is read aloud)."""

    def __init__(self, item: Item, language: str) -> None:
        super().__init__()
        self.item = item
        self.language = language
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)

    def set_value(self, value: AnswerValue | None) -> None:
        """Show ``value`` (None: nothing chosen) without reporting it."""

    def commit(self) -> bool:
        """Report what is typed but not yet reported; False if it is not a valid answer."""
        return True

    def controls(self) -> Sequence[QWidget]:
        """The focusable controls, in Tab order."""
        return []

    def choose_number(self, number: int) -> bool:  # noqa: ARG002 (no options here)
        """Pick the ``number``-th option (1-based) as if clicked; False if not possible."""
        return False

    def labels(self) -> Sequence[str]:
        """The options' texts, in order, without their numbers (none for typed answers)."""
        return []

    def hint(self) -> str:
        """What kind of answer to type, if any (read aloud after the question)."""
        return ""


class ChoiceEditor(AnswerEditor):
    """Single choice, Likert and yes/no: one radio button per option."""

    def __init__(self, item: Item, language: str) -> None:
        super().__init__(item, language)
        if item.type is ItemType.YES_NO:
            choices: list[tuple[AnswerValue, str]] = [
                (True, YES.get(language)),
                (False, NO.get(language)),
            ]
        else:
            choices = [(option.code, option.text.get(language)) for option in item.options]
        self._values = [value for value, _label in choices]
        self._labels = [label for _value, label in choices]
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: list[QRadioButton] = []
        question = item.text.get(language)
        for index, (_value, label) in enumerate(choices):
            button = WrappingRadioButton(f"{index + 1}. {label}" if len(choices) <= 9 else label)
            button.setObjectName("answerOption")
            button.setAccessibleName(label)
            button.setAccessibleDescription(question)
            self._group.addButton(button, index)
            self._layout.addWidget(button)
            self.buttons.append(button)
        self._group.idToggled.connect(self._on_toggled)

    def _on_toggled(self, index: int, checked: bool) -> None:
        if checked:
            self.value_given.emit(self._values[index])

    def set_value(self, value: AnswerValue | None) -> None:
        self._group.blockSignals(True)
        self._group.setExclusive(False)  # lets every button be unchecked
        for button, option_value in zip(self.buttons, self._values, strict=True):
            same = value is not None and type(value) is type(option_value)
            button.setChecked(same and value == option_value)
        self._group.setExclusive(True)
        self._group.blockSignals(False)

    def controls(self) -> Sequence[QWidget]:
        return self.buttons

    def labels(self) -> Sequence[str]:
        return self._labels

    def choose_number(self, number: int) -> bool:
        if 1 <= number <= len(self.buttons):
            self.buttons[number - 1].setFocus()
            self.buttons[number - 1].click()
            return True
        return False


class MultipleChoiceEditor(AnswerEditor):
    """Multiple choice: one check box per option; an exclusive option clears the others."""

    several = True

    def __init__(self, item: Item, language: str) -> None:
        super().__init__(item, language)
        self.boxes: list[QCheckBox] = []
        question = item.text.get(language)
        for index, option in enumerate(item.options):
            label = option.text.get(language)
            box = WrappingCheckBox(f"{index + 1}. {label}" if len(item.options) <= 9 else label)
            box.setObjectName("answerOption")
            box.setAccessibleName(label)
            box.setAccessibleDescription(question)
            box.toggled.connect(lambda _checked, code=option.code: self._on_toggled(code))
            self._layout.addWidget(box)
            self.boxes.append(box)
        self._chosen: tuple[str, ...] = ()

    def _on_toggled(self, code: str) -> None:
        self._chosen = toggle_code(self.item, self._chosen, code)
        self._show(self._chosen)
        if self._chosen:
            self.value_given.emit(self._chosen)
        else:
            self.problem.emit(_("Choose at least one, or use a button below."))

    def _show(self, chosen: Sequence[str]) -> None:
        for box, option in zip(self.boxes, self.item.options, strict=True):
            box.blockSignals(True)
            box.setChecked(option.code in chosen)
            box.blockSignals(False)

    def set_value(self, value: AnswerValue | None) -> None:
        self._chosen = tuple(value) if isinstance(value, tuple) else ()
        self._show(self._chosen)

    def controls(self) -> Sequence[QWidget]:
        return self.boxes

    def labels(self) -> Sequence[str]:
        return [option.text.get(self.language) for option in self.item.options]

    def choose_number(self, number: int) -> bool:
        if 1 <= number <= len(self.boxes):
            self.boxes[number - 1].setFocus()
            self.boxes[number - 1].click()
            return True
        return False


class TypedEditor(AnswerEditor):
    """Number and short text: a line edit; Enter or leaving the field gives the answer."""

    def __init__(self, item: Item, language: str) -> None:
        super().__init__(item, language)
        self.field = QLineEdit()
        self.field.setObjectName("answerField")
        self.field.setAccessibleName(item.text.get(language))
        if item.type is ItemType.NUMBER:
            self.field.setAccessibleDescription(self._number_hint())
            self.field.setPlaceholderText(self._number_hint())
        else:
            self.field.setMaxLength(item.max_length)
            self.field.setAccessibleDescription(_("Type the answer, then press Enter"))
        self.field.editingFinished.connect(self.commit)
        self._layout.addWidget(self.field)
        self._reported: str | None = None

    def hint(self) -> str:
        return self._number_hint() if self.item.type is ItemType.NUMBER else ""

    def _number_hint(self) -> str:
        item = self.item
        unit = f" ({item.unit.get(self.language)})" if item.unit else ""
        if item.min is not None and item.max is not None:
            return _("A number from {low:g} to {high:g}").format(low=item.min, high=item.max) + unit
        return _("A number") + unit

    def _parse(self, text: str) -> AnswerValue:
        if self.item.type is not ItemType.NUMBER:
            return check_value(self.item, text)
        cleaned = text.strip().replace(",", ".")
        try:
            number: int | float = int(cleaned) if cleaned.lstrip("-").isdigit() else float(cleaned)
        except ValueError:
            raise ValueError(_("Please type a number, like 3 or 2.5")) from None
        try:
            return check_value(self.item, number)
        except ValueError:
            raise ValueError(self._number_hint()) from None

    def commit(self) -> bool:
        text = self.field.text()
        if not text.strip() or text == self._reported:
            return True
        try:
            value = self._parse(text)
        except ValueError as exc:
            self.problem.emit(error_text(exc))
            return False
        self._reported = text
        self.value_given.emit(value)
        return True

    def set_value(self, value: AnswerValue | None) -> None:
        text = "" if value is None or isinstance(value, (bool, tuple)) else f"{value}"
        self.field.blockSignals(True)
        self.field.setText(text)
        self.field.blockSignals(False)
        self._reported = text or None

    def controls(self) -> Sequence[QWidget]:
        return [self.field]


def make_editor(item: Item, language: str) -> AnswerEditor:
    """The editor for ``item``'s type, in ``language``."""
    if item.type is ItemType.MULTIPLE_CHOICE:
        return MultipleChoiceEditor(item, language)
    if item.type in (ItemType.NUMBER, ItemType.SHORT_TEXT):
        return TypedEditor(item, language)
    return ChoiceEditor(item, language)


def first_checked(buttons: Sequence[QAbstractButton]) -> QAbstractButton | None:
    """The first checked button, if any (where focus goes when a question opens)."""
    return next((button for button in buttons if button.isChecked()), None)


class MissingButtons(QWidget):
    """The row of missing-answer buttons (declined, unable, does not apply, don't know).

    ``chosen(MissingCode)`` fires when one is pressed; the pressed one stays checked
    while it is the stored answer. The buttons wrap onto a second row when they do
    not fit on one.
    """

    chosen = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.buttons: dict[MissingCode, QPushButton] = {}
        self._row = FlowLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)

    def show_codes(self, instrument: Instrument, item: Item, language: str) -> None:
        """Buttons for the codes ``item`` offers, labelled in ``language``."""
        for button in self.buttons.values():
            self._row.removeWidget(button)
            button.hide()  # out of the Tab chain now, deleted later
            button.deleteLater()
        self.buttons = {}
        for code in instrument.missing_for(item):
            label = instrument.missing_label(code, language)
            button = QPushButton(label)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAccessibleName(label)
            button.setAccessibleDescription(
                _("Record that there is no answer: {reason}").format(reason=label)
            )
            button.clicked.connect(lambda _checked=False, c=code: self.chosen.emit(c))
            self._row.addWidget(button)
            button.show()
            self.buttons[code] = button

    def set_checked(self, code: MissingCode | None) -> None:
        for button_code, button in self.buttons.items():
            button.setChecked(button_code is code)
