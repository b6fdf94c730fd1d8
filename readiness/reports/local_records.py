"""Which records go into the analyst's item-level export and the reliability figures, and
the "not validated" label they carry.

Only completed assessments of real people count: drafts may still change, and
practice people are fictional (their codes start with ``PRACTICE-``, and a practice
database, marked in its header, is refused whole). What was left out is counted, so
the analyst sees it. Figures worked out from these records describe the agency's
own service users and nothing more: each carries ``NOT_VALIDATED`` until the agency
marks the instrument validated (Settings' ``validated_instruments``, read through
``Interpretation.is_validated``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readiness.document import AssessmentDocument, is_practice_code
from readiness.errors import ReadinessError
from readiness.messages import M_, N_, Message
from readiness.model import AssessmentStatus

if TYPE_CHECKING:
    from sqlite_utils import Database

NOT_VALIDATED = N_(
    "Not validated: computed from this agency's own records; for local checking only."
)
"""The label of every figure for an instrument the agency has not marked validated."""
VALIDATED = N_("Validated by the agency (Settings: validated_instruments).")
"""The label once the agency has marked the instrument's version validated."""


def validation_label(validated: bool) -> str:
    """The msgid of the label for an instrument marked validated or not."""
    return VALIDATED if validated else NOT_VALIDATED


@dataclass
class Selection:
    """What was read, and what was left out of the analysis."""

    used: int = 0
    drafts: int = 0
    practice: int = 0

    def notes(self) -> tuple[Message, ...]:
        """What was left out, in words (nothing when nothing was)."""
        notes = []
        if self.drafts:
            notes.append(M_("Drafts left out (not completed): {count}.", count=self.drafts))
        if self.practice:
            notes.append(
                M_("Practice records left out (fictional people): {count}.", count=self.practice)
            )
        return tuple(notes)

    def completed(self, documents: Iterable[AssessmentDocument]) -> Iterator[AssessmentDocument]:
        """The completed assessments of real people among ``documents``, counting the rest."""
        for document in documents:
            if is_practice_code(document.service_user.code):
                self.practice += 1
            elif document.assessment.status is not AssessmentStatus.COMPLETE:
                self.drafts += 1
            else:
                self.used += 1
                yield document


def refuse_practice_database(db: Database) -> None:
    """Raise when ``db`` is a practice database: its people are fictional, so it has no data
    for an analyst."""
    from readiness.store.practice_mark import is_practice_database

    if is_practice_database(db):
        raise ReadinessError(
            M_(
                "This is the practice database: everyone in it is fictional, so it gives no "
                "item-level export and no reliability figures. Leave practice mode first."
            )
        )
