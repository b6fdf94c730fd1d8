"""What is sent for one assessment: the whole document with its results, and its version.

The one place that decides the payload: the document as the JSON export writes it,
with the ``results`` kept when it was completed and the version of the rules that
made them (issue 19).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from readiness.reports.exports_json import with_results
from readiness.session.decided import decided_for
from readiness.store import repository
from readiness.store.outbox import PendingVersion

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.interpret import Interpretation


def document_to_send(
    db: Database, assessment_id: str, interpretation: Interpretation
) -> dict[str, Any]:
    """The assessment document with its ``results`` block: the result kept when it was
    completed (worked out with ``interpretation`` and kept, for one completed before)."""
    document = repository.load_document(db, assessment_id)
    return with_results(document, decided_for(document, interpretation, db))


def version_entry(
    db: Database, pending: PendingVersion, interpretation: Interpretation
) -> dict[str, Any]:
    """One entry of a ``versions`` request (``readiness.sync.protocol``)."""
    return {
        "version": pending.version,
        "previous_version": pending.previous_version,
        "document": document_to_send(db, pending.assessment_id, interpretation),
    }
