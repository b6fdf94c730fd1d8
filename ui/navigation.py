"""The main window's list of pages, which fits its names in the font and language in force."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QListView, QListWidget

from .theme import LIST_ITEM_PADDING
from .widgets.wrapped_rows import WrappedRows


class Navigation(QListWidget):
    """The list of pages: as wide as its longest name, up to its usual width; at large text
    sizes names wrap between words, and it widens only for a word that needs it."""

    WIDTH = 170
    """The most it takes for names on one line (every name fits at the normal text size)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("navigation")
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rewrap when it resizes
        self.setItemDelegate(WrappedRows(self, inset=2 * LIST_ITEM_PADDING))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_names(self) -> None:
        """Fit the names (hidden ones too) in the font and language in force."""
        metrics = self.fontMetrics()
        names = [self.item(row).text() for row in range(self.count())]
        longest_name = max((metrics.horizontalAdvance(name) for name in names), default=0)
        words = [word for name in names for word in name.split()]
        longest_word = max((metrics.horizontalAdvance(word) for word in words), default=0)
        # The items' padding (``theme``), the frame, and the room Qt's item margins and
        # the checker of clipped text (tests.gui.a11y) leave around the text.
        room = 2 * LIST_ITEM_PADDING + 2 * self.frameWidth() + 12
        self.setFixedWidth(max(longest_word, min(longest_name, self.WIDTH - room)) + room)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_names()
