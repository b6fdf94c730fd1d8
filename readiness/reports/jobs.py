"""The report and export jobs, as the CLI and the GUI run them.

Both take the ``Interpretation`` in force (``readiness.interpret``): questionnaires,
thresholds, equity rules and the agency. ``report_for`` turns a document into
``ReportData`` in a language; ``run_export`` streams the assessments of a date range
into one of the export formats and records the export in the audit log, naming who
made it. Both are plain functions taking a progress callback and a cancel token, so
``ui.tasks`` can run them off the GUI thread (with a database connection opened on
that thread).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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


__all__ = ["ExportFormat", "report_for", "run_export"]


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    FHIR = "fhir"
    SUMMARY = "summary"
    ITEMS = "items"
    """Item-level answers for an analyst, with a data dictionary beside the file."""
    RELIABILITY = "reliability"
    """Each scale's Cronbach's alpha and item statistics from the agency's own records."""

    @property
    def suffix(self) -> str:
        """The usual file name ending."""
        if self is ExportFormat.JSON:
            return ".json"
        return ".ndjson" if self is ExportFormat.FHIR else ".csv"

    @property
    def for_analysis(self) -> bool:
        """Completed real assessments only; refused on the practice database."""
        return self in (ExportFormat.ITEMS, ExportFormat.RELIABILITY)


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
    staff: str,
    ids: Sequence[str] | None = None,
    validation: str = "sample",
    locale: str = "en",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    seal: AgencyPublicKey | None = None,
) -> ExportResult:
    """Export the assessments in ``dates`` (or only ``ids``) to ``path`` as ``kind``.

    With ``seal`` the file is encrypted to the agency's public key as it is written.
    The export is then recorded in the audit log by ``staff`` (the worker's initials):
    one entry per assessment for ``ids``, else one entry with the count and the dates.
    """
    from readiness.i18n import ENGLISH
    from readiness.store.audit import record_export

    kind = ExportFormat(kind)
    dates = dates or DateRange()
    if kind.for_analysis:
        from readiness.reports.local_records import refuse_practice_database

        refuse_practice_database(db)
    total = len(ids) if ids is not None else count_assessments(db, dates)
    documents = iter_documents(db, dates, ids=ids)
    result = _write(
        kind,
        documents,
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
    described = f"{kind.value} export"
    if ids is not None:
        record_export(db, staff=staff, kind=described, assessment_ids=ids)
    else:
        description = ENGLISH.render(dates.describe())
        record_export(db, staff=staff, kind=described, count=result.count, description=description)
    return result


def _write(
    kind: ExportFormat,
    documents: Iterator[AssessmentDocument],
    path: Path,
    inputs: Interpretation,
    dates: DateRange,
    *,
    total: int,
    validation: str,
    locale: str,
    progress: Progress,
    cancel: CancelToken | None,
    seal: AgencyPublicKey | None,
) -> ExportResult:
    """Write the file of ``kind`` (the export without its audit entry)."""
    if kind is ExportFormat.ITEMS:
        from readiness.reports.exports_items import write_items

        return write_items(
            documents, path, inputs, total=total, progress=progress, cancel=cancel, seal=seal
        )
    if kind is ExportFormat.RELIABILITY:
        from readiness.reports.scale_reliability import analyse_documents, write_reliability

        report = analyse_documents(documents, inputs, total=total, progress=progress, cancel=cancel)
        return write_reliability(report, path, locale=locale, seal=seal)
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
