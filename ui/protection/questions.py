"""What the Data protection page asks the worker, and the real dialogs that ask it.

``Questions`` is what the page needs to ask (confirm, tell, choose a file, type a
new passphrase, type a code again to confirm an erasure); ``DialogQuestions`` asks
with real dialogs, and tests pass their own answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ..language import _
from .guard_dialogs import ChangePassphraseDialog, EraseConfirmDialog, PassphraseChoice

if TYPE_CHECKING:
    from readiness.protection.erasure import ErasurePreview
    from readiness.store.keys import DatabaseKey


class Questions(Protocol):
    """What the Data protection page asks the worker."""

    def change_passphrase(
        self, key: DatabaseKey, *, offer_keychain: bool, kept: bool
    ) -> PassphraseChoice | None: ...

    def typed_code(self, preview: ErasurePreview) -> str | None: ...

    def confirm(self, title: str, text: str, action: str) -> bool: ...

    def tell(self, text: str) -> None: ...

    def error(self, text: str) -> None: ...

    def save_path(self, title: str, suggested: str, filters: str) -> Path | None: ...

    def open_path(self, title: str, filters: str) -> Path | None: ...

    def folder(self, title: str, start: str) -> Path | None: ...


class DialogQuestions:
    """Asks with real dialogs, over ``parent``."""

    def __init__(self, parent: QWidget | None) -> None:
        self._parent = parent

    def change_passphrase(
        self, key: DatabaseKey, *, offer_keychain: bool, kept: bool
    ) -> PassphraseChoice | None:
        dialog = ChangePassphraseDialog(
            key, offer_keychain=offer_keychain, kept=kept, parent=self._parent
        )
        dialog.exec()
        return dialog.choice

    def typed_code(self, preview: ErasurePreview) -> str | None:
        dialog = EraseConfirmDialog(preview, self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.typed.text()

    def confirm(self, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self._parent)
        box.setAccessibleName(title)
        go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is go

    def tell(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, _("Readiness"), text, parent=self._parent)
        box.setAccessibleName(_("Message"))
        box.exec()

    def error(self, text: str) -> None:
        from ..dialogs import show_error

        show_error(self._parent, text)

    def save_path(self, title: str, suggested: str, filters: str) -> Path | None:
        path, _chosen = QFileDialog.getSaveFileName(self._parent, title, suggested, filters)
        return Path(path) if path else None

    def open_path(self, title: str, filters: str) -> Path | None:
        path, _chosen = QFileDialog.getOpenFileName(self._parent, title, "", filters)
        return Path(path) if path else None

    def folder(self, title: str, start: str) -> Path | None:
        path = QFileDialog.getExistingDirectory(self._parent, title, start)
        return Path(path) if path else None
