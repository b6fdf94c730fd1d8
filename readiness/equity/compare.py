"""Change since the last assessment of the same person: domain scores and channel verdicts.

``compare(previous, current)`` lines up two results by domain and channel id. A
domain that had no score before (or has none now) shows as such rather than as a
change from zero. Used by the results page for a reassessment and by the reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from readiness.equity.results import AssessmentResult, Band, Verdict
from readiness.local_text import LocalText


class Direction(StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"
    NEW = "new"
    """There was nothing to compare with (no score, or no verdict, before or now)."""


DIRECTION_WORDS = {
    Direction.BETTER: LocalText(en="more in place", es="más en su lugar"),
    Direction.SAME: LocalText(en="no change", es="sin cambios"),
    Direction.WORSE: LocalText(en="more support needed", es="se necesita más apoyo"),
    Direction.NEW: LocalText(en="nothing to compare yet", es="todavía no hay con qué comparar"),
}


@dataclass(frozen=True)
class DomainChange:
    id: str
    title: LocalText
    before: int | None
    after: int | None
    band_before: Band | None
    band_after: Band | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def direction(self) -> Direction:
        delta = self.delta
        if delta is None:
            return Direction.NEW
        return Direction.BETTER if delta > 0 else Direction.WORSE if delta < 0 else Direction.SAME

    def describe(self, locale: str) -> str:
        """E.g. ``Internet connection: 40 -> 72 (+32, more in place)``."""
        name = self.title.get(locale)
        words = DIRECTION_WORDS[self.direction].get(locale)
        if self.delta is None:
            before = "—" if self.before is None else str(self.before)
            after = "—" if self.after is None else str(self.after)
            return f"{name}: {before} → {after} ({words})"
        if self.delta == 0:
            return f"{name}: {self.before} → {self.after} ({words})"
        return f"{name}: {self.before} → {self.after} ({self.delta:+d}, {words})"


@dataclass(frozen=True)
class ChannelChange:
    id: str
    title: LocalText
    before: Verdict | None
    after: Verdict

    @property
    def direction(self) -> Direction:
        if self.before is None:
            return Direction.NEW
        if self.after.rank < self.before.rank:
            return Direction.BETTER
        return Direction.WORSE if self.after.rank > self.before.rank else Direction.SAME

    def describe(self, locale: str) -> str:
        """E.g. ``Video call (1:1): Not suitable now -> Ready with support``."""
        before = self.before.label.get(locale) if self.before else "—"
        return f"{self.title.get(locale)}: {before} → {self.after.label.get(locale)}"


@dataclass(frozen=True)
class Comparison:
    """How the current assessment differs from the previous one of the same person."""

    previous_id: str
    previous_at: datetime
    domains: tuple[DomainChange, ...]
    channels: tuple[ChannelChange, ...]
    overall_before: int | None
    overall_after: int | None

    @property
    def changed_channels(self) -> tuple[ChannelChange, ...]:
        return tuple(c for c in self.channels if c.direction in (Direction.BETTER, Direction.WORSE))


def compare(previous: AssessmentResult, current: AssessmentResult) -> Comparison:
    """Domain by domain and channel by channel, in the current result's order."""
    domains = []
    for domain in current.profile:
        before = previous.domain(domain.id)
        domains.append(
            DomainChange(
                domain.id,
                domain.title,
                before.score if before else None,
                domain.score,
                before.band if before else None,
                domain.band,
            )
        )
    channels = []
    for channel in current.channels:
        old = previous.channel(channel.id)
        channels.append(
            ChannelChange(channel.id, channel.title, old.verdict if old else None, channel.verdict)
        )
    return Comparison(
        previous_id=previous.assessment_id,
        previous_at=previous.assessed_at,
        domains=tuple(domains),
        channels=tuple(channels),
        overall_before=previous.overall.score if previous.overall else None,
        overall_after=current.overall.score if current.overall else None,
    )
