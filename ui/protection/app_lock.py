"""The app lock: hides everything behind the lock screen when the app is idle or the computer slept.

``AppLock`` is attached to the main window by the composition root. It locks

- after ``lock_after_minutes`` without use (key presses, mouse presses and moves,
  the wheel, touch and pen input anywhere in the app, seen by an application-wide
  event filter that only notes the time);
- as soon as the computer wakes from sleep (a gap between two clocks on a 5-second
  tick, ``readiness.protection.lock_rules.SleepDetector``), and, on Linux when the system bus is
  there, when logind announces sleep (``PrepareForSleep``) or the screen saver starts;
- on "Lock now" (Ctrl+L, ``lock_action``).

Locking hides, and never rebuilds, what is on screen: the direct children of every
window of the app (the main window's pages, open dialogs) are hidden and each window
is titled "Readiness is locked", so no code or answer stays visible, not even in the
title bar or the task switcher. Dialogs stay open (hiding one would end it), an
intake in progress keeps every typed character, and running tasks go on. The lock
screen (``ui.protection.lock_screen``) is application-modal, so nothing behind it takes
input; a window that opens while the app is locked (a task's message) is hidden the
same way and the lock screen comes back on top. Unlocking needs the database
passphrase typed again, even when the credential store keeps it; it shows every
window as it was and gives the keyboard focus back where it was.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from readiness.protection.lock_rules import Clock, IdleClock, LockReason, SleepDetector
from readiness.store.keys import DatabaseKey

from ..language import _
from .lock_screen import LockScreen, lock_title

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection

LOCK_SHORTCUT = "Ctrl+L"
SLEEP_TICK_MS = 5000
"""How often the app looks for a sleep gap (``readiness.protection.lock_rules.SLEEP_TICK_S``)."""

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
        QEvent.Type.InputMethod,
    }
)
_NOT_COVERED = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)

KeySource = DatabaseKey | Callable[[], DatabaseKey | None]
"""The key in memory, or a function giving it (None while no database is open)."""


@dataclass
class _Covered:
    """A window whose contents are hidden while the app is locked, and how to restore it."""

    window: QWidget
    title: str
    hidden: list[QWidget] = field(default_factory=list)


class _SystemSignals(QObject):
    """Receives the desktop's D-Bus signals (Qt needs slots on a QObject for them)."""

    sleeping = Signal()
    screen_locked = Signal()

    @Slot(bool)
    def prepare_for_sleep(self, starting: bool) -> None:
        if starting:
            self.sleeping.emit()

    @Slot(bool)
    def screen_saver_active(self, active: bool) -> None:
        if active:
            self.screen_locked.emit()


