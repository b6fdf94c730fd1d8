"""One person's assessments over time, and how each domain and channel verdict changed.

The page lists the person's assessments (date, status, staff initials) at once, then
works out every assessment's results again on the ``TaskRunner`` (about 3 ms each,
off the GUI thread, with progress and Stop) and shows two tables, areas and ways to
connect, one column per assessment. A level that moved since the assessment before
carries ▲ or ▼ and says so in words for screen readers; colour is never the only sign.
The preferred name, if any, is shown here on screen only. At the top, "Since last
time" (``ui.widgets.since_last_time``) says what is due, how the last plan went
(its open items with who and when) and, once worked out, what changed between the
last two assessments.

From here the worker opens any of the assessments or starts a new one for the same
person (a reassessment: the New intake form gets only the code; the new plan starts
from the last plan's open items, marked as carried over, and nothing else is filled
in; the results step then shows the previous results beside the new ones).

Constructor::

    PersonPage(
        tasks,              # ui.tasks.TaskRunner
        assess_with,        # Callable[[], Assess]: called on the GUI thread, gives the function
                            #   that works out one document's results under the interpretation
                            #   in force (readiness.interpret)
        records=None,       # readiness.session.records.Records (may come later: set_records)
        *,
        reassess_after_days=lambda: 0,  # Callable[[], int]: Settings' reassessment interval
        today=date.today,   # Callable[[], date]
    )
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readiness.equity.history import Assess, Timeline, timeline_from_documents
from readiness.errors import ReadinessError
from readiness.progress import Cancelled
from readiness.summaries import AssessmentSummary, DueRule

from ..language import _, current_language, error_text, ngettext
from ..models import status_text
from ..tasks import TaskHandle, TaskRunner
from ..widgets.since_last_time import SinceLastTime
from ..widgets.timeline_tables import TimelineTables, fit_to_rows, read_only_table

if TYPE_CHECKING:
    from readiness.document import AssessmentDocument
    from readiness.equity.results import AssessmentResult
    from readiness.session.decided import Decided
    from readiness.session.records import Records

LOAD_SLICE = 10
"""Assessments read from the database per turn of the event loop (under 10 ms)."""


def _day(item: AssessmentSummary) -> str:
    return item.created.astimezone().strftime("%Y-%m-%d")


class PersonPage(QWidget):
    """A person's assessments over time; see the module docstring.

    Signals:
        open_requested(assessment_id: str)
        reassess_requested(code: str)   - start a new assessment for this person
        back_requested()
    """

    open_requested = Signal(str)
    reassess_requested = Signal(str)
    back_requested = Signal()

    def __init__(
        self,
        tasks: TaskRunner,
        assess_with: Callable[[], Assess],
        records: Records | None = None,
        *,
        reassess_after_days: Callable[[], int] = lambda: 0,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.setObjectName("personPage")
        self._tasks = tasks
        self._assess_with = assess_with
        self._records = records
        self._reassess_after_days = reassess_after_days
        self._today = today
        self.service_user_id: str | None = None
        self.code = ""
        self._preferred_name = ""
        self.items: tuple[AssessmentSummary, ...] = ()
        self.timeline: Timeline | None = None
        self._task: TaskHandle[Timeline] | None = None
        self._generation = 0
        self._pending: list[str] = []
        self._documents: list[AssessmentDocument] = []
        self._kept: dict[str, Decided] = {}
        self._state = "empty"  # empty, working, done, stopped, failed, no_assessments
        self._error = ""
        self._build()
        self.retranslate()

    # -- layout ---------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.name_label = QLabel()
        self.name_label.setWordWrap(True)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.assessments = read_only_table()
        self.assessments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.assessments.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.assessments.setColumnCount(4)
        self.assessments.verticalHeader().hide()
        self.assessments.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.assessments.itemSelectionChanged.connect(self._on_selection_changed)
        # Enter, and a double-click (Qt activates an item on it): open that assessment.
        self.assessments.itemActivated.connect(lambda _item: self._open_selected())
        self.open_button = QPushButton()
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_selected)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(lambda: self.reassess_requested.emit(self.code))
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop)
        self.recalculate_button = QPushButton()
        self.recalculate_button.clicked.connect(self.calculate)
        self.since = SinceLastTime()
        self.tables = TimelineTables()
        self.domains_table = self.tables.domains_table
        self.channels_table = self.tables.channels_table
        self.changes_label = self.tables.changes_label

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.recalculate_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        working = QHBoxLayout()
        working.addWidget(self.progress, 1)
        working.addWidget(self.stop_button)
        body = QWidget()
        column = QVBoxLayout(body)
        for widget in (self.summary_label, self.since, self.assessments, self.tables):
            column.addWidget(widget)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.name_label)
        layout.addLayout(buttons)
        layout.addLayout(working)
        layout.addWidget(self.status_label)
        layout.addWidget(self.scroll_area, 1)

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.open_button.setText(_("&Open"))
        self.open_button.setAccessibleName(_("Open the selected assessment"))
        self.new_button.setText(_("&New assessment for this person"))
        self.new_button.setAccessibleName(_("New assessment for this person"))
        self.new_button.setAccessibleDescription(
            _(
                "Starts a reassessment from the last plan: its open items are carried over "
                "and marked. Nothing else is filled in; the results show what changed."
            )
        )
        self.back_button.setText(_("&Back to Home"))
        self.back_button.setAccessibleName(_("Back to Home"))
        self.progress.setAccessibleName(_("Working out the results"))
        self.stop_button.setText(_("&Stop"))
        self.stop_button.setAccessibleName(_("Stop working out the results"))
        self.recalculate_button.setText(_("Recalculate"))
        self.recalculate_button.setAccessibleName(_("Recalculate the results"))
        self.assessments.setAccessibleName(_("Assessments of this person"))
        self.assessments.setAccessibleDescription(_("Oldest first. Press Enter to open one."))
        self.assessments.setHorizontalHeaderLabels(
            [_("Visit"), _("Started"), _("Status"), _("Staff")]
        )
        self.assessments.horizontalHeader().setAccessibleName(_("Columns"))
        self.since.retranslate()
        self.tables.retranslate()
        self._show_person()
        self._show_state()
        self._show_timeline()

    # -- data -----------------------------------------------------------------------

    def set_records(self, records: Records) -> None:
        """Use ``records`` from now on (other records: forget the person shown)."""
        self._records = records
        self.clear()

    def clear(self) -> None:
        """Show no one (a database was switched)."""
        self.stop()
        self.service_user_id, self.code, self._preferred_name = None, "", ""
        self.items, self.timeline, self._state = (), None, "empty"
        self.since.clear()
        self.retranslate()

    def show_person(self, service_user_id: str) -> None:
        """Show the person's assessments now, then work out how their results changed."""
        assert self._records is not None, "show_person() needs the records"
        user = self._records.person(service_user_id)
        self.service_user_id, self.code = user.id, user.code
        self._preferred_name = user.preferred_name or ""
        self.items = self._records.person_assessments(user.id)
        self.timeline = None
        self.since.clear()
        self.retranslate()
        self.calculate()

    def refresh(self) -> None:
        """Show the same person again if an assessment was added or changed since."""
        if self.service_user_id is None or self._records is None:
            return
        if self._records.person_assessments(self.service_user_id) != self.items or (
            self.timeline is None and not self.working
        ):
            self.show_person(self.service_user_id)

    def calculate(self) -> None:
        """Read the person's assessments, then work out their results off the GUI thread."""
        if self._records is None or self.service_user_id is None:
            return
        self.stop()
        if not self.items:
            self._state = "no_assessments"
            self._show_state()
            return
        self._generation += 1
        self._pending = [item.id for item in self.items]
        self._documents = []
        self._state = "working"
        self.progress.setValue(0)
        self._show_state()
        self._load_slice(self._generation)

    def _load_slice(self, generation: int) -> None:
        """Read a few documents, then let the event loop run before reading more.

        The records stay on the GUI thread (``ui.tasks``); a slice of ``LOAD_SLICE``
        documents takes a few milliseconds, so a long history never holds the screen.
        """
        if generation != self._generation or self._records is None:
            return  # stopped, or another person was chosen
        batch, self._pending = self._pending[:LOAD_SLICE], self._pending[LOAD_SLICE:]
        try:
            self._documents += [self._records.document(key) for key in batch]
            self._kept.update(self._records.kept_results(batch))
        except ReadinessError as exc:
            self._failed(exc)
            return
        if self._pending:
            QTimer.singleShot(0, lambda: self._load_slice(generation))
            return
        documents, kept, live = self._documents, self._kept, self._assess_with()
        self._documents, self._kept = [], {}

        def assess(document: AssessmentDocument) -> AssessmentResult:
            """A completed assessment's kept result (the record), else worked out now."""
            stored = kept.get(document.assessment.id)
            return stored.result if stored is not None else live(document)

        rule = DueRule(self._today(), self._reassess_after_days())
        self.since.show_plan(self.items[-1], documents[-1].plan, rule)
        handle: TaskHandle[Timeline] = self._tasks.start(
            lambda progress, cancel: timeline_from_documents(documents, assess, progress, cancel),
            on_progress=lambda fraction, _message: self._on_progress(handle, fraction),
            on_done=lambda timeline: self._done(handle, timeline),
            on_error=lambda error: self._failed(error, handle),
        )
        self._task = handle

    def stop(self) -> None:
        """Stop reading and working out results (the list of assessments stays)."""
        self._generation += 1
        self._pending, self._documents, self._kept = [], [], {}
        if self._task is not None and self._task.running:
            self._task.cancel()
        self._task = None
        if self._state == "working":
            self._state = "stopped"
        self._show_state()

    @property
    def working(self) -> bool:
        """Whether results are being read or worked out now."""
        return self._state == "working"

    def _on_progress(self, handle: TaskHandle[Timeline], fraction: float | None) -> None:
        if handle is self._task and fraction is not None:
            self.progress.setValue(round(fraction * 100))

    def _done(self, handle: TaskHandle[Timeline], timeline: Timeline) -> None:
        if handle is not self._task:
            return  # a person shown before, or work that was stopped
        self._task = None
        self.timeline = timeline
        self.since.show_timeline(timeline)
        self._state = "done"
        self.progress.setValue(100)
        self._show_state()
        self._show_timeline()

    def _failed(self, error: BaseException, handle: TaskHandle[Timeline] | None = None) -> None:
        if handle is not None and handle is not self._task:
            return
        self._task = None
        if isinstance(error, Cancelled):
            self._state = "stopped"
        else:
            self._state, self._error = "failed", error_text(error)
        self._show_state()

    # -- showing --------------------------------------------------------------------

    def _show_person(self) -> None:
        if self.service_user_id is None:
            self.title.setText(_("Person"))
            self.name_label.hide()
            self.summary_label.clear()
            self.assessments.setRowCount(0)
            self.new_button.setEnabled(False)
            return
        self.title.setText(_("Assessments over time for {code}").format(code=self.code))
        self.title.setAccessibleName(self.title.text())
        self.name_label.setVisible(bool(self._preferred_name))
        self.name_label.setText(
            _("Preferred name (on screen only): {name}").format(name=self._preferred_name)
        )
        self.new_button.setEnabled(True)
        if self.items:
            self.summary_label.setText(
                ngettext(
                    "{count} assessment, from {first} to {last}.",
                    "{count} assessments, from {first} to {last}.",
                    len(self.items),
                ).format(
                    count=len(self.items), first=_day(self.items[0]), last=_day(self.items[-1])
                )
            )
        else:
            self.summary_label.setText(_("No assessments yet."))
        self.summary_label.setAccessibleName(self.summary_label.text())
        self.assessments.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = (
                str(item.visit),
                item.created.astimezone().strftime("%Y-%m-%d %H:%M"),
                status_text(item.status),
                item.staff_initials or "-",
            )
            for column, text in enumerate(cells):
                self.assessments.setItem(row, column, QTableWidgetItem(text))
        fit_to_rows(self.assessments, most=8)
        self._on_selection_changed()

    def _show_state(self) -> None:
        working = self._state == "working"
        self.progress.setVisible(working)
        self.stop_button.setVisible(working)
        self.recalculate_button.setVisible(self._state in ("stopped", "failed", "done"))
        texts = {
            "working": ngettext(
                "Working out the results of {count} assessment…",
                "Working out the results of {count} assessments…",
                len(self.items),
            ).format(count=len(self.items)),
            "stopped": _("Stopped. Choose Recalculate to work the results out."),
            "failed": _("The results could not be worked out: {error}").format(error=self._error),
            "no_assessments": _("No assessments yet."),
        }
        self.status_label.setText(texts.get(self._state, ""))
        self.status_label.setAccessibleName(self.status_label.text() or _("Status"))

    def _show_timeline(self) -> None:
        if self.timeline is not None:  # filled while hidden: no layout on every cell
            visits = {item.id: item.visit for item in self.items}
            self.tables.show_timeline(self.timeline, visits, current_language())
        self.tables.setVisible(self.timeline is not None)

    def _on_selection_changed(self) -> None:
        self.open_button.setEnabled(bool(self.assessments.selectedItems()))

    def _open_selected(self) -> None:
        rows = self.assessments.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.items):
            self.open_requested.emit(self.items[rows[0].row()].id)
