"""The assessment list as plain data: one summary line per assessment, and where a chunk ended.

The store fills these (``readiness.store.listing``); Home, the person's page and the
command line show them. They hold no answers and no names, only what a list needs
to show an assessment and open it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from readiness.model import AssessmentStatus


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
