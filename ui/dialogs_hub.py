"""Settings → Agency server: where syncing stands, "Sync now", and joining with a code.

The status is sentences from ``AgencySync.status_changed``: the last sync, what waits
and any problem in plain words. Joining takes the server's address, the one-time
code from the agency and, if the agency has its own certificate authority, its CA
file; the address and CA file start from Settings (``hub_url``, ``hub_ca_file``).
Everything runs in the background: the dialog never waits for the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.messages import Message

from .language import _, error_text, render
from .pages.settings_files import choose_file, file_row

if TYPE_CHECKING:
    from readiness.settings import Settings

    from .agency_sync import AgencySync


class AgencyServerDialog(QDialog):
    """The agency server's status and actions, over one ``AgencySync``."""

    def __init__(self, sync: AgencySync, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sync = sync
        self.setWindowTitle(_("Agency server"))
        self.status = QLabel(_("Reading the status…"))
        self.status.setWordWrap(True)
        self.sync_button = QPushButton(_("Sync now"))
        self.sync_button.clicked.connect(self._sync_now)
        self.url = QLineEdit(settings.hub_url)
        self.url.setPlaceholderText("https://")
        self.code = QLineEdit()
        self.ca_file = QLineEdit(settings.hub_ca_file)
        self.ca_file.setClearButtonEnabled(True)
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose_ca)
        self.join_button = QPushButton(_("Join agency server"))
        self.join_button.clicked.connect(self._join)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Message"))
        form = QFormLayout()
        for text, field, buddy in (
            (_("Server address"), self.url, self.url),
            (_("One-time code"), self.code, self.code),
            (_("Agency CA file (optional)"), file_row(self.ca_file, browse), self.ca_file),
        ):
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, field)
        joining = QGroupBox(_("Join agency server"))
        join_layout = QVBoxLayout(joining)
        join_layout.addLayout(form)
        join_layout.addWidget(self.join_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_button = close.button(QDialogButtonBox.StandardButton.Close)
        close_button.setText(_("Close"))
        close_button.setAccessibleName(_("Close the agency server window"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.sync_button)
        layout.addWidget(joining)
        layout.addWidget(self.message)
        layout.addWidget(close)
        sync.status_changed.connect(self.show_status)
        sync.joined.connect(self._on_joined)
        sync.failed.connect(self._on_failed)
        self.sync_button.setEnabled(False)  # until the status is read
        self.join_button.setEnabled(False)
        if not sync.available():
            self.status.setText(_("Syncing works with your real records only, not practice ones."))
        else:
            sync.refresh()  # or the run going on now says where things stand when it ends

    def show_status(self, lines: list[Message]) -> None:
        self.status.setText("\n".join(render(line) for line in lines))
        if self.message.text() == _("Sending in the background…"):
            self.message.clear()  # the status now says how it went
        self.sync_button.setEnabled(True)
        self.join_button.setEnabled(True)

    def _sync_now(self) -> None:
        if self._sync.sync_now():
            self.sync_button.setEnabled(False)
            self.message.setText(_("Sending in the background…"))

    def _choose_ca(self) -> None:
        chosen = choose_file(
            self, _("Choose the agency's CA file"), _("Certificates (*.pem *.crt)")
        )
        if chosen:
            self.ca_file.setText(chosen)

    def _join(self) -> None:
        from readiness.sync.join import read_ca

        ca_path = self.ca_file.text().strip()
        try:
            ca_pem = read_ca(Path(ca_path)) if ca_path else None
        except ReadinessError as exc:
            self.message.setText(error_text(exc))
            return
        if self._sync.join(self.url.text().strip(), self.code.text().strip(), ca_pem):
            self.join_button.setEnabled(False)
            self.message.setText(_("Joining…"))

    def _on_joined(self, name: str) -> None:
        self.code.clear()
        self.message.setText(_("Joined as {name}.").format(name=name))

    def _on_failed(self, error: BaseException) -> None:
        self.join_button.setEnabled(True)
        self.sync_button.setEnabled(True)
        self.message.setText(error_text(error))
