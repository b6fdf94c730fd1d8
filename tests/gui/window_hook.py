"""The real app (``python -m readiness_ui``) with fake checks and a report of what it shows.

``python -m tests.gui.window_hook --db PATH`` is what ``tests/gui/test_real_window.py``
starts under Xvfb: the app itself (``readiness_ui`` run as ``__main__``, the database
key from ``READINESS_PASSPHRASE_FILE``), with three changes made from outside it, so
the product has no test switch:

- the device checks, camera, microphone, speaker and the connection test are the
  fakes of ``tests.gui.a11y``, and no socket may reach another machine;
- every 50 ms, when something changed, one line ``STATE {json}`` on standard output
  says what a person would see: the main page, the intake step, the widget with the
  keyboard focus (class, accessible name, whether it is ticked), the active window's
  title (and a message box's text), whether a step is busy, the question shown, how
  many answers and check results are saved, whether the intake is complete, and
  which window a window manager would give the keyboard to (the test has no window
  manager: it hands that window the focus when none of the app's windows has it);
- a mouse button pressed anywhere in the app prints ``MOUSE`` (the test allows none).

Keys come from outside (``xdotool`` through the X server); this module only watches.
"""

from __future__ import annotations

import json
import runpy
import socket
import sys
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QMessageBox, QWidget

from tests.gui.a11y import use_fake_checks

STATE_EVERY_MS = 50


def refuse_the_network() -> None:
    """Only local (Unix) sockets: nothing this process does can reach another machine."""

    def refuse(*_args: object, **_kwargs: object) -> Any:
        raise OSError("the real-window test does not reach the network")

    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> None:
        if sock.family != getattr(socket, "AF_UNIX", None):
            refuse()
        real_connect(sock, address)

    socket.getaddrinfo = refuse  # type: ignore[assignment]
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]


def describe(widget: QWidget | None) -> dict[str, Any]:
    """The focused widget: its class, its name as a screen reader says it, whether it is on."""
    if widget is None:
        return {"focus": "", "name": ""}
    name = widget.accessibleName()
    if not name and isinstance(widget, (QAbstractButton, QLineEdit)):
        name = widget.text().replace("&", "")  # as a screen reader says it: no Alt marker
    found: dict[str, Any] = {"focus": type(widget).__name__, "name": name}
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        found["checked"] = widget.isChecked()
    return found


def state(app: QApplication) -> dict[str, Any]:
    """What is on screen now, in plain values (see the module docstring)."""
    from readiness_ui.main_window import MainWindow

    found: dict[str, Any] = describe(app.focusWidget())
    active = app.activeWindow()
    found["window"] = active.windowTitle() if active is not None else ""
    if isinstance(active, QMessageBox):
        found["message"] = active.text()
    window = next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)
    if window is None:
        return found
    # The window a window manager would give the keyboard to: the dialog on top, else the
    # main window (the test hands it over when no window of the app has it).
    modal = QGuiApplication.modalWindow()
    found["wants"] = int(modal.winId() if modal is not None else window.winId())
    intake = window.intake
    found["page"] = window.stack.currentIndex()
    found["records"] = window.records is not None
    session = intake.session
    if session is None:
        return found
    page = intake.stack.currentWidget()
    found["step"] = session.step or ""
    found["row"] = intake.step_list.currentRow()
    found["complete"] = session.is_complete
    found["busy"] = bool(getattr(page, "running", False) or getattr(page, "busy", False))
    found["answers"] = len(session.answers())
    found["checks"] = len(session.check_results())
    current = getattr(page, "current_step", None)
    question = current() if callable(current) else None
    found["question"] = question.item.id if question is not None else ""
    return found


class MouseWatch(QObject):
    """Prints ``MOUSE`` for every mouse button pressed in the app."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            print(f"MOUSE {type(watched).__name__}", flush=True)
        return False


def main() -> None:
    patches = pytest.MonkeyPatch()
    use_fake_checks(patches)
    refuse_the_network()
    app = QApplication(["readiness"])  # the app takes this one (``QApplication.instance()``)
    watch = MouseWatch(app)
    app.installEventFilter(watch)
    last: list[str] = [""]

    def report() -> None:
        line = json.dumps(state(app), sort_keys=True)
        if line != last[0]:
            last[0] = line
            print(f"STATE {line}", flush=True)

    timer = QTimer(app)
    timer.timeout.connect(report)
    timer.start(STATE_EVERY_MS)
    sys.argv = ["readiness_ui", *sys.argv[1:]]
    runpy.run_module("readiness_ui", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
