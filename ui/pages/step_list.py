"""The intake's side list of steps: each step's title, how it stands, and a width that fits.

A step is shown with its title and, in words, what the worker needs to know: a tick
for a done step, "(declined)" for a part the person said no to, "(opens after
consent)" for a step not open yet (``intake_overview.StepState``). A screen reader
hears the title and the state; a step not open yet can get the keyboard (it says
why) but is never selected. Items wrap between words; the list is wide enough for
the longest word in the language and text size in use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem

from ..theme import LIST_ITEM_PADDING
from ..widgets.wrapped_rows import WrappedRows

if TYPE_CHECKING:
    from .intake_overview import StepState

STEP_LIST_WIDTH = (190, 240)
"""The step list's width range at normal text sizes; larger text widens it to fit a word."""
OPEN_ITEM = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
CLOSED_ITEM = Qt.ItemFlag.ItemIsEnabled


class StepList(QListWidget):
    """The steps of the open intake; ``titles`` gives every step's title (to fit the width
    before an intake is open)."""

    def __init__(self, titles: Callable[[], Sequence[str]]) -> None:
        super().__init__()
        self._titles = titles
        self.setObjectName("steps")
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rewrap when it resizes
        self.setItemDelegate(WrappedRows(self, inset=2 * LIST_ITEM_PADDING))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def add_step(self, title: str) -> None:
        self.addItem(QListWidgetItem(title))

    def show_state(self, row: int, title: str, state: StepState) -> None:
        """Show the step in ``row`` as it stands, in words (and to a screen reader)."""
        item = self.item(row)
        item.setText(state.list_text(title))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}: {state.words}")
        item.setToolTip(state.words)
        item.setFlags(OPEN_ITEM if state.may_open else CLOSED_ITEM)

    def fit(self) -> None:
        """Wide enough for the longest word in the list (items wrap between words), in the
        language and text size in use."""
        metrics = self.fontMetrics()
        texts = [self.item(row).text() for row in range(self.count())] or list(self._titles())
        words = [word for text in texts for word in re.split(r"[ \n]+", text)]  # not at NBSP
        longest = max((metrics.horizontalAdvance(word) for word in words), default=0)
        needed = longest + 48  # the items' padding, the frame and a little air
        self.setMinimumWidth(max(STEP_LIST_WIDTH[0], needed))
        self.setMaximumWidth(max(STEP_LIST_WIDTH[1], needed))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self.fit()
        super().changeEvent(event)