class AppLock(QObject):
    """Locks the app (idle, sleep, Ctrl+L) and unlocks it with the passphrase."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QWidget,
        key: KeySource,
        lock_after_minutes: float = 5,
        *,
        clock: Clock = time.monotonic,
        wall_clock: Clock = time.time,
        sleep_tick_ms: int = SLEEP_TICK_MS,
        listen_to_system: bool = True,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._key: Callable[[], DatabaseKey | None] = (
            (lambda: key) if isinstance(key, DatabaseKey) else key
        )
        self._locked = False
        self._covered: list[_Covered] = []
        self._focus: QWidget | None = None
        self._idle = IdleClock(lock_after_minutes * 60, clock)
        self._sleep = SleepDetector(sleep_tick_ms / 1000, monotonic=clock, wall=wall_clock)
        self.screen = LockScreen(self._key, window, clock=clock)
        self.screen.unlocked.connect(self._unlock)
        self.system_signals = _SystemSignals(self)
        self.system_signals.sleeping.connect(lambda: self.lock(LockReason.SLEEP))
        self.system_signals.screen_locked.connect(lambda: self.lock(LockReason.SCREEN_LOCKED))

        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence(LOCK_SHORTCUT))
        self.lock_action.triggered.connect(lambda _checked=False: self.lock())
        window.addAction(self.lock_action)
        self.retranslate()

        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.timeout.connect(self._check_idle)
        self._sleep_timer = QTimer(self)
        self._sleep_timer.setInterval(sleep_tick_ms)
        self._sleep_timer.timeout.connect(self._check_sleep)
        self._sleep_timer.start()
        self._schedule_idle()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if listen_to_system:
            QTimer.singleShot(0, self, self.listen_to_desktop)

    # -- the public face ------------------------------------------------------------

    def retranslate(self) -> None:
        """The "Lock now" action's texts in the current language."""
        self.lock_action.setText(_("Lock now"))
        tip = _("Lock Readiness now ({shortcut}). The passphrase unlocks it.").format(
            shortcut=QKeySequence(LOCK_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
        )
        self.lock_action.setToolTip(tip)
        self.lock_action.setStatusTip(tip)

    def is_locked(self) -> bool:
        return self._locked

    def set_lock_after_minutes(self, minutes: float) -> None:
        """Lock after ``minutes`` without use from now on (Settings changed)."""
        self._idle.set_limit(minutes * 60)
        self._schedule_idle()

    def lock(self, reason: LockReason = LockReason.MANUAL) -> bool:
        """Hide the app behind the lock screen; False when there is no key to unlock with.

        Without a key no database is open yet, so there is nothing to hide, and nothing
        could check a passphrase.
        """
        if self._locked:
            return True
        if self._key() is None:
            return False
        self._locked = True
        self._idle_timer.stop()
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and not self._in_lock(focus) else None
        self._close_popups()
        for window in [self._window, *QApplication.topLevelWidgets()]:
            if window is self.screen or (window is not self._window and not window.isVisible()):
                continue
            if window.windowType() not in _NOT_COVERED:
                self._cover(window)
        self.screen.prepare(reason)
        self._place_screen()
        self.screen.show()
        self._bring_forward()
        self.locked.emit()
        return True

    def shutdown(self) -> None:
        """Stop watching (the app is closing): timers off, no event filter, no lock screen.

        Windows hidden by a lock stay hidden: closing the app never shows them.
        """
        self._idle_timer.stop()
        self._sleep_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.screen.close()

    def check_now(self) -> None:
        """Look for a sleep gap and for the idle limit at once (the timers do this too)."""
        self._check_sleep()
        self._check_idle()

    def listen_to_desktop(self) -> list[str]:
        """Lock on logind's sleep signal and the screen saver, when D-Bus is there.

        Returns what it listens to (empty on Windows and macOS, or without a bus). A
        session bus is used only when one is announced, so none is ever started.
        """
        if sys.platform in ("win32", "darwin"):
            return []
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - QtDBus is part of PySide6-Essentials
            return []
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        has_session = bool(os.environ.get("DBUS_SESSION_BUS_ADDRESS")) or (
            bool(runtime) and (Path(runtime) / "bus").exists()
        )
        return self.listen(
            QDBusConnection.systemBus(), QDBusConnection.sessionBus() if has_session else None
        )

    def listen(
        self, system: QDBusConnection | None, session: QDBusConnection | None = None
    ) -> list[str]:
        """Connect to the sleep signal on ``system`` and screen-saver signals on ``session``."""
        from PySide6.QtCore import SLOT

        heard: list[str] = []
        hooks = (
            (
                system,
                "org.freedesktop.login1",
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                "prepare_for_sleep(bool)",
            ),
            (
                session,
                "org.freedesktop.ScreenSaver",
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver",
                "ActiveChanged",
                "screen_saver_active(bool)",
            ),
            (
                session,
                "org.gnome.ScreenSaver",
                "/org/gnome/ScreenSaver",
                "org.gnome.ScreenSaver",
                "ActiveChanged",
                "screen_saver_active(bool)",
            ),
        )
        for bus, service, path, interface, name, slot in hooks:
            if bus is None or not bus.isConnected():
                continue
            # PySide's stubs ask for bytes here, but only the str from SLOT() is accepted.
            receiver = self.system_signals
            if bus.connect(service, path, interface, name, receiver, SLOT(slot)):  # type: ignore[call-overload]
                heard.append(f"{interface}.{name}")
        return heard

    # -- when to lock ---------------------------------------------------------------

    def _schedule_idle(self) -> None:
        if self._locked:
            return
        self._idle_timer.start(max(10, math.ceil(self._idle.remaining() * 1000)))

    def _check_idle(self) -> None:
        if self._locked:
            return
        if self._idle.expired() and not self.lock(LockReason.IDLE):
            self._idle.touch()  # no database yet: start counting again
        self._schedule_idle()

    def _check_sleep(self) -> None:
        slept = self._sleep.tick()
        if slept and not self._locked:
            self.lock(LockReason.SLEEP)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self._locked:
            if kind in _ACTIVITY:
                self._idle.touch()
            return False
        if kind == QEvent.Type.Show and isinstance(watched, QWidget):
            self._on_shown_while_locked(watched)
        elif kind == QEvent.Type.WindowTitleChange and isinstance(watched, QWidget):
            self._keep_title_hidden(watched)
        # Input needs no filtering: the lock screen is application-modal (even
        # application-wide shortcuts of the windows behind it do not fire), and the
        # hidden widgets cannot have the keyboard focus.
        return False

    # -- hiding and showing ---------------------------------------------------------

    def _in_lock(self, target: QObject) -> bool:
        return isinstance(target, QWidget) and (
            target is self.screen or self.screen.isAncestorOf(target)
        )

    def _covered_entry(self, window: QWidget | None) -> _Covered | None:
        return next((entry for entry in self._covered if entry.window is window), None)

    def _cover(self, window: QWidget) -> None:
        if self._covered_entry(window) is not None:
            return
        children = window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        entry = _Covered(window, window.windowTitle())
        self._covered.append(entry)
        for child in children:
            if not child.isWindow() and not child.isHidden():
                entry.hidden.append(child)
                child.hide()
        window.setWindowTitle(lock_title())

    def _on_shown_while_locked(self, widget: QWidget) -> None:
        if self._in_lock(widget):
            return
        if widget.isWindow():
            if widget.windowType() in _NOT_COVERED:
                QTimer.singleShot(0, widget, widget.close)
                return
            self._cover(widget)
            QTimer.singleShot(0, self, self._bring_forward)  # back on top of a new dialog
            return
        entry = self._covered_entry(widget.parentWidget())
        if entry is not None and widget not in entry.hidden:
            entry.hidden.append(widget)  # e.g. a page put into a locked window
            QTimer.singleShot(0, widget, widget.hide)

    def _keep_title_hidden(self, window: QWidget) -> None:
        entry = self._covered_entry(window)
        if entry is not None and window.windowTitle() != lock_title():
            entry.title = window.windowTitle()  # what to show again after unlocking
            window.setWindowTitle(lock_title())

    def _close_popups(self) -> None:
        QToolTip.hideText()
        for _attempt in range(20):
            popup = QApplication.activePopupWidget()
            if popup is None:
                return
            popup.close()

    def _place_screen(self) -> None:
        window = self._window
        if window.isFullScreen():
            self.screen.setWindowState(Qt.WindowState.WindowFullScreen)
        elif window.isMaximized():
            self.screen.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.screen.setWindowState(Qt.WindowState.WindowNoState)
            if window.isVisible():
                self.screen.setGeometry(window.geometry())

    def _bring_forward(self) -> None:
        if not self._locked:
            return
        if QApplication.activeModalWidget() is not self.screen:
            # The modal window shown last takes the input: show the lock screen again.
            self.screen.hide()
            self.screen.show()
        self.screen.raise_()
        self.screen.activateWindow()
        self.screen.focus_passphrase()

    def _unlock(self) -> None:
        if not self._locked:
            return
        self._locked = False
        self.screen.hide()
        for entry in reversed(self._covered):
            if not shiboken6.isValid(entry.window):
                continue
            for child in entry.hidden:
                if shiboken6.isValid(child) and child.parentWidget() is entry.window:
                    child.show()
            entry.window.setWindowTitle(entry.title)
        self._covered.clear()
        self._idle.touch()
        self._sleep.reset()
        self._schedule_idle()
        self._restore_focus()
        self.unlocked.emit()

    def _restore_focus(self) -> None:
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.window().activateWindow()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self._window.isVisible():
            self._window.activateWindow()
