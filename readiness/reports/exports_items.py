"""Item-level export for an agency's analyst: one row per completed assessment, one column per
question, the answer codes as stored, and a data dictionary beside it.

The file follows the CSV export's conventions (``exports_csv``): UTF-8 with a
byte-order mark, the same first columns (``IDENTITY_COLUMNS``: ids, the pseudonymous
code, times, language, staff initials; never a name), text a spreadsheet could run
neutralised, rows streamed, written atomically and sealed to the agency's key when
one is given. Only completed assessments of real people are written
(``local_records``). Then one column per item of every questionnaire in force, named
by the item id (``access.phone_type``), in the order asked. A cell holds:

- the answer as stored: an option code (``smartphone``), several codes joined by
  ``;`` for a multiple choice, ``true``/``false`` for yes/no, a number as given;
- ``missing:<code>`` when the worker recorded why there is no answer (``declined``,
  ``unable``, ``not_applicable``, ``dont_know``): never confused with a code or empty;
- empty when no answer was recorded (or the questionnaire was not done at all);
- ``not_asked`` when the questionnaire was answered but an earlier answer hid this
  question (an answer kept from before it was hidden does not count, as in scoring);
- ``text_given`` for a short-text answer: free text may name people, so it never
  leaves the app;
- ``unknown_value`` for a stored value this question does not take now (a code of an
  older version, say): left out for the same reason.

The data dictionary (``item_dictionary``) is written beside the file, named
``<name>-dictionary.csv``, in the same way (sealed too); the two are written together
or not at all.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.document import AssessmentDocument
from readiness.messages import M_
from readiness.model import Answer
from readiness.progress import CancelToken, Progress, no_progress
from readiness.protection.sealed_output import output_file
from readiness.questionnaire.answers import valid_value
from readiness.questionnaire.conditions import visible_items
from readiness.questionnaire.schema import Instrument, Item, ItemType
from readiness.reports.assemble import answers_by_instrument
from readiness.reports.export_common import ExportResult, neutralise, with_progress
from readiness.reports.exports_csv import IDENTITY_COLUMNS, identity_cells
from readiness.reports.local_records import Selection

if TYPE_CHECKING:
    from readiness.interpret import Interpretation
    from readiness.protection.sealing import AgencyPublicKey

MISSING_PREFIX = "missing:"
NOT_ASKED = "not_asked"
TEXT_GIVEN = "text_given"
UNKNOWN_VALUE = "unknown_value"
CODE_SEPARATOR = ";"


def item_columns(instruments: Sequence[Instrument]) -> list[tuple[Instrument, Item]]:
    """Every item of every questionnaire, in the order asked: one column each."""
    return [(instrument, item) for instrument in instruments for item in instrument.items()]


def columns(instruments: Sequence[Instrument]) -> list[str]:
    """The header row."""
    return [*IDENTITY_COLUMNS, *(item.id for _instrument, item in item_columns(instruments))]


def dictionary_path(path: Path) -> Path:
    """Where the data dictionary of the export at ``path`` goes: beside it."""
    return path.with_name(f"{path.stem}-dictionary.csv")


def item_cell(item: Item, answer: Answer | None, *, shown: bool, answered: bool) -> object:
    """One cell: ``answer`` to ``item`` coded as the module docstring says.

    ``shown``: the item was shown for the person's answers; ``answered``: the person
    answered anything in this questionnaire.
    """
    if not answered:
        return ""
    if not shown:
        return NOT_ASKED
    if answer is None:
        return ""
    if answer.missing is not None:
        return MISSING_PREFIX + answer.missing.value
    value = valid_value(item, answer)
    if value is None:
        return UNKNOWN_VALUE if answer.value is not None else ""
    if item.type is ItemType.SHORT_TEXT:
        return TEXT_GIVEN
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return CODE_SEPARATOR.join(value)
    return value


def row(document: AssessmentDocument, instruments: Sequence[Instrument]) -> list[object]:
    """One assessment's cells, in the order of ``columns``."""
    cells = identity_cells(document)
    by_instrument = answers_by_instrument(document.answers)
    for instrument in instruments:
        answers = by_instrument.get(instrument.id, {})
        shown = {item.id for item in visible_items(instrument, answers)}
        cells += [
            item_cell(item, answers.get(item.id), shown=item.id in shown, answered=bool(answers))
            for item in instrument.items()
        ]
    return [neutralise(cell) if isinstance(cell, str) else cell for cell in cells]


def write_items(
    documents: Iterable[AssessmentDocument],
    path: Path,
    interpretation: Interpretation,
    *,
    total: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    seal: AgencyPublicKey | None = None,
) -> ExportResult:
    """Write the item-level file and its data dictionary (atomically); returns how many rows."""
    from readiness.reports.item_dictionary import write_dictionary

    path = Path(path)
    instruments = interpretation.instruments
    selection = Selection()
    with output_file(path, "w", seal=seal, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, dialect="excel")
        writer.writerow(columns(instruments))
        for document in selection.completed(with_progress(documents, total, progress, cancel)):
            writer.writerow(row(document, instruments))
        # Inside the block: a dictionary that cannot be written leaves no export either.
        dictionary = write_dictionary(dictionary_path(path), interpretation, seal=seal)
    note = M_("Data dictionary: {path}", path=str(dictionary))
    return ExportResult(path, selection.used, "items", (note, *selection.notes()))
