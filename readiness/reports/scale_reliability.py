"""Reliability of each questionnaire scale, from the agency's own completed assessments.

A scale is a scored group of items (``scales`` in a questionnaire file; see
``readiness.questionnaire.scoring``). For each scale of each questionnaire in force,
the completed assessments of real people (``local_records``) give one case each
when every item of the scale was shown and answered with a valid value; the items'
scores are those the scale adds up (reverse-coded and weighted as defined). A case
missing any item is left out (listwise deletion), so a scale whose items are asked
only of some people (``show_when``) has fewer cases. ``readiness.reliability`` works
out alpha, corrected item-total correlations and alpha if an item is deleted, or
says why it cannot (too few cases: under ``MINIMUM_CASES``, too few items, no
variance).

Every figure carries ``local_records.NOT_VALIDATED`` until the agency marks the
questionnaire's version validated. The same analysis feeds ``readiness
reliability`` (a table or JSON) and the ``reliability`` export (a CSV report whose
titles, explanations and labels are in English or Spanish).
"""

from __future__ import annotations

import csv
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.document import AssessmentDocument
from readiness.i18n import ENGLISH, Translator, translator
from readiness.messages import M_, N_, Message
from readiness.progress import CancelToken, Progress, no_progress
from readiness.protection.sealed_output import output_file
from readiness.questionnaire.schema import Instrument, Scale
from readiness.questionnaire.scoring import complete_item_scores
from readiness.reliability import MINIMUM_CASES, ItemStatistics, Reliability, Status, analyse
from readiness.reports.assemble import answers_by_instrument
from readiness.reports.export_common import ExportResult, neutralise, with_progress
from readiness.reports.local_records import Selection, validation_label

if TYPE_CHECKING:
    from readiness.interpret import Interpretation
    from readiness.protection.sealing import AgencyPublicKey


REPORT_COLUMNS = (
    "instrument",
    "instrument_version",
    "scale",
    "scale_title",
    "item",
    "items",
    "assessments",
    "complete_cases",
    "alpha",
    "corrected_item_total",
    "alpha_if_deleted",
    "item_mean",
    "item_sd",
    "status",
    "note",
)
"""The CSV report's columns: stable names, as in the CSV export; the words in the cells
(titles, status, note) are in the report's language."""
ITEM_DOES_NOT_VARY = N_("No correlation: this item, or the rest of the scale, does not vary.")


@dataclass(frozen=True)
class ScaleReliability:
    """One scale's reliability over the agency's records."""

    instrument: Instrument
    scale: Scale
    validated: bool
    assessments: int
    """Completed assessments in which this questionnaire was answered at all."""
    result: Reliability

    @property
    def name(self) -> str:
        """``instrument.scale``, e.g. ``access.device_and_internet``."""
        return f"{self.instrument.id}.{self.scale.id}"

    def status_message(self) -> Message:
        """Alpha, or why there is none, in words."""
        result = self.result
        if result.status is Status.TOO_FEW_CASES:
            return M_(
                "Not enough cases: {cases} complete, at least {minimum} needed.",
                cases=result.cases,
                minimum=result.minimum_cases,
            )
        if result.status is Status.TOO_FEW_ITEMS:
            return M_("Not enough items: alpha needs at least two.")
        if result.status is Status.NO_VARIANCE:
            return M_("No variance: every complete case has the same total.")
        return M_("Alpha worked out.")


@dataclass
class _Gathered:
    """The complete cases of one scale: one column of scores per item."""

    columns: list[array[float]]
    assessments: int = 0


@dataclass(frozen=True)
class ReliabilityReport:
    """Every scale's reliability, and what was left out of the analysis."""

    scales: tuple[ScaleReliability, ...]
    selection: Selection = field(default_factory=Selection)
    minimum_cases: int = MINIMUM_CASES


