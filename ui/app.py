"""The composition root: builds every object the app uses and hands it on.

This is the only wiring in the app; there are no globals or singletons. The
window is shown first, with Home alone (the other pages are made when first shown,
``ui.page_stack``), importing only what that needs; the database is opened right
after, then data protection, the records' check or the day's backup (on a worker)
and the questionnaires and rules (on a worker), so the app appears quickly. If the
database cannot be opened, the worker sees one clear message.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from readiness.errors import ReadinessError
from readiness.settings import LoadedSettings, Settings, load_settings, settings_path

from .configuration import Configuration
from .garbage import GuiThreadCollector, keep_for_good
from .language import _, current_language, error_text, render, set_language
from .main_window import HOME, INTAKE, NEW_INTAKE, PERSON, SETTINGS, MainWindow, PageMakers
from .tasks import TaskRunner
from .theme import apply_chosen_look
from .widgets.wheel_guard import guard_wheel

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.protection.sealing import AgencyPublicKey
    from readiness.session.records import Records

    from .agency_sync import AgencySync
    from .pages.home import HomePage
    from .pages.intake import IntakePage
    from .pages.new_intake import NewIntakePage
    from .pages.person import PersonPage
    from .pages.settings import SettingsPage
    from .protection.session import Protection
    from .protection.unlock import KnownKey


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
    window: MainWindow | None = None,
) -> MainWindow:
    """Build the main window (inside ``window``, a frame already shown, if given); each page
    is made when first shown, and the records may be attached later."""
    tasks = tasks or TaskRunner()
    window = window or MainWindow()

    def records_for(database: Database) -> Records:
        from readiness.session.records import Records

        return Records(database, actor=configuration.staff)

    def save(new: Settings) -> None:
        save_and_apply(window, configuration, new)

    def home() -> HomePage:
        from .pages.home import HomePage

        return HomePage(reassess_after_days=lambda: configuration.settings.reassess_after_days)

    def new_intake() -> NewIntakePage:
        from .pages.new_intake import NewIntakePage

        return NewIntakePage(None, configuration.settings)

    def intake() -> IntakePage:
        from .intake_steps import intake_steps
        from .pages.intake import IntakePage

        return IntakePage(intake_steps(tasks, configuration), configuration.interpretation)

    def settings() -> SettingsPage:
        from .pages.settings import SettingsPage

        return SettingsPage(configuration.settings, db_path, save)

    def person() -> PersonPage:
        from .pages.person import PersonPage

        return PersonPage(
            tasks,
            lambda: configuration.interpretation().assess,
            reassess_after_days=lambda: configuration.settings.reassess_after_days,
        )

    window.build(
        PageMakers(home, new_intake, intake, settings, person), tasks, records_for=records_for
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

    opened: dict[str, Records] = {}

    def toggle_practice() -> None:
        """Switch between the real records and the practice ones (fictional people)."""
        from readiness.practice import open_practice_database, practice_database_path

        intake = window.built(INTAKE)
        if intake is not None:
            intake.shutdown()
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

    def show_about() -> None:
        from .dialogs_about import AboutDialog

        AboutDialog(configuration.interpretation(), parent=window).exec()

    def wire_home(page: HomePage) -> None:
        page.export_requested.connect(batch_export)
        page.practice_requested.connect(toggle_practice)

    window.when_built(HOME, wire_home)
    window.when_built(SETTINGS, lambda page: page.about_requested.connect(show_about))
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
    new_intake = window.built(NEW_INTAKE)  # one made later reads them from the configuration
    if new_intake is not None:
        new_intake.apply_settings(saved)
    window.settings_saved.emit(saved)
    return saved


def protect(
    window: MainWindow,
    configuration: Configuration,
    tasks: TaskRunner,
    path: Path,
    *,
    create_dir: bool,
    known: KnownKey | None = None,
) -> Protection:
    """Data protection for the real records at ``path``: unlock (``open``, trying ``known``
    first), the app lock, automatic backups, and Settings → Data protection."""
    from .protection.session import Protection

    protection = Protection(
        window, tasks, configuration.settings, path, create_dir=create_dir, known=known
    )
    window.settings_saved.connect(protection.apply_settings)

    def save(new: Settings) -> None:
        saved = save_and_apply(window, configuration, new)
        window.settings.keep_settings(saved)  # the Settings page keeps them when it saves

    window.when_built(
        SETTINGS,
        lambda page: page.data_protection_requested.connect(
            lambda: protection.open_data_protection(save, lambda: configuration.settings)
        ),
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
    window.when_built(
        SETTINGS,
        lambda page: page.agency_server_requested.connect(
            lambda: AgencyServerDialog(agency, configuration.settings, parent=window).exec()
        ),
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


def run_app(
    db_path: Path | None = None, argv: list[str] | None = None, window: MainWindow | None = None
) -> int:
    """Start the app in ``window`` (the frame the launcher showed; made here if None);
    returns the exit code when the last window closes.

    ``READINESS_BENCH_STARTUP`` is for the benchmarks (``tests/bench/bench_start.py``):
    set, the app prints ``shown`` when the frame is shown (``ui.frame``) and ``ready``
    when Home is filled (each with the process's CPU seconds so far), then quits;
    ``close`` closes the window there instead, as the worker would, after printing
    ``closing``; ``stay`` goes on and prints ``idle`` once the work started with it is done.
    """
    if window is None:
        from .frame import show_frame

        window = show_frame(argv)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    guard_wheel(app)  # scrolling a page never changes a figure, date or choice
    GuiThreadCollector(app)  # Qt objects in garbage are never destroyed on a worker thread

    configuration, warning = load_configuration(settings_path())
    settings = configuration.settings
    apply_chosen_look(app, settings.text_size, settings.high_contrast)
    set_language(settings.default_locale)
    path = db_path or _default_database_path()
    tasks = TaskRunner()
    from .protection.unlock import stretch_known_key

    known = stretch_known_key(path, tasks=tasks, allow_keychain=settings.allow_keychain)
    build_window(configuration, path, tasks=tasks, window=window)  # while the key stretches
    keep_for_good()  # the modules and the window: a collection during the start skips them
    bench = os.environ.get("READINESS_BENCH_STARTUP", "")
    exit_code = 0

    def finish_start() -> None:
        nonlocal exit_code
        from .dialogs import show_warning
        from .pdf_output import remove_leftover_copies

        remove_leftover_copies()  # plain report copies a crash left behind
        protection = protect(
            window, configuration, tasks, path, create_dir=db_path is None, known=known
        )
        if not open_records(window, protection):
            exit_code = 1
            window.close()
            return
        protection.check_and_back_up()  # on a worker; damage is said with the last good backup
        keep_for_good()  # and the records' code
        _bench_mark(bench, "ready")
        if bench and bench != "stay":
            _bench_end(app, window, closing=bench == "close")
            return
        if warning:
            show_warning(window, warning)
        load_interpretation_when_needed(window, configuration, tasks)
        if bench:
            _print_when_idle(tasks, window)

    QTimer.singleShot(0, finish_start)
    result = app.exec()
    return exit_code or int(result)


def load_interpretation_when_needed(
    window: MainWindow, configuration: Configuration, tasks: TaskRunner
) -> None:
    """Load the questionnaires, thresholds and rules on a worker: now when Settings name
    agency files (their problems are said at once), else when a page that uses them is
    first made (New intake, the intake, a person's page)."""

    def preload(_page: object = None) -> None:
        from .dialogs import show_warning

        configuration.preload(tasks, lambda problems: show_warning(window, "\n".join(problems)))

    if configuration.names_agency_files():
        preload()
        return
    for row in (NEW_INTAKE, INTAKE, PERSON):
        window.when_built(row, preload)


def _bench_mark(bench: str, marker: str) -> None:
    if bench:
        print(f"{marker} {time.process_time():.4f}", flush=True)


def _bench_end(app: QApplication, window: MainWindow, *, closing: bool) -> None:
    if closing:
        print("closing", flush=True)
        window.close()
    else:
        app.quit()


def _print_when_idle(tasks: TaskRunner, parent: QWidget) -> None:
    """Print ``idle`` once no task runs any more (the records' check, the preload)."""
    timer = QTimer(parent)

    def look() -> None:
        if tasks.active == 0:
            timer.stop()
            _bench_mark("stay", "idle")

    timer.timeout.connect(look)
    timer.start(50)


def _default_database_path() -> Path:
    from readiness.paths import default_database_path

    return default_database_path()
