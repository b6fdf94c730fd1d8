"""The composition root: builds every object the app uses and hands it on.

This is the only wiring in the app; there are no globals or singletons. The
window is shown first and the database is opened right after, so the app appears
quickly; if the database cannot be opened, the worker sees one clear message.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from readiness.errors import ReadinessError
from readiness.paths import default_database_path
from readiness.session.records import Records
from readiness.settings import LoadedSettings, Settings, load_settings, settings_path

from .configuration import Configuration
from .dialogs import show_warning
from .garbage import GuiThreadCollector
from .intake_steps import intake_steps
from .language import _, current_language, error_text, render, set_language
from .main_window import HOME, MainWindow
from .pages.home import HomePage
from .pages.intake import IntakePage
from .pages.new_intake import NewIntakePage
from .pages.person import PersonPage
from .pages.settings import SettingsPage
from .pdf_output import remove_leftover_copies
from .tasks import TaskRunner
from .theme import apply_chosen_look
from .widgets.wheel_guard import guard_wheel

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.protection.sealing import AgencyPublicKey

    from .agency_sync import AgencySync
    from .protection.session import Protection


def export_seal(parent: QWidget, loaded: LoadedSettings) -> tuple[bool, AgencyPublicKey | None]:
    """Whether to go on, and the agency key to seal exports to (None: a plain export).

    A key that is set but cannot be used refuses the export, with the reason.
    Without an agency key the worker is warned first that a plain export can be
    read by anyone who gets the file.
    """
    from PySide6.QtWidgets import QMessageBox

    from readiness.protection.sealing import plain_export_warning, seal_key_for

    try:
        key = seal_key_for(loaded)
    except ReadinessError as exc:
        from .dialogs import show_error

        show_error(parent, error_text(exc))
        return False, None
    if key is not None:
        return True, key
    answer = QMessageBox.warning(
        parent,
        _("Export without sealing?"),
        render(plain_export_warning()),
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Ok, None


def load_configuration(settings_file: Path) -> tuple[Configuration, str | None]:
    """Settings read once from ``settings_file`` and what was dropped from it (or None)."""
    loaded = load_settings(settings_file)
    return Configuration(loaded), loaded.warning()


def build_window(
    configuration: Configuration,
    db_path: Path,
    db: Database | None = None,
    tasks: TaskRunner | None = None,
) -> MainWindow:
    """Build the main window and its pages; the records may be attached later."""
    tasks = tasks or TaskRunner()

    def records_for(database: Database) -> Records:
        return Records(database, actor=configuration.staff)

    def save(new: Settings) -> None:
        save_and_apply(window, configuration, new)

    window = MainWindow(
        HomePage(reassess_after_days=lambda: configuration.settings.reassess_after_days),
        NewIntakePage(None, configuration.settings),
        IntakePage(
            intake_steps(tasks, configuration),
            lambda: configuration.interpretation().instruments,
        ),
        SettingsPage(configuration.settings, db_path, save),
        tasks,
        person=PersonPage(
            tasks,
            lambda: configuration.interpretation().assess,
            reassess_after_days=lambda: configuration.settings.reassess_after_days,
        ),
        records_for=records_for,
    )

    def batch_export() -> None:
        from readiness.store.database import DatabaseLocation

        from .dialogs_export import BatchExportDialog, make_export_job

        location = window.location or DatabaseLocation(db_path, None)
        proceed, seal = export_seal(window, configuration.loaded)
        if not proceed:
            return
        job = make_export_job(
            location,
            configuration.interpretation,
            seal,
            staff=configuration.staff(),
            locale=current_language(),
        )
        BatchExportDialog(tasks, job, parent=window).exec()

    window.home.export_requested.connect(batch_export)
    opened: dict[str, Records] = {}

    def toggle_practice() -> None:
        """Switch between the real records and the practice ones (fictional people)."""
        from readiness.practice import open_practice_database, practice_database_path

        window.intake.shutdown()
        if window.practice:
            real = opened.get("real")
            if real is not None:
                window.attach_records(real)
            window.set_practice(False)
            window.show_page(HOME)
            return
        if window.records is not None:  # as they are now: a restore or a new passphrase
            opened["real"] = window.records  # reopens them on a new connection
        if "practice" not in opened:
            practice = open_practice_database(practice_database_path(db_path.parent))
            opened["practice"] = records_for(practice)
        window.attach_records(opened["practice"])
        window.set_practice(True)
        window.show_page(HOME)

    window.home.practice_requested.connect(toggle_practice)

    def show_about() -> None:
        from .dialogs_about import AboutDialog

        AboutDialog(configuration.interpretation(), parent=window).exec()

    window.settings.about_requested.connect(show_about)
    if db is not None:
        window.attach_records(records_for(db))
    return window


def save_and_apply(window: MainWindow, configuration: Configuration, new: Settings) -> Settings:
    """Save ``new`` and put it in force in the window; returns the settings as saved.

    The names of the settings that changed are recorded in the audit log of the
    records open in the window."""
    before = configuration.settings
    saved = configuration.save(new)
    if window.records is not None:
        window.records.record_settings_change(before, saved)
    window.new_intake.apply_settings(saved)
    window.settings_saved.emit(saved)
    return saved


def protect(
    window: MainWindow,
    configuration: Configuration,
    tasks: TaskRunner,
    path: Path,
    *,
    create_dir: bool,
) -> Protection:
    """Data protection for the real records at ``path``: unlock (``open``), the app lock,
    automatic backups, and Settings → Data protection."""
    from .protection.session import Protection

    protection = Protection(window, tasks, configuration.settings, path, create_dir=create_dir)
    window.settings_saved.connect(protection.apply_settings)
    window.closing.connect(lambda: protection.backup_if_due(every=timedelta(0), wait=True))

    def save(new: Settings) -> None:
        saved = save_and_apply(window, configuration, new)
        window.settings.keep_settings(saved)  # the Settings page keeps them when it saves

    window.settings.data_protection_requested.connect(
        lambda: protection.open_data_protection(save, lambda: configuration.settings)
    )
    connect_agency_sync(window, configuration, tasks)
    return protection


def connect_agency_sync(
    window: MainWindow, configuration: Configuration, tasks: TaskRunner
) -> AgencySync:
    """Background sync with the agency server, and Settings → Agency server."""
    from .agency_sync import AgencySync
    from .dialogs_hub import AgencyServerDialog

    agency = AgencySync(
        tasks,
        lambda: window.location,
        configuration.interpretation,
        configuration.staff,
        parent=window,
    )
    agency.apply_settings(configuration.settings)
    window.settings_saved.connect(agency.apply_settings)
    window.settings.agency_server_requested.connect(
        lambda: AgencyServerDialog(agency, configuration.settings, parent=window).exec()
    )
    return agency


def open_records(window: MainWindow, protection: Protection) -> bool:
    """Unlock the records at start-up (False: the worker quit). A practice file
    (``readiness --db FILE demo``) opens without a key and the window shows it as practice."""
    records = protection.open()
    if records is None:
        return False
    if records.location.key is None:
        window.set_practice(True, can_leave=False)
    return True


def run_app(db_path: Path | None = None, argv: list[str] | None = None) -> int:
    """Start the app; returns the exit code when the last window closes."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    guard_wheel(app)  # scrolling a page never changes a figure, date or choice
    GuiThreadCollector(app)  # Qt objects in garbage are never destroyed on a worker thread

    remove_leftover_copies()  # plain report copies a crash left behind
    configuration, warning = load_configuration(settings_path())
    settings = configuration.settings
    apply_chosen_look(app, settings.text_size, settings.high_contrast)
    set_language(settings.default_locale)
    explicit = db_path is not None
    path = db_path or default_database_path()
    tasks = TaskRunner()
    window = build_window(configuration, path, tasks=tasks)
    protection = protect(window, configuration, tasks, path, create_dir=not explicit)
    window.show()
    exit_code = 0

    def finish_start() -> None:
        nonlocal exit_code
        bench = bool(os.environ.get("READINESS_BENCH_STARTUP"))
        if bench:
            print("shown", flush=True)  # read by tests/bench/bench_store_and_start.py
        if not open_records(window, protection):
            exit_code = 1
            window.close()
            return
        protection.check_records()  # on a worker: damage is said with the last good backup
        protection.backup_if_due()
        if bench:
            print("ready", flush=True)
            app.quit()
            return
        if warning:
            show_warning(window, warning)
        configuration.preload(tasks, lambda problems: show_warning(window, "\n".join(problems)))

    QTimer.singleShot(0, finish_start)
    result = app.exec()
    return exit_code or int(result)
