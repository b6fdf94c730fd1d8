"""The assessment list as plain data: one summary line per assessment, and where a chunk ended.

The store fills these (``readiness.store.listing``); Home, the person's page and the
command line show them. They hold no answers and no names, only what a list needs
to show an assessment and open it, and what is due for the person: only their
newest assessment counts (open items of earlier plans were carried over to it),
with its plan's first due day (a follow-up) or, once completed, the agency's
reassessment interval since it started (``DueRule``; the store's query and
``AssessmentSummary.due`` decide alike).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from readiness.model import AssessmentStatus


class Due(StrEnum):
    """What is due for a person."""

    FOLLOW_UP = "follow_up"
    REASSESSMENT = "reassessment"


@dataclass(frozen=True)
class DueRule:
    """On ``today``, with a reassessment ``reassess_after_days`` (0: never) after the last one."""

    today: date
    reassess_after_days: int

    def reassess_before(self) -> datetime | None:
        """Newest completed assessments started before this moment are due for reassessment."""
        if self.reassess_after_days <= 0:
            return None
        day = self.today - timedelta(days=self.reassess_after_days - 1)
        return datetime.combine(day, time.min, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    """One line of the assessment list: enough to show and to open it."""

    id: str
    service_user_code: str
    created: datetime
    updated: datetime
    status: AssessmentStatus
    staff_initials: str
    locale: str
    service_user_id: str = ""
    visit: int = 0
    """Which of the person's assessments this is (1 for the first), counted by start time."""
    visits: int = 0
    """How many assessments the person has in all."""
    follow_up_due: date | None = None
    """The first day something in its plan is due (the follow-up, or an open item's date)."""

    @property
    def newest(self) -> bool:
        """Whether it is the person's latest assessment (the one whose plan is followed up)."""
        return self.visit == self.visits

    def due(self, rule: DueRule) -> Due | None:
        """What is due for the person by this assessment under ``rule`` (None: nothing)."""
        if not self.newest:
            return None
        if self.follow_up_due is not None and self.follow_up_due <= rule.today:
            return Due.FOLLOW_UP
        before = rule.reassess_before()
        if (
            before is not None
            and self.status is AssessmentStatus.COMPLETE
            and self.created < before
        ):
            return Due.REASSESSMENT
        return None


@dataclass(frozen=True)
class AssessmentPage:
    """One page of the assessment list, newest first."""

    items: tuple[AssessmentSummary, ...]
    total: int
    page: int
    page_size: int

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class ListPosition:
    """Where a chunk ended: its last row's start time and row id (the next chunk starts after)."""

    created: str
    rowid: int


@dataclass(frozen=True)
class AssessmentChunk:
    """Some rows of the list, and where the next chunk starts (None: the list has ended)."""

    items: tuple[AssessmentSummary, ...]
    after: ListPosition | None
