"""What a report shows, as plain frozen data: the seam between the domain and the renderers.

``assemble.report_data`` fills a ``ReportData`` from an assessment document, the
questionnaires, the thresholds, the agency settings and an ``Outcome`` (domain
profile, channel verdicts, recommendations and plan, adapted from ``readiness.equity``
by ``readiness.reports.outcome``). The PDF renderers read only these objects, so they
can be tested with hand-made data and never reach into the store or the rules.

Every text here is already in the report's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from readiness.interpret import Agency


class Level(StrEnum):
    """How a domain stands, from the point of view of support (never a label for the person)."""

    STRENGTH = "strength"
    SOME_SUPPORT = "some_support"
    SUPPORT = "support"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    """Whether a way of connecting suits the person now."""

    READY = "ready"
    WITH_SUPPORT = "with_support"
    NOT_NOW = "not_now"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DomainResult:
    """One domain of the profile: a 0-100 score (None: not enough information) and why."""

    domain_id: str
    title: str
    score: float | None
    level: Level
    band: str = ""
    reasons: tuple[str, ...] = ()
    validated: bool = False
    strength_text: str = ""
    """A plain sentence for the service user when this domain is a strength ("" for none)."""


@dataclass(frozen=True)
class ChannelResult:
    """A way of connecting (phone, text, video, ...) with its verdict and reasons."""

    channel_id: str
    title: str
    verdict: Verdict
    verdict_text: str = ""
    reasons: tuple[str, ...] = ()
    plain_title: str = ""
    """How the service-user copy names it ("Phone calls"); defaults to ``title``."""


@dataclass(frozen=True)
class RecommendationResult:
    """A recommended support, why, and what the worker decided."""

    recommendation_id: str
    title: str
    reason: str = ""
    priority: str = ""
    decision: str = "suggested"
    """``accepted``, ``declined`` or ``suggested`` (not decided yet)."""


@dataclass(frozen=True)
class PlanResult:
    """The worker's plan: support arranged, next steps, the follow-up date and notes.

    Every accepted item is in exactly one of ``supports`` and ``next_steps``, in the
    service user's words; the copy lists them from here only.
    """

    supports: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    follow_up: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class Outcome:
    """Everything the equity engine and the worker's plan add to the facts."""

    domains: tuple[DomainResult, ...] = ()
    channels: tuple[ChannelResult, ...] = ()
    recommendations: tuple[RecommendationResult, ...] = ()
    plan: PlanResult = field(default_factory=PlanResult)
    notes: tuple[str, ...] = ()
    """Notes about validity, e.g. "local scores, not validated"."""


@dataclass(frozen=True)
class MeasurementRow:
    """One device or connection check as the staff report lists it."""

    check_id: str
    title: str
    status: str
    status_text: str
    values: str
    reason: str
    thresholds: tuple[str, ...] = ()
    """The thresholds that apply, each with its source."""
    measured_at: datetime | None = None
    manual: bool = False


@dataclass(frozen=True)
class AnswerRow:
    """One question and its answer in words (the question is withheld when licensed)."""

    item_id: str
    question: str
    answer: str
    missing: bool = False


@dataclass(frozen=True)
class AnswerSection:
    """The answered items of one section of one questionnaire."""

    instrument_title: str
    section_title: str
    rows: tuple[AnswerRow, ...]
    text_withheld: bool = False
    licence_note: str = ""


@dataclass(frozen=True)
class ScaleRow:
    """A questionnaire scale score with its range and band, for the staff report."""

    instrument_title: str
    title: str
    value: str
    band: str
    answered: str
    note: str


@dataclass(frozen=True)
class TierRow:
    """A connection threshold tier (audio call, 1:1 video, ...) and its source."""

    title: str
    download: str
    upload: str
    round_trip: str
    source: str


@dataclass(frozen=True)
class ReportData:
    """Everything either report shows about one assessment, in one language."""

    locale: str
    assessment_id: str
    service_user_code: str
    created: datetime
    completed: datetime | None
    updated: datetime
    status: str
    staff_initials: str
    app_version: str
    generated: datetime
    agency: Agency = field(default_factory=Agency)
    outcome: Outcome = field(default_factory=Outcome)
    measurements: tuple[MeasurementRow, ...] = ()
    answers: tuple[AnswerSection, ...] = ()
    scales: tuple[ScaleRow, ...] = ()
    tiers: tuple[TierRow, ...] = ()
    thresholds_origin: str = "built-in"
    score_notes: tuple[str, ...] = ()
    unprintable: bool = False
    """Some characters (emoji, scripts the fonts lack) are shown as a box; the report says so."""
    rules_version: str = ""
    """The version of the rules that made the results ("" when not known)."""
    results_basis: str = "live"
    """How: ``completed``, ``first_read``, ``recomputed`` (kept) or ``live`` (a draft's)."""
