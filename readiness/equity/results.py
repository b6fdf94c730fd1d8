"""What an assessment gives back: profile, channel verdicts and recommendations, each explained.

Every object here is frozen plain data, free of the rule files' types, so the results
page, the CLI and the PDF reports can read it without knowing how it was computed.
Texts are ``LocalText`` (one text in English and Spanish); a ``Reason`` carries its wording, the
rule behind it, the cited source and the facts (``Evidence``) it rests on, each
marked as answered, measured or entered by hand. The engine builds that wording, a
fact's evidence and a domain's reasons only when they are first read
(``readiness.equity.deferred``): scores, bands, verdicts, rule ids and priorities are
there at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from readiness.equity.deferred import deferred_fields
from readiness.local_text import LocalText
from readiness.model import MissingCode


class Origin(StrEnum):
    """Where a fact came from."""

    ANSWERED = "answered"
    MEASURED = "measured"
    ENTERED = "entered"
    """Figures a worker typed in from another test (check results with source "manual")."""
    DERIVED = "derived"
    """Worked out from other facts or from the profile."""
    LOOKED_AT = "looked_at"
    """Found by looking at the person's phone together (check results with source "looked_at")."""
    UNKNOWN = "unknown"
    """Not known yet: a question not asked or declined, a check not run."""


ORIGIN_WORDS: Mapping[Origin, LocalText] = {
    Origin.ANSWERED: LocalText(en="answered", es="respuesta"),
    Origin.MEASURED: LocalText(en="measured", es="medido"),
    Origin.ENTERED: LocalText(en="entered by hand", es="anotado a mano"),
    Origin.DERIVED: LocalText(en="from the results", es="según los resultados"),
    Origin.LOOKED_AT: LocalText(en="looked at together", es="revisado juntos"),
    Origin.UNKNOWN: LocalText(en="not known yet", es="todavía no se sabe"),
}
NOT_ANSWERED = LocalText(en="No answer yet", es="Sin respuesta todavía")
"""The value shown for a required fact nobody has answered or measured."""


@dataclass(frozen=True)
class Evidence:
    """One fact behind a reason: what it is about, its value, and where it came from."""

    fact: str
    label: LocalText
    value: LocalText
    origin: Origin
    ref: str = ""
    """The questionnaire item or check id the fact was read from ("" when derived)."""

    def describe(self, locale: str) -> str:
        """E.g. ``Kind of phone: A basic phone (answered)``."""
        return (
            f"{self.label.get(locale)}: {self.value.get(locale)} "
            f"({ORIGIN_WORDS[self.origin].get(locale)})"
        )


FactScalar = bool | int | float | str
FactData = FactScalar | tuple[str, ...]


@dataclass(frozen=True)
class FactValue:
    """A named fact and what is known of it; ``value`` None means unknown."""

    id: str
    value: FactData | None
    evidence: tuple[Evidence, ...] = ()
    missing: MissingCode | None = None
    """Why an answered item gave no value (declined, unable, ...), when that is the case."""

    @property
    def known(self) -> bool:
        return self.value is not None


class Verdict(StrEnum):
    """How ready a channel is now. Never a reason to refuse a service; it guides the choice."""

    READY = "ready"
    SUPPORT = "ready_with_support"
    NOT_SUITABLE = "not_suitable_now"

    @property
    def rank(self) -> int:
        """0 ready, 1 ready with support, 2 not suitable now (higher is less ready)."""
        return _VERDICT_RANK[self]

    @property
    def label(self) -> LocalText:
        return VERDICT_LABELS[self]


_VERDICT_RANK = {Verdict.READY: 0, Verdict.SUPPORT: 1, Verdict.NOT_SUITABLE: 2}
VERDICT_LABELS: Mapping[Verdict, LocalText] = {
    Verdict.READY: LocalText(en="Ready", es="Listo"),
    Verdict.SUPPORT: LocalText(en="Ready with support", es="Listo con apoyo"),
    Verdict.NOT_SUITABLE: LocalText(en="Not suitable now", es="No es adecuado por ahora"),
}