def analyse_documents(
    documents: Iterable[AssessmentDocument],
    interpretation: Interpretation,
    *,
    total: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    minimum_cases: int = MINIMUM_CASES,
) -> ReliabilityReport:
    """Read ``documents`` once and work out every scale's reliability."""
    gathered = {
        (instrument.id, scale.id): _Gathered([array("d") for _ in scale.items])
        for instrument in interpretation.instruments
        for scale in instrument.scales
    }
    selection = Selection()
    for document in selection.completed(with_progress(documents, total, progress, cancel)):
        by_instrument = answers_by_instrument(document.answers)
        for instrument in interpretation.instruments:
            answers = by_instrument.get(instrument.id)
            if not answers:
                continue
            for scale_id, scores in complete_item_scores(instrument, answers).items():
                cases = gathered[(instrument.id, scale_id)]
                cases.assessments += 1
                if scores is not None:
                    for column, score in zip(cases.columns, scores, strict=True):
                        column.append(score)
    scales = []
    for instrument in interpretation.instruments:
        for scale in instrument.scales:
            cases = gathered[(instrument.id, scale.id)]
            items = [part.item for part in scale.items]
            scales.append(
                ScaleReliability(
                    instrument=instrument,
                    scale=scale,
                    validated=interpretation.is_validated(instrument),
                    assessments=cases.assessments,
                    result=analyse(items, cases.columns, minimum_cases=minimum_cases),
                )
            )
    return ReliabilityReport(tuple(scales), selection, minimum_cases)


def _item_data(statistics: ItemStatistics) -> dict[str, Any]:
    return {
        "item": statistics.item,
        "mean": statistics.mean,
        "standard_deviation": statistics.standard_deviation,
        "corrected_item_total": statistics.corrected_item_total,
        "alpha_if_deleted": statistics.alpha_if_deleted,
    }


def report_data(report: ReliabilityReport, period: Message) -> dict[str, Any]:
    """The report as JSON data (``readiness reliability --json``), worded in English."""
    return {
        "period": ENGLISH.render(period),
        "assessments": report.selection.used,
        "drafts_left_out": report.selection.drafts,
        "practice_left_out": report.selection.practice,
        "minimum_cases": report.minimum_cases,
        "scales": [
            {
                "instrument": scale.instrument.id,
                "instrument_version": scale.instrument.version,
                "scale": scale.scale.id,
                "validated": scale.validated,
                "label": ENGLISH.gettext(validation_label(scale.validated)),
                "items": list(scale.result.items),
                "assessments": scale.assessments,
                "cases": scale.result.cases,
                "status": scale.result.status.value,
                "explanation": ENGLISH.render(scale.status_message()),
                "alpha": scale.result.alpha,
                "item_statistics": [_item_data(item) for item in scale.result.item_statistics],
            }
            for scale in report.scales
        ],
    }


def _number(value: float | None) -> str:
    """Three decimals; a figure far outside alpha's usual range (a scale whose total barely
    varies can give an alpha of -1e300) in scientific notation, never hundreds of digits."""
    if value is None:
        return ""
    return f"{value:.3f}" if abs(value) < 1e6 else f"{value:.3e}"


def report_rows(report: ReliabilityReport, t: Translator) -> list[list[str]]:
    """The CSV report's rows, the header first: a row per scale, then one per item."""
    rows = [list(REPORT_COLUMNS)]
    for scale in report.scales:
        instrument, result = scale.instrument, scale.result
        language = instrument.text_language(t.locale)
        title = scale.scale.title.get(language) if instrument.licence.redistribute_text else ""
        first = [instrument.id, instrument.version, scale.scale.id]
        rows.append(
            [
                *first,
                title,
                "",
                str(len(result.items)),
                str(scale.assessments),
                str(result.cases),
                _number(result.alpha),
                "",
                "",
                "",
                "",
                t.render(scale.status_message()),
                t.gettext(validation_label(scale.validated)),
            ]
        )
        for item in result.item_statistics:
            rows.append(
                [
                    *first,
                    "",
                    item.item,
                    "",
                    "",
                    "",
                    "",
                    _number(item.corrected_item_total),
                    _number(item.alpha_if_deleted),
                    _number(item.mean),
                    _number(item.standard_deviation),
                    "",
                    "" if item.corrected_item_total is not None else t.gettext(ITEM_DOES_NOT_VARY),
                ]
            )
    return [[neutralise(cell) for cell in row] for row in rows]


def write_reliability(
    report: ReliabilityReport,
    path: Path,
    *,
    locale: str = "en",
    seal: AgencyPublicKey | None = None,
) -> ExportResult:
    """Write the CSV report (atomically; sealed to ``seal`` if given)."""
    with output_file(Path(path), "w", seal=seal, encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, dialect="excel").writerows(report_rows(report, translator(locale)))
    labels = tuple(
        Message(label)
        for label in dict.fromkeys(validation_label(scale.validated) for scale in report.scales)
    )
    notes = (*labels, *report.selection.notes())
    return ExportResult(Path(path), report.selection.used, "reliability", notes)
