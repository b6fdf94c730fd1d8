"""One interpretation: everything that turns an assessment's facts into results, built in one place.

What a document *means* depends on the questionnaires, the thresholds, the equity
rules with their recommendation catalogue, and the agency issuing the results.
``interpret(settings, overrides)`` is the only place that puts these together: from
the agency's files named in Settings, with explicit ``Overrides`` laid on top (CLI
flags, test fixtures). The GUI, the CLI, the reports, the exports and the self-test
all take the resulting ``Interpretation``, so one document gets the same verdicts
everywhere. Nothing else loads rule files for interpreting, and the equity engine
has no default of its own.

An agency file that is broken is skipped with a warning naming the file and the key
(``Interpretation.warnings``); what was in force before it stays in force.
``thresholds_in_force`` is the same choice of thresholds for the device and
connection checks, which need nothing else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from readiness import __version__
from readiness.settings.schema import DEFAULT_FHIR_BASE

if TYPE_CHECKING:
    from readiness.document import AssessmentDocument
    from readiness.equity.loading import Rules
    from readiness.equity.results import AssessmentResult
    from readiness.equity.schema import Entry
    from readiness.questionnaire.schema import Instrument
    from readiness.settings import Settings
    from readiness.thresholds import Thresholds


@dataclass(frozen=True)
class Agency:
    """Who issues the results: printed on the reports."""

    name: str = ""
    contact: str = ""
    """How the service user reaches the agency (phone, address, hours)."""
    logo: str = ""
    """Path of a PNG or JPEG logo; "" for none."""
    fhir_base: str = DEFAULT_FHIR_BASE
    """The canonical base of the FHIR definitions the exports name (Settings' ``fhir_base``)."""


@dataclass(frozen=True)
class Overrides:
    """Explicit choices laid over Settings; None leaves the setting in force.

    A given list replaces the one in Settings (an empty tuple means "built-in only").
    """

    thresholds_file: Path | None = None
    rules_files: tuple[Path, ...] | None = None
    instrument_files: tuple[Path, ...] | None = None
    agency: Agency | None = None


@dataclass(frozen=True)
class Files:
    """The agency files an interpretation was asked to use (before any was skipped)."""

    thresholds: Path | None = None
    rules: tuple[Path, ...] = ()
    instruments: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Interpretation:
    """The questionnaires, thresholds, rules and agency in force, and what went wrong."""

    instruments: tuple[Instrument, ...]
    thresholds: Thresholds
    rules: Rules
    agency: Agency = field(default_factory=Agency)
    warnings: tuple[str, ...] = ()
    files: Files = field(default_factory=Files)
    version: str = ""
    """A short fingerprint of the app version and every file in force, to tell results apart."""
    validated: frozenset[str] = frozenset()
    """The questionnaires the agency marked validated (``ID@VERSION``, Settings'
    ``validated_instruments``) that are in force: see ``is_validated``."""

    def assess(self, document: AssessmentDocument) -> AssessmentResult:
        """Profile, channel verdicts and recommendations for ``document``."""
        from readiness.equity.engine import assess

        return assess(document, self.rules, self.instruments)

    @property
    def catalogue(self) -> tuple[Entry, ...]:
        """The recommendation catalogue in force."""
        return self.rules.ruleset.catalogue

    def instrument(self, instrument_id: str) -> Instrument | None:
        return next((i for i in self.instruments if i.id == instrument_id), None)

    def is_validated(self, instrument: Instrument) -> bool:
        """Whether the agency marked this version of ``instrument`` validated; until then
        every reliability figure for it is labelled "not validated"."""
        return f"{instrument.id}@{instrument.version}" in self.validated


def _files(settings: Settings, overrides: Overrides) -> Files:
    def paths(names: tuple[str, ...]) -> tuple[Path, ...]:
        return tuple(Path(name) for name in names)

    thresholds = overrides.thresholds_file
    if thresholds is None and settings.thresholds_file:
        thresholds = Path(settings.thresholds_file)
    rules = overrides.rules_files
    instruments = overrides.instrument_files
    return Files(
        thresholds=thresholds,
        rules=rules if rules is not None else paths(settings.rules_files),
        instruments=instruments if instruments is not None else paths(settings.instrument_files),
    )


def thresholds_in_force(
    settings: Settings, overrides: Overrides = Overrides()
) -> tuple[Thresholds, tuple[str, ...]]:
    """The thresholds for these settings (the built-ins if the agency file is broken), warnings."""
    from readiness.thresholds import load_thresholds_with_fallback

    thresholds, warning = load_thresholds_with_fallback(_files(settings, overrides).thresholds)
    return thresholds, (warning,) if warning else ()


def interpret(settings: Settings, overrides: Overrides = Overrides()) -> Interpretation:
    """Everything that interprets an assessment, for ``settings`` with ``overrides`` on top."""
    from readiness.equity.loading import RulesError, load_rules
    from readiness.questionnaire.loader import load_all
    from readiness.thresholds import builtin_thresholds

    files = _files(settings, overrides)
    thresholds, warnings = thresholds_in_force(settings, overrides)
    loaded = load_all(files.instruments)
    try:
        rules, rule_warnings = load_rules(
            files.rules, thresholds=thresholds, instruments=loaded.instruments
        )
    except RulesError as exc:
        # The agency's thresholds break the built-in rules (e.g. video needing less than
        # a group call): say so, and interpret with the built-in thresholds instead.
        warnings = (
            *warnings,
            f"{files.thresholds}: these thresholds do not fit the rules ({exc}); "
            "the built-in thresholds are used instead",
        )
        thresholds = builtin_thresholds()
        rules, rule_warnings = load_rules(
            files.rules, thresholds=thresholds, instruments=loaded.instruments
        )
    agency = overrides.agency or Agency(
        name=settings.agency_name,
        contact=settings.agency_contact,
        logo=settings.agency_logo,
        fhir_base=settings.fhir_base,
    )
    validated, validation_warnings = _validated(settings, loaded.instruments)
    return Interpretation(
        instruments=loaded.instruments,
        thresholds=thresholds,
        rules=rules,
        agency=agency,
        warnings=(
            *warnings,
            *(str(p) for p in loaded.problems),
            *rule_warnings,
            *validation_warnings,
        ),
        files=files,
        version=_fingerprint(files),
        validated=validated,
    )


def _validated(
    settings: Settings, instruments: tuple[Instrument, ...]
) -> tuple[frozenset[str], tuple[str, ...]]:
    """The validated marks that name a questionnaire in force, and a warning for each other."""
    in_force = {f"{i.id}@{i.version}": i for i in instruments}
    versions = {i.id: i.version for i in instruments}
    warnings = []
    for mark in settings.validated_instruments:
        if mark in in_force:
            continue
        instrument_id = mark.partition("@")[0]
        now = (
            f"the {instrument_id} questionnaire in force is version {versions[instrument_id]}"
            if instrument_id in versions
            else f"no questionnaire {instrument_id} is in force"
        )
        warnings.append(
            f"validated_instruments names {mark}, but {now}: its figures stay "
            "labelled not validated"
        )
    return frozenset(in_force).intersection(settings.validated_instruments), tuple(warnings)


def _fingerprint(files: Files) -> str:
    """The app version and the content of each agency file, hashed (files that cannot be
    read count as absent: they were skipped). Each is read as ``readiness.files`` reads
    it, so a pipe or ``/dev/zero`` named in Settings is never opened."""
    from readiness.errors import ReadinessError
    from readiness.files import QUESTIONNAIRE, RULES, THRESHOLDS, read_file_bytes

    digest = hashlib.sha256(__version__.encode())
    kinds = [
        (files.thresholds, THRESHOLDS),
        *((path, RULES) for path in files.rules),
        *((path, QUESTIONNAIRE) for path in files.instruments),
    ]
    for path, kind in kinds:
        if path is None:
            continue
        digest.update(str(path).encode())
        try:
            digest.update(read_file_bytes(path, kind))
        except ReadinessError:
            digest.update(b"\0unreadable")
    return f"{__version__}+{digest.hexdigest()[:12]}"
