"""The report and export jobs, as the CLI and the GUI run them.

Both take the ``Interpretation`` in force (``readiness.interpret``): questionnaires,
thresholds, equity rules and the agency. A completed assessment's results are the
ones kept when it was completed (``readiness.session.decided``); a draft's are
worked out now. ``report_for`` turns a document into
``ReportData`` in a language; ``save_report`` writes one assessment's PDF (the CLI's
``report``); ``run_export`` streams the assessments of a date range into one of the
export formats (for funders, for records, or for an agency's analyst).
``run_export`` is a plain function taking a progress callback and a cancel token, so
``ui.tasks`` can run it off the GUI thread (with a database connection opened on that
thread).

Whatever leaves the app here is recorded in the audit log with who made it and
whether it was sealed to the agency's key. Every page of the records is read
(``check_integrity``) beside the export, on its own connection, and the export is handed
over only once that check passed (``readiness.reports.records_check``), so damaged
records are reported, naming the file, instead of being exported in part.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.document import AssessmentDocument
from readiness.errors import ReadinessError
from readiness.interpret import Interpretation
from readiness.messages import M_
from readiness.progress import CancelToken, Progress, no_progress
from readiness.reports.data import ReportData
from readiness.reports.export_common import ExportResult
from readiness.reports.records_check import checked_meanwhile
from readiness.session.decided import Decided, Decisions, decided_for
from readiness.store import audit
from readiness.store.export_queries import (
    DateRange,
    Tallied,
    count_assessments,
    iter_documents,
    iter_tallied,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.protection.sealing import AgencyPublicKey
    from readiness.reports.pdf import ReportFormat


__all__ = ["ExportFormat", "export_documents", "report_for", "run_export", "save_report"]


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
    def reads_whole_results(self) -> bool:
        """Whether the export reads results' texts (the summary), not only their codes."""
        return self in (ExportFormat.SUMMARY, ExportFormat.ITEMS, ExportFormat.RELIABILITY)

    @property
    def for_analysis(self) -> bool:
        """Completed real assessments only; refused on the practice database."""
        return self in (ExportFormat.ITEMS, ExportFormat.RELIABILITY)


def report_for(
    document: AssessmentDocument,
    inputs: Interpretation,
    locale: str,
    decided: Decided | None = None,
) -> ReportData:
    """The report data for ``document`` in ``locale``, from ``decided`` (its kept result;
    by default worked out now with the equity engine)."""
    from readiness.reports.assemble import report_data
    from readiness.reports.outcome import outcome_from_result

    decided = decided or decided_for(document, inputs)
    kinds = {entry.id: entry.kind for entry in inputs.rules.ruleset.catalogue}
    outcome = outcome_from_result(decided.result, document.plan, locale, kinds)
    data = report_data(
        document,
        instruments=inputs.instruments,
        thresholds=inputs.thresholds,
        agency=inputs.agency,
        outcome=outcome,
        locale=locale,
    )
    return replace(data, rules_version=decided.version, results_basis=decided.basis.value)


