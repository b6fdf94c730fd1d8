"""Home: every assessment, newest first, searchable by code and paged for large lists.

From here the worker starts a new intake or resumes one. Each page of rows is one
indexed query (a few milliseconds even with 100,000 assessments), so it runs on the
GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from readiness.i18n import _
from readiness.model import AssessmentStatus
from readiness.store.listing import DEFAULT_PAGE_SIZE, list_assessments
from ui.models import AssessmentTableModel

if TYPE_CHECKING:
    from sqlite_utils import Database


class HomePage(QWidget):
    """The list of assessments with search, a status filter, paging, New and Resume.

    Signals:
        new_intake_requested()
        open_requested(assessment_id: str)
    """

    new_intake_requested = Signal()
    open_requested = Signal(str)
    export_requested = Signal()
    practice_requested = Signal()

    def __init__(self, db: Database | None = None, page_size: int = DEFAULT_PAGE_SIZE) -> None:
        super().__init__()
        self._db = db
        self._page = 1
        self._page_size = page_size
        self._page_count = 1
        self._total = 0
        self.model = AssessmentTableModel()

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.new_button = QPushButton()
        self.export_button = QPushButton()
        self.practice_button = QPushButton()
        self._practice = False
        self.open_button = QPushButton()
        self.open_button.setEnabled(False)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.previous_button = QPushButton()
        self.next_button = QPushButton()
        self.page_label = QLabel()
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)

        # Search after a short pause in typing, not on every key.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self._first_page)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.status_filter, 1)
        top.addWidget(self.new_button)
        paging = QHBoxLayout()
        paging.addWidget(self.open_button)
        paging.addWidget(self.export_button)
        paging.addWidget(self.practice_button)
        paging.addStretch(1)
        paging.addWidget(self.previous_button)
        paging.addWidget(self.page_label)
        paging.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(paging)

        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._first_page)
        self.status_filter.currentIndexChanged.connect(lambda _index: self._first_page())
        self.new_button.clicked.connect(self.new_intake_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.practice_button.clicked.connect(self.practice_requested)
        self.open_button.clicked.connect(self._open_selected)
        self.table.doubleClicked.connect(lambda _index: self._open_selected())
        self.table.activated.connect(lambda _index: self._open_selected())
        self.previous_button.clicked.connect(lambda: self.show_page(self._page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self._page + 1))
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.title.setText(_("Assessments"))
        self.search.setPlaceholderText(_("Search by service-user code"))
        self.search.setAccessibleName(_("Search by code"))
        self.search.setAccessibleDescription(_("Shows assessments whose code starts with this"))
        current = self.status_filter.currentIndex()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(_("All"), None)
        self.status_filter.addItem(_("In progress"), AssessmentStatus.DRAFT)
        self.status_filter.addItem(_("Complete"), AssessmentStatus.COMPLETE)
        self.status_filter.setCurrentIndex(max(current, 0))
        self.status_filter.blockSignals(False)
        self.status_filter.setAccessibleName(_("Show assessments"))
        self.new_button.setText(_("&New intake"))
        self.new_button.setAccessibleName(_("New intake"))
        self.open_button.setText(_("&Open"))
        self.open_button.setAccessibleName(_("Open the selected assessment"))
        if self._practice:
            self.practice_button.setText(_("&Leave practice mode"))
            self.practice_button.setAccessibleName(_("Leave practice mode"))
        else:
            self.practice_button.setText(_("Pr&actice mode"))
            self.practice_button.setAccessibleName(_("Practice mode"))
        self.practice_button.setAccessibleDescription(
            _("Train with fictional people, kept apart from real data")
        )
        self.export_button.setText(_("&Export…"))
        self.export_button.setAccessibleName(_("Export assessments for the agency"))
        self.export_button.setAccessibleDescription(
            _("CSV, JSON, FHIR or a de-identified summary over a date range")
        )
        self.table.setAccessibleName(_("Assessments"))
        self.table.setAccessibleDescription(_("Newest first. Press Enter to open one."))
        self.table.horizontalHeader().setAccessibleName(_("Columns"))
        self.previous_button.setText(_("< &Previous"))
        self.previous_button.setAccessibleName(_("Previous page"))
        self.next_button.setText(_("Ne&xt >"))
        self.next_button.setAccessibleName(_("Next page"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        self._update_labels()

    @property
    def database(self) -> Database | None:
        """The database whose assessments are shown."""
        return self._db

    def set_practice(self, on: bool) -> None:
        """Say on the practice button whether the fictional people are shown."""
        self._practice = on
        self.retranslate()

    def set_database(self, db: Database) -> None:
        """Show the assessments of ``db`` (the database opens after the window shows)."""
        self._db = db
        self.refresh()

    def refresh(self) -> None:
        """Reload the current page (after an intake was started, completed or imported)."""
        self.show_page(self._page)

    def _first_page(self) -> None:
        self.show_page(1)

    def show_page(self, page: int) -> None:
        if self._db is None:
            return
        status = self.status_filter.currentData()
        result = list_assessments(
            self._db,
            page=max(1, page),
            page_size=self._page_size,
            code_prefix=self.search.text(),
            status=status,
        )
        if result.page > result.page_count and result.total:
            self.show_page(result.page_count)
            return
        self._page, self._page_count, self._total = result.page, result.page_count, result.total
        self.model.set_page(result)
        self.open_button.setEnabled(False)
        self._update_labels()

    def _on_selection_changed(self) -> None:
        self.open_button.setEnabled(self.table.selectionModel().hasSelection())

    def _update_labels(self) -> None:
        total = self._total
        self.page_label.setText(
            _("Page {page} of {pages}").format(page=self._page, pages=self._page_count)
        )
        self.page_label.setAccessibleName(self.page_label.text())
        self.previous_button.setEnabled(self._page > 1)
        self.next_button.setEnabled(self._page < self._page_count)
        if total:
            self.empty_label.setText(_("{count} assessments").format(count=total))
        elif self.search.text().strip():
            self.empty_label.setText(_("No assessments match this code."))
        else:
            self.empty_label.setText(_("No assessments yet. Choose New intake to start one."))

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_requested.emit(self.model.item(rows[0].row()).id)
