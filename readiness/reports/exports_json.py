"""JSON export and import of whole assessment documents.

The export is a JSON array whose every element is one assessment document as
``readiness/assessment_document.md`` describes it (``readiness assessment show ID
--json`` prints the same shape), with its ``results``: for a completed assessment the
ones kept when it was completed, for a draft the ones the rules in force give now
(domain bands, channel verdicts and recommendations as codes, the version of the rules
that made them and that basis); it is written one document at a time so memory does not
grow with the number of assessments. ``results`` are never read back: an import
works them out again under its own rules. ``read_documents`` reads such an array, or a
single document, back; ``import_documents`` stores them, all or nothing for the whole
file, so an export from one laptop can be imported on another (``readiness assessment
import`` takes either).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.document import AssessmentDocument, from_data, to_dict, to_json_line
from readiness.errors import DocumentError, ReadinessError
from readiness.files import JSON_EXPORT, read_json_file
from readiness.progress import CancelToken, Progress, no_progress
from readiness.protection.sealed_output import output_file
from readiness.reports.export_common import ExportResult, with_progress

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.protection.sealing import AgencyPublicKey
    from readiness.questionnaire.schema import Instrument
    from readiness.session.decided import Decided, Decisions


RESULT_KEYS = ("profile", "channels", "recommendations")


def _results(decided: Decided) -> dict[str, Any]:
    codes = decided.codes
    return {
        "interpretation": decided.version,
        "basis": decided.basis.value,
        **{key: codes[key] for key in RESULT_KEYS},
    }


def with_results(document: AssessmentDocument, decided: Decided) -> dict[str, Any]:
    """The document as exported: its data and its ``results`` (``decided``: the result kept
    at completion, or a draft's live one), with the rules version that made them and
    their ``basis`` (``completed``, ``first_read``, ``recomputed`` or ``live``).

    The one place that pairs a document with its results; the agency hub receives the same.
    """
    return {**to_dict(document), "results": _results(decided)}


def exported_line(document: AssessmentDocument, decided: Decided) -> str:
    """``with_results`` as one line of JSON, encoded in one step (the document by pydantic,
    its results appended as its last key)."""
    document_json = to_json_line(document)
    results = json.dumps(_results(decided), ensure_ascii=False, separators=(",", ":"))
    return f'{document_json[:-1]},"results":{results}}}'


def write_json(
    documents: Iterable[AssessmentDocument],
    path: Path,
    decisions: Decisions,
    *,
    total: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    seal: AgencyPublicKey | None = None,
) -> ExportResult:
    """Write the documents to ``path`` as a JSON array (atomically); returns how many."""
    count = 0
    with output_file(Path(path), "w", seal=seal, encoding="utf-8") as handle:
        handle.write("[")
        for document in with_progress(decisions.over(documents), total, progress, cancel):
            handle.write(",\n" if count else "\n")
            handle.write(exported_line(document, decisions.of(document)))
            count += 1
        handle.write("\n]\n")
    return ExportResult(Path(path), count, "json")


def read_documents(path: Path, notes: list[str] | None = None) -> Iterator[AssessmentDocument]:
    """The documents in a JSON export (an array) or a single document file, read as every
    file handed to the app is (``readiness.files``), to be imported: a bad one in an
    array says that nothing was imported. ``notes`` gets a line for each field hidden
    characters were taken out of."""
    path = Path(path)
    data = read_json_file(path, JSON_EXPORT)
    if not isinstance(data, list):  # one document, named by its file alone
        yield from_data(data, str(path), notes)
        return
    for index, item in enumerate(data):
        try:
            document = from_data(item, f"{path} (document {index + 1})", notes)
        except DocumentError as exc:
            raise DocumentError(f"{exc}; nothing was imported") from None
        yield document


def import_documents(
    db: Database,
    documents: Iterable[AssessmentDocument],
    *,
    instruments: Iterable[Instrument],
    replace_existing: bool = False,
    staff: str = "",
    source: str = "the file",
) -> list[AssessmentDocument]:
    """Store every document, all or nothing for the whole file: the first one refused
    (named by ``source``, the file, and its place in it) leaves the database as it was.
    Each document's answers are checked against ``instruments``, the questionnaires in
    force. Returns the documents stored."""
    from readiness.store.importing import import_document

    forms, found = tuple(instruments), list(documents)
    stored: list[AssessmentDocument] = []
    with db.atomic():
        for index, document in enumerate(found, start=1):
            named = source if len(found) == 1 else f"{source} (document {index})"
            try:
                import_document(
                    db,
                    document,
                    instruments=forms,
                    replace_existing=replace_existing,
                    staff=staff,
                    source=named,
                )
            except ReadinessError as exc:
                if len(found) == 1:
                    raise
                raise DocumentError(f"{exc}; nothing was imported") from None
            stored.append(document)
    return stored
