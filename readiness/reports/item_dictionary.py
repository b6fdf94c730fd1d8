"""The data dictionary of the item-level export: one row per column of the export.

Each row names the column, its questionnaire (id and version in force) and section,
the question type, the question in English, when it is shown, the scales it counts
in (reversed or weighted), the constructs it maps to, every code a cell can hold
with its meaning and score, and whether the agency has marked the questionnaire
validated. The wording of a questionnaire whose licence forbids sharing it is left
out here too (codes and scores only), as in the reports. The dictionary is in
English, the language of the codes; it is a CSV like the export (UTF-8 with a
byte-order mark, sealed when the export is).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.protection.sealed_output import output_file
from readiness.questionnaire.fhir import text_may_be_shared
from readiness.questionnaire.schema import CHOICE_TYPES, Condition, Instrument, Item, ItemType
from readiness.reports.export_common import neutralise
from readiness.reports.exports_csv import IDENTITY_COLUMNS
from readiness.reports.exports_items import (
    CODE_SEPARATOR,
    MISSING_PREFIX,
    NOT_ASKED,
    TEXT_GIVEN,
    UNKNOWN_VALUE,
    item_columns,
)

if TYPE_CHECKING:
    from readiness.interpret import Interpretation
    from readiness.protection.sealing import AgencyPublicKey

DICTIONARY_COLUMNS = (
    "column",
    "instrument",
    "instrument_version",
    "section",
    "type",
    "question_en",
    "shown_when",
    "scales",
    "constructs",
    "codes",
    "validation",
)

WITHHELD = "(wording withheld: the questionnaire's licence does not allow sharing it)"

IDENTITY_MEANINGS = {
    "assessment_id": "The assessment's id (a random UUID).",
    "service_user_code": "The person's pseudonymous code as the agency gave it; never a name. "
    "The same code on two rows is the same person, seen again.",
    "created_utc": "When the intake was started (UTC, ISO 8601).",
    "completed_utc": "When the intake was completed (UTC, ISO 8601).",
    "status": "Always complete: drafts are left out.",
    "language": "The language of the intake: en (English) or es (Spanish).",
    "staff_initials": "The initials of the worker who did the intake.",
}
assert set(IDENTITY_MEANINGS) == set(IDENTITY_COLUMNS), "describe every identity column"


def dictionary_rows(interpretation: Interpretation) -> list[list[str]]:
    """Every row of the dictionary, the header first."""
    rows = [list(DICTIONARY_COLUMNS)]
    for name in IDENTITY_COLUMNS:
        rows.append([name, "", "", "", "assessment", IDENTITY_MEANINGS[name], *[""] * 5])
    for instrument, item in item_columns(interpretation.instruments):
        share = text_may_be_shared(instrument)
        language = instrument.text_language("en")
        section = instrument.section_of(item.id)
        rows.append(
            [
                item.id,
                instrument.id,
                instrument.version,
                section.id if section is not None else "",
                item.type.value,
                item.text.get(language) if share else WITHHELD,
                describe_condition(item.show_when) if item.show_when else "",
                scales_of(instrument, item),
                "; ".join(
                    ": ".join(part for part in (c.domain.value, c.framework, c.ref) if part)
                    for c in item.constructs
                ),
                codes(instrument, item, share),
                "validated by the agency"
                if interpretation.is_validated(instrument)
                else "not validated",
            ]
        )
    return [[neutralise(cell) for cell in row] for row in rows]


def describe_condition(condition: Condition) -> str:
    """When an item is shown, as codes: ``access.phone_type = smartphone / basic``."""
    if condition.any_of is not None:
        return f"{condition.item} = {' / '.join(condition.any_of)}"
    if condition.equals is not None:
        equals = condition.equals
        shown = ("true" if equals else "false") if isinstance(equals, bool) else f"{equals}"
        return f"{condition.item} = {shown}"
    parts = []
    if condition.at_least is not None:
        parts.append(f">= {condition.at_least:g}")
    if condition.at_most is not None:
        parts.append(f"<= {condition.at_most:g}")
    return f"{condition.item} {' and '.join(parts)}"


def scales_of(instrument: Instrument, item: Item) -> str:
    """The scales ``item`` counts in: ``access.device_and_internet (reversed)``."""
    found = []
    for scale in instrument.scales:
        for part in scale.items:
            if part.item != item.id:
                continue
            notes = (["reversed"] if part.reverse else []) + (
                [f"weight {part.weight:g}"] if part.weight != 1 else []
            )
            shown = f" ({', '.join(notes)})" if notes else ""
            found.append(f"{instrument.id}.{scale.id}{shown}")
    return "; ".join(found)


def codes(instrument: Instrument, item: Item, share: bool) -> str:
    """Every value a cell of this column can hold, with its meaning and score."""
    language = instrument.text_language("en")

    def scored(text: str, score: float | None) -> str:
        return f"{text} (score {score:g})" if score is not None else text

    if item.type in CHOICE_TYPES:
        values = [
            scored(f"{o.code} = {o.text.get(language)}" if share else o.code, o.score)
            for o in item.options
        ]
        if item.type is ItemType.MULTIPLE_CHOICE:
            values.insert(0, f"one or more codes separated by '{CODE_SEPARATOR}'")
    elif item.type is ItemType.YES_NO:
        values = [scored("true = yes", item.yes_score), scored("false = no", item.no_score)]
    elif item.type is ItemType.NUMBER:
        kind = "a whole number" if item.integer else "a number"
        bounds = [f"from {item.min:g}" if item.min is not None else ""]
        bounds.append(f"to {item.max:g}" if item.max is not None else "")
        unit = item.unit.get(language) if item.unit is not None else ""
        values = [" ".join(part for part in (kind, *bounds, unit) if part)]
    else:
        values = [f"{TEXT_GIVEN} = an answer was typed (the text itself is never exported)"]
    values += [
        f"{MISSING_PREFIX}{code.value} = {instrument.missing_label(code, 'en')}"
        for code in instrument.missing_for(item)
    ]
    if item.show_when is not None:
        values.append(f"{NOT_ASKED} = an earlier answer hid this question")
    if item.type is not ItemType.SHORT_TEXT:
        values.append(f"{UNKNOWN_VALUE} = a stored answer this question does not take now")
    values.append("(empty) = no answer recorded")
    return "; ".join(values)


def write_dictionary(
    path: Path, interpretation: Interpretation, *, seal: AgencyPublicKey | None = None
) -> Path:
    """Write the dictionary to ``path`` (atomically; sealed to ``seal`` if given)."""
    with output_file(Path(path), "w", seal=seal, encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, dialect="excel").writerows(dictionary_rows(interpretation))
    return Path(path)
