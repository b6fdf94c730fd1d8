"""Read-only Qt item models over core objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from readiness.i18n import _
from readiness.model import AssessmentStatus

if TYPE_CHECKING:
    from readiness.store.listing import AssessmentPage, AssessmentSummary

_Index = QModelIndex | QPersistentModelIndex


def status_text(status: AssessmentStatus) -> str:
    """The status as the worker reads it."""
    return _("In progress") if status is AssessmentStatus.DRAFT else _("Complete")


class AssessmentTableModel(QAbstractTableModel):
    """One page of assessments: code, started, last change, status, staff."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self._items: tuple[AssessmentSummary, ...] = ()

    def headers(self) -> list[str]:
        return [_("Code"), _("Started"), _("Last change"), _("Status"), _("Staff")]

    def set_page(self, page: AssessmentPage) -> None:
        self.beginResetModel()
        self._items = page.items
        self.endResetModel()

    def item(self, row: int) -> AssessmentSummary:
        return self._items[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else 5

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == self.ID_ROLE:
            return item.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        column = index.column()
        if column == 0:
            return item.service_user_code
        if column == 1:
            return item.created.astimezone().strftime("%Y-%m-%d %H:%M")
        if column == 2:
            return item.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        if column == 3:
            return status_text(item.status)
        return item.staff_initials

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None
