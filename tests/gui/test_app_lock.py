"""The app lock: idle time and sleep lock it, only the passphrase unlocks it, nothing is lost.

Clocks are fakes moved by the test (``check_now`` runs the timers' checks at once),
so minutes of idle time and the wait after a wrong passphrase take no real time.
A marker code (``ZQ47-0042``) is put in labels, fields, titles and dialogs; while the
app is locked, no visible widget and no window title may show it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from readiness.protection.lock_rules import LockReason
from readiness.store.keys import DatabaseKey
from readiness_ui.language import set_language
from readiness_ui.protection.app_lock import AppLock

MARKER = "ZQ47-0042"
PASSPHRASE = "maple river lantern"
KEY = DatabaseKey.from_passphrase(PASSPHRASE)


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Clocks:
    """The monotonic and the wall clock, moved together (awake) or apart (asleep)."""

    def __init__(self) -> None:
        self.awake = FakeClock(100.0)
        self.wall = FakeClock(1_700_000_000.0)

    def pass_awake(self, seconds: float) -> None:
        self.awake.advance(seconds)
        self.wall.advance(seconds)

    def sleep(self, seconds: float) -> None:
        self.wall.advance(seconds)


def stay_idle(lock: AppLock, clocks: Clocks, seconds: float) -> None:
    """Let ``seconds`` pass while the app runs: the timers check every 5 s."""
    while seconds > 0:
        step = min(5.0, seconds)
        clocks.pass_awake(step)
        lock.check_now()
        seconds -= step


class Shell(QMainWindow):
    """A stand-in main window: two pages, the second an intake with a field being typed in."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(f"Readiness — {MARKER}")
        self.stack = QStackedWidget()
        self.home = QLabel("Home")
        intake = QWidget()
        layout = QVBoxLayout(intake)
        self.header = QLabel(f"Intake for {MARKER}")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        layout.addWidget(self.header)
        layout.addWidget(self.note)
        self.stack.addWidget(self.home)
        self.stack.addWidget(intake)
        self.stack.setCurrentIndex(1)
        self.setCentralWidget(self.stack)
        self.resize(800, 600)
        self.statusBar().showMessage(f"Saved {MARKER}")


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@pytest.fixture
def shell(qtbot: QtBot) -> Shell:
    window = Shell()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


_made: list[AppLock] = []


@pytest.fixture(autouse=True)
def _shut_down_locks() -> Iterator[None]:
    """Each test's lock stops watching the whole app when the test ends."""
    yield
    while _made:
        _made.pop().shutdown()


def made(lock: AppLock) -> AppLock:
    _made.append(lock)
    return lock


def attach(
    window: QWidget,
    clocks: Clocks,
    minutes: float = 5,
    key: DatabaseKey | Callable[[], DatabaseKey | None] = KEY,
) -> AppLock:
    return made(
        AppLock(
            window,
            key,
            minutes,
            clock=clocks.awake,
            wall_clock=clocks.wall,
            listen_to_system=False,
        )
    )


def shown_texts() -> list[str]:
    """Every text a person could read on screen now: titles, labels, fields, lists, names."""
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        texts.append(top.windowTitle())
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
            if isinstance(widget, (QLabel, QAbstractButton)):
                texts.append(widget.text())
            elif isinstance(widget, QLineEdit):
                texts += [widget.text(), widget.placeholderText()]
            elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
                texts.append(widget.toPlainText())
            elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
                model, root = widget.model(), widget.rootIndex()
                for row in range(model.rowCount(root)):
                    column = 0
                    while (cell := model.index(row, column, root)).isValid():
                        texts.append(str(model.data(cell) or ""))
                        column += 1
    return texts


def marker_shown() -> bool:
    return any(MARKER.lower() in text.lower() for text in shown_texts())


def unlock_by_keyboard(qtbot: QtBot, lock: AppLock, passphrase: str = PASSPHRASE) -> None:
    qtbot.keyClicks(lock.screen.passphrase, passphrase)
    qtbot.keyClick(lock.screen.passphrase, Qt.Key.Key_Return)


# -- when it locks -----------------------------------------------------------------


