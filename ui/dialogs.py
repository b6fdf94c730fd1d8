"""Message dialogs with one consistent look: errors a person can act on, and confirmations."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from .language import _


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """Tell the worker what went wrong, in one message, and wait for OK."""
    box = QMessageBox(QMessageBox.Icon.Critical, title or _("Readiness"), message, parent=parent)
    box.setAccessibleName(_("Error"))
    box.exec()


def show_warning(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """Something needs attention but the app can go on."""
    box = QMessageBox(QMessageBox.Icon.Warning, title or _("Readiness"), message, parent=parent)
    box.setAccessibleName(_("Warning"))
    box.exec()
