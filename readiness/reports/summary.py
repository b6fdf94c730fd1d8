"""The de-identified summary for funders: counts and percentages over a date range.

Counted over the completed assessments created in the range: where support would
help (each domain's band), how ready each way of connecting is, and which supports
were recommended and accepted. Nothing identifies a person: no codes, no ids, no
dates finer than the range, no free text.

Small counts are suppressed: any count from 1 to 10 is shown as "<11" with no
percentage (after the CMS cell-size suppression policy). Within a group whose cells
add up to a shown total (a domain's bands, a channel's verdicts), a second cell is
suppressed too when only one was, so the hidden one cannot be worked out by
subtraction; a group whose total is under 11 is suppressed whole.

The result is a "tidy" CSV (section, item, category, count, percent), UTF-8 with a
byte-order mark, which pivots easily in a spreadsheet. Every word in it (column names,
sections, categories, the period) is in the summary's language.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.document import AssessmentDocument
from readiness.equity.results import Verdict
from readiness.i18n import Translator, translator
from readiness.progress import CancelToken, Progress, no_progress
from readiness.protection.sealed_output import output_file
from readiness.reports.export_common import ExportResult, neutralise, with_progress

if TYPE_CHECKING:
    from readiness.equity.loading import Rules
    from readiness.equity.results import AssessmentResult
    from readiness.protection.sealing import AgencyPublicKey
    from readiness.store.export_queries import DateRange

SMALL = 11
"""Counts below this (and above zero) are never shown."""
SUPPRESSED = "<11"
NOT_ENOUGH = "not_enough_information"
VERDICTS = ("ready", "ready_with_support", "not_suitable_now")


@dataclass
class Tally:
    """Counts gathered over the assessments; no field holds anything about one person."""

    total: int = 0
    bands: Counter[tuple[str, str]] = field(default_factory=Counter)
    verdicts: Counter[tuple[str, str]] = field(default_factory=Counter)
    recommended: Counter[str] = field(default_factory=Counter)
    accepted: Counter[str] = field(default_factory=Counter)

    def add(self, document: AssessmentDocument, result: AssessmentResult) -> None:
        self.total += 1
        for domain in result.profile:
            self.bands[(domain.id, domain.band.id if domain.band else NOT_ENOUGH)] += 1
        for channel in result.channels:
            self.verdicts[(channel.id, channel.verdict.value)] += 1
        recommended = {r.id for r in result.recommendations}
        self.recommended.update(recommended)
        if document.plan is not None:
            self.accepted.update(
                d.recommendation_id
                for d in document.plan.accepted()
                if d.recommendation_id in recommended
            )


@dataclass(frozen=True)
class SummaryRow:
    """One cell of the summary: a count (or "<11") and its percentage (or "")."""

    section: str
    item: str
    category: str
    count: str
    percent: str


def _percent(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}" if total else ""


def suppress_group(counts: dict[str, int], total: int) -> dict[str, str]:
    """Counts of one group (adding up to ``total``) with small ones and their complements hidden."""
    if 0 < total < SMALL:
        return dict.fromkeys(counts, SUPPRESSED)
    hidden = {key for key, value in counts.items() if 0 < value < SMALL}
    if len(hidden) == 1:
        shown = [(value, key) for key, value in counts.items() if key not in hidden and value > 0]
        if shown:
            hidden.add(min(shown)[1])
    return {key: SUPPRESSED if key in hidden else str(value) for key, value in counts.items()}


def summary_rows(tally: Tally, rules: Rules, t: Translator) -> list[SummaryRow]:
    """Every row of the summary, with suppression applied, worded in ``t``'s language."""
    locale, total = t.locale, tally.total
    rows = [
        SummaryRow(
            t.pgettext("summary", "assessments"),
            t.pgettext("summary", "all"),
            t.pgettext("summary", "completed"),
            *_single(total, total),
        )
    ]
    band_names = {band.id: band.label.get(locale) for band in rules.ruleset.bands}
    band_names[NOT_ENOUGH] = t.pgettext("summary", "not enough information")
    for domain in rules.ruleset.domains:
        counts = {band: tally.bands[(domain.id, band)] for band in band_names}
        section = t.pgettext("summary", "barriers")
        rows += _group(section, domain.title.get(locale), counts, band_names, total)
    verdict_names = {verdict: Verdict(verdict).label.get(locale) for verdict in VERDICTS}
    for channel in rules.ruleset.channels:
        counts = {verdict: tally.verdicts[(channel.id, verdict)] for verdict in VERDICTS}
        section = t.pgettext("summary", "channel readiness")
        rows += _group(section, channel.title.get(locale), counts, verdict_names, total)
    for entry in rules.ruleset.catalogue:
        title = entry.title.get(locale)
        for category, count in (
            (t.pgettext("summary", "recommended"), tally.recommended[entry.id]),
            (t.pgettext("summary", "accepted"), tally.accepted[entry.id]),
        ):
            section = t.pgettext("summary", "recommendations")
            rows.append(SummaryRow(section, title, category, *_single(count, total)))
    return rows


def _single(count: int, total: int) -> tuple[str, str]:
    if 0 < count < SMALL:
        return SUPPRESSED, ""
    return str(count), _percent(count, total) if total > 0 else ""


def _group(
    section: str, item: str, counts: dict[str, int], names: dict[str, str], total: int
) -> list[SummaryRow]:
    shown = suppress_group(counts, total)
    return [
        SummaryRow(
            section,
            item,
            names[category],
            shown[category],
            "" if shown[category] == SUPPRESSED else _percent(counts[category], total),
        )
        for category in counts
    ]


def tally_documents(
    documents: Iterable[AssessmentDocument],
    assess: Callable[[AssessmentDocument], AssessmentResult],
    *,
    total: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Tally:
    """Counts over the completed documents (drafts are skipped)."""
    tally = Tally()
    for document in with_progress(documents, total, progress, cancel):
        if document.assessment.status.value == "complete":
            tally.add(document, assess(document))
    return tally


def write_summary(
    tally: Tally,
    rules: Rules,
    dates: DateRange,
    path: Path,
    *,
    locale: str = "en",
    seal: AgencyPublicKey | None = None,
) -> ExportResult:
    """Write the summary CSV (atomically; sealed to the agency's key if ``seal``)."""
    t = translator(locale)
    rows = summary_rows(tally, rules, t)
    header = [
        t.pgettext("summary column", "section"),
        t.pgettext("summary column", "item"),
        t.pgettext("summary column", "category"),
        t.pgettext("summary column", "count"),
        t.pgettext("summary column", "percent"),
    ]
    with output_file(Path(path), "w", seal=seal, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, dialect="excel")
        writer.writerow(header)
        writer.writerow([t.pgettext("summary", "period"), t.render(dates.describe()), "", "", ""])
        for row in rows:
            writer.writerow(
                [neutralise(x) for x in (row.section, row.item, row.category)]
                + [row.count, row.percent]
            )
        note = t.gettext(
            "Counts from 1 to 10 are shown as {suppressed}; so is a second count in a group "
            "when it would reveal one. Local measures, not validated."
        ).format(suppressed=SUPPRESSED)
        writer.writerow([t.pgettext("summary", "note"), note, "", "", ""])
    return ExportResult(Path(path), tally.total, "summary")
