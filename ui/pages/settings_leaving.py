"""The question asked when the worker leaves Settings with edits not saved: Save settings,
Discard changes or Cancel (stay), answered by keyboard or mouse without blocking the app."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from ..language import _

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
"""The answers; closing the question any other way (Esc, the window's close) is CANCEL."""


def ask_to_save(parent: QWidget, answered: Callable[[str], None]) -> QMessageBox:
    """Open the question over ``parent``; ``answered(answer)`` is called once it is answered.

    Enter saves (the default button), Alt+S and Alt+D choose, Esc cancels, and Tab
    goes from one answer to the next.
    """
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Save the settings?"),
        _("You changed settings and did not save them yet."),
        parent=parent,
    )
    box.setAccessibleName(_("Save the settings?"))
    box.setInformativeText(_("Save them, discard the changes, or cancel to stay here."))
    save = box.addButton(_("&Save settings"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("&Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
    box.setEscapeButton(box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole))
    box.setDefaultButton(save)
    answers: dict[QAbstractButton, str] = {save: SAVE, discard: DISCARD}

    def finished(_result: int) -> None:
        answer = answers.get(box.clickedButton(), CANCEL)
        box.deleteLater()
        answered(answer)

    box.finished.connect(finished)
    box.open()
    return box
