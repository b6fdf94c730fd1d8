"""The composition root: builds every object the app uses and hands it on.

This is the only wiring in the app; there are no globals or singletons. The
window is shown first and the database is opened right after, so the app appears
quickly; if the database cannot be opened, the worker sees one clear message.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from readiness.errors import ReadinessError
from readiness.i18n import _, set_language
from readiness.paths import default_database_path
from readiness.settings import Settings, load_settings, save_settings, settings_path

from .dialogs import show_warning
from .main_window import HOME, MainWindow
from .pages.home import HomePage
from .pages.intake import IntakePage, IntakeStep, OverviewStep
from .pages.new_intake import NewIntakePage
from .pages.person import PersonPage
from .pages.settings import SettingsPage
from .tasks import TaskRunner
from .theme import apply_look

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.agency import ReportInputs
    from readiness.checks.connection import ConnectionSettings
    from readiness.document import AssessmentDocument
    from readiness.model import Assessment
    from readiness.sealing import AgencyPublicKey
    from readiness.thresholds import Thresholds


class AgencyRules:
    """The agency's set-up in force (rule files, questionnaires, identity), loaded once.

    It reads Settings each time it loads, so a change in Settings takes effect after
    ``reload``. Loading happens off the GUI thread right after start-up (``preload``).
    """

    def __init__(self, settings_file: Path) -> None:
        self._settings_file = settings_file
        self._loaded: ReportInputs | None = None

    def settings(self) -> Settings:
        return load_settings(self._settings_file)[0]

    def staff(self) -> str:
        """The worker's initials from Settings, for the audit log ("" if not set)."""
        return self.settings().staff_initials

    def inputs(self) -> ReportInputs:
        """Questionnaires, thresholds, equity rules and the agency, as reports also use them."""
        if self._loaded is None:
            from readiness.agency import inputs_from_settings

            self._loaded = inputs_from_settings(self.settings())
        return self._loaded

    def thresholds(self) -> Thresholds:
        return self.inputs().thresholds

    def connection_settings(self) -> ConnectionSettings:
        """How to test the connection; a bad server address in Settings gives the default."""
        from readiness.agency import connection_settings
        from readiness.checks.connection import ConnectionSettings

        try:
            return connection_settings(self.settings())
        except ReadinessError:
            return ConnectionSettings()

    def warnings(self) -> list[str]:
        """What was wrong with agency files (each skipped with the reason)."""
        return list(self.inputs().warnings)

    def preload(self, tasks: TaskRunner, on_warnings: Callable[[list[str]], None]) -> None:
        """Load every rule file off the GUI thread right after start-up."""
        from readiness.agency import inputs_from_settings

        settings = self.settings()

        def done(loaded: ReportInputs) -> None:
            self._loaded = self._loaded or loaded
            if loaded.warnings:
                on_warnings(list(loaded.warnings))

        tasks.start(lambda _progress, _cancel: inputs_from_settings(settings), on_done=done)

    def reload(self) -> None:
        """Forget what was loaded (Settings changed a file)."""
        self._loaded = None


class Declinable(Protocol):
    """A step page that can be turned off because the person declined it."""

    def set_declined(self, declined: bool, message: str = "") -> None: ...


def follow_consent(consent: QWidget | None, part: str, page: Declinable, message: str) -> None:
    """Keep ``page`` off while the person declines ``part`` in the consent step, on otherwise."""
    from .pages.consent import ConsentStep

    if not isinstance(consent, ConsentStep):
        return

    def follow(_part: str, _agreed: bool) -> None:
        page.set_declined(not consent.choices()[part], message)

    consent.changed.connect(follow)
    if consent.recorded and not consent.choices()[part]:
        page.set_declined(True, message)


