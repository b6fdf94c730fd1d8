"""Page bodies that scroll down (never sideways) and keep the focused control in view.

At large text sizes (200 %) a page no longer fits the window, so its body scrolls
while its main buttons stay put. A scroll area follows the keyboard focus only when
Tab moves it; ``keep_focus_in_view`` also scrolls when arrow keys or the page move
it, so the control with the focus, and its focus ring, is always on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QWidget


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` in a frameless area that scrolls down only and follows the focus."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls, not the area
    area.setWidget(content)
    keep_focus_in_view(area)
    return area


class _FocusFollower(QObject):
    """Lives inside the scroll area, so it stops listening when the area goes. It keeps no
    Python state: Qt owns it, and it finds its area as its parent."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow)

    @Slot(QWidget, QWidget)  # a real Qt slot: Qt disconnects it when the area is deleted
    def _follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        area = self.parent()
        if not isinstance(area, QScrollArea) or new is None:
            return
        content = area.widget()
        if content is not None and content.isAncestorOf(new):
            area.ensureWidgetVisible(new)


def keep_focus_in_view(area: QScrollArea) -> None:
    """Scroll ``area`` to whatever control inside it gets the keyboard focus."""
    _FocusFollower(area)