@dataclass(frozen=True)
class Reason:
    """One plain-language reason, the rule that gave it, its source and its facts."""

    text: LocalText
    rule: str
    source: str
    evidence: tuple[Evidence, ...] = ()
    effect: Verdict | None = None
    """For channel reasons: what this reason does to the verdict (None for profile reasons)."""

    def render(self, locale: str) -> str:
        """The sentence with the facts it rests on, e.g. ``No device ... — Kind of phone: ...``."""
        sentence = self.text.get(locale)
        if not self.evidence:
            return sentence
        facts = "; ".join(item.describe(locale) for item in self.evidence)
        return f"{sentence} — {facts}"


@dataclass(frozen=True)
class Band:
    """A labelled range of domain scores (after the ADII bands, used by analogy)."""

    id: str
    label: LocalText


@dataclass(frozen=True)
class DomainScore:
    """One domain of the profile: 0-100 (higher: more in place), or not enough information."""

    id: str
    title: LocalText
    score: int | None
    band: Band | None
    reasons: tuple[Reason, ...]
    answered: int
    """Indicators with a known value."""
    required: int
    """Indicators needed before a score is given."""
    total: int
    source: str

    @property
    def scored(self) -> bool:
        return self.score is not None


NOT_ENOUGH_INFORMATION = LocalText(en="Not enough information", es="No hay suficiente información")


@dataclass(frozen=True)
class OverallScore:
    """An optional summary over the scored domains: local, not validated."""

    score: int
    band: Band | None
    domains: tuple[str, ...]
    note: LocalText


@dataclass(frozen=True)
class ChannelVerdict:
    """The verdict for one way of connecting, with every reason behind it (worst first)."""

    id: str
    title: LocalText
    verdict: Verdict
    reasons: tuple[Reason, ...]


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return _PRIORITY_RANK[self]

    @property
    def label(self) -> LocalText:
        return PRIORITY_LABELS[self]


_PRIORITY_RANK = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}
PRIORITY_LABELS: Mapping[Priority, LocalText] = {
    Priority.HIGH: LocalText(en="High priority", es="Prioridad alta"),
    Priority.MEDIUM: LocalText(en="Medium priority", es="Prioridad media"),
    Priority.LOW: LocalText(en="Low priority", es="Prioridad baja"),
}


class RecommendationKind(StrEnum):
    TECHNOLOGY = "technology"
    """A way to connect or a setting to use (audio-only fallback, captions, large text)."""
    SUPPORT = "support"
    """Support to offer (device lending, cost programmes, classes, a navigator, a private space)."""


@dataclass(frozen=True)
class Recommendation:
    """One catalogue entry that applies, why, and how urgent it is."""

    id: str
    kind: RecommendationKind
    priority: Priority
    title: LocalText
    description: LocalText
    settings: tuple[LocalText, ...]
    why: Reason
    channels: tuple[str, ...]


RESULT_NOTE = LocalText(
    en="Not validated; for planning support, not for diagnosis. "
    "Results guide the choice of channel and never deny a service.",
    es="No validado; sirve para planear el apoyo, no para diagnosticar. "
    "Los resultados orientan la forma de contacto y nunca niegan un servicio.",
)
"""Shown with every result."""


@dataclass(frozen=True)
class AssessmentResult:
    """Everything ``assess`` works out for one assessment document."""

    assessment_id: str
    service_user_code: str
    assessed_at: datetime
    """When the assessment was made (the assessment's ``created`` time), for comparisons."""
    profile: tuple[DomainScore, ...]
    overall: OverallScore | None
    channels: tuple[ChannelVerdict, ...]
    recommendations: tuple[Recommendation, ...]
    facts: Mapping[str, FactValue] = field(default_factory=dict)
    rules_origin: str = "built-in"
    note: LocalText = RESULT_NOTE

    def domain(self, domain_id: str) -> DomainScore | None:
        return next((d for d in self.profile if d.id == domain_id), None)

    def channel(self, channel_id: str) -> ChannelVerdict | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def recommendation(self, recommendation_id: str) -> Recommendation | None:
        return next((r for r in self.recommendations if r.id == recommendation_id), None)


# The wording and the facts behind it are built when first read (most callers need only
# the decisions); the fields stay ordinary dataclass fields to everyone who reads them.
deferred_fields(FactValue, "evidence")
deferred_fields(Reason, "text", "source", "evidence")
deferred_fields(DomainScore, "reasons")
