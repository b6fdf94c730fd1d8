"""Controls that change value by scrolling (spin boxes, date boxes, drop-down lists,
sliders) ignore the mouse wheel unless they have the keyboard focus.

Scrolling a page with the wheel must scroll the page: a figure, a date or a choice
under the pointer must never change on the way past. ``guard_wheel(app)`` installs
one filter on the application, so every such control, wherever and whenever it is
made, is covered. A wheel over an unfocused one goes on to the page behind it
(which scrolls); once the control has the focus (clicked or reached with Tab), the
wheel changes it as usual. The wheel never gives these controls the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

GUARD_NAME = "readiness-wheel-guard"


def guarded(widget: QObject) -> bool:
    """True for a control whose value the wheel would change (a scroll bar only scrolls)."""
    if isinstance(widget, QScrollBar):
        return False
    return isinstance(widget, (QAbstractSpinBox, QComboBox, QAbstractSlider))


def no_wheel_focus(widget: QWidget) -> None:
    """Keep ``widget``'s focus by click and Tab, but not by the wheel passing over it."""
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class WheelGuard(QObject):
    """The application's event filter; see the module docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and guarded(watched):
            assert isinstance(watched, QWidget)
            no_wheel_focus(watched)
        elif kind == QEvent.Type.Wheel and guarded(watched):
            assert isinstance(watched, QWidget)
            if not watched.hasFocus():
                event.ignore()  # Qt hands an ignored wheel on to the parent: the page scrolls
                return True
        return False


def guard_wheel(app: QApplication) -> WheelGuard:
    """Install the guard on ``app`` (once; a second call returns the one installed)."""
    existing = app.findChild(WheelGuard, GUARD_NAME)
    if existing is not None:
        return existing
    guard = WheelGuard(app)
    guard.setObjectName(GUARD_NAME)
    app.installEventFilter(guard)
    for widget in app.allWidgets():  # made before the guard: polished already
        if guarded(widget):
            no_wheel_focus(widget)
    return guard
