"""Builds a ``ReportData`` from an assessment document and what interprets it.

Inputs are the document (facts), the questionnaires (to word questions and answers
and to score scales), the thresholds in force, the agency, and an ``Outcome``
(profile, verdicts, recommendations, plan). Licence rules are applied here, once:
when an instrument's licence forbids sharing its wording, questions, section titles
and option labels are replaced by ids and codes, so no renderer or export can leak
them by accident.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from readiness.document import AssessmentDocument
from readiness.i18n import Translator, translator
from readiness.interpret import Agency
from readiness.model import Answer, utc_now
from readiness.questionnaire.answers import describe_answer, valid_value
from readiness.questionnaire.conditions import effective_answers
from readiness.questionnaire.fhir import text_may_be_shared
from readiness.questionnaire.schema import Instrument, Item
from readiness.questionnaire.scoring import score_instrument
from readiness.reports.data import (
    AnswerRow,
    AnswerSection,
    Outcome,
    ReportData,
    ScaleRow,
)
from readiness.reports.measurements import measurement_rows, tier_rows
from readiness.reports.printable import printable

if TYPE_CHECKING:
    from readiness.thresholds import Thresholds


def report_data(
    document: AssessmentDocument,
    *,
    instruments: Sequence[Instrument] = (),
    thresholds: Thresholds | None = None,
    agency: Agency | None = None,
    outcome: Outcome | None = None,
    locale: str | None = None,
    now: datetime | None = None,
) -> ReportData:
    """Everything the reports show about ``document``, worded in ``locale`` (default: its own)."""
    a = document.assessment
    language = locale or a.locale
    t = translator(language)
    by_instrument = answers_by_instrument(document.answers)
    known = [i for i in instruments if i.id in by_instrument]
    has_connection = any(r.check_id == "connection.bandwidth" for r in document.check_results)
    data = ReportData(
        locale=language,
        assessment_id=a.id,
        service_user_code=document.service_user.code,
        created=a.created,
        completed=a.completed,
        updated=a.updated,
        status=a.status.value,
        staff_initials=a.staff_initials,
        app_version=a.app_version,
        generated=now or utc_now(),
        agency=agency or Agency(),
        outcome=outcome or Outcome(),
        measurements=measurement_rows(document.check_results, thresholds, t),
        answers=answer_sections(known, by_instrument, instruments, language, t),
        scales=scale_rows(known, by_instrument, language, t),
        tiers=tier_rows(thresholds, t) if has_connection else (),
        thresholds_origin=thresholds.origin if thresholds is not None else "built-in",
        score_notes=tuple(
            dict.fromkeys(f"{i.title.get(language)}: {i.note(language)}" for i in known)
        ),
    )
    return printable(data)


def answers_by_instrument(answers: Sequence[Answer]) -> dict[str, dict[str, Answer]]:
    """Questionnaire id -> item id -> answer."""
    grouped: dict[str, dict[str, Answer]] = defaultdict(dict)
    for answer in answers:
        grouped[answer.questionnaire_id][answer.item_id] = answer
    return dict(grouped)


def _answer_text(
    instrument: Instrument, item: Item, answer: Answer, locale: str, share: bool
) -> str:
    if share or answer.missing is not None:
        return describe_answer(instrument, item, answer, locale)
    value = valid_value(item, answer)  # licensed wording: codes and numbers only
    shown = answer.value if value is None else value
    return ", ".join(shown) if isinstance(shown, tuple) else str(shown)


def answer_sections(
    known: Sequence[Instrument],
    by_instrument: Mapping[str, Mapping[str, Answer]],
    instruments: Sequence[Instrument],
    locale: str,
    t: Translator,
) -> tuple[AnswerSection, ...]:
    """Answered items by questionnaire and section, in the order asked."""
    sections: list[AnswerSection] = []
    for instrument in known:
        share = text_may_be_shared(instrument)
        language = instrument.text_language(locale)
        shown = effective_answers(instrument, by_instrument[instrument.id])
        licence = instrument.licence
        note = (
            ""
            if instrument.is_project_instrument
            else f"{licence.holder}. {licence.licence}. {licence.citation}"
        )
        for section in instrument.sections:
            rows = tuple(
                AnswerRow(
                    item_id=item.id,
                    question=item.text.get(language) if share else item.id,
                    answer=_answer_text(instrument, item, shown[item.id], locale, share),
                    missing=shown[item.id].missing is not None,
                )
                for item in section.items
                if item.id in shown
            )
            if rows:
                sections.append(
                    AnswerSection(
                        instrument_title=instrument.title.get(language),
                        section_title=section.title.get(language) if share else section.id,
                        rows=rows,
                        text_withheld=not share,
                        licence_note=note,
                    )
                )
    loaded = {i.id for i in instruments}
    other = [
        AnswerRow(item_id, item_id, _raw(answer), answer.missing is not None)
        for questionnaire_id, answers in sorted(by_instrument.items())
        if questionnaire_id not in loaded
        for item_id, answer in sorted(answers.items())
    ]
    if other:
        title = t.gettext("Other answers (questionnaire not available on this computer)")
        sections.append(AnswerSection(title, title, tuple(other)))
    return tuple(sections)


def _raw(answer: Answer) -> str:
    if answer.missing is not None:
        return answer.missing.value
    value = answer.value
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def scale_rows(
    known: Sequence[Instrument],
    by_instrument: Mapping[str, Mapping[str, Answer]],
    locale: str,
    t: Translator,
) -> tuple[ScaleRow, ...]:
    """Every scale of every answered questionnaire, with its range, band and note."""
    rows = []
    for instrument in known:
        language = instrument.text_language(locale)
        share = text_may_be_shared(instrument)
        for score in score_instrument(instrument, by_instrument[instrument.id]):
            if score.scored and score.value is not None:
                value = t.gettext("{value} (range {low} to {high})").format(
                    value=f"{score.value:g}",
                    low=f"{score.minimum:g}",
                    high=f"{score.maximum:g}",
                )
            else:
                value = "–"
            rows.append(
                ScaleRow(
                    instrument_title=instrument.title.get(language),
                    title=score.title.get(language) if share else score.scale_id,
                    value=value,
                    band=score.label(language) if share or not score.scored else "",
                    answered=t.gettext("{answered} of {shown} (needs {required})").format(
                        answered=score.answered, shown=score.shown, required=score.required
                    ),
                    note=score.note.get(language),
                )
            )
    return tuple(rows)
