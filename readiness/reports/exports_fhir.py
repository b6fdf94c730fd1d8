"""FHIR export file: one transaction Bundle per line (NDJSON, as FHIR Bulk Data).

The first line holds the definitions every later line names (the Questionnaires in
force and the CodeSystems, ``fhir_definitions``), each created only when the
receiver lacks that url and version; then one Bundle per assessment. Newline-delimited
JSON streams: each line is complete on its own, the file grows one assessment at a
time, and a server or script can send each line as one transaction.
Bundles are checked with ``fhir.resources`` as ``Validation`` says; a bundle that
fails stops the export (the partial file is removed) with the assessment id and the
first problem, so an invalid file is never handed on.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pydantic_core

from readiness.document import AssessmentDocument
from readiness.errors import ReadinessError
from readiness.messages import M_, MN_
from readiness.progress import CancelToken, Progress, no_progress
from readiness.protection.sealed_output import output_file
from readiness.questionnaire.fhir_strings import fhir_strings, needs_fhir_strings
from readiness.reports.export_common import ExportResult, with_progress
from readiness.reports.fhir_definitions import definitions_bundle
from readiness.reports.fhir_response import BundleBuilder
from readiness.reports.fhir_validation import Validation, should_validate, validate

if TYPE_CHECKING:
    from readiness.protection.sealing import AgencyPublicKey
    from readiness.session.decided import Decisions


def encode(data: Any) -> str:
    """``data`` as compact JSON text with its characters kept as they are (what ``json.dumps``
    with ``ensure_ascii=False`` and no spaces writes), encoded by pydantic-core: about twice
    as fast for a bundle. Every number a bundle holds is finite (the builder checks each
    where it makes it), and a value that is not plain JSON data is refused."""
    return pydantic_core.to_json(data).decode("utf-8")


def write_fhir(
    documents: Iterable[AssessmentDocument],
    path: Path,
    decisions: Decisions,
    *,
    validation: Validation = Validation.SAMPLE,
    total: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    seal: AgencyPublicKey | None = None,
) -> ExportResult:
    """Write the definitions, then one Bundle per document, to ``path`` as NDJSON
    (atomically); returns how many assessments.

    Each Bundle holds the answers, the check results and the channel verdicts under
    ``decisions`` (kept at completion; a draft's worked out now)."""
    from pydantic import ValidationError

    count = checked = 0
    interpretation = decisions.interpretation
    builder = BundleBuilder(interpretation.instruments, interpretation)
    definitions = definitions_bundle(interpretation, transaction=True)
    validate(definitions)
    with output_file(Path(path), "w", seal=seal, encoding="utf-8", newline="\n") as handle:
        handle.write(encode(definitions))
        handle.write("\n")
        for document in with_progress(decisions.over(documents), total, progress, cancel):
            data = builder.raw_bundle(document, decisions.of(document))
            line = encode(data)
            if needs_fhir_strings(line):
                data = fhir_strings(data)
                line = encode(data)
            if should_validate(validation, count):
                try:
                    validate(data)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(part) for part in first["loc"])
                    raise ReadinessError(
                        M_(
                            "assessment {id}: the FHIR bundle is not valid at {where}: {problem}",
                            id=document.assessment.id,
                            where=where,
                            problem=first["msg"],
                        )
                    ) from None
                checked += 1
            handle.write(line)
            handle.write("\n")
            count += 1
    note = MN_(
        "{checked} of {count} bundle checked with fhir.resources ({how})",
        "{checked} of {count} bundles checked with fhir.resources ({how})",
        checked=checked,
        count=count,
        how=validation.value,
    )
    return ExportResult(Path(path), count, "fhir", (note,))
