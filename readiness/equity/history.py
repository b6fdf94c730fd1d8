"""A person's assessments over time: each domain's level and each channel's verdict, with changes.

``build_timeline`` lines up the results of one person's assessments, oldest first,
and marks every level that changed since the assessment before it (using
``readiness.equity.compare``, the same comparison the results page shows). It is a
pure function of the results. ``timeline_from_documents`` works the results out
first (about 3 ms an assessment), reporting progress and honouring a cancel token,
so the GUI runs it off the GUI thread. Reading a person's documents is the store's
(``readiness.store.listing.person_documents``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import TYPE_CHECKING

from readiness.equity.compare import Comparison, Direction, compare
from readiness.equity.results import (
    NOT_ENOUGH_INFORMATION,
    AssessmentResult,
    Band,
    Verdict,
)
from readiness.local_text import LocalText
from readiness.messages import M_
from readiness.model import AssessmentStatus
from readiness.progress import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from readiness.document import AssessmentDocument

Assess = Callable[["AssessmentDocument"], AssessmentResult]

CHANGED = (Direction.BETTER, Direction.WORSE)


@dataclass(frozen=True)
class TimelinePoint:
    """One assessment of the person: when, its status and who did it."""

    assessment_id: str
    created: datetime
    status: AssessmentStatus
    staff_initials: str


@dataclass(frozen=True)
class DomainLevel:
    """A domain at one assessment, and how it moved since the assessment before."""

    score: int | None
    band: Band | None
    direction: Direction
    """``NEW`` for the first assessment, or when there is no score before or now."""

    @property
    def changed(self) -> bool:
        return self.direction in CHANGED

    def label(self, locale: str) -> str:
        """E.g. ``72 — Mostly in place``, or "Not enough information"."""
        if self.score is None:
            return NOT_ENOUGH_INFORMATION.get(locale)
        band = f" — {self.band.label.get(locale)}" if self.band else ""
        return f"{self.score}{band}"


@dataclass(frozen=True)
class ChannelLevel:
    """A channel's verdict at one assessment, and how it moved since the assessment before."""

    verdict: Verdict
    direction: Direction

    @property
    def changed(self) -> bool:
        return self.direction in CHANGED

    def label(self, locale: str) -> str:
        return self.verdict.label.get(locale)


@dataclass(frozen=True)
class DomainRow:
    """One domain across the assessments (None where an assessment had no such domain)."""

    id: str
    title: LocalText
    levels: tuple[DomainLevel | None, ...]

    @property
    def changed(self) -> bool:
        return any(level is not None and level.changed for level in self.levels)


@dataclass(frozen=True)
class ChannelRow:
    """One way of connecting across the assessments (None where it was not decided)."""

    id: str
    title: LocalText
    levels: tuple[ChannelLevel | None, ...]

    @property
    def changed(self) -> bool:
        return any(level is not None and level.changed for level in self.levels)


@dataclass(frozen=True)
class Timeline:
    """A person's assessments, oldest first, with every domain and channel across them."""

    points: tuple[TimelinePoint, ...]
    domains: tuple[DomainRow, ...]
    channels: tuple[ChannelRow, ...]
    comparisons: tuple[Comparison, ...]
    """``comparisons[i]`` compares point ``i + 1`` with point ``i``."""

    @property
    def changed_channels(self) -> tuple[ChannelRow, ...]:
        return tuple(row for row in self.channels if row.changed)

    @property
    def changed_domains(self) -> tuple[DomainRow, ...]:
        return tuple(row for row in self.domains if row.changed)


def point_of(document: AssessmentDocument) -> TimelinePoint:
    """The timeline's view of one assessment document."""
    a = document.assessment
    return TimelinePoint(a.id, a.created, a.status, a.staff_initials)


def _in_order(ids: list[tuple[str, LocalText]], more: Sequence[tuple[str, LocalText]]) -> None:
    known = {key for key, _title in ids}
    ids.extend(item for item in more if item[0] not in known)


def build_timeline(entries: Sequence[tuple[TimelinePoint, AssessmentResult]]) -> Timeline:
    """Line up one person's results, oldest first; each level says how it moved since the last."""
    ordered = sorted(entries, key=lambda entry: (entry[0].created, entry[0].assessment_id))
    points = tuple(point for point, _result in ordered)
    results = [result for _point, result in ordered]
    comparisons = tuple(compare(before, after) for before, after in pairwise(results))
    domain_ids: list[tuple[str, LocalText]] = []
    channel_ids: list[tuple[str, LocalText]] = []
    for result in results:
        _in_order(domain_ids, [(d.id, d.title) for d in result.profile])
        _in_order(channel_ids, [(c.id, c.title) for c in result.channels])

    domains = []
    for domain_id, title in domain_ids:
        levels: list[DomainLevel | None] = []
        for index, result in enumerate(results):
            domain = result.domain(domain_id)
            if domain is None:
                levels.append(None)
                continue
            change = (
                next((c for c in comparisons[index - 1].domains if c.id == domain_id), None)
                if index
                else None
            )
            direction = change.direction if change is not None else Direction.NEW
            levels.append(DomainLevel(domain.score, domain.band, direction))
        domains.append(DomainRow(domain_id, title, tuple(levels)))

    channels = []
    for channel_id, title in channel_ids:
        verdicts: list[ChannelLevel | None] = []
        for index, result in enumerate(results):
            channel = result.channel(channel_id)
            if channel is None:
                verdicts.append(None)
                continue
            moved = (
                next((c for c in comparisons[index - 1].channels if c.id == channel_id), None)
                if index
                else None
            )
            direction = moved.direction if moved is not None else Direction.NEW
            verdicts.append(ChannelLevel(channel.verdict, direction))
        channels.append(ChannelRow(channel_id, title, tuple(verdicts)))
    return Timeline(points, tuple(domains), tuple(channels), comparisons)


def timeline_from_documents(
    documents: Sequence[AssessmentDocument],
    assess: Assess,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Timeline:
    """Work out each document's results, then line them up; raises ``Cancelled`` if asked."""
    entries = []
    total = len(documents)
    for index, document in enumerate(documents):
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress(index / total, M_("Assessment {number} of {total}", number=index + 1, total=total))
        entries.append((point_of(document), assess(document)))
    progress(1.0, M_("Done"))
    return build_timeline(entries)
