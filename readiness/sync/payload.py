"""What is sent for one assessment: the whole document with its results, and its version.

The one place that decides the payload, so storing results at completion (issue 19)
changes only ``document_to_send``: today it is the document as the JSON export
writes it, with ``results`` worked out under the interpretation in force and that
interpretation's version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from readiness.reports.exports_json import with_results
from readiness.store import repository
from readiness.store.outbox import PendingVersion

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.interpret import Interpretation


def document_to_send(
    db: Database, assessment_id: str, interpretation: Interpretation
) -> dict[str, Any]:
    """The assessment document with its ``results`` block."""
    return with_results(repository.load_document(db, assessment_id), interpretation)


def version_entry(
    db: Database, pending: PendingVersion, interpretation: Interpretation
) -> dict[str, Any]:
    """One entry of a ``versions`` request (``readiness.sync.protocol``)."""
    return {
        "version": pending.version,
        "previous_version": pending.previous_version,
        "document": document_to_send(db, pending.assessment_id, interpretation),
    }
