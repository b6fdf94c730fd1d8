"""The steps of an intake, in order, each building its page for an open ``IntakeSession``.

Every page gets what it needs from the session: the answers or results saved so
far, and the session's own methods to save new ones, so the session stays the only
writer of an open intake. Pages that a consent choice turns off (this computer, the
internet connection) follow the session's consent, whichever page changed it.
Questionnaires, thresholds, rules and the agency come from the one
``Interpretation`` in force (``ui.configuration``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from readiness.messages import M_
from readiness.session import steps

from .language import _
from .pages.intake import IntakeStep
from .pages.intake_overview import OverviewStep

if TYPE_CHECKING:
    from readiness.document import AssessmentDocument
    from readiness.equity.results import AssessmentResult
    from readiness.session.intake import IntakeSession

    from .configuration import Configuration
    from .tasks import TaskRunner


class Declinable(Protocol):
    """A step page that can be turned off because the person declined it."""

    def set_declined(self, declined: bool, message: str = "") -> None: ...


def follow_consent(
    session: IntakeSession, part: str, page: QWidget, declinable: Declinable, message: str
) -> None:
    """Keep ``page`` off while the person declines ``part`` (or has not chosen), on otherwise."""

    def follow(changed: str, agreed: bool) -> None:
        if changed == part:
            declinable.set_declined(not agreed, message)

    stop = session.on_consent_changed(follow)
    page.destroyed.connect(lambda *_args: stop())
    if session.consent()[part] is False:
        declinable.set_declined(True, message)


def intake_steps(tasks: TaskRunner, configuration: Configuration) -> list[IntakeStep]:
    """The steps of an intake, in order; each builds its page when an intake opens."""

    def consent_step(session: IntakeSession) -> QWidget:
        from .pages.consent import ConsentStep

        return ConsentStep(session, session.service_user.code)

    def phone_step(session: IntakeSession) -> QWidget:
        from readiness.phone.link import PageOptions, PhoneLink, agency_base, local_address

        from .pages.phone import PhonePage

        def open_link(locale: str) -> PhoneLink:
            from readiness.errors import ReadinessError

            address = local_address()
            if address is None:
                raise ReadinessError(
                    M_("This laptop is on no local network that the phone could reach.")
                )
            server = agency_base(configuration.connection_settings().server_url)
            return PhoneLink(address, PageOptions(locale, server)).open()

        return PhonePage(
            tasks,
            session.save_check_result,
            session.check_results(),
            thresholds=configuration.thresholds(),
            open_link=open_link,
            locale=session.locale,
            clock=session.now,
        )

    def device_checks_step(session: IntakeSession) -> QWidget:
        from readiness.checks.device import device_checks

        from .pages.checks import ChecksPage
        from .probes.media import qt_media_checks

        thresholds = configuration.thresholds()
        page = ChecksPage(
            tasks,
            device_checks(thresholds, media_checks=qt_media_checks(thresholds)),
            session.save_check_result,
        )
        page.show_saved(session.check_results())
        follow_consent(
            session,
            "device_checks",
            page,
            page,
            _(
                "The person chose not to have this computer checked. "
                "You can change this in the Consent step."
            ),
        )
        return page

    def connection_step(session: IntakeSession) -> QWidget:
        from functools import partial

        from readiness.checks.connection import CHECK_ID, check_connection, holds_figures

        from .pages.connection import ConnectionPage

        page = ConnectionPage(
            tasks,
            partial(check_connection, configuration.connection_settings()),
            session.save_check_result,
            lambda: session.last_measured(CHECK_ID, accept=holds_figures),
            saved=next((r for r in session.check_results() if r.check_id == CHECK_ID), None),
            thresholds=configuration.thresholds(),
            clock=session.now,
        )
        follow_consent(
            session,
            "connection_test",
            page,
            page,
            _(
                "The person chose not to have the connection tested. You can change this in "
                "the Consent step, or enter figures from another test by hand."
            ),
        )
        return page

    def questionnaire_step(session: IntakeSession) -> QWidget:
        from .pages.questionnaire import QuestionnairePage

        return QuestionnairePage(
            configuration.interpretation().instruments,
            session.answers(),
            session.save_answer,
            locale=session.locale,
            clock=session.now,
        )

    def results_step(session: IntakeSession) -> QWidget:
        from readiness.equity.profile import band_marks

        from .pages.results import ResultsPage
        from .widgets.kept_results import KeptResultsBar

        interpretation = configuration.interpretation()

        def assess_document(document: AssessmentDocument) -> AssessmentResult:
            if session.is_complete:  # the result kept at completion: the record
                return session.decided(interpretation).result
            return interpretation.assess(document)

        def load_previous() -> AssessmentResult | None:
            previous = session.previous_decided(interpretation)
            return None if previous is None else previous.result

        return ResultsPage(
            session.document,
            session.save_plan,
            kept_results=KeptResultsBar(tasks, session, configuration.interpretation),
            assess_document=assess_document,
            band_marks=band_marks(interpretation.rules),
            load_previous=load_previous,
            warnings=interpretation.warnings,
            locale=session.locale,
        )

    def export_step(session: IntakeSession) -> QWidget:
        from readiness.reports.jobs import report_for

        from .pages.export import ExportPage

        return ExportPage(
            tasks,
            lambda locale: report_for(
                session.document(),
                configuration.interpretation(),
                locale,
                session.decided(configuration.interpretation()),
            ),
            session.locale,
            is_complete=lambda: session.is_complete,
            record=lambda audience, use, password: session.record_report(
                audience, use, password=password
            ),
        )

    titles = [
        (steps.OVERVIEW, lambda: _("About this intake")),
        (steps.CONSENT, lambda: _("Consent")),
        (steps.PHONE, lambda: _("The person's phone")),
        (steps.DEVICE, lambda: _("This computer")),
        (steps.CONNECTION, lambda: _("Internet connection")),
        (steps.QUESTIONS, lambda: _("Questions")),
        (steps.RESULTS, lambda: _("Results and plan")),
        (steps.REPORTS, lambda: _("Reports")),
    ]

    def overview_step(session: IntakeSession) -> QWidget:
        return OverviewStep(session, titles, lambda: configuration.interpretation().instruments)

    builders = {
        steps.OVERVIEW: overview_step,
        steps.CONSENT: consent_step,
        steps.PHONE: phone_step,
        steps.DEVICE: device_checks_step,
        steps.CONNECTION: connection_step,
        steps.QUESTIONS: questionnaire_step,
        steps.RESULTS: results_step,
        steps.REPORTS: export_step,
    }
    return [IntakeStep(key, title, builders[key]) for key, title in titles]
