"""Radio buttons and check boxes whose text wraps onto more lines instead of being cut off.

Qt's own ``QRadioButton`` and ``QCheckBox`` keep their text on one line, so a long
answer option at large text sizes either widens the whole window or is clipped.
These draw the indicator as usual and the text word-wrapped beside it, and tell
layouts the height they need for a given width (``heightForWidth``). The text, the
accessible name and the keyboard behaviour are those of the ordinary buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

_FLAGS = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_WRAP = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextShowMnemonic
_TALL = 100_000


def _shown_text(text: str) -> str:
    """The text as drawn: ``&`` marks a shortcut letter and ``&&`` is a literal ``&``."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _wrapping_policy() -> QSizePolicy:
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    return policy


def _height_for_width(
    button: QAbstractButton, option: QStyleOptionButton, contents: QStyle.SubElement, width: int
) -> int:
    """The one-line height plus whatever the wrapped text adds at ``width``."""
    option.rect = QRect(0, 0, width, max(button.height(), 1))
    text_rect = button.style().subElementRect(contents, option, button)
    metrics = button.fontMetrics()
    wrapped = metrics.boundingRect(
        QRect(0, 0, max(text_rect.width(), 1), _TALL), int(_WRAP), button.text()
    )
    one_line = metrics.boundingRect(QRect(0, 0, _TALL, _TALL), int(_WRAP), button.text())
    return button.sizeHint().height() + max(0, wrapped.height() - one_line.height())


def _minimum(button: QAbstractButton) -> QSize:
    """Room for the indicator and the longest word."""
    natural = button.sizeHint()
    metrics = button.fontMetrics()
    text = _shown_text(button.text())
    longest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
    return QSize(natural.width() - metrics.horizontalAdvance(text) + longest, natural.height())


def _paint(
    button: QAbstractButton,
    option: QStyleOptionButton,
    control: QStyle.ControlElement,
    contents: QStyle.SubElement,
) -> None:
    """The indicator (and any focus border) as usual, then the text wrapped beside it."""
    painter = QStylePainter(button)
    style = button.style()
    text_rect = style.subElementRect(contents, option, button)
    text = option.text
    option.text = ""
    painter.drawControl(control, option)
    flags = int(_FLAGS) | int(_WRAP)
    if not style.styleHint(QStyle.StyleHint.SH_UnderlineShortcut, option, button):
        flags |= int(Qt.TextFlag.TextHideMnemonic)
    palette, role = option.palette, QPalette.ColorRole.WindowText
    style.drawItemText(painter, text_rect, flags, palette, button.isEnabled(), text, role)


class WrappingRadioButton(QRadioButton):
    """A radio button whose text wraps."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(_wrapping_policy())

    def _option(self) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        return option

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return _height_for_width(
            self, self._option(), QStyle.SubElement.SE_RadioButtonContents, width
        )

    def minimumSizeHint(self) -> QSize:
        return _minimum(self)

    def paintEvent(self, _event: QPaintEvent) -> None:
        _paint(
            self,
            self._option(),
            QStyle.ControlElement.CE_RadioButton,
            QStyle.SubElement.SE_RadioButtonContents,
        )


class WrappingCheckBox(QCheckBox):
    """A check box whose text wraps."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(_wrapping_policy())

    def _option(self) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        return option

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return _height_for_width(self, self._option(), QStyle.SubElement.SE_CheckBoxContents, width)

    def minimumSizeHint(self) -> QSize:
        return _minimum(self)

    def paintEvent(self, _event: QPaintEvent) -> None:
        _paint(
            self,
            self._option(),
            QStyle.ControlElement.CE_CheckBox,
            QStyle.SubElement.SE_CheckBoxContents,
        )
