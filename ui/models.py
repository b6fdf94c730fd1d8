"""Read-only Qt item models over core objects.

``AssessmentTableModel`` is lazy: it holds the rows read so far and reads the next
chunk when the view scrolls near the end (Qt's ``canFetchMore``/``fetchMore``). Each
chunk is one indexed query (``readiness.store.listing``), and chunks grow from
``FIRST_CHUNK`` to ``LARGEST_CHUNK`` rows while the worker keeps scrolling, so even
100,000 assessments scroll without a pause the worker can notice. The "Follow-up"
column says what is due for the person on their newest assessment (a follow-up from
the plan, or a reassessment after the agency's interval) in words, in bold.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QFont

from readiness.model import AssessmentStatus
from readiness.summaries import Due, DueRule

from .language import _

if TYPE_CHECKING:
    from readiness.summaries import AssessmentChunk, AssessmentSummary, ListPosition

_Index = QModelIndex | QPersistentModelIndex

FIRST_CHUNK = 200
LARGEST_CHUNK = 500
FREE_SLICE = 5000
"""Rows let go per turn of the event loop after a reset (a few milliseconds each)."""


def status_text(status: AssessmentStatus) -> str:
    """The status as the worker reads it."""
    return _("In progress") if status is AssessmentStatus.DRAFT else _("Complete")


def visit_text(item: AssessmentSummary) -> str:
    """Which of the person's assessments this is, e.g. ``2 of 3``."""
    if not item.visits:
        return ""
    return _("{visit} of {visits}").format(visit=item.visit, visits=item.visits)


def follow_up_text(item: AssessmentSummary, rule: DueRule) -> str:
    """What is due for the person, on their newest assessment only ("" for nothing)."""
    due = item.due(rule)
    if due is Due.REASSESSMENT:
        return _("Reassess now")
    if item.follow_up_due is None or not item.newest:
        return ""
    day = item.follow_up_due.isoformat()
    if due is Due.FOLLOW_UP:
        return _("Due {day}").format(day=day)
    return _("Next {day}").format(day=day)


class ChunkSource(Protocol):
    """What the model reads from: ``readiness.store.listing.AssessmentListing``."""

    counted_exactly: bool

    def count(self) -> int: ...

    def chunk(self, after: ListPosition | None = None, limit: int = ...) -> AssessmentChunk: ...


class AssessmentTableModel(QAbstractTableModel):
    """Assessments, newest first: code, started, last change, status, staff, visit, follow-up.

    Rows arrive a chunk at a time from a ``ChunkSource``; ``set_source`` starts over
    (a new filter, or the list changed).
    """

    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    CODE, STARTED, UPDATED, STATUS, STAFF, VISIT, FOLLOW_UP = range(7)

    def __init__(self) -> None:
        super().__init__()
        self._items: list[AssessmentSummary] = []
        self._source: ChunkSource | None = None
        self._after: ListPosition | None = None
        self._more = False
        self._next_size = FIRST_CHUNK
        self._discarded: list[AssessmentSummary] = []
        self.total = 0
        self.total_exact = True
        self.rule = DueRule(date.today(), 0)
        """The day and reassessment interval the "Follow-up" column is worked out with."""

    def headers(self) -> list[str]:
        return [
            _("Code"),
            _("Started"),
            _("Last change"),
            _("Status"),
            _("Staff"),
            _("Visit"),
            _("Follow-up"),
        ]

    def set_source(self, source: ChunkSource | None, rule: DueRule | None = None) -> None:
        """Show the list ``source`` gives, from its first chunk (None: an empty list); ``rule``
        says what is due (today; no reassessments when None)."""
        self.beginResetModel()
        self.rule = rule or DueRule(date.today(), 0)
        self._source = source
        self._let_go(self._items)
        self._items = []
        self._after = None
        self._next_size = FIRST_CHUNK
        self._more = source is not None
        self.total = source.count() if source is not None else 0
        self.total_exact = source.counted_exactly if source is not None else True
        if source is not None:
            self._items = list(self._next_chunk())
        self.endResetModel()

    def _let_go(self, rows: list[AssessmentSummary]) -> None:
        """Free rows a slice at a time: freeing 100,000 at once holds the screen ~25 ms."""
        if len(rows) <= FREE_SLICE:
            return
        if not self._discarded:
            QTimer.singleShot(0, self._free_slice)
        self._discarded.extend(rows)
        rows.clear()

    def _free_slice(self) -> None:
        del self._discarded[-FREE_SLICE:]
        if self._discarded:
            QTimer.singleShot(0, self._free_slice)

    def _next_chunk(self) -> tuple[AssessmentSummary, ...]:
        """Read the rows after the last one held; chunks double up to ``LARGEST_CHUNK``."""
        assert self._source is not None
        chunk = self._source.chunk(self._after, self._next_size)
        self._after = chunk.after
        self._more = chunk.after is not None
        self._next_size = min(self._next_size * 2, LARGEST_CHUNK)
        return chunk.items

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt API
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt API
        if parent.isValid() or not self._more or self._source is None:
            return
        items = self._next_chunk()
        if items:
            first = len(self._items)
            self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
            self._items.extend(items)
            self.endInsertRows()

    def item(self, row: int) -> AssessmentSummary:
        return self._items[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.headers())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        if role == self.ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.FontRole:
            if index.column() != self.FOLLOW_UP or item.due(self.rule) is None:
                return None
            bold = QFont()  # the application's font as it is now (text size can change)
            bold.setBold(True)
            return bold
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        column = index.column()
        if column == self.CODE:
            return item.service_user_code
        if column == self.STARTED:
            return item.created.astimezone().strftime("%Y-%m-%d %H:%M")
        if column == self.UPDATED:
            return item.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        if column == self.STATUS:
            return status_text(item.status)
        if column == self.STAFF:
            return item.staff_initials
        if column == self.FOLLOW_UP:
            return follow_up_text(item, self.rule)
        return visit_text(item)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None
