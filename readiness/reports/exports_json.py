"""JSON export and import of whole assessment documents.

The export is a JSON array whose every element is one assessment document as
``readiness/assessment_document.md`` describes it (``readiness assessment show ID
--json`` prints the same shape), with its ``results`` under the interpretation in
force (domain bands, channel verdicts and recommendations as codes, and the
interpretation's version); it is written one document at a time so memory does not
grow with the number of assessments. ``results`` are worked out, never read back:
an import works them out again under its own rules. ``read_documents`` reads such an array, or a
single document, back; ``import_documents`` stores them, all or nothing per document,
so an export from one laptop can be imported on another.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.document import AssessmentDocument, from_data, to_dict
from readiness.equity.output import result_codes
from readiness.files import JSON_EXPORT, read_json_file
from readiness.progress import CancelToken, Progress, no_progress
from readiness.protection.sealed_output import output_file
from readiness.reports.export_common import ExportResult, with_progress

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.interpret import Interpretation
    from readiness.protection.sealing import AgencyPublicKey
    from readiness.questionnaire.schema import Instrument


def write_json(
    documents: Iterable[AssessmentDocument],
    path: Path,
    interpretation: Interpretation,
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
        for document in with_progress(documents, total, progress, cancel):
            handle.write(",\n" if count else "\n")
            results = {
                "interpretation": interpretation.version,
                **result_codes(interpretation.assess(document)),
            }
            handle.write(json.dumps({**to_dict(document), "results": results}, ensure_ascii=False))
            count += 1
        handle.write("\n]\n")
    return ExportResult(Path(path), count, "json")


def read_documents(path: Path) -> Iterator[AssessmentDocument]:
    """The documents in a JSON export (an array) or a single document file, read as every
    file handed to the app is (``readiness.files``)."""
    path = Path(path)
    data = read_json_file(path, JSON_EXPORT)
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        yield from_data(item, f"{path} (document {index + 1})")


def import_documents(
    db: Database,
    documents: Iterable[AssessmentDocument],
    *,
    instruments: Iterable[Instrument],
    replace_existing: bool = False,
) -> int:
    """Store every document (each all or nothing, its answers checked against
    ``instruments``); returns how many were imported."""
    from readiness.store.importing import import_document

    count = 0
    forms = tuple(instruments)
    for document in documents:
        import_document(db, document, instruments=forms, replace_existing=replace_existing)
        count += 1
    return count
