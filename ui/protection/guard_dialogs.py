"""The two dialogs that guard what cannot be undone: a new passphrase, and erasing a person.

- ``ChangePassphraseDialog`` checks the current passphrase (in constant time), the
  new one against the passphrase rules, and that the worker understands a lost
  passphrase means lost records; ``choice`` is a ``PassphraseChoice``.
- ``EraseConfirmDialog`` says exactly what will be deleted and what is not changed
  (saved reports and exports, backups), and enables "Erase" only once the code is
  typed again (``codes_match``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.model import normalize_code
from readiness.protection.lock_rules import passphrase_matches
from readiness.protection.passphrase import check_new_passphrase
from readiness.store.keys import DatabaseKey

from ..language import _, error_text
from ..widgets.fields import FittedDialog, password_field, wrapped
from ..widgets.wrapping_button import WrappingCheckBox

if TYPE_CHECKING:
    from readiness.protection.erasure import ErasurePreview


@dataclass(frozen=True)
class PassphraseChoice:
    """The new passphrase, and whether to keep it in the credential store."""

    key: DatabaseKey
    keep: bool


def codes_match(typed: str, code: str) -> bool:
    """Whether ``typed`` is the service-user code ``code`` (any letter case, spaces around)."""
    try:
        return normalize_code(typed) == code
    except ValueError:
        return False


class ChangePassphraseDialog(FittedDialog):
    """Type the current passphrase and a new one twice; ``choice`` holds the result."""

    def __init__(
        self,
        key: DatabaseKey,
        *,
        offer_keychain: bool,
        kept: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._key = key
        self.choice: PassphraseChoice | None = None
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.setWindowTitle(_("Change the passphrase"))
        self.setAccessibleName(_("Change the passphrase"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped(
                _(
                    "From now on the new passphrase opens the records and their backups. "
                    "The old passphrase will no longer open them."
                )
            )
        )
        layout.addWidget(
            wrapped(
                _(
                    "Use at least 8 characters. Keep the new passphrase safe, away from this "
                    "computer, as your agency tells you. If it is lost, nobody can read these "
                    "records again."
                )
            )
        )
        form = QFormLayout()
        self.current = password_field(_("Current passphrase"))
        self.first = password_field(_("New passphrase"))
        self.second = password_field(_("Type the passphrase again"))
        form.addRow(_("&Current passphrase:"), self.current)
        form.addRow(_("&New passphrase:"), self.first)
        form.addRow(_("Type it &again:"), self.second)
        layout.addLayout(form)
        self.understood = WrappingCheckBox(
            _("I understand: if the passphrase is lost, the records cannot be read.")
        )
        self.understood.setAccessibleName(_("I understand the passphrase cannot be recovered"))
        layout.addWidget(self.understood)
        self.remember = WrappingCheckBox(
            _("Keep the passphrase in this computer's credential store")
        )
        self.remember.setAccessibleName(_("Keep the passphrase in the credential store"))
        self.remember.setAccessibleDescription(
            _("Your agency allows this. The app then opens without asking.")
        )
        self.remember.setChecked(kept)
        self.remember.setVisible(offer_keychain)
        layout.addWidget(self.remember)
        self.problem = wrapped("", _("Problem with the passphrase"))
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Change passphrase"))
        self.ok.setAccessibleName(_("Change passphrase"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def check(self) -> None:
        """Accept only a right current passphrase and a new one that follows the rules."""
        try:
            if not passphrase_matches(self.current.text(), self._key):
                raise ReadinessError(
                    _("The current passphrase is not right. Check it and try again.")
                )
            check_new_passphrase(self.first.text(), self.second.text())
            if passphrase_matches(self.first.text(), self._key):
                raise ReadinessError(_("The new passphrase is the same as the current one."))
            if not self.understood.isChecked():
                raise ReadinessError(
                    _("Please confirm that you understand a lost passphrase cannot be recovered.")
                )
        except ReadinessError as exc:
            self.problem.setText(error_text(exc))
            self.problem.show()
            return
        keep = not self.remember.isHidden() and self.remember.isChecked()
        self.choice = PassphraseChoice(DatabaseKey.from_passphrase(self.first.text()), keep)
        for field in (self.current, self.first, self.second):
            field.clear()
        self.accept()


class EraseConfirmDialog(FittedDialog):
    """Says what erasing a person deletes; "Erase" works only once the code is typed again."""

    def __init__(self, preview: ErasurePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code = preview.code
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        title = _("Erase a service user")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped(
                _(
                    "This deletes the person with the code {code} and everything about them, "
                    "for good:"
                ).format(code=preview.code)
            )
        )
        counts = "\n".join(
            (
                _("Assessments: {count} (complete: {complete}, not finished: {drafts})").format(
                    count=preview.assessments, complete=preview.complete, drafts=preview.drafts
                ),
                _("Answers: {count}").format(count=preview.answers),
                _("Audit log entries about this person: {count}").format(
                    count=preview.audit_entries
                ),
            )
        )
        layout.addWidget(wrapped(counts, _("What will be deleted")))
        layout.addWidget(wrapped(_("This cannot be undone.")))
        layout.addWidget(
            wrapped(
                _(
                    "Reports and exports already saved as files are not changed, and neither "
                    "are backups made before now: they still hold this person. Delete those "
                    "files too if needed."
                )
            )
        )
        form = QFormLayout()
        self.typed = QLineEdit()
        self.typed.setAccessibleName(_("Type the code again to confirm"))
        prompt = QLabel(_("To confirm, type the code {code}:").format(code=preview.code))
        prompt.setWordWrap(True)
        prompt.setBuddy(self.typed)
        form.addRow(prompt, self.typed)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.erase = QPushButton(_("&Erase for good"))
        self.erase.setAccessibleName(_("Erase this person for good"))
        self.erase.setEnabled(False)
        cancel = QPushButton(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        cancel.setDefault(True)
        buttons.addButton(self.erase, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.typed.textChanged.connect(self._on_typed)
        self.erase.clicked.connect(self._confirm)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.typed.setFocus()

    def _on_typed(self, text: str) -> None:
        matches = codes_match(text, self._code)
        self.erase.setEnabled(matches)
        self.erase.setDefault(matches)

    def _confirm(self) -> None:
        if codes_match(self.typed.text(), self._code):
            self.accept()
