"""The intake's report step (save, open, print, password) and Home's batch export dialog."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from readiness.messages import plain
from readiness.progress import CancelToken, Progress
from readiness.reports.data import ReportData
from readiness.reports.export_common import ExportResult
from readiness.store.database import DatabaseLocation, open_database
from readiness.store.export_queries import DateRange
from readiness_ui.dialogs_export import BatchExportDialog, make_export_job
from readiness_ui.pages.export import ExportPage
from readiness_ui.pdf_output import Printed, remove_leftover_copies
from readiness_ui.tasks import TaskRunner
from tests.core.reports.fakes import sample_outcome
from tests.core.reports.helpers import data_for, inputs, pdf_text, reader
from tests.core.reports.samples import BASE_TIME, filled_document
from tests.factories import import_into


def assert_every_control_is_named(widget: QWidget) -> None:
    kinds = (QAbstractButton, QComboBox, QLineEdit, QProgressBar, QDateEdit, QPlainTextEdit)
    for child in widget.findChildren(QWidget):
        if isinstance(child, kinds) and child.parent() is not None:
            if isinstance(child, QLineEdit) and isinstance(child.parent(), QDateEdit | QComboBox):
                continue  # the editor inside a date or combo box
            assert child.accessibleName(), f"{type(child).__name__} has no accessible name"


class Calls:
    def __init__(
        self, save_to: Path | None = None, prints: Printed = Printed.NOT_AVAILABLE
    ) -> None:
        self.save_to = save_to
        self.prints = prints
        self.suggested: list[str] = []
        self.opened: list[Path] = []
        self.printed: list[bytes] = []
        self.recorded: list[tuple[str, str, bool]] = []
        """What the page recorded in the audit log: (audience, use, password)."""

    def record(self, audience: str, use: str, password: bool) -> None:
        self.recorded.append((audience, use, password))

    def save(self, _parent: QWidget, suggested: str) -> str:
        self.suggested.append(suggested)
        return str(self.save_to) if self.save_to else ""

    def open(self, path: Path) -> bool:
        self.opened.append(path)
        return True

    def print(self, _parent: QWidget, pdf: bytes) -> Printed:
        self.printed.append(pdf)
        return self.prints


def load(locale: str) -> ReportData:
    return data_for(filled_document(4, code="GUI-7", locale="es"), sample_outcome(locale), locale)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.cancel_all()
    tasks.wait()


def make_page(
    qtbot: QtBot, runner: TaskRunner, calls: Calls, complete: Callable[[], bool] = lambda: True
) -> ExportPage:
    page = ExportPage(
        runner,
        load,
        "es",
        is_complete=complete,
        record=calls.record,
        save_dialog=calls.save,
        open_file=calls.open,
        print_pdf=calls.print,
    )
    qtbot.addWidget(page)
    return page


def test_save_as_writes_the_chosen_report_in_the_chosen_language(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    calls = Calls(tmp_path / "copy.pdf")
    page = make_page(qtbot, runner, calls)
    assert page.report_locale == "es" and page.audience_value == "service-user"
    assert_every_control_is_named(page)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.saved_path is not None, timeout=10000)
    assert calls.suggested[0].startswith("GUI-7-") and calls.suggested[0].endswith(".pdf")
    assert "Su plan para mantenerse en contacto" in pdf_text((tmp_path / "copy.pdf").read_bytes())
    assert "Saved" in page.status.text()

    calls.save_to = tmp_path / "staff"  # no suffix given: .pdf is added
    page.staff.setChecked(True)
    page.language.setCurrentIndex(page.language.findData("en"))
    page.saved_path = None
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.saved_path is not None, timeout=10000)
    assert page.saved_path == tmp_path / "staff.pdf"
    assert "Digital readiness report" in pdf_text(page.saved_path.read_bytes())
    assert calls.recorded == [("service-user", "saved", False), ("staff", "saved", False)]


def test_password_is_checked_then_used(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    calls = Calls(tmp_path / "locked.pdf")
    page = make_page(qtbot, runner, calls)
    assert not page.password.isEnabled()
    page.protect.setChecked(True)
    assert page.password.isEnabled()
    qtbot.keyClicks(page.password, "abc")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "at least 6" in page.status.text()
    assert not (tmp_path / "locked.pdf").exists() and not page.busy
    qtbot.keyClicks(page.password, "defgh")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.saved_path is not None, timeout=10000)
    pdf = (tmp_path / "locked.pdf").read_bytes()
    assert reader(pdf).is_encrypted
    assert "Su plan" in pdf_text(pdf, "abcdefgh")
    assert calls.recorded == [("service-user", "saved", True)]  # the refused one is not


def test_open_uses_a_private_temporary_copy_removed_on_shutdown(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    calls = Calls()
    page = make_page(qtbot, runner, calls)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(calls.opened), timeout=10000)
    opened = calls.opened[0]
    assert opened.read_bytes().startswith(b"%PDF")
    assert "GUI-7" not in str(opened)  # no personal data in temporary names
    assert opened.stat().st_mode & 0o077 == 0  # readable by this user only
    assert opened.parent.parent.stat().st_mode & 0o777 == 0o700  # and so is the copies folder
    assert calls.recorded == [("service-user", "viewed", False)]
    page.shutdown()
    assert not opened.exists()


def test_copies_a_crash_left_behind_are_removed_when_the_app_starts(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    """Before: a plain report PDF stayed in the temporary folder after a crash."""
    import os
    import subprocess
    import sys

    calls = Calls()
    page = make_page(qtbot, runner, calls)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(calls.opened), timeout=10000)
    left = calls.opened[0]  # the app "crashes" here: shutdown() never runs
    started = subprocess.run(
        [sys.executable, "-c", STARTS_AND_STOPS, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert started.returncode == 0, started.stderr
    assert not left.exists() and not list(left.parent.parent.iterdir())
    remove_leftover_copies()  # nothing left: nothing to do


STARTS_AND_STOPS = """
import os, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
import readiness_ui.app

