"""Table columns as wide as their content, with the spare width shared between them.

Qt's header can stretch every column to share the width (dates were cut short on
Home at the normal text size) or size each to its content (leaving a gap, or one
stretched last column); ``fit_columns`` does both: each column gets the width its
header and its shown rows need, and whatever width is left is shared out. When the
table is narrower than the content (200 % text), it scrolls sideways instead of
cutting a value short. The sizes are worked out once per turn of the event loop,
however many changes arrive in it, and only while the table is shown (measuring a
column reads every row of a hidden table): Home filled at start-up took nine fits.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView


class _ColumnFitter(QObject):
    """Lives in the table (Qt owns it); sizes its columns when the table, its font or its
    rows change."""

    WATCHED = (
        QEvent.Type.Resize,
        QEvent.Type.FontChange,
        QEvent.Type.StyleChange,
        QEvent.Type.Show,
    )

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self._due = QTimer(self)
        self._due.setSingleShot(True)
        self._due.setInterval(0)
        self._due.timeout.connect(self.fit)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.installEventFilter(self)
        table.viewport().installEventFilter(self)
        model = table.model()
        model.modelReset.connect(self._due.start)
        model.rowsInserted.connect(self._due.start)
        model.headerDataChanged.connect(self._due.start)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in self.WATCHED:
            self._due.start()
        return False

    def fit(self) -> None:
        table = self._table
        if not table.isVisible():
            return  # fitted when it is shown
        header = table.horizontalHeader()
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not columns:
            return
        needs = [max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) for c in columns]
        spare = max(0, table.viewport().width() - sum(needs))
        share, left_over = divmod(spare, len(columns))
        for place, column in enumerate(columns):
            width = needs[place] + share + (1 if place < left_over else 0)
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


def fit_columns(table: QTableView) -> None:
    """Keep ``table``'s columns as wide as their content, sharing out the spare width
    (set its model first)."""
    _ColumnFitter(table)
