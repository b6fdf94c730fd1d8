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
from typing import TYPE_CHECKING, Any

from readiness.document import AssessmentDocument, from_data, to_dict
from readiness.equity.output import result_codes
from readiness.errors import ReadinessError
from readiness.messages import M_
from readiness.progress import CancelToken, Progress, no_progress
from readiness.protection.sealed_output import output_file
from readiness.reports.export_common import ExportResult, with_progress

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.interpret import Interpretation
    from readiness.protection.sealing import AgencyPublicKey

MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024
"""A JSON export is read whole on import; refuse files no export could be."""


def with_results(document: AssessmentDocument, interpretation: Interpretation) -> dict[str, Any]:
    """The document as exported: its data and its ``results`` under ``interpretation``.

    The one place that pairs a document with its results; the agency hub receives the same.
    """
    results = {
        "interpretation": interpretation.version,
        **result_codes(interpretation.assess(document)),
    }
    return {**to_dict(document), "results": results}


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
            handle.write(json.dumps(with_results(document, interpretation), ensure_ascii=False))
            count += 1
        handle.write("\n]\n")
    return ExportResult(Path(path), count, "json")


def read_documents(path: Path) -> Iterator[AssessmentDocument]:
    """The documents in a JSON export (an array) or a single document file."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise ReadinessError(
                M_("{path}: the file is too large to be a Readiness export", path=str(path))
            )
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReadinessError(M_("{path}: no such file", path=str(path))) from None
    except UnicodeDecodeError:
        raise ReadinessError(
            M_("{path}: not a text file (expected UTF-8 JSON)", path=str(path))
        ) from None
    except json.JSONDecodeError as exc:
        raise ReadinessError(
            M_(
                "{path}: not valid JSON (line {line}, column {column}: {problem})",
                path=str(path),
                line=exc.lineno,
                column=exc.colno,
                problem=exc.msg,
            )
        ) from None
    except OSError as exc:
        raise ReadinessError(
            M_(
                "{path}: cannot read the file ({reason})",
                path=str(path),
                reason=exc.strerror or type(exc).__name__,
            )
        ) from None
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        yield from_data(item, f"{path} (document {index + 1})")


def import_documents(
    db: Database, documents: Iterable[AssessmentDocument], *, replace_existing: bool = False
) -> int:
    """Store every document (each all or nothing); returns how many were imported."""
    from readiness.store import repository

    count = 0
    for document in documents:
        repository.import_document(db, document, replace_existing=replace_existing)
        count += 1
    return count
