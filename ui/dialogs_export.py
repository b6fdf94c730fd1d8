"""Home's batch export: every assessment of a date range as CSV, JSON, FHIR, a funders' summary,
item-level answers for an analyst (with a data dictionary) or each scale's reliability.

The export runs on the ``TaskRunner`` with a progress bar and Cancel; a cancelled
or failed export leaves no file (the core writes atomically). SQLite connections
belong to the thread that opened them, so the work opens its own connection on the
worker thread through ``open_db`` and closes it when done; the GUI's connection is
never shared. The core records the export in the audit log with the worker's
initials. When it is done the dialog says what was written and what the core noted
(the data dictionary beside an item-level export, records left out, "not validated").

Constructor::

    BatchExportDialog(
        runner,               # ui.tasks.TaskRunner
        export,               # ExportJob: (format, path, DateRange, progress, cancel)
                              #   -> ExportResult;
                              #   make_export_job(location, lambda: interpret(settings),
                              #   seal, staff=initials, locale=language) builds one from
                              #   the database file and the settings in force
        *,
        save_dialog=None,     # Callable[[QWidget, str, str], str]: (title, suggested) -> path
        today=None,           # datetime.date for the default range (tests)
        parent=None,
    )
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.messages import N_
from readiness.progress import Cancelled, CancelToken, Progress
from readiness.store.export_queries import DateRange

from .language import _, error_text, ngettext, render
from .tasks import TaskHandle, TaskRunner

if TYPE_CHECKING:
    from readiness.interpret import Interpretation
    from readiness.protection.sealing import AgencyPublicKey
    from readiness.reports.export_common import ExportResult
    from readiness.store.database import DatabaseLocation

ExportJob = Callable[[str, Path, DateRange, Progress, CancelToken], "ExportResult"]
SaveDialog = Callable[[QWidget, str, str], str]

FORMATS = (
    ("csv", N_("CSV: one row per assessment (spreadsheets)")),
    ("json", N_("JSON: whole assessment documents (to import elsewhere)")),
    ("fhir", N_("FHIR R4: QuestionnaireResponse and Observation bundles (NDJSON)")),
    ("summary", N_("Summary for funders: de-identified counts (CSV)")),
    ("items", N_("Item-level answers for an analyst: codes, with a data dictionary (CSV)")),
    ("reliability", N_("Reliability of each scale: Cronbach's alpha, not validated (CSV)")),
)


def make_export_job(
    location: DatabaseLocation,
    inputs: Callable[[], Interpretation],
    seal: AgencyPublicKey | None = None,
    *,
    staff: str,
    locale: str = "en",
) -> ExportJob:
    """An ``ExportJob`` that opens its own connection (same file, same key) on the worker thread.

    ``staff`` (the worker's initials) is written with the export's audit entry; ``locale``
    is the language of the words in the summary and the reliability report.
    """

    def job(
        kind: str, path: Path, dates: DateRange, progress: Progress, cancel: CancelToken
    ) -> ExportResult:
        from readiness.reports.jobs import run_export

        db = location.open()
        try:
            return run_export(
                db,
                kind,
                path,
                inputs(),
                dates,
                staff=staff,
                locale=locale,
                progress=progress,
                cancel=cancel,
                seal=seal,
            )
        finally:
            db.close()

    return job


def _save_dialog(parent: QWidget, title: str, suggested: str) -> str:
    from PySide6.QtWidgets import QFileDialog

    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested)
    return path


class BatchExportDialog(QDialog):
    """Choose a format, a date range and a file; export with progress and Cancel."""

    def __init__(
        self,
        runner: TaskRunner,
        export: ExportJob,
        *,
        save_dialog: SaveDialog | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._export = export
        self._save_dialog = save_dialog or _save_dialog
        self._handle: TaskHandle[ExportResult] | None = None
        self.result_value: ExportResult | None = None
        today = today or date.today()

        self.format = QComboBox()
        for code, label in FORMATS:
            self.format.addItem(_(label), code)
        self.all_dates = QCheckBox()
        self.since = QDateEdit(QDate(today.year, 1, 1))
        self.until = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.all_dates.toggled.connect(self._dates_enabled)
        self.path = QLineEdit()
        self.choose = QPushButton()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.close_button = QPushButton()

        self.format_label, self.range_label, self.file_label = QLabel(), QLabel(), QLabel()
        dates = QWidget()
        dates_layout = QHBoxLayout(dates)
        dates_layout.setContentsMargins(0, 0, 0, 0)
        self.to_label = QLabel()
        for widget in (self.since, self.to_label, self.until, self.all_dates):
            dates_layout.addWidget(widget)
        dates_layout.addStretch(1)
        file_row = QWidget()
        file_layout = QHBoxLayout(file_row)
        file_layout.setContentsMargins(0, 0, 0, 0)
        file_layout.addWidget(self.path, 1)
        file_layout.addWidget(self.choose)
        form = QFormLayout()
        form.addRow(self.format_label, self.format)
        form.addRow(self.range_label, dates)
        form.addRow(self.file_label, file_row)
        self.format_label.setBuddy(self.format)
        self.range_label.setBuddy(self.since)
        self.file_label.setBuddy(self.path)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.export_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.choose.clicked.connect(self._choose_file)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self.format.currentIndexChanged.connect(self._suggest_suffix)
        self.cancel_button.setEnabled(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Export assessments"))
        self.setAccessibleName(_("Export assessments"))
        self.format_label.setText(_("&Format"))
        self.format.setAccessibleName(_("Export format"))
        self.range_label.setText(_("&Created between"))
        self.to_label.setText(_("and"))
        self.since.setAccessibleName(_("First day"))
        self.until.setAccessibleName(_("Last day"))
        self.all_dates.setText(_("All dates"))
        self.all_dates.setAccessibleName(_("Export assessments of all dates"))
        self.file_label.setText(_("F&ile"))
        self.path.setAccessibleName(_("File to write"))
        self.choose.setText(_("C&hoose…"))
        self.choose.setAccessibleName(_("Choose the file to write"))
        self.export_button.setText(_("&Export"))
        self.export_button.setAccessibleName(_("Start the export"))
        self.cancel_button.setText(_("&Cancel export"))
        self.cancel_button.setAccessibleName(_("Cancel the export"))
        self.close_button.setText(_("C&lose"))
        self.close_button.setAccessibleName(_("Close this window"))
        self.progress.setAccessibleName(_("Export progress"))
        self.status.setAccessibleName(_("Export status"))

    @property
    def kind(self) -> str:
        return str(self.format.currentData())

    def date_range(self) -> DateRange:
        if self.all_dates.isChecked():
            return DateRange()
        first, last = self.since.date(), self.until.date()
        return DateRange(
            date(first.year(), first.month(), first.day()),
            date(last.year(), last.month(), last.day()),
        )

    def _suffix(self) -> str:
        from readiness.reports.jobs import ExportFormat

        return ExportFormat(self.kind).suffix

    def _suggest_suffix(self) -> None:
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(self._suffix())))

    def _choose_file(self) -> None:
        suggested = self.path.text() or f"readiness-{self.kind}{self._suffix()}"
        chosen = self._save_dialog(self, _("Export to"), suggested)
        if chosen:
            self.path.setText(chosen)

    def start(self) -> None:
        """Start the export with the chosen format, range and file."""
        if self._handle is not None:
            return
        text = self.path.text().strip()
        if not text:
            self._show(_("Choose a file to write first."))
            return
        dates = self.date_range()
        if dates.since and dates.until and dates.since > dates.until:
            self._show(_("The first day is after the last day."))
            return
        kind, path = self.kind, Path(text)

        def work(progress: Progress, cancel: CancelToken) -> ExportResult:
            return self._export(kind, path, dates, progress, cancel)

        self._busy(True)
        self._show(_("Exporting…"))
        self._handle = self._runner.start(
            work, on_done=self._done, on_error=self._failed, on_progress=self._progress
        )

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._show(_("Stopping…"))

    def _progress(self, fraction: float | None, _message: str) -> None:
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(round(fraction * 100))

    def _done(self, result: ExportResult) -> None:
        self._handle = None
        self._busy(False)
        self.result_value = result
        done = ngettext(
            "Exported {count} assessment to {path}.",
            "Exported {count} assessments to {path}.",
            result.count,
        ).format(count=result.count, path=result.path)
        self._show("\n".join([done, *(render(note) for note in result.notes)]))

    def _failed(self, error: BaseException) -> None:
        self._handle = None
        self._busy(False)
        if isinstance(error, Cancelled):
            self._show(_("Export cancelled; no file was written."))
        elif isinstance(error, ReadinessError):
            self._show(error_text(error))
        else:
            self._show(_("The export failed ({kind}).").format(kind=type(error).__name__))

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setValue(0)
        self.export_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.close_button.setEnabled(not busy)
        for widget in (self.format, self.path, self.choose, self.all_dates):
            widget.setEnabled(not busy)
        self._dates_enabled()

    def _dates_enabled(self) -> None:
        usable = self.export_button.isEnabled() and not self.all_dates.isChecked()
        self.since.setEnabled(usable)
        self.until.setEnabled(usable)

    def _show(self, message: str) -> None:
        self.status.setText(message)
        self.status.setAccessibleDescription(message)

    def reject(self) -> None:
        """Closing while exporting cancels the export first."""
        if self._handle is not None:
            self.cancel()
            return
        super().reject()
