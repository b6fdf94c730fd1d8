"""The report and export jobs, as the CLI and the GUI run them.

Both take the ``Interpretation`` in force (``readiness.interpret``): questionnaires,
thresholds, equity rules and the agency. ``report_for`` turns a document into
``ReportData`` in a language; ``run_export`` streams the assessments of a date range
into one of the export formats. Both are plain functions taking a progress callback
and a cancel token, so ``ui.tasks`` can run them off the GUI thread (with a database
connection opened on that thread).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.document import AssessmentDocument
from readiness.interpret import Interpretation
from readiness.progress import CancelToken, Progress, no_progress
from readiness.reports.data import ReportData
from readiness.reports.export_common import ExportResult
from readiness.store.export_queries import DateRange, count_assessments, iter_documents

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.protection.sealing import AgencyPublicKey


__all__ = ["ExportFormat", "export_documents", "report_for", "run_export"]


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    FHIR = "fhir"
    SUMMARY = "summary"

    @property
    def suffix(self) -> str:
        """The usual file name ending."""
        return {"csv": ".csv", "json": ".json", "fhir": ".ndjson", "summary": ".csv"}[self.value]


def report_for(document: AssessmentDocument, inputs: Interpretation, locale: str) -> ReportData:
    """The report data for ``document`` in ``locale`` (runs the equity engine)."""
    from readiness.reports.assemble import report_data
    from readiness.reports.outcome import outcome_from_result

    kinds = {entry.id: entry.kind for entry in inputs.rules.ruleset.catalogue}
    outcome = outcome_from_result(inputs.assess(document), document.plan, locale, kinds)
    return report_data(
        document,
        instruments=inputs.instruments,
        thresholds=inputs.thresholds,
        agency=inputs.agency,
        outcome=outcome,
        locale=locale,
    )


def run_export(
    db: Database,
    kind: ExportFormat | str,
    path: Path,
    inputs: Interpretation,
    dates: DateRange | None = None,
    *,
    ids: Sequence[str] | None = None,
    validation: str = "sample",
    locale: str = "en",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    seal: AgencyPublicKey | None = None,
) -> ExportResult:
    """Export the assessments in ``dates`` (or only ``ids``) to ``path`` as ``kind``.

    With ``seal`` the file is encrypted to the agency's public key as it is written.
    """
    dates = dates or DateRange()
    total = len(ids) if ids is not None else count_assessments(db, dates)
    return export_documents(
        iter_documents(db, dates, ids=ids),
        kind,
        path,
        inputs,
        dates,
        total=total,
        validation=validation,
        locale=locale,
        progress=progress,
        cancel=cancel,
        seal=seal,
    )


def export_documents(
    documents: Iterable[AssessmentDocument],
    kind: ExportFormat | str,
    path: Path,
    inputs: Interpretation,
    dates: DateRange,
    *,
    total: int | None = None,
    validation: str = "sample",
    locale: str = "en",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    seal: AgencyPublicKey | None = None,
) -> ExportResult:
    """Write ``documents`` (from any store: this laptop's, or the agency hub's) as ``kind``."""
    kind = ExportFormat(kind)
    if kind is ExportFormat.CSV:
        from readiness.reports.exports_csv import write_csv

        return write_csv(
            documents,
            path,
            inputs.assess,
            domain_ids=[d.id for d in inputs.rules.ruleset.domains],
            channel_ids=[c.id for c in inputs.rules.ruleset.channels],
            total=total,
            progress=progress,
            cancel=cancel,
            seal=seal,
        )
    if kind is ExportFormat.JSON:
        from readiness.reports.exports_json import write_json

        return write_json(
            documents, path, inputs, total=total, progress=progress, cancel=cancel, seal=seal
        )
    if kind is ExportFormat.FHIR:
        from readiness.reports.exports_fhir import write_fhir
        from readiness.reports.fhir_response import Validation

        return write_fhir(
            documents,
            path,
            inputs,
            validation=Validation(validation),
            total=total,
            progress=progress,
            cancel=cancel,
            seal=seal,
        )
    from readiness.reports.summary import tally_documents, write_summary

    tally = tally_documents(documents, inputs.assess, total=total, progress=progress, cancel=cancel)
    return write_summary(tally, inputs.rules, dates, path, locale=locale, seal=seal)
