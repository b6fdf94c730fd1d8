"""Passphrase dialogs: choose one for new records, type it to open them, and a lost passphrase.

Plain words, because the worker decides here whether records can ever be read
again: the new-passphrase dialog says before anything is created that a lost
passphrase means lost records, and asks the worker to confirm they understand.
Wrong tries wait a little longer each time (``readiness.protection.passphrase.retry_delay``),
shown as a countdown; the right passphrase always works after the wait.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.protection.passphrase import check_new_passphrase, retry_delay
from readiness.store.keys import DatabaseKey

from ..language import _, error_text
from ..widgets.fields import FittedDialog, password_field, wrapped


class NewPassphraseDialog(FittedDialog):
    """Choose the passphrase that encrypts the records (first run, or encrypting older records)."""

    def __init__(
        self, *, offer_keychain: bool, encrypting_existing: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Protect the records with a passphrase"))
        self.setAccessibleName(_("Protect the records with a passphrase"))
        intro = (
            _(
                "These records are not encrypted yet. Choose a passphrase to encrypt them "
                "now. It takes a moment."
            )
            if encrypting_existing
            else _(
                "The records on this computer are kept encrypted. Choose a passphrase to "
                "lock and unlock them."
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped(intro))
        self.warning = wrapped(
            _(
                "Use at least 8 characters. A few words you can remember are good. "
                "If the passphrase is lost, nobody can read these records again, not "
                "even the people who made this app. Keep a copy somewhere safe, away "
                "from this computer, as your agency tells you."
            )
        )
        """What a lost passphrase means: never hidden, also when a problem is shown below."""
        layout.addWidget(self.warning)
        form = QFormLayout()
        self._first = password_field(_("New passphrase"))
        self._second = password_field(_("Type the passphrase again"))
        form.addRow(_("&New passphrase:"), self._first)
        form.addRow(_("Type it &again:"), self._second)
        layout.addLayout(form)
        self._understood = QCheckBox(
            _("I understand: if the passphrase is lost, the records cannot be read.")
        )
        self._understood.setAccessibleName(_("I understand the passphrase cannot be recovered"))
        layout.addWidget(self._understood)
        self._remember = QCheckBox(_("Keep the passphrase in this computer's credential store"))
        self._remember.setAccessibleName(_("Keep the passphrase in the credential store"))
        self._remember.setAccessibleDescription(
            _("Your agency allows this. The app then opens without asking.")
        )
        self._remember.setVisible(offer_keychain)
        layout.addWidget(self._remember)
        self._error = wrapped("")
        self._error.setObjectName("errorText")
        self._error.setAccessibleName(_("Problem with the passphrase"))
        self._error.hide()  # the dialog grows to show it (``FittedDialog``)
        layout.addWidget(self._error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Encrypt the records") if encrypting_existing else _("Set passphrase"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.key: DatabaseKey | None = None
        self.remember = False

    def _check(self) -> None:
        try:
            check_new_passphrase(self._first.text(), self._second.text())
            if not self._understood.isChecked():
                raise ReadinessError(
                    _("Please confirm that you understand a lost passphrase cannot be recovered.")
                )
        except ReadinessError as exc:
            self._error.setText(error_text(exc))
            self._error.show()
            return
        self.key = DatabaseKey.from_passphrase(self._first.text())
        self.remember = self._remember.isVisible() and self._remember.isChecked()
        self._first.clear()
        self._second.clear()
        self.accept()


LOST = "lost"
"""``UnlockDialog.choice`` when the worker says the passphrase is lost."""


class UnlockDialog(FittedDialog):
    """Type the passphrase to open the records; waits longer after each wrong try."""

    def __init__(
        self,
        path: Path,
        *,
        failures: int,
        message: str = "",
        clock_ms: Callable[[float], int] = lambda seconds: int(seconds * 1000),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Open the records"))
        self.setAccessibleName(_("Open the records"))
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped(_("The records are encrypted. Type the passphrase to open them.")))
        where = wrapped(_("Records file: {path}").format(path=path))
        where.setAccessibleName(_("Records file"))
        layout.addWidget(where)
        self._field = password_field(_("Passphrase"))
        form = QFormLayout()
        form.addRow(_("&Passphrase:"), self._field)
        layout.addLayout(form)
        self._message = wrapped(message)
        self._message.setAccessibleName(_("Message"))
        self._message.setVisible(bool(message))
        layout.addWidget(self._message)
        buttons = QDialogButtonBox()
        self._open = QPushButton(_("&Open"))
        self._open.setDefault(True)
        self._open.setAccessibleName(_("Open the records"))
        lost = QPushButton(_("I have &lost the passphrase"))
        lost.setAccessibleName(_("I have lost the passphrase"))
        quit_button = QPushButton(_("&Quit"))
        quit_button.setAccessibleName(_("Quit Readiness"))
        buttons.addButton(self._open, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(lost, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self._open.clicked.connect(self._accept_key)
        lost.clicked.connect(self._lost)
        quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.key: DatabaseKey | None = None
        self.choice = ""
        self._remaining = int(retry_delay(failures))
        self._base_message = message
        self._timer = QTimer(self)
        self._timer.setInterval(clock_ms(1))
        self._timer.timeout.connect(self._tick)
        if self._remaining > 0:
            self._open.setEnabled(False)
            self._show_wait()
            self._timer.start()
        self._field.setFocus()

    def _show_wait(self) -> None:
        wait = _("You can try again in {seconds} seconds.").format(seconds=self._remaining)
        self._message.setText(f"{self._base_message} {wait}".strip())
        self._message.show()

    def _tick(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self._timer.stop()
            self._open.setEnabled(True)
            self._message.setText(self._base_message)
            self._field.setFocus()
            return
        self._show_wait()

    def _accept_key(self) -> None:
        if not self._open.isEnabled() or not self._field.text():
            return
        self.key = DatabaseKey.from_passphrase(self._field.text())
        self._field.clear()
        self.choice = "open"
        self.accept()

    def _lost(self) -> None:
        self.choice = LOST
        self.accept()


def lost_passphrase_text() -> str:
    """What a lost passphrase means, said before the worker chooses to start again."""
    return _(
        "Without the passphrase, nobody can read these records: not you, not your "
        "agency, and not the people who made this app. First ask your agency whether "
        "it keeps a copy of the passphrase.\n\n"
        "If it is truly lost, you can start again with new, empty records. The locked "
        "file is kept, renamed, in the same folder, in case the passphrase is found later."
    )
