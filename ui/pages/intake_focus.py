"""Where the keyboard goes in the open intake: into a step, and along the Tab chain.

Step pages are built after the intake's own buttons, so Qt would put them at the
end of the window's Tab chain and a keyboard user would meet Pause before the step.
``order_tabs`` puts the chain right: the step list, everything in the steps, then
the buttons. ``focus_step`` puts the keyboard in the step shown: where the page says
(``focus_start()``, as the questionnaire does on the current answer), else on its
first control in Tab order.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

_LONGEST_CHAIN = 10_000


def chain_from(start: QWidget) -> list[QWidget]:
    """The window's Tab chain, starting at ``start``."""
    chain: list[QWidget] = [start]
    widget = start.nextInFocusChain()
    while widget is not None and widget is not start and len(chain) < _LONGEST_CHAIN:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def focus_step(page: QWidget | None, start: QWidget) -> None:
    """Put the keyboard in ``page`` (see the module docstring); ``start`` begins the chain."""
    if page is None:
        return
    focus_start = getattr(page, "focus_start", None)
    if callable(focus_start):
        focus_start()
        return
    for widget in chain_from(start)[1:]:
        if (
            page.isAncestorOf(widget)
            and not isinstance(widget, QAbstractScrollArea)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return


def order_tabs(start: QWidget, steps: QWidget, buttons: Sequence[QWidget]) -> None:
    """``start`` (the step list), everything in ``steps`` that takes Tab, then ``buttons``."""
    inside = [
        widget
        for widget in chain_from(start)[1:]
        if steps.isAncestorOf(widget)
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
    ]
    for before, after in itertools.pairwise([start, *inside, *buttons]):
        QWidget.setTabOrder(before, after)
