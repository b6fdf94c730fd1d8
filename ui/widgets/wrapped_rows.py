"""An item delegate that measures word-wrapped rows in the width they are drawn in.

Qt's lists and trees measure a wrapped item without its final width (or with the
whole row's width), then draw it inset by the tree's indentation and the style
sheet's item padding; a text that just fits the one came out cut short ("...") in
the other. This delegate gives the measurement the width the text really gets: the
view's width, less the indentation of the item's level and ``inset`` pixels (the
item padding on both sides). Views using it should lay their items out again when
they change width (``QListView.ResizeMode.Adjust``; ``ReasonTree`` does it itself).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
)


class WrappedRows(QStyledItemDelegate):
    """Measures each item's wrapped text in the width it is drawn in."""

    def __init__(self, view: QAbstractItemView, inset: int = 0) -> None:
        super().__init__(view)
        self._view = view
        self._inset = inset

    def _text_width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        view = self._view
        width = view.viewport().width() - self._inset
        if isinstance(view, QTreeView):
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            levels = depth + (1 if view.rootIsDecorated() else 0)
            column = view.header().sectionSize(index.column()) or view.viewport().width()
            width = column - self._inset - view.indentation() * levels
        return max(1, width)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        sized = QStyleOptionViewItem(option)
        sized.rect.setWidth(self._text_width(index))
        sized.rect.setHeight(max(1, sized.rect.height()))  # the style wraps only in a valid rect
        return super().sizeHint(sized, index)
