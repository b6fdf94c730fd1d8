"""The audit log on screen: the latest entries with a code and action filter, and a CSV export.

The table shows the newest ``SHOWN`` entries matching the filter (time in the
interface's language and this computer's time zone, staff initials, the action in
words, the service-user code, the detail). "Export as CSV…" writes every matching
entry, oldest first, on a worker thread with its own connection
(``on_own_connection``); the export records itself in the log. When the agency's
public key is set in Settings the file is sealed to it; otherwise the worker is
warned first that anyone who gets the file can read it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.messages import N_
from readiness.progress import Cancelled, CancelToken, Progress
from readiness.protection.audit import AuditAction, AuditEntry, AuditFilter

from ..language import _, error_text, format_datetime, ngettext, render
from ..tasks import TaskRunner
from ..widgets.flow_layout import FlowLayout
from .layout import make_table
from .open_records import OpenRecords, on_own_connection

if TYPE_CHECKING:
    from readiness.store.database import DatabaseLocation

    from .questions import Questions

SHOWN = 200
"""How many of the newest entries the table shows."""

ACTION_NAMES: dict[AuditAction, str] = {
    AuditAction.CREATED: N_("Added"),
    AuditAction.OPENED: N_("Opened"),
    AuditAction.CHANGED: N_("Changed"),
    AuditAction.COMPLETED: N_("Completed"),
    AuditAction.REOPENED: N_("Reopened"),
    AuditAction.RECOMPUTED: N_("Results recomputed"),
    AuditAction.IMPORTED: N_("Imported"),
    AuditAction.EXPORTED: N_("Exported"),
    AuditAction.DELETED: N_("Assessment deleted"),
    AuditAction.ERASED: N_("Person erased"),
    AuditAction.PURGED: N_("Old assessments purged"),
    AuditAction.RESTORED: N_("Restored from a backup"),
    AuditAction.PRINTED: N_("Printed"),
    AuditAction.SEALED: N_("File sealed"),
    AuditAction.BACKED_UP: N_("Backed up"),
    AuditAction.SETTINGS_CHANGED: N_("Settings changed"),
    AuditAction.PASSPHRASE_CHANGED: N_("Passphrase changed"),
}


def action_text(action: AuditAction | str) -> str:
    """The action in words in the current language (an unknown one as it was stored)."""
    name = ACTION_NAMES.get(action) if isinstance(action, AuditAction) else None
    return _(name) if name else str(action)


def write_audit_csv(
    location: DatabaseLocation,
    target: Path,
    filters: AuditFilter,
    *,
    staff: str,
    public_key: str,
    progress: Progress,
    cancel: CancelToken,
) -> int:
    """Export the matching entries to ``target`` on this thread's own connection; how many.

    With ``public_key`` (a PEM file) the CSV is sealed to it as it is written, so no
    plain copy ever reaches the disk.
    """
    from readiness.protection.sealing import load_public_key
    from readiness.reports.audit_csv import export_csv

    seal = load_public_key(public_key) if public_key else None
    return on_own_connection(
        location,
        lambda db: export_csv(
            db, target, filters, staff=staff, seal=seal, progress=progress, cancel=cancel
        ),
    )


class AuditTable(QWidget):
    """The audit log: filter by code and action, the newest entries, export as CSV."""

    def __init__(
        self,
        records: OpenRecords,
        tasks: TaskRunner,
        questions: Questions,
        *,
        staff: Callable[[], str],
        public_key: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._records = records
        self._tasks = tasks
        self._questions = questions
        self._staff = staff
        self._public_key = public_key
        self.export_handle: object | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = FlowLayout()
        self.code_label = QLabel(_("Service-user c&ode:"))
        self.code = QLineEdit()
        self.code.setMaxLength(32)
        self.code.setClearButtonEnabled(True)
        self.code.setPlaceholderText(_("Everyone"))
        self.code.setAccessibleName(_("Show entries for this service-user code"))
        self.code_label.setBuddy(self.code)
        self.action_label = QLabel(_("Ac&tion:"))
        self.action = QComboBox()
        self.action.addItem(_("All actions"), "")
        for action in AuditAction:
            self.action.addItem(action_text(action), action.value)
        self.action.setAccessibleName(_("Show entries for this action"))
        self.action_label.setBuddy(self.action)
        self.show_button = QPushButton(_("Sho&w"))
        self.show_button.setAccessibleName(_("Show the matching audit log entries"))
        for label, field in ((self.code_label, self.code), (self.action_label, self.action)):
            pair = QWidget()  # a label stays on the same line as its field
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            pair_layout.addWidget(label)
            pair_layout.addWidget(field)
            filters.addWidget(pair)
        filters.addWidget(self.show_button)
        layout.addLayout(filters)
        self.table = make_table(
            [_("Time"), _("Staff"), _("Action"), _("Code"), _("Detail")],
            _("Audit log, newest first"),
            12,
        )
        layout.addWidget(self.table)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("How many entries are shown"))
        layout.addWidget(self.summary)
        self.export_button = QPushButton(_("E&xport as CSV…"))
        self.export_button.setAccessibleName(_("Export the matching audit log entries as CSV"))
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.code.returnPressed.connect(self.refresh)
        self.action.activated.connect(lambda _index: self.refresh())
        self.show_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.export)
        self.refresh()

    def current_filter(self) -> AuditFilter | None:
        """The filter the fields ask for; None when no one has the code typed."""
        action = str(self.action.currentData() or "")
        actions = (AuditAction(action),) if action else ()
        code = self.code.text().strip()
        if not code:
            return AuditFilter(actions=actions)
        person = self._records.records.find_person(code)
        if person is None:
            return None
        return AuditFilter(service_user_id=person.id, actions=actions)

    def refresh(self, *, shown_anew: bool = True) -> None:
        """Show the newest entries matching the filter.

        Showing the log is itself audited when the worker asks for it (the page opens,
        Show, a filter); ``shown_anew`` False after an action here, which the log has
        just recorded, so the newest line is what was done.
        """
        from readiness.protection import audit

        filters = self.current_filter()
        if filters is None:
            self._fill([])
            self.summary.setText(
                _("No service user has the code {code}.").format(code=self.code.text().strip())
            )
            return
        if shown_anew:
            self._records.records.record_audit_log_shown(filters.service_user_id)
        db = self._records.database
        entries = audit.list_entries(db, filters, limit=SHOWN)
        total = audit.count_entries(db, filters)
        self._fill(entries)
        self.summary.setText(
            ngettext(
                "Entries shown: {shown} of {total}, newest first.",
                "Entries shown: {shown} of {total}, newest first.",
                total,
            ).format(shown=len(entries), total=total)
        )

    def _fill(self, entries: list[AuditEntry]) -> None:
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (
                format_datetime(entry.at),
                entry.staff_initials,
                action_text(entry.action),
                entry.service_user_code or "",
                entry.detail,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)

    # -- export ---------------------------------------------------------------------

    def export(self) -> None:
        """Ask where, warn if the file will not be sealed, then export on a worker thread."""
        filters = self.current_filter()
        if filters is None:
            self._questions.error(self.summary.text())
            return
        from readiness.protection.sealing import plain_export_warning

        public_key = self._public_key()
        if not public_key and not self._questions.confirm(
            _("Export the audit log"), render(plain_export_warning()), _("Export without sealing")
        ):
            return
        suggested = "audit-log.csv.sealed" if public_key else "audit-log.csv"
        kinds = _("Sealed files (*.sealed)") if public_key else _("CSV files (*.csv)")
        target = self._questions.save_path(_("Export the audit log"), suggested, kinds)
        if target is None:
            return
        self.start_export(target, filters, public_key)

    def start_export(self, target: Path, filters: AuditFilter, public_key: str) -> None:
        location, staff = self._records.location, self._staff()
        progress = QProgressDialog(_("Exporting the audit log…"), _("Cancel"), 0, 100, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAccessibleName(_("Exporting the audit log"))
        progress.setMinimumDuration(300)
        self.export_button.setEnabled(False)
        handle = self._tasks.start(
            lambda report, cancel: write_audit_csv(
                location,
                target,
                filters,
                staff=staff,
                public_key=public_key,
                progress=report,
                cancel=cancel,
            )
        )
        self.export_handle = handle
        progress.canceled.connect(handle.cancel)

        def on_progress(fraction: float | None, message: str) -> None:
            progress.setLabelText(message)
            if fraction is None:
                progress.setRange(0, 0)
            else:
                progress.setRange(0, 100)
                progress.setValue(int(fraction * 100))

        def finish() -> None:
            self.export_handle = None
            progress.canceled.disconnect(handle.cancel)
            progress.close()
            self.export_button.setEnabled(True)

        def done(count: int) -> None:
            finish()
            self.refresh(shown_anew=False)
            self._questions.tell(
                _("Audit log entries saved: {count}, in {path}.").format(count=count, path=target)
            )

        def failed(error: object) -> None:
            finish()
            if isinstance(error, Cancelled):
                return
            if isinstance(error, ReadinessError):
                self._questions.error(error_text(error))
            else:
                self._questions.error(
                    _("The audit log could not be exported ({reason}).").format(
                        reason=type(error).__name__
                    )
                )

        handle.progress.connect(on_progress)
        handle.finished.connect(done)
        handle.failed.connect(failed)