def save_report(
    db: Database,
    assessment_id: str,
    inputs: Interpretation,
    *,
    audience: str,
    locale: str | None,
    path: Path,
    staff: str,
    kind: ReportFormat | str = "pdf",
    password: str | None = None,
    seal: AgencyPublicKey | None = None,
) -> Path:
    """Write one assessment's report for ``audience`` in ``kind`` (PDF, HTML, text) to
    ``path``; returns ``path``.

    ``locale`` None is the intake's language. With ``password`` the PDF is AES-256
    protected; with ``seal`` the file is sealed to the agency's key (no plain copy
    reaches the disk). The report is recorded as exported by ``staff``.
    """
    from readiness.protection.sealed_output import output_file
    from readiness.reports.pdf import ReportFormat, protect, render_report
    from readiness.store import repository

    kind = ReportFormat(kind)
    if password and kind is not ReportFormat.PDF:
        raise ReadinessError(M_("only a PDF can be protected with a password"))
    document = repository.load_document(db, assessment_id)
    decided = decided_for(document, inputs, db)
    data = report_for(document, inputs, locale or document.assessment.locale, decided)
    content = render_report(data, audience, kind)
    if password:
        content = protect(content, password)
    with output_file(path, "wb", seal=seal) as handle:
        handle.write(content)
    audit.record_report(
        db,
        staff=staff,
        assessment_id=document.assessment.id,
        audience=audience,
        use=audit.ReportUse.SAVED,
        password=bool(password),
        sealed=seal is not None,
    )
    return path


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
    The records are checked while the export runs, and before it replaces ``path``
    (``DamagedDatabaseError`` if damaged: then nothing is written), and the export is
    recorded in the audit log as made by ``staff``.
    """
    kind = ExportFormat(kind)
    dates = dates or DateRange()
    if kind.for_analysis:
        from readiness.reports.local_records import refuse_practice_database

        refuse_practice_database(db)
    decisions = Decisions(inputs, db, whole=kind.reads_whole_results)
    total = len(ids) if ids is not None else count_assessments(db, dates)
    if kind is ExportFormat.CSV:  # a row needs the answers' counts only
        rows = checked_meanwhile(db, iter_tallied(db, dates, ids=ids), cancel)
        result = _write_csv(
            rows, path, decisions, total=total, progress=progress, cancel=cancel, seal=seal
        )
    else:
        result = export_documents(
            checked_meanwhile(db, iter_documents(db, dates, ids=ids), cancel),
            kind,
            path,
            decisions,
            dates,
            total=total,
            validation=validation,
            locale=locale,
            progress=progress,
            cancel=cancel,
            seal=seal,
        )
    from readiness.i18n import ENGLISH

    audit.record_export(
        db,
        staff=staff,
        kind=kind.value,
        assessment_ids=ids,
        count=result.count,
        description=ENGLISH.render(dates.describe()),
        sealed=seal is not None,
    )
    return result


def export_documents(
    documents: Iterable[AssessmentDocument],
    kind: ExportFormat | str,
    path: Path,
    decisions: Decisions,
    dates: DateRange,
    *,
    total: int | None = None,
    validation: str = "sample",
    locale: str = "en",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    seal: AgencyPublicKey | None = None,
) -> ExportResult:
    """Write ``documents`` (from any store: this laptop's, or the agency hub's) as ``kind``,
    with the results ``decisions`` gives (kept ones read from the records, or live ones)."""
    kind = ExportFormat(kind)
    inputs = decisions.interpretation
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
        return _write_csv(
            documents, path, decisions, total=total, progress=progress, cancel=cancel, seal=seal
        )
    if kind is ExportFormat.JSON:
        from readiness.reports.exports_json import write_json

        return write_json(
            documents, path, decisions, total=total, progress=progress, cancel=cancel, seal=seal
        )
    if kind is ExportFormat.FHIR:
        from readiness.reports.exports_fhir import write_fhir
        from readiness.reports.fhir_validation import Validation

        return write_fhir(
            documents,
            path,
            decisions,
            validation=Validation(validation),
            total=total,
            progress=progress,
            cancel=cancel,
            seal=seal,
        )
    from readiness.reports.summary import tally_documents, write_summary

    tally = tally_documents(
        decisions.over(documents),
        lambda document: decisions.of(document).result,
        total=total,
        progress=progress,
        cancel=cancel,
    )
    return write_summary(tally, inputs.rules, dates, path, locale=locale, seal=seal)


def _write_csv(
    documents: Iterable[AssessmentDocument | Tallied],
    path: Path,
    decisions: Decisions,
    *,
    total: int | None,
    progress: Progress,
    cancel: CancelToken | None,
    seal: AgencyPublicKey | None,
) -> ExportResult:
    """The CSV export, with the domain and channel columns of the rules in force."""
    from readiness.reports.exports_csv import write_csv

    ruleset = decisions.interpretation.rules.ruleset
    return write_csv(
        documents,
        path,
        decisions,
        domain_ids=[domain.id for domain in ruleset.domains],
        channel_ids=[channel.id for channel in ruleset.channels],
        total=total,
        progress=progress,
        cancel=cancel,
        seal=seal,
    )
