"""Shared by dialogs: a wrapped label, a hidden-text field, a dialog tall enough for its text."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit


def wrapped(text: str, name: str | None = None) -> QLabel:
    """A word-wrapped label (with an accessible name when the text alone is not enough)."""
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setAccessibleName(name)
    return label


def password_field(name: str) -> QLineEdit:
    """A line edit that hides what is typed, with its accessible name."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class FittedDialog(QDialog):
    """A dialog never shorter than its wrapped text needs at its present width.

    Qt sizes a window from its layout's size hint, which ignores that word-wrapped
    text needs more lines when the window is narrower (large text, a small screen).
    The dialog grows again when something appears in it (an error line), so nothing
    shown before, such as a warning, is squeezed out of sight.
    """

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # a line shown, hidden or changed
            self._fit()
        return handled

    def _fit(self) -> None:
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            need = layout.totalHeightForWidth(self.width())
            if need != self.minimumHeight():
                self.setMinimumHeight(need)  # a taller minimum grows the dialog
