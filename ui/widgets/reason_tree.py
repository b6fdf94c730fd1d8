"""The reasons behind each score: a tree whose rows wrap their text and grow to fit it.

Qt's tree keeps a row's height from when it was laid out and measures wrapped rows
without the indentation they are drawn after, so long reasons were cut short. This
tree measures rows in the width they get (``ui.widgets.wrapped_rows``), lays them out
again when its width changes, and asks for the height of all its rows, so the page
scrolls instead of the tree scrolling inside the page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractScrollArea, QTreeWidget, QWidget

from .wrapped_rows import WrappedRows


class ReasonTree(QTreeWidget):
    """A one-column tree without a header; rows wrap and the tree grows to show them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setItemDelegate(WrappedRows(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.expanded.connect(lambda _index: self.updateGeometry())
        self.collapsed.connect(lambda _index: self.updateGeometry())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.doItemsLayout()  # wrapped rows get the height they need at the new width
            self.updateGeometry()
