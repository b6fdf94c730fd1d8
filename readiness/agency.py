"""What the agency has set up, loaded as the app uses it: rule files in force and its identity.

``inputs_from_settings`` lays the agency's files from Settings (thresholds,
questionnaires, equity rules) over the built-in ones; a broken agency file is
skipped with a warning naming the file and the key, and the built-ins stay in
force. The GUI, the CLI, the reports and the self-test all load rules through here,
so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.reports.data import Agency

if TYPE_CHECKING:
    from readiness.checks.connection import ConnectionSettings
    from readiness.document import AssessmentDocument
    from readiness.equity.loading import Rules
    from readiness.equity.results import AssessmentResult
    from readiness.questionnaire.schema import Instrument
    from readiness.settings import Settings
    from readiness.thresholds import Thresholds


@dataclass(frozen=True)
class ReportInputs:
    """Everything that interprets an assessment for a report or an export."""

    instruments: tuple[Instrument, ...]
    thresholds: Thresholds
    rules: Rules
    agency: Agency = field(default_factory=Agency)
    warnings: tuple[str, ...] = ()

    def assess(self, document: AssessmentDocument) -> AssessmentResult:
        from readiness.equity.engine import assess

        return assess(document, self.rules, self.instruments)


def inputs_from_settings(settings: Settings) -> ReportInputs:
    """Questionnaires, thresholds and rules in force for these settings, and the agency."""
    from readiness.equity.loading import load_rules
    from readiness.questionnaire.loader import load_all
    from readiness.thresholds import load_thresholds_with_fallback

    path = Path(settings.thresholds_file) if settings.thresholds_file else None
    thresholds, warning = load_thresholds_with_fallback(path)
    loaded = load_all(Path(file) for file in settings.instrument_files)
    rules, rule_warnings = load_rules(
        (Path(file) for file in settings.rules_files),
        thresholds=thresholds,
        instruments=loaded.instruments,
    )
    warnings = [warning] if warning else []
    warnings += [str(problem) for problem in loaded.problems]
    warnings += list(rule_warnings)
    agency = Agency(
        name=settings.agency_name,
        contact=settings.agency_contact,
        logo=settings.agency_logo,
    )
    return ReportInputs(loaded.instruments, thresholds, rules, agency, tuple(warnings))


def connection_settings(settings: Settings) -> ConnectionSettings:
    """How to test the connection, from Settings; a bad server address raises ``ReadinessError``."""
    from readiness.checks.connection import ConnectionSettings

    server = settings.speed_test_server or None
    return ConnectionSettings(server_url=server).with_backend(settings.speed_test_backend)
