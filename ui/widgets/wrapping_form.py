"""A form whose labels sit beside their fields, or above them when they would take too much
of the width (large text, long Spanish labels, a narrow window)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFormLayout, QWidget


class WrappingForm(QWidget):
    """A widget holding a ``QFormLayout`` (``form``); add rows to it as usual.

    The width it decides by is its parent's (the view of the scroll area it is in),
    because side by side its fields may force it wider than the room there is.
    """

    LABEL_SHARE = 0.4
    """The most of the width the labels may take beside their fields."""

    WATCHED = (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange)

    def __init__(self) -> None:
        super().__init__()
        self.form = QFormLayout(self)

    def event(self, event: QEvent) -> bool:
        parent = self.parentWidget()
        if event.type() == QEvent.Type.ParentChange and parent is not None:
            parent.installEventFilter(self)
        if event.type() in self.WATCHED:
            self._choose()
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._choose()
        return False

    def _choose(self) -> None:
        parent = self.parentWidget()
        room = parent.width() if parent is not None else self.width()
        label = self._widest(QFormLayout.ItemRole.LabelRole, minimum=False)
        field = self._widest(QFormLayout.ItemRole.FieldRole, minimum=True)
        margins = self.form.contentsMargins()
        beside = label + self.form.horizontalSpacing() + field + margins.left() + margins.right()
        policy = (
            QFormLayout.RowWrapPolicy.WrapAllRows
            if label > self.LABEL_SHARE * room or beside > room
            else QFormLayout.RowWrapPolicy.DontWrapRows
        )
        if self.form.rowWrapPolicy() != policy:
            self.form.setRowWrapPolicy(policy)

    def _widest(self, role: QFormLayout.ItemRole, *, minimum: bool) -> int:
        """The widest label (as it likes to be) or field (as narrow as it can be)."""
        widths = [
            item.minimumSize().width() if minimum else item.sizeHint().width()
            for row in range(self.form.rowCount())
            if (item := self.form.itemAt(row, role)) is not None and not item.isEmpty()
        ]
        return max(widths, default=0)
