"""One line of the device-check results: the check's title, a status badge and the reason.

The badge always carries words (Good, Limited, Missing, Unknown), never colour
alone, with white text on colours of at least 4.5:1 contrast.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy

from readiness.checks.base import Check
from readiness.messages import N_
from readiness.model import CheckStatus

from ..language import _

BADGES: dict[CheckStatus | None, tuple[str, str]] = {
    CheckStatus.GOOD: (N_("Good"), "#1b5e20"),
    CheckStatus.LIMITED: (N_("Limited"), "#8a5300"),
    CheckStatus.MISSING: (N_("Missing"), "#b71c1c"),
    CheckStatus.UNKNOWN: (N_("Unknown"), "#455a64"),
    None: (N_("Not run"), "#616161"),
}
"""Badge text (untranslated; pass it through ``_``) and background colour per status
(white text; contrast at least 4.5:1)."""
RUNNING_BADGE = (N_("Checking…"), "#0d47a1")


class CheckRow:
    """One check's line in the results grid: title, status badge (words, not colour) and reason."""

    def __init__(self, check: Check, grid: QGridLayout, row: int) -> None:
        self.title = QLabel(_(check.title))
        self.badge = QLabel()
        self.badge.setMinimumWidth(90)
        self.badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.reason = QLabel("")
        self.reason.setWordWrap(True)
        self.reason.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        grid.addWidget(self.title, row, 0)
        grid.addWidget(self.badge, row, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.reason, row, 2)
        self.check_title = _(check.title)
        self._status: CheckStatus | None = None
        self._running = False
        self.show(None, "")

    def show(self, status: CheckStatus | None, reason: str, *, running: bool = False) -> None:
        self._status, self._running = status, running
        label, colour = RUNNING_BADGE if running else BADGES[status]
        text = _(label)
        self.badge.setText(text)
        self.badge.setStyleSheet(
            f"QLabel {{ background: {colour}; color: white; border-radius: 4px; "
            "padding: 2px 8px; }"
        )
        self.badge.setAccessibleName(f"{self.check_title}: {text}")
        self.reason.setText(reason)
        self.reason.setAccessibleName(_("{check} reason").format(check=self.check_title))

    def retranslate(self) -> None:
        self.show(self._status, self.reason.text(), running=self._running)
