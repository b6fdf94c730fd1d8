"""The lock screen: says the app is locked and why, and takes the passphrase to unlock it.

It is its own window (application-modal, so nothing else in the app takes input
while it is up) and shows no personal data: a heading, one plain sentence on why,
the passphrase field, a "Show the passphrase" box and the Unlock button. Enter in
the field unlocks. A wrong passphrase says so under the field and counts down the wait before
the next try (``readiness.protection.lock_rules.UnlockAttempts``); the Unlock button is off
meanwhile, and the right passphrase always works once the wait is over.

``ui.protection.app_lock.AppLock`` decides when to show it and what to hide behind it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from readiness.messages import N_
from readiness.protection.lock_rules import Attempt, Clock, LockReason, UnlockAttempts
from readiness.store.keys import DatabaseKey

from ..language import _

REASONS = {
    LockReason.MANUAL: N_("Readiness was locked."),
    LockReason.IDLE: N_("Readiness locked itself because it was not used for a while."),
    LockReason.SLEEP: N_("Readiness locked itself because the computer went to sleep."),
    LockReason.SCREEN_LOCKED: N_(
        "Readiness locked itself because the computer's screen was locked."
    ),
}
WAIT_TICK_MS = 200
"""How often the countdown after a wrong passphrase is brought up to date."""
COLUMN_EMS = 36
"""The widest the text column grows, in widths of the letter M (it wraps inside)."""


def lock_title() -> str:
    """The title every window of the app shows while it is locked."""
    return _("Readiness is locked")


class LockScreen(QWidget):
    """The window that asks for the passphrase; emits ``unlocked`` when it is right."""

    unlocked = Signal()

    def __init__(
        self,
        key: Callable[[], DatabaseKey | None],
        parent: QWidget | None = None,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Dialog)
        self.setObjectName("lockScreen")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self._key = key
        self.attempts = UnlockAttempts(clock)
        self._reason = LockReason.MANUAL

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.field_label = QLabel()
        self.field_label.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName("lockPassphrase")
        self.field_label.setBuddy(self.passphrase)
        self.show_passphrase = QCheckBox()
        self.show_passphrase.toggled.connect(self._on_show_toggled)
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlockButton")
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.wait = QLabel()
        self.wait.setWordWrap(True)
        for label in (self.message, self.wait):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            label.hide()

        column = QWidget()
        column.setObjectName("lockColumn")
        inner = QVBoxLayout(column)
        inner.setSpacing(12)
        # The message about a wrong passphrase comes right under the field it is about.
        for widget in (self.heading, self.why, self.field_label, self.passphrase):
            inner.addWidget(widget)
        inner.addWidget(self.message)
        inner.addWidget(self.wait)
        inner.addWidget(self.show_passphrase)
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._column = column

        column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout()  # stretches, not alignment, so wrapped text gets its height
        row.addStretch(1)
        row.addWidget(column, 4)  # most of a narrow window, at most COLUMN_EMS of a wide one
        row.addStretch(1)
        holder = QWidget()
        centred = QVBoxLayout(holder)
        centred.addStretch(1)
        centred.addLayout(row)
        centred.addStretch(2)
        self._scroll = QScrollArea()
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(holder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll)
        self.setTabOrder(self.passphrase, self.show_passphrase)
        self.setTabOrder(self.show_passphrase, self.unlock_button)

        self._countdown = QTimer(self)
        self._countdown.setInterval(WAIT_TICK_MS)
        self._countdown.timeout.connect(self.refresh_wait)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.retranslate()
        self._fit_column()
        self.resize(640, 480)

    # -- texts ----------------------------------------------------------------------

    def retranslate(self) -> None:
        title = lock_title()
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.heading.setText(title)
        self.why.setText(
            _(REASONS[self._reason])
            + " "
            + _(
                "This keeps the information of the people you support private. Type the "
                "database passphrase to go on; everything you were doing is kept as it was."
            )
        )
        self.why.setAccessibleName(self.why.text())
        self.field_label.setText(_("Passphrase"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.passphrase.setAccessibleDescription(_("Type the passphrase, then press Enter."))
        self.show_passphrase.setText(_("Show the passphrase"))
        self.show_passphrase.setAccessibleName(_("Show the passphrase"))
        self.unlock_button.setText(_("Unlock"))
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.message.setAccessibleName(_("Message"))
        self.wait.setAccessibleName(_("Time before the next try"))
        self.refresh_wait()

    def prepare(self, reason: LockReason) -> None:
        """Texts for ``reason``, an empty hidden field, and the wait left from earlier tries."""
        self._reason = reason
        self.passphrase.clear()
        self.show_passphrase.setChecked(False)
        if self.attempts.failures == 0:
            self.message.hide()
        self.retranslate()
        self._fit_column()

    def focus_passphrase(self) -> None:
        self.passphrase.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    # -- unlocking ------------------------------------------------------------------

    def try_unlock(self) -> None:
        """Check what was typed; unlock, or say it is wrong and start the wait."""
        typed = self.passphrase.text()
        if self.attempts.wait_left() > 0:
            self.refresh_wait()  # Enter during the wait: the countdown already says why
            return
        if not typed:
            self._say(_("Type the passphrase first."))
            return
        outcome = self.attempts.attempt(typed, self._key())
        self.passphrase.clear()
        if outcome is Attempt.UNLOCKED:
            self.message.hide()
            self.refresh_wait()
            self.unlocked.emit()
            return
        self.refresh_wait()
        wait = self.wait.text() if self.wait.isVisibleTo(self) else ""
        self._say(_("That passphrase is not right."), wait)

    def refresh_wait(self) -> None:
        """Show the seconds left before the next try; turn Unlock back on when they are over."""
        left = self.attempts.wait_left()
        if left > 0:
            seconds = math.ceil(left)
            self.wait.setText(_("You can try again in {seconds} s.").format(seconds=seconds))
            self.wait.show()
            self.unlock_button.setEnabled(False)
            if not self._countdown.isActive():
                self._countdown.start()
            return
        self._countdown.stop()
        self.unlock_button.setEnabled(True)
        if self.attempts.failures:
            self.wait.setText(_("You can try again now."))
            self.wait.show()
        else:
            self.wait.hide()

    def _say(self, text: str, more: str = "") -> None:
        self.message.setText(text)
        self.message.show()
        self._scroll.ensureWidgetVisible(self.message)
        announcement = QAccessibleAnnouncementEvent(self.message, f"{text} {more}".strip())
        if QAccessible.isActive():
            QAccessible.updateAccessibility(announcement)

    def _on_show_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)

    # -- staying up -----------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        # The worker cannot close the lock away (title-bar button, Alt+F4); a close
        # the program or the session asks for (shutting down, logging out) goes through.
        if event.spontaneous():
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.passphrase.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_column"):
            self._fit_column()
        super().changeEvent(event)

    def _fit_column(self) -> None:
        self._column.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * COLUMN_EMS)
