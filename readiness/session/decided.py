"""Which result an output shows for a document: the one kept at completion, or a live one.

A completed assessment's result is a record (``readiness.store.results``): exports,
summaries and reports read it, with the rules version that made it. A completed
assessment without one (completed before results were kept, or imported) gets it the
first time it is read here, worked out with the rules in force and kept with that
version and the basis ``first_read``. A draft's result is worked out live and never
kept. Without records (the agency hub's documents) every result is live. A per-row
export's completed assessments come counted, not whole (``export_queries.Tallied``): the
few without a kept result are read whole to work theirs out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from readiness.model import AssessmentStatus, utc_now
from readiness.store import results
from readiness.store.results import Basis, StoredResult, make_stored

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.document import AssessmentDocument
    from readiness.equity.results import AssessmentResult
    from readiness.interpret import Interpretation
    from readiness.store.export_queries import Tallied

PAGE = 500

Read = TypeVar("Read", bound="AssessmentDocument | Tallied")
"""A whole document, or a completed assessment counted by a per-row export."""


@dataclass(frozen=True)
class Decided:
    """One document's result as an output shows it, with the rules version and basis."""

    version: str
    basis: Basis
    stored: StoredResult | None = None
    live: AssessmentResult | None = None

    @property
    def kept(self) -> bool:
        """Whether this is the record of a completed assessment (not a draft's live result)."""
        return self.basis is not Basis.LIVE

    @property
    def computed(self) -> datetime | None:
        """When a kept result was worked out (None: live, now)."""
        return self.stored.computed if self.stored is not None else None

    @cached_property
    def codes(self) -> dict[str, Any]:
        """Scores, bands, verdicts, recommendations and the overall score, as codes."""
        if self.stored is not None:
            return self.stored.codes
        from readiness.equity.result_data import codes

        assert self.live is not None
        return codes(self.live)

    @property
    def result(self) -> AssessmentResult:
        """The whole result."""
        if self.stored is not None:
            return self.stored.result
        assert self.live is not None
        return self.live


class Decisions:
    """The results of the documents one output reads (see the module docstring).

    ``over(documents)`` passes the documents through, reading the kept results of each
    page of them at once (and keeping those worked out on first read); ``of(document)``
    then gives a document's ``Decided``. ``db`` None: every result is live.
    """

    def __init__(
        self, interpretation: Interpretation, db: Database | None = None, *, whole: bool = True
    ) -> None:
        self.interpretation = interpretation
        self._db = db
        self._whole = whole
        """False: kept results are read as codes only (an export row's); ``result`` is refused."""
        self._page: dict[str, StoredResult] = {}

    def over(self, documents: Iterable[Read]) -> Iterator[Read]:
        """``documents`` passed through, a page at a time, with their kept results read."""
        if self._db is None:
            yield from documents
            return
        found = iter(documents)
        while page := list(islice(found, PAGE)):
            self._read(page)
            yield from page

    def _read(self, page: Sequence[AssessmentDocument | Tallied]) -> None:
        assert self._db is not None
        completed = [d for d in page if d.assessment.status is AssessmentStatus.COMPLETE]
        ids = [d.assessment.id for d in completed]
        self._page = results.stored_for(self._db, ids, whole=self._whole)
        missing = [d for d in completed if d.assessment.id not in self._page]
        if not missing:
            return
        now = utc_now()
        made = [
            make_stored(
                self.interpretation.assess(self._whole_document(document)),
                self.interpretation.version,
                now,
                Basis.FIRST_READ,
            )
            for document in missing
        ]
        with self._db.atomic():
            for stored in made:
                results.save(self._db, stored)
        self._page.update({stored.assessment_id: stored for stored in made})

    def _whole_document(self, read: AssessmentDocument | Tallied) -> AssessmentDocument:
        from readiness.store.export_queries import Tallied
        from readiness.store.repository import load_document

        if isinstance(read, Tallied):
            assert self._db is not None
            return load_document(self._db, read.assessment.id)
        return read

    def of(self, document: AssessmentDocument | Tallied) -> Decided:
        """``document``'s result: kept (completed) or live (a draft, or no records)."""
        stored = self._page.get(document.assessment.id)
        if stored is None and self._db is not None and self._complete(document):
            self._read([document])
            stored = self._page.get(document.assessment.id)
        if stored is not None:
            return Decided(stored.rules_version, stored.basis, stored=stored)
        live = self.interpretation.assess(self._whole_document(document))
        return Decided(self.interpretation.version, Basis.LIVE, live=live)

    @staticmethod
    def _complete(document: AssessmentDocument | Tallied) -> bool:
        return document.assessment.status is AssessmentStatus.COMPLETE


def decided_for(
    document: AssessmentDocument, interpretation: Interpretation, db: Database | None = None
) -> Decided:
    """One document's result (its kept one when ``db`` has it or it is kept now)."""
    return Decisions(interpretation, db).of(document)