def intake_steps(tasks: TaskRunner, rules: AgencyRules) -> list[IntakeStep]:
    """The steps of an intake, in order; each builds its page when an intake opens."""
    opened: dict[str, QWidget] = {}  # this intake's pages that later steps listen to

    def consent_step(db: Database, assessment: Assessment) -> QWidget:
        from readiness.store import repository

        from .pages.consent import ConsentStep

        code = repository.get_service_user(db, assessment.service_user_id).code
        page = ConsentStep(
            repository.list_answers(db, assessment.id),
            lambda answer: repository.save_answer(db, assessment.id, answer, staff=rules.staff()),
            code,
        )
        opened["consent"] = page
        return page

    def device_checks_step(db: Database, assessment: Assessment) -> QWidget:
        from readiness.checks.device import device_checks
        from readiness.store import repository

        from .pages.checks import ChecksPage
        from .probes.media import qt_media_checks

        thresholds = rules.thresholds()
        page = ChecksPage(
            tasks,
            device_checks(thresholds, media_checks=qt_media_checks(thresholds)),
            lambda result: repository.save_check_result(
                db, assessment.id, result, staff=rules.staff()
            ),
        )
        page.show_saved(repository.list_check_results(db, assessment.id))
        follow_consent(
            opened.get("consent"),
            "device_checks",
            page,
            _(
                "The person chose not to have this computer checked. "
                "You can change this in the Consent step."
            ),
        )
        return page

    def connection_step(db: Database, assessment: Assessment) -> QWidget:
        from functools import partial

        from readiness.checks.connection import check_connection
        from readiness.store import repository
        from readiness.store.check_history import latest_check_result

        from .pages.connection import ConnectionPage

        page = ConnectionPage(
            tasks,
            partial(check_connection, rules.connection_settings()),
            lambda result: repository.save_check_result(
                db, assessment.id, result, staff=rules.staff()
            ),
            lambda: latest_check_result(db, assessment.service_user_id, "connection.bandwidth"),
            thresholds=rules.thresholds(),
        )
        follow_consent(
            opened.get("consent"),
            "connection_test",
            page,
            _(
                "The person chose not to have the connection tested. You can change this in "
                "the Consent step, or enter figures from another test by hand."
            ),
        )
        return page

    def questionnaire_step(db: Database, assessment: Assessment) -> QWidget:
        from readiness.store import repository

        from .pages.questionnaire import QuestionnairePage

        return QuestionnairePage(
            rules.inputs().instruments,
            repository.list_answers(db, assessment.id),
            lambda answer: repository.save_answer(db, assessment.id, answer, staff=rules.staff()),
            locale=assessment.locale,
        )

    def results_step(db: Database, assessment: Assessment) -> QWidget:
        from readiness.equity.profile import band_marks
        from readiness.equity.results import AssessmentResult
        from readiness.store import plans, repository

        from .pages.results import ResultsPage

        inputs = rules.inputs()

        def assess_document(document: AssessmentDocument) -> AssessmentResult:
            return inputs.assess(document)

        def load_previous() -> AssessmentResult | None:
            previous = plans.previous_assessment_id(db, assessment.id)
            if previous is None:
                return None
            return assess_document(repository.load_document(db, previous))

        return ResultsPage(
            lambda: repository.load_document(db, assessment.id),
            lambda plan: plans.save_plan(db, assessment.id, plan, staff=rules.staff()),
            assess_document=assess_document,
            load_previous=load_previous,
            warnings=rules.warnings(),
            band_marks=band_marks(inputs.rules),
            locale=assessment.locale,
        )

    def export_step(db: Database, assessment: Assessment) -> QWidget:
        from readiness.reports.jobs import report_for
        from readiness.store import repository

        from .pages.export import ExportPage

        return ExportPage(
            tasks,
            lambda locale: report_for(
                repository.load_document(db, assessment.id), rules.inputs(), locale
            ),
            assessment.locale,
        )

    return [
        IntakeStep("overview", lambda: _("About this intake"), OverviewStep),
        IntakeStep("consent", lambda: _("Consent"), consent_step),
        IntakeStep("device", lambda: _("This computer"), device_checks_step),
        IntakeStep("connection", lambda: _("Internet connection"), connection_step),
        IntakeStep("questionnaire", lambda: _("Questions"), questionnaire_step),
        IntakeStep("results", lambda: _("Results and plan"), results_step),
        IntakeStep("export", lambda: _("Reports"), export_step),
    ]