folder = Path(sys.argv[1])
readiness_ui.app.settings_path = lambda: folder / "settings.json"
readiness_ui.app.protect = lambda *_args, **_options: os._exit(0)  # started: stop before unlocking
readiness_ui.app.run_app(folder / "r.db")
"""


def test_print_falls_back_to_the_viewer_without_qt_pdf(qtbot: QtBot, runner: TaskRunner) -> None:
    calls = Calls(prints=Printed.NOT_AVAILABLE)
    page = make_page(qtbot, runner, calls)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(calls.opened), timeout=10000)
    assert calls.printed and calls.printed[0].startswith(b"%PDF")
    assert "print it from there" in page.status.text()
    assert calls.recorded == [("service-user", "viewed", False)]  # shown, not known printed
    page.shutdown()

    printing = Calls(prints=Printed.PRINTED)
    page = make_page(qtbot, runner, printing)
    page.staff.setChecked(True)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(printing.printed), timeout=10000)
    assert not printing.opened and "printer" in page.status.text()
    assert printing.recorded == [("staff", "printed", False)]


def test_a_cancelled_print_is_not_recorded(qtbot: QtBot, runner: TaskRunner) -> None:
    calls = Calls(prints=Printed.CANCELLED)
    page = make_page(qtbot, runner, calls)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == "Not printed.", timeout=10000)
    assert calls.printed and not calls.opened and calls.recorded == []


def test_saving_is_cancelled_quietly(qtbot: QtBot, runner: TaskRunner) -> None:
    calls = Calls(save_to=None)
    page = make_page(qtbot, runner, calls)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == "Not saved.", timeout=10000)
    assert page.save_button.isEnabled() and calls.recorded == []


# -- batch export ----------------------------------------------------------------------------


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "r.db"
    db = open_database(path)
    for index in range(3):
        document = filled_document(
            index + 1, code=f"BX{index}", created=BASE_TIME + timedelta(days=index)
        )
        import_into(db, document)
    db.close()
    return path


def test_batch_export_writes_the_file_with_progress(
    qtbot: QtBot, runner: TaskRunner, db_path: Path, tmp_path: Path
) -> None:
    job = make_export_job(DatabaseLocation(db_path, None), inputs, staff="MJ")
    dialog = BatchExportDialog(runner, job, today=date(2026, 11, 23))
    qtbot.addWidget(dialog)
    assert_every_control_is_named(dialog)
    assert dialog.date_range() == DateRange(date(2026, 1, 1), date(2026, 11, 23))
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    dialog.path.setText(str(tmp_path / "all.json"))
    dialog.all_dates.setChecked(True)
    assert not dialog.since.isEnabled()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.export_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=20000)
    assert dialog.result_value is not None and dialog.result_value.count == 3
    assert "Exported 3 assessments" in dialog.status.text()
    assert (tmp_path / "all.json").read_text(encoding="utf-8").count('"BX') == 3
    assert dialog.export_button.isEnabled() and not dialog.since.isEnabled()
    db = open_database(db_path)
    entry = db.execute(
        "SELECT staff_initials, detail FROM audit_log WHERE action = 'exported'"
    ).fetchall()
    db.close()
    assert entry == [("MJ", "json, plain, 3 assessments, all dates")]


def test_batch_export_can_be_cancelled(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    started: list[bool] = []

    def slow(
        _kind: str, _path: Path, _dates: DateRange, progress: Progress, cancel: CancelToken
    ) -> ExportResult:
        started.append(True)
        for step in range(200):
            cancel.raise_if_cancelled()
            progress(step / 200, plain("working"))
            time.sleep(0.02)
        raise AssertionError("not cancelled")

    dialog = BatchExportDialog(runner, slow)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "x.csv"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cancelled" in dialog.status.text(), timeout=10000)
    assert dialog.export_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_batch_export_needs_a_file_and_a_forward_range(qtbot: QtBot, runner: TaskRunner) -> None:
    dialog = BatchExportDialog(
        runner, make_export_job(DatabaseLocation(Path("unused.db"), None), inputs, staff="MJ")
    )
    qtbot.addWidget(dialog)
    dialog.start()
    assert "Choose a file" in dialog.status.text()
    dialog.path.setText("out.csv")
    dialog.since.setDate(dialog.until.date().addDays(3))
    dialog.start()
    assert "after the last day" in dialog.status.text()
    dialog.format.setCurrentIndex(dialog.format.findData("fhir"))
    assert dialog.path.text() == "out.ndjson"


# -- agency contact and logo in Settings -------------------------------------------------------


def test_settings_keep_the_agency_contact_and_refuse_a_missing_logo(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage

    from readiness.settings import Settings
    from readiness_ui.pages.settings import SettingsPage

    saved: list[Settings] = []
    page = SettingsPage(Settings(agency_name="Esperanza"), tmp_path / "r.db", saved.append)
    qtbot.addWidget(page)
    assert page.agency_contact.accessibleName() and page.agency_logo.accessibleName()
    page.agency_contact.setPlainText("Teléfono 555-0100\n12 Main Street")
    page.agency_logo.setText(str(tmp_path / "missing.png"))
    page.save()
    assert not saved and "no such file" in page.message.text()
    logo = QImage(40, 20, QImage.Format.Format_RGB32)
    logo.fill(QColor("teal"))
    assert logo.save(str(tmp_path / "logo.png"))
    page.agency_logo.setText(str(tmp_path / "logo.png"))
    page.save()
    assert saved[-1].agency_contact == "Teléfono 555-0100\n12 Main Street"
    assert saved[-1].agency_logo == str(tmp_path / "logo.png")


def test_the_page_says_when_reports_are_drafts_and_follows_completion(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    complete = [False]
    calls = Calls(tmp_path / "copy.pdf")
    page = make_page(qtbot, runner, calls, lambda: complete[0])
    page.show()
    assert "drafts" in page.state.text() and page.state.isVisibleTo(page)
    complete[0] = True
    page.hide()
    page.show()  # shown again after the intake was completed
    assert "final reports" in page.state.text()


def test_a_draft_is_named_as_one_when_saved(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    calls = Calls(tmp_path / "copy.pdf")
    page = make_page(qtbot, runner, calls)
    data = load("es")
    draft = replace(data, status="draft")
    final = replace(data, status="complete")
    assert "-draft-" in page._suggested_name(draft)  # the page's language is English here
    assert "draft" not in page._suggested_name(final)


def test_the_copy_is_saved_as_a_web_page_or_text_and_printed_as_a_pdf(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    calls = Calls(tmp_path / "copy")
    page = make_page(qtbot, runner, calls)
    forms = [page.form.itemData(index) for index in range(page.form.count())]
    assert forms == ["pdf", "html", "text"]
    page.form.setCurrentIndex(page.form.findData("html"))
    assert not page.protect.isEnabled()  # a password protects a PDF only
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.saved_path is not None, timeout=10000)
    assert calls.suggested[-1].endswith(".html") and page.saved_path == tmp_path / "copy.html"
    assert '<html lang="es-US">' in page.saved_path.read_text(encoding="utf-8")

    page.form.setCurrentIndex(page.form.findData("text"))
    page.saved_path = None
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.saved_path is not None, timeout=10000)
    assert page.saved_path == tmp_path / "copy.txt"
    assert page.saved_path.read_text(encoding="utf-8").splitlines()[1].startswith("Su plan")

    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)  # paper comes from the PDF
    qtbot.waitUntil(lambda: bool(calls.printed), timeout=10000)
    assert calls.printed[0].startswith(b"%PDF-")

    page.staff.setChecked(True)  # the staff report: a PDF or its HTML record, no text
    assert [page.form.itemData(i) for i in range(page.form.count())] == ["pdf", "html"]
    assert page.report_form == "pdf" and page.protect.isEnabled()
