"""Keeping the Tab order right when a page makes new controls after it is built.

Qt puts a widget made later at the end of its window's Tab chain, so an answer
control made for the next question (or a recommendation's Accept button) would be
reached only after every other control in the window. And Qt moves a widget in the
chain only after a widget that takes focus itself. ``order_tabs`` therefore finds
the nearest focusable widget before the page's place in the chain and hangs the
page's controls after it, in the order given.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

_LONGEST_CHAIN = 10_000


def focusable_before(scope: QWidget, start: QWidget) -> QWidget | None:
    """The nearest widget before ``start`` in the Tab chain that takes focus and is outside
    ``scope``; None when ``scope`` is alone in its window (the chain comes back round)."""
    widget = start.previousInFocusChain()
    for _ in range(_LONGEST_CHAIN):
        if widget is None or widget is start:
            return None
        inside = widget is scope or scope.isAncestorOf(widget)
        if not inside and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return widget
        widget = widget.previousInFocusChain()
    return None


def order_tabs(scope: QWidget, stable: QWidget, widgets: Sequence[QWidget]) -> None:
    """Give ``widgets`` (all inside ``scope``) this Tab order, where ``scope`` sits in its window.

    ``stable`` is a widget of ``scope`` made with it (so already at its place in the chain).
    """
    before = focusable_before(scope, stable)
    chain = [before, *widgets] if before is not None else list(widgets)
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