def export_seal(parent: QWidget, settings: Settings) -> tuple[bool, AgencyPublicKey | None]:
    """Whether to go on, and the agency key to seal exports to (None: a plain export).

    Without an agency key the worker is warned first that a plain export can be read
    by anyone who gets the file.
    """
    from PySide6.QtWidgets import QMessageBox

    from readiness.sealing import load_public_key, plain_export_warning

    if settings.agency_public_key:
        try:
            return True, load_public_key(Path(settings.agency_public_key))
        except ReadinessError as exc:
            from .dialogs import show_error

            show_error(parent, str(exc))
            return False, None
    answer = QMessageBox.warning(
        parent,
        _("Export without sealing?"),
        plain_export_warning(),
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Ok, None


def build_window(
    settings_file: Path,
    db_path: Path,
    db: Database | None = None,
    tasks: TaskRunner | None = None,
    rules: AgencyRules | None = None,
) -> MainWindow:
    """Build the main window and its pages; the database may be attached later."""
    settings, _warning = load_settings(settings_file)
    tasks = tasks or TaskRunner()
    rules = rules or AgencyRules(settings_file)

    def save(new: Settings) -> None:
        save_settings(new, settings_file)
        window.new_intake.apply_settings(new.validated())
        rules.reload()
        window.settings_saved.emit(new.validated())

    window = MainWindow(
        HomePage(db),
        NewIntakePage(db, settings),
        IntakePage(db, intake_steps(tasks, rules)),
        SettingsPage(settings, db_path, save),
        tasks,
        person=PersonPage(tasks, lambda: rules.inputs().assess, db),
    )

    def batch_export() -> None:
        from readiness.store.database import DatabaseLocation

        from .dialogs_export import BatchExportDialog, make_export_job

        location = window.location or DatabaseLocation(db_path, None)
        proceed, seal = export_seal(window, rules.settings())
        if not proceed:
            return
        job = make_export_job(location, rules.inputs, seal)
        BatchExportDialog(tasks, job, parent=window).exec()

    window.home.export_requested.connect(batch_export)
    databases: dict[str, Database] = {}

    def toggle_practice() -> None:
        """Switch between the real database and the practice one (fictional people)."""
        from readiness.practice import fill_practice_database, practice_database_path
        from readiness.store.database import open_database

        window.intake.shutdown()
        if window.practice:
            real = databases.get("real")
            if real is not None:
                window.attach_database(real)
            window.set_practice(False)
            window.show_page(HOME)
            return
        if "real" not in databases and window.home.database is not None:
            databases["real"] = window.home.database
        if "practice" not in databases:
            practice = open_database(practice_database_path(db_path.parent), create_dir=True)
            if practice.table("assessments").count == 0:
                fill_practice_database(practice)
            databases["practice"] = practice
        window.attach_database(databases["practice"])
        window.set_practice(True)
        window.show_page(HOME)

    window.home.practice_requested.connect(toggle_practice)

    def show_about() -> None:
        from .dialogs_about import AboutDialog

        AboutDialog(rules.inputs(), parent=window).exec()

    window.settings.about_requested.connect(show_about)

    def record_opened(assessment_id: str) -> None:
        from readiness.store import audit

        if window.home.database is not None:
            audit.record(
                window.home.database,
                audit.AuditAction.OPENED,
                staff=rules.staff(),
                assessment_id=assessment_id,
            )

    window.intake_opened.connect(record_opened)

    def data_protection() -> None:
        if window.protection is not None:
            window.protection.open_data_protection(save, rules.settings)

    window.settings.data_protection_requested.connect(data_protection)
    if db is not None:
        window.attach_database(db)
    return window


def run_app(db_path: Path | None = None, argv: list[str] | None = None) -> int:
    """Start the app; returns the exit code when the last window closes."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_look(app)

    settings_file = settings_path()
    settings, warning = load_settings(settings_file)
    set_language(settings.default_locale)
    explicit = db_path is not None
    path = db_path or default_database_path()
    tasks = TaskRunner()
    rules = AgencyRules(settings_file)
    window = build_window(settings_file, path, tasks=tasks, rules=rules)
    from .protection import Protection

    protection = Protection(window, tasks, settings, path, create_dir=not explicit)
    window.protection = protection
    window.settings_saved.connect(protection.apply_settings)
    window.closing.connect(lambda: protection.backup_if_due(every=timedelta(0), wait=True))
    window.show()
    exit_code = 0

    def finish_start() -> None:
        nonlocal exit_code
        bench = bool(os.environ.get("READINESS_BENCH_STARTUP"))
        if bench:
            print("shown", flush=True)  # read by tests/bench/bench_store_and_start.py
        if protection.open() is None:
            exit_code = 1
            window.close()
            return
        protection.backup_if_due()
        if bench:
            print("ready", flush=True)
            app.quit()
            return
        if warning:
            show_warning(window, warning)
        rules.preload(tasks, lambda problems: show_warning(window, "\n".join(problems)))

    QTimer.singleShot(0, finish_start)
    result = app.exec()
    return exit_code or int(result)