def test_idle_time_locks_the_app(qtbot: QtBot, shell: Shell, clocks: Clocks) -> None:
    lock = attach(shell, clocks, minutes=5)
    stay_idle(lock, clocks, 299)
    assert not lock.is_locked()
    with qtbot.waitSignal(lock.locked, timeout=1000):
        stay_idle(lock, clocks, 1)
    assert lock.is_locked()
    assert "not used for a while" in lock.screen.why.text()


def _key_press(qtbot: QtBot, window: Shell) -> None:
    qtbot.keyClick(window.note, Qt.Key.Key_A)


def _mouse_press(qtbot: QtBot, window: Shell) -> None:
    qtbot.mouseClick(window.note, Qt.MouseButton.LeftButton)


def _mouse_move(qtbot: QtBot, window: Shell) -> None:
    qtbot.mouseMove(window.header, QPoint(5, 5))
    qtbot.mouseMove(window.header, QPoint(20, 8))


def _wheel(_qtbot: QtBot, window: Shell) -> None:
    where = QPointF(5, 5)
    event = QWheelEvent(
        where,
        window.note.mapToGlobal(where),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(window.note, event)


@pytest.mark.parametrize("use", [_key_press, _mouse_press, _mouse_move, _wheel])
def test_using_the_app_postpones_the_idle_lock(
    qtbot: QtBot, shell: Shell, clocks: Clocks, use: Callable[[QtBot, Shell], None]
) -> None:
    lock = attach(shell, clocks, minutes=5)
    stay_idle(lock, clocks, 250)
    use(qtbot, shell)
    stay_idle(lock, clocks, 250)
    assert not lock.is_locked(), "500 s since start, but only 250 s since the last use"
    stay_idle(lock, clocks, 50)
    assert lock.is_locked()


def test_the_idle_timer_locks_on_its_own(qtbot: QtBot, shell: Shell) -> None:
    lock = made(AppLock(shell, KEY, lock_after_minutes=0.002, listen_to_system=False))  # 120 ms
    with qtbot.waitSignal(lock.locked, timeout=3000):
        pass
    assert lock.is_locked()


def test_a_shorter_limit_set_while_running_applies_at_once(shell: Shell, clocks: Clocks) -> None:
    lock = attach(shell, clocks, minutes=30)
    stay_idle(lock, clocks, 90)
    assert not lock.is_locked()
    lock.set_lock_after_minutes(1)
    lock.check_now()
    assert lock.is_locked()


def test_waking_from_sleep_locks_at_once(qtbot: QtBot, shell: Shell, clocks: Clocks) -> None:
    lock = attach(shell, clocks, minutes=60)
    stay_idle(lock, clocks, 5)
    assert not lock.is_locked()
    clocks.pass_awake(5)
    clocks.sleep(3600)
    with qtbot.waitSignal(lock.locked, timeout=1000):
        lock.check_now()
    assert "went to sleep" in lock.screen.why.text()


def test_the_sleep_tick_runs_on_its_own(qtbot: QtBot, shell: Shell, clocks: Clocks) -> None:
    lock = made(
        AppLock(
            shell,
            KEY,
            60,
            clock=clocks.awake,
            wall_clock=clocks.wall,
            sleep_tick_ms=20,
            listen_to_system=False,
        )
    )
    clocks.sleep(600)
    with qtbot.waitSignal(lock.locked, timeout=2000):
        pass


def test_ctrl_l_locks(qtbot: QtBot, shell: Shell, clocks: Clocks) -> None:
    lock = attach(shell, clocks)
    shell.note.setFocus()
    qtbot.keyClick(shell.note, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert lock.is_locked()
    assert lock.lock_action.text() == "Lock now"
    assert lock.lock_action.shortcut() == QKeySequence("Ctrl+L")


def test_without_a_key_there_is_nothing_to_lock_yet(shell: Shell, clocks: Clocks) -> None:
    current: list[DatabaseKey | None] = [None]
    lock = attach(shell, clocks, minutes=1, key=lambda: current[0])
    assert not lock.lock()
    stay_idle(lock, clocks, 120)
    assert not lock.is_locked()
    current[0] = KEY  # the database is open now
    stay_idle(lock, clocks, 60)
    assert lock.is_locked()


# -- what shows while locked -------------------------------------------------------


def test_nothing_personal_is_visible_while_locked(
    qtbot: QtBot, shell: Shell, clocks: Clocks
) -> None:
    lock = attach(shell, clocks)
    qtbot.keyClicks(shell.note, f"talked about {MARKER}")
    side = QDialog(shell)
    side.setWindowTitle(f"Export {MARKER}")
    QVBoxLayout(side).addWidget(QLabel(f"Exporting {MARKER}"))
    side.show()
    assert marker_shown()

    lock.lock()

    assert lock.screen.isVisible()
    assert not marker_shown(), [t for t in shown_texts() if MARKER in t]
    assert shell.windowTitle() == side.windowTitle() == "Readiness is locked"
    assert side.isVisible(), "the dialog stays open (hiding it would end it)"
    assert QApplication.activeModalWidget() is lock.screen
    qtbot.waitUntil(lock.screen.isActiveWindow)
    assert QApplication.focusWidget() is lock.screen.passphrase
    assert lock.screen.passphrase.echoMode() == QLineEdit.EchoMode.Password


def test_a_message_that_opens_while_locked_is_hidden_too(
    qtbot: QtBot, shell: Shell, clocks: Clocks
) -> None:
    lock = attach(shell, clocks)
    lock.lock()
    box = QMessageBox(QMessageBox.Icon.Information, "Done", f"Report for {MARKER} saved.")
    box.setParent(shell, box.windowFlags())
    box.open()  # window-modal: it would block the window behind it
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is lock.screen)
    assert box.isVisible()
    assert not marker_shown()
    unlock_by_keyboard(qtbot, lock)
    assert not lock.is_locked()
    assert box.isVisible() and marker_shown(), "the message is there to read after unlocking"


def test_a_title_set_while_locked_waits_for_the_unlock(
    qtbot: QtBot, shell: Shell, clocks: Clocks
) -> None:
    lock = attach(shell, clocks)
    lock.lock()
    shell.setWindowTitle(f"Readiness — intake {MARKER}")
    assert shell.windowTitle() == "Readiness is locked"
    unlock_by_keyboard(qtbot, lock)
    assert shell.windowTitle() == f"Readiness — intake {MARKER}"


def test_shortcuts_and_escape_do_not_get_past_the_lock(
    qtbot: QtBot, shell: Shell, clocks: Clocks
) -> None:
    lock = attach(shell, clocks)
    to_home = QShortcut(QKeySequence("Ctrl+1"), shell)
    to_home.setContext(Qt.ShortcutContext.ApplicationShortcut)
    to_home.activated.connect(lambda: shell.stack.setCurrentIndex(0))
    lock.lock()
    qtbot.waitUntil(lock.screen.isActiveWindow)
    qtbot.keyClick(lock.screen.passphrase, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(lock.screen.passphrase, "half typed")
    qtbot.keyClick(lock.screen.passphrase, Qt.Key.Key_Escape)
    assert shell.stack.currentIndex() == 1
    assert lock.is_locked() and lock.screen.isVisible()
    assert lock.screen.passphrase.text() == ""


# -- unlocking ---------------------------------------------------------------------


def test_a_wrong_passphrase_is_explained_and_the_next_try_waits(
    qtbot: QtBot, shell: Shell, clocks: Clocks
) -> None:
    lock = attach(shell, clocks)
    screen = lock.screen
    lock.lock()
    unlock_by_keyboard(qtbot, lock, "maple river lanterns")
    assert lock.is_locked()
    assert screen.message.isVisible()
    assert screen.message.text() == "That passphrase is not right."
    assert screen.wait.text() == "You can try again in 1 s."
    assert not screen.unlock_button.isEnabled()
    assert screen.passphrase.text() == "", "the wrong try is cleared"

    unlock_by_keyboard(qtbot, lock)  # the right one, but too soon: not even checked
    assert lock.is_locked()
    assert screen.attempts.failures == 1

    clocks.pass_awake(1)
    qtbot.waitUntil(screen.unlock_button.isEnabled, timeout=2000)
    assert screen.wait.text() == "You can try again now."
    unlock_by_keyboard(qtbot, lock, "wrong again")
    assert screen.wait.text() == "You can try again in 2 s."
    clocks.pass_awake(1.2)
    qtbot.waitUntil(lambda: screen.wait.text() == "You can try again in 1 s.", timeout=2000)
    clocks.pass_awake(1)
    qtbot.waitUntil(screen.unlock_button.isEnabled, timeout=2000)
    with qtbot.waitSignal(lock.unlocked, timeout=1000):
        qtbot.keyClicks(screen.passphrase, PASSPHRASE)
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked()


def test_an_empty_passphrase_is_not_counted_as_a_try(
    qtbot: QtBot, shell: Shell, clocks: Clocks
) -> None:
    lock = attach(shell, clocks)
    lock.lock()
    qtbot.keyClick(lock.screen.passphrase, Qt.Key.Key_Return)
    assert lock.screen.message.text() == "Type the passphrase first."
    assert lock.screen.attempts.failures == 0
    assert lock.screen.unlock_button.isEnabled()


def test_the_right_passphrase_gives_back_everything_as_it_was(
    qtbot: QtBot, shell: Shell, clocks: Clocks
) -> None:
    lock = attach(shell, clocks)
    shell.note.setFocus()
    qtbot.keyClicks(shell.note, f"needs a bigger screen {MARKER}")
    shell.note.setCursorPosition(6)
    central, note = shell.centralWidget(), shell.note
    before = (shell.windowTitle(), shell.stack.currentIndex(), note.text())

    lock.lock()
    clocks.pass_awake(3600)  # the worker is away for an hour; nothing changes behind
    assert not note.isVisible()
    with qtbot.waitSignal(lock.unlocked, timeout=1000):
        unlock_by_keyboard(qtbot, lock)

    assert not lock.screen.isVisible()
    assert shell.centralWidget() is central and shell.note is note  # not rebuilt
    assert (shell.windowTitle(), shell.stack.currentIndex(), note.text()) == before
    assert note.cursorPosition() == 6
    assert note.isVisible() and shell.statusBar().isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is note)
    lock.check_now()
    assert not lock.is_locked(), "the idle time counts from the unlock"


def test_a_passphrase_typed_with_other_accents_unlocks(
    qtbot: QtBot, shell: Shell, clocks: Clocks
) -> None:
    import unicodedata

    passphrase = "canción del señor"
    lock = attach(shell, clocks, key=DatabaseKey.from_passphrase(passphrase))
    lock.lock()
    lock.screen.passphrase.setText(unicodedata.normalize("NFD", passphrase))
    lock.screen.try_unlock()
    assert not lock.is_locked()


@pytest.mark.qt_log_ignore("PulseAudioService")
def test_the_app_window_keeps_an_open_intake_behind_the_lock(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clocks: Clocks
) -> None:
    from readiness_ui.main_window import INTAKE, NEW_INTAKE
    from tests.gui.a11y import fake_window

    window = fake_window(qtbot, tmp_path, monkeypatch)
    lock = attach(window, clocks)
    window.show_page(NEW_INTAKE)
    qtbot.keyClicks(window.new_intake.code, MARKER)
    qtbot.keyClick(window.new_intake.code, Qt.Key.Key_Return)
    assert window.stack.currentIndex() == INTAKE
    assert window.intake.assessment is not None
    opened = window.intake.assessment.id
    assert window.intake.session is not None
    window.intake.session.set_consent("device_checks", True)  # the steps after Consent open
    window.intake.step_list.setCurrentRow(2)
    page = window.intake.stack.currentWidget()
    before = (window.intake.header.text(), window.intake.step_list.currentRow())
    assert MARKER in before[0]

    qtbot.keyClick(window.intake.step_list, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert lock.is_locked()
    assert not marker_shown(), [t for t in shown_texts() if MARKER in t]

    unlock_by_keyboard(qtbot, lock)
    assert not lock.is_locked()
    assert window.stack.currentIndex() == INTAKE
    assert window.intake.assessment is not None and window.intake.assessment.id == opened
    assert (window.intake.header.text(), window.intake.step_list.currentRow()) == before
    assert window.intake.stack.currentWidget() is page, "the step page was not rebuilt"
    assert marker_shown()


# -- the desktop's signals (a private D-Bus daemon) --------------------------------


@pytest.fixture
def private_bus() -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    try:
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(5)
        process.stdout.close()


@dataclass(frozen=True)
class DesktopSignal:
    service: str
    path: str
    interface: str
    name: str
    reason: LockReason


SLEEP_SIGNAL = DesktopSignal(
    "org.freedesktop.login1",
    "/org/freedesktop/login1",
    "org.freedesktop.login1.Manager",
    "PrepareForSleep",
    LockReason.SLEEP,
)
SCREEN_SAVER_SIGNAL = DesktopSignal(
    "org.freedesktop.ScreenSaver",
    "/org/freedesktop/ScreenSaver",
    "org.freedesktop.ScreenSaver",
    "ActiveChanged",
    LockReason.SCREEN_LOCKED,
)


@pytest.mark.parametrize("desktop", [SLEEP_SIGNAL, SCREEN_SAVER_SIGNAL], ids=lambda d: d.name)
def test_desktop_signals_lock_the_app(
    qtbot: QtBot, shell: Shell, clocks: Clocks, private_bus: str, desktop: DesktopSignal
) -> None:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    from readiness_ui.protection.lock_screen import REASONS

    name = desktop.name
    listener = QDBusConnection.connectToBus(private_bus, f"listener-{name}")
    sender = QDBusConnection.connectToBus(private_bus, f"sender-{name}")
    try:
        lock = attach(shell, clocks)
        heard = lock.listen(listener, listener)
        assert "org.freedesktop.login1.Manager.PrepareForSleep" in heard
        assert f"{desktop.interface}.{name}" in heard
        assert sender.registerService(desktop.service)

        def emit(value: bool) -> None:
            signal = QDBusMessage.createSignal(desktop.path, desktop.interface, name)
            signal.setArguments([value])
            assert sender.send(signal)

        emit(False)  # waking up, or the screen saver ending: no lock
        qtbot.wait(200)
        assert not lock.is_locked()
        with qtbot.waitSignal(lock.locked, timeout=3000):
            emit(True)
        assert lock.screen.why.text().startswith(REASONS[desktop.reason])
    finally:
        QDBusConnection.disconnectFromBus(f"listener-{name}")
        QDBusConnection.disconnectFromBus(f"sender-{name}")


def test_no_bus_means_no_desktop_signals_and_no_error(shell: Shell, clocks: Clocks) -> None:
    lock = attach(shell, clocks)
    assert lock.listen(None, None) == []


# -- language and large text -------------------------------------------------------


def test_the_lock_screen_speaks_spanish(qtbot: QtBot, shell: Shell, clocks: Clocks) -> None:
    lock = attach(shell, clocks)
    set_language("es")
    try:
        lock.retranslate()
        lock.lock(LockReason.IDLE)
        assert lock.screen.heading.text() == "Readiness está bloqueado"
        assert shell.windowTitle() == "Readiness está bloqueado"
        assert lock.screen.unlock_button.text() == "Desbloquear"
        assert lock.lock_action.text() == "Bloquear ahora"
        unlock_by_keyboard(qtbot, lock, "no es esta")
        assert lock.screen.message.text() == "Esa frase de contraseña no es correcta."
        assert lock.screen.wait.text() == "Puede volver a intentarlo en 1 s."
    finally:
        set_language("en")


def test_every_control_has_a_name_and_text_fits_at_200_percent(
    qtbot: QtBot, shell: Shell, clocks: Clocks, qapp: QApplication
) -> None:
    from PySide6.QtGui import QFont

    from readiness_ui.theme import BASE_POINT_SIZE, apply_look
    from tests.gui.a11y import text_problems

    font, sheet = QFont(qapp.font()), qapp.styleSheet()
    try:
        big = QFont(font)
        big.setPointSizeF(BASE_POINT_SIZE * 2)
        qapp.setFont(big)
        apply_look(qapp, high_contrast=False)
        shell.resize(1000, 680)
        lock = attach(shell, clocks)
        lock.lock()
        unlock_by_keyboard(qtbot, lock, "wrong")  # the message and the wait are shown too
        for _ in range(3):
            QApplication.processEvents()
            qtbot.wait(10)
        assert lock.screen.message.isVisible() and lock.screen.wait.isVisible()
        assert text_problems(lock.screen) == []
        for control in (
            lock.screen.passphrase,
            lock.screen.show_passphrase,
            lock.screen.unlock_button,
        ):
            assert control.accessibleName()
            assert control.isVisible()
    finally:
        qapp.setFont(font)
        qapp.setStyleSheet(sheet)
