"""The stored results of completed assessments: what was decided, with the rules that decided it.

One row per completed assessment (table ``assessment_results``, migration 008): the
rules version (``Interpretation.version``), when it was worked out, on what basis
(``COMPLETED``: as the assessment was completed; ``FIRST_READ``: worked out the first
time a completed assessment without one was read — completed before results were
stored, or imported), the decisions as compact codes and the whole result
(compressed). Writers call these inside their own transaction (completing, reopening);
this module neither computes results nor commits. The engine's modules are imported
only when a result is read or made, so the app starts without them.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.equity.results import AssessmentResult


class Basis(StrEnum):
    """How a result came to be: kept from completion, worked out later, or not kept at all."""

    COMPLETED = "completed"
    FIRST_READ = "first_read"
    RECOMPUTED = "recomputed"
    """Replaced by a worker with the result of the rules in force then (audited)."""
    LIVE = "live"
    """A draft's result, worked out when read and never stored."""


@dataclass(frozen=True)
class StoredResult:
    """One assessment's kept result; ``codes`` and ``result`` are read from JSON when asked."""

    assessment_id: str
    rules_version: str
    computed: datetime
    basis: Basis
    codes_json: str
    result_zlib: bytes | None
    """The whole result: ``readiness.equity.result_data``'s JSON, zlib-compressed (None when
    read with ``whole=False``: codes only)."""

    @cached_property
    def codes(self) -> dict[str, Any]:
        """Domain scores and bands, channel verdicts, recommendations, the overall score."""
        found: dict[str, Any] = json.loads(self.codes_json)
        return found

    @cached_property
    def result(self) -> AssessmentResult:
        """The whole result, texts and reasons included."""
        from readiness.equity.result_data import from_data

        if self.result_zlib is None:
            raise ValueError("this result was read without its texts (whole=False)")
        return from_data(json.loads(zlib.decompress(self.result_zlib)))


_COLUMNS = "assessment_id, rules_version, computed, basis, codes_json, result"


def _encode(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def make_stored(
    result: AssessmentResult, rules_version: str, computed: datetime, basis: Basis
) -> StoredResult:
    """``result`` as it is kept (not yet written)."""
    from readiness.equity.result_data import codes, to_data

    return StoredResult(
        result.assessment_id,
        rules_version,
        computed,
        basis,
        _encode(codes(result)),
        zlib.compress(_encode(to_data(result)).encode("utf-8"), 6),
    )


def save(db: Database, stored: StoredResult) -> None:
    """Keep (or replace) one result; the caller holds the transaction."""
    db.execute(
        f"INSERT OR REPLACE INTO assessment_results ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        [
            stored.assessment_id,
            stored.rules_version,
            stored.computed.isoformat(),
            stored.basis.value,
            stored.codes_json,
            stored.result_zlib,
        ],
    )


def remove(db: Database, assessment_id: str) -> None:
    """Forget an assessment's result (it was reopened: no longer a decision)."""
    db.execute("DELETE FROM assessment_results WHERE assessment_id = ?", [assessment_id])


def stored_for(db: Database, ids: Sequence[str], *, whole: bool = True) -> dict[str, StoredResult]:
    """The kept results of these assessments (those that have one), by assessment id;
    ``whole=False`` reads the codes only (what an export row needs), not the texts."""
    found: dict[str, StoredResult] = {}
    columns = _COLUMNS if whole else _COLUMNS.replace(", result", ", NULL")
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows = db.execute(
            f"SELECT {columns} FROM assessment_results "
            f"WHERE assessment_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        for assessment_id, version, computed, basis, codes_json, result in rows:
            found[assessment_id] = StoredResult(
                assessment_id,
                version,
                datetime.fromisoformat(computed),
                Basis(basis),
                codes_json,
                result,
            )
    return found


def stored_result(db: Database, assessment_id: str) -> StoredResult | None:
    """One assessment's kept result, if it has one."""
    return stored_for(db, [assessment_id]).get(assessment_id)
