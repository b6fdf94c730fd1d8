"""The speed-test part of Settings: which test to use, the agency's server, and the
address forms that work with LibreSpeed's own servers (shown under the field)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..language import _

BACKENDS = ("auto", "librespeed", "speedtest")


class SpeedTestFields(QWidget):
    """The speed-test choice, the agency server's address and what to type there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = QComboBox()
        for code in BACKENDS:
            self.backend.addItem("", code)
        self.server = QLineEdit()
        self.server.setClearButtonEnabled(True)
        self.help = QLabel()
        self.help.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.backend)
        layout.addWidget(self.server)
        layout.addWidget(self.help)

    def show_settings(self, backend: str, server: str) -> None:
        self.backend.setCurrentIndex(max(0, self.backend.findData(backend)))
        self.server.setText(server)

    def values(self) -> dict[str, str]:
        return {
            "speed_test_backend": str(self.backend.currentData()),
            "speed_test_server": self.server.text().strip(),
        }

    def retranslate(self) -> None:
        for index, text in enumerate(
            (
                _("Agency server first, then speedtest.net"),
                _("Agency server only"),
                _("speedtest.net only"),
            )
        ):
            self.backend.setItemText(index, text)
        self.backend.setAccessibleName(_("Which speed test to use"))
        self.server.setPlaceholderText(_("Agency server, e.g. https://speed.example.org/"))
        self.server.setAccessibleName(_("Agency speed-test server address"))
        self.server.setAccessibleDescription(_("A LibreSpeed server run by your agency (optional)"))
        forms = (
            "https://speed.example.org/",
            "https://speed.example.org/backend/",
            "http://192.168.1.20:8989/",
            "speed.example.org",
        )
        self.help.setText(
            _(
                "Type the address of your LibreSpeed speed-test page or of its backend "
                "folder, for example: {forms}. The PHP server, speedtest-go and the Rust "
                "server all work. Without http:// or https://, both are tried. The test "
                "finds the test files and shows the address that worked."
            ).format(forms=" · ".join(forms))
        )
