"""Home: every assessment, newest first, searchable by code and status, read as it scrolls.

From here the worker starts a new intake, resumes one, or opens a person's
assessments over time. The table's model reads the list a chunk at a time as it
scrolls (``ui.models.AssessmentTableModel``); each chunk and each count is one
indexed query (a few milliseconds even with 100,000 assessments), so they run on
the GUI thread. The "Visit" column says which of the person's assessments a row is,
and "Follow-up" what is due for the person; the filter can show only the people whose
follow-up is due, or whose reassessment is (the interval comes from Settings).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from readiness.model import AssessmentStatus
from readiness.summaries import Due, DueRule

from ..language import _, ngettext
from ..models import AssessmentTableModel
from ..widgets.fitted_columns import fit_columns

if TYPE_CHECKING:
    from readiness.session.records import Records


class HomePage(QWidget):
    """The list of assessments with search, a status filter, New, Open and Person.

    Signals:
        new_intake_requested()
        open_requested(assessment_id: str)
        person_requested(service_user_id: str)
        export_requested()
        practice_requested()
    """

    new_intake_requested = Signal()
    open_requested = Signal(str)
    person_requested = Signal(str)
    export_requested = Signal()
    practice_requested = Signal()

    def __init__(
        self,
        records: Records | None = None,
        *,
        reassess_after_days: Callable[[], int] = lambda: 0,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self._records = records
        self._reassess_after_days = reassess_after_days
        self._today = today
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
        self.person_button = QPushButton()
        self.person_button.setEnabled(False)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        fit_columns(self.table)  # dates whole at any text size, the spare width shared
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)

        # Search after a short pause in typing, not on every key.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.refresh)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.status_filter, 1)
        top.addWidget(self.new_button)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.person_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.practice_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(actions)

        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.refresh)
        self.status_filter.currentIndexChanged.connect(lambda _index: self.refresh())
        self.new_button.clicked.connect(self.new_intake_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.practice_button.clicked.connect(self.practice_requested)
        self.open_button.clicked.connect(self._open_selected)
        self.person_button.clicked.connect(self._show_person)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.activated.connect(self._on_activated)
        self._double_clicked = False
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
        self.status_filter.addItem(_("All"), "")
        self.status_filter.addItem(_("In progress"), AssessmentStatus.DRAFT.value)
        self.status_filter.addItem(_("Complete"), AssessmentStatus.COMPLETE.value)
        self.status_filter.addItem(_("Follow-up due"), Due.FOLLOW_UP.value)
        self.status_filter.addItem(_("Reassessment due"), Due.REASSESSMENT.value)
        self.status_filter.setCurrentIndex(max(current, 0))
        self.status_filter.blockSignals(False)
        self.status_filter.setAccessibleName(_("Show assessments"))
        self.new_button.setText(_("&New intake"))
        self.new_button.setAccessibleName(_("New intake"))
        self.open_button.setText(_("&Open"))
        self.open_button.setAccessibleName(_("Open the selected assessment"))
        self.person_button.setText(_("&Person's assessments"))
        self.person_button.setAccessibleName(_("Show the person's assessments over time"))
        self.person_button.setAccessibleDescription(
            _("Every assessment of the selected person and what changed between them")
        )
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
        self.table.setAccessibleDescription(
            _(
                "Newest first. Press Enter to open one; double-click a code to see "
                "that person's assessments over time."
            )
        )
        self.table.horizontalHeader().setAccessibleName(_("Columns"))
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
        )
        self._update_labels()

    @property
    def records(self) -> Records | None:
        """The records whose assessments are shown."""
        return self._records

    def set_practice(self, on: bool, *, can_leave: bool = True) -> None:
        """Say on the practice button whether the fictional people are shown; without
        ``can_leave`` (the app opened a practice file) there is nothing to switch to."""
        self._practice = on
        self.practice_button.setVisible(can_leave or not on)
        self.retranslate()

    def set_records(self, records: Records) -> None:
        """Show the assessments of ``records`` (they open after the window shows)."""
        self._records = records
        self.refresh()

    def refresh(self) -> None:
        """Read the list again from the top with the current search and status filter."""
        self._search_timer.stop()
        if self._records is None:
            return
        chosen = str(self.status_filter.currentData() or "")
        statuses = {status.value: status for status in AssessmentStatus}
        dues = {due.value: due for due in Due}
        rule = DueRule(self._today(), self._reassess_after_days())
        self.model.set_source(
            self._records.listing(
                code_prefix=self.search.text(),
                status=statuses.get(chosen),
                due=dues.get(chosen),
                rule=rule,
            ),
            rule,
        )
        self._on_selection_changed()
        self._update_labels()

    def _on_selection_changed(self) -> None:
        chosen = self.table.selectionModel().hasSelection()
        self.open_button.setEnabled(chosen)
        self.person_button.setEnabled(chosen)

    def _update_labels(self) -> None:
        total = self.model.total
        if total and not self.model.total_exact:
            # Counting every match of a short code prefix is slow; the model estimates.
            self.empty_label.setText(
                ngettext("About {count} assessment", "About {count} assessments", total).format(
                    count=total
                )
            )
        elif total:
            self.empty_label.setText(
                ngettext("{count} assessment", "{count} assessments", total).format(count=total)
            )
        elif self.search.text().strip():
            self.empty_label.setText(_("No assessments match this code."))
        elif self.status_filter.currentData() == Due.FOLLOW_UP.value:
            self.empty_label.setText(_("No follow-ups are due."))
        elif self.status_filter.currentData() == Due.REASSESSMENT.value:
            if self._reassess_after_days() > 0:
                self.empty_label.setText(_("No reassessments are due."))
            else:
                self.empty_label.setText(
                    _(
                        "Reassessment reminders are off. To turn them on, choose a number of "
                        "days in Settings, Reassess after."
                    )
                )
        else:
            self.empty_label.setText(_("No assessments yet. Choose New intake to start one."))

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _open_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.open_requested.emit(self.model.item(row).id)

    def _show_person(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.person_requested.emit(self.model.item(row).service_user_id)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        """A double-click on the code shows the person; anywhere else opens the assessment."""
        # Qt follows a double-click with ``activated`` (Enter's signal): act only once.
        self._double_clicked = True
        QTimer.singleShot(0, self._forget_double_click)
        if index.column() == AssessmentTableModel.CODE:
            self.person_requested.emit(self.model.item(index.row()).service_user_id)
        else:
            self.open_requested.emit(self.model.item(index.row()).id)

    def _forget_double_click(self) -> None:
        self._double_clicked = False

    def _on_activated(self, index: QModelIndex) -> None:
        """Enter on a row opens that row (the current one, even before Space selected it)."""
        if self._double_clicked:
            return
        if index.isValid():
            self.open_requested.emit(self.model.item(index.row()).id)
        else:
            self._open_selected()
