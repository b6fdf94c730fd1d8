"""The Data protection page in a window of its own, opened from Settings."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ..language import _
from .page import DataProtectionPage


class DataProtectionDialog(QDialog):
    """The Data protection page in a window of its own, with Close.

    It closes itself when a restore is asked for (the composition root then closes
    the records and restores), and not while a backup or an export started in it runs.
    """

    def __init__(self, page: DataProtectionPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        page.setParent(self)  # owned by the dialog (also for Python), deleted with it
        self.setWindowTitle(_("Data protection"))
        self.setAccessibleName(_("Data protection"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setAccessibleName(_("Close data protection"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(page, 1)
        layout.addWidget(buttons)
        page.restore_requested.connect(self._on_restore_requested)
        self.resize(900, 720)

    def _on_restore_requested(self, _path: object) -> None:
        self.accept()

    def reject(self) -> None:
        """Close, unless work started here still runs or the worker keeps unsaved changes."""
        page = self.page
        if page.operations.backing_up or page.audit.export_handle is not None:
            page.message.setText(_("Please wait: a backup or an export is still running."))
            return
        if page.has_unsaved_changes() and not page.questions.confirm(
            _("Settings not saved"),
            _("Some settings here were changed but not saved. Close without saving them?"),
            _("Close without saving"),
        ):
            return
        super().reject()
