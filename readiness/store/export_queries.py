"""Streaming reads for exports: whole assessment documents, a page at a time, oldest first.

Exports of 100,000 assessments must not hold them all in memory, so documents are
read in pages of ``page_size`` by keyset pagination on ``(created, id)`` (the
``created`` index serves it; no OFFSET scans), with the answers, check results and
plans of one page fetched in one query each. Memory therefore stays at one page
whatever the database holds. ``DateRange`` bounds are whole days on the ``created``
time (UTC), the start and end day both included.

A per-row export (the CSV) needs of the answers only how many there are and how many
are missing: ``iter_tallied`` reads the same pages without the answers' values,
counting them in SQL (``Tallied``), and gives drafts as whole documents (their results
are worked out now, from their answers). Both readers share every mapping from a row:
the assessment, its check results, its plan and what makes an answer missing.

This module only reads; a document read here equals one from
``repository.load_document`` (a test checks it), and a ``Tallied`` read here equals
``Tallied.of`` that document (another does).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from readiness.document import AssessmentDocument, ServiceUserRef
from readiness.messages import M_, Message
from readiness.messages.stored import from_json
from readiness.model import (
    Answer,
    Assessment,
    AssessmentStatus,
    CheckResult,
    CheckStatus,
    Measurement,
    MissingCode,
)
from readiness.plan import Plan
from readiness.store.plans import plan_from_row
from readiness.store.repository import _assessment_from_row

if TYPE_CHECKING:
    from sqlite_utils import Database

DEFAULT_PAGE_SIZE = 500

MISSING = "NULLIF(missing, '')"
"""An answer's missing code as both readers read it: NULL when the answer has a value."""

_COLUMNS = (
    "a.id, a.service_user_id, a.created, a.updated, a.completed, a.status, a.locale, "
    "a.staff_initials, a.app_version, s.code"
)


@dataclass(frozen=True)
class DateRange:
    """Assessments created from ``since`` to ``until`` (whole UTC days, both included)."""

    since: date | None = None
    until: date | None = None

    def clause(self, column: str = "created") -> tuple[str, list[Any]]:
        """SQL condition and parameters for this range on ``column`` (ISO 8601 text)."""
        parts, params = [], []
        if self.since is not None:
            parts.append(f"{column} >= ?")
            params.append(self.since.isoformat())
        if self.until is not None:
            parts.append(f"{column} < ?")
            params.append((self.until + timedelta(days=1)).isoformat())
        return (" AND ".join(parts) or "1"), params

    def describe(self) -> Message:
        """The range in words for headers ("2026-01-01 to 2026-03-31", "all dates")."""
        if self.since is None and self.until is None:
            return M_("all dates")
        start = self.since.isoformat() if self.since else M_("the first")
        end = self.until.isoformat() if self.until else M_("the last")
        return M_("{start} to {end}", start=start, end=end)


def count_assessments(db: Database, dates: DateRange = DateRange()) -> int:
    """How many assessments fall in ``dates`` (for progress bars)."""
    where, params = dates.clause()
    return int(db.execute(f"SELECT count(*) FROM assessments WHERE {where}", params).fetchone()[0])


def iter_documents(
    db: Database,
    dates: DateRange = DateRange(),
    *,
    ids: Sequence[str] | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Iterator[AssessmentDocument]:
    """Every assessment in ``dates`` (or only ``ids``) as a document, oldest first."""
    for rows in _pages(db, dates, ids, page_size):
        yield from _documents(db, rows)


@dataclass(frozen=True)
class Tallied:
    """A completed assessment as a per-row export reads it: the document's parts, with
    its answers counted instead of read."""

    service_user: ServiceUserRef
    assessment: Assessment
    answered: int
    """How many answers the document holds (with a value or a missing code)."""
    missing: int
    """How many of them have a missing code instead of a value."""
    check_results: tuple[CheckResult, ...]
    plan: Plan | None

    @classmethod
    def of(cls, document: AssessmentDocument) -> Tallied:
        """The same parts of a whole document (from any store)."""
        return cls(
            document.service_user,
            document.assessment,
            len(document.answers),
            sum(1 for answer in document.answers if answer.missing is not None),
            document.check_results,
            document.plan,
        )


def iter_tallied(
    db: Database,
    dates: DateRange = DateRange(),
    *,
    ids: Sequence[str] | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Iterator[Tallied | AssessmentDocument]:
    """``iter_documents``'s assessments, completed ones as ``Tallied``, drafts as documents."""
    for rows in _pages(db, dates, ids, page_size):
        drafts = [row for row in rows if row[5] != AssessmentStatus.COMPLETE.value]
        whole = {document.assessment.id: document for document in _documents(db, drafts)}
        done = [row[0] for row in rows if row[0] not in whole]
        counts, results, plans = _tallies(db, done), _check_results(db, done), _plans(db, done)
        for row in rows:
            if row[0] in whole:
                yield whole[row[0]]
                continue
            answered, missing = counts.get(row[0], (0, 0))
            yield Tallied(
                ServiceUserRef(id=row[1], code=row[9]),
                _assessment(row),
                answered,
                missing,
                tuple(results.get(row[0], ())),
                plans.get(row[0]),
            )


def _pages(
    db: Database, dates: DateRange, ids: Sequence[str] | None, page_size: int
) -> Iterator[list[Any]]:
    """The assessment rows (``_COLUMNS``) in ``dates`` (or only ``ids``), a page at a time."""
    where, params = dates.clause("a.created")
    if ids is not None:
        for start in range(0, len(ids), page_size):
            chunk = list(ids[start : start + page_size])
            marks = ",".join("?" * len(chunk))
            yield db.execute(
                f"SELECT {_COLUMNS} FROM assessments a JOIN service_users s "
                f"ON s.id = a.service_user_id WHERE a.id IN ({marks}) AND {where} "
                "ORDER BY a.created, a.id",
                [*chunk, *params],
            ).fetchall()
        return
    after: tuple[str, str] | None = None
    while True:
        keyset, keys = ("(a.created > ? OR (a.created = ? AND a.id > ?))", [])
        if after is not None:
            keys = [after[0], after[0], after[1]]
        else:
            keyset = "1"
        rows = db.execute(
            f"SELECT {_COLUMNS} FROM assessments a JOIN service_users s "
            f"ON s.id = a.service_user_id WHERE {where} AND {keyset} "
            "ORDER BY a.created, a.id LIMIT ?",
            [*params, *keys, page_size],
        ).fetchall()
        if not rows:
            return
        yield rows
        after = (rows[-1][2], rows[-1][0])


_NAMES = (
    "id", "service_user_id", "created", "updated", "completed", "status", "locale",
    "staff_initials", "app_version",
)  # fmt: skip


def _assessment(row: Sequence[Any]) -> Assessment:
    return _assessment_from_row(dict(zip(_NAMES, row[:9], strict=True)))


def _documents(db: Database, rows: Sequence[Sequence[Any]]) -> Iterator[AssessmentDocument]:
    if not rows:
        return
    ids = [row[0] for row in rows]
    answers = _answers(db, ids)
    results = _check_results(db, ids)
    plans = _plans(db, ids)
    for row in rows:
        assessment = _assessment(row)
        yield AssessmentDocument(
            service_user=ServiceUserRef(id=assessment.service_user_id, code=row[9]),
            assessment=assessment,
            answers=tuple(answers.get(assessment.id, ())),
            check_results=tuple(results.get(assessment.id, ())),
            plan=plans.get(assessment.id),
        )


def _in(ids: Sequence[str]) -> str:
    return ",".join("?" * len(ids))


def _answers(db: Database, ids: Sequence[str]) -> dict[str, list[Answer]]:
    found: dict[str, list[Answer]] = defaultdict(list)
    rows = db.execute(
        f"SELECT assessment_id, questionnaire_id, item_id, value_json, {MISSING}, answered_at "
        f"FROM answers WHERE assessment_id IN ({_in(ids)}) "
        "ORDER BY assessment_id, questionnaire_id, answered_at, item_id",
        list(ids),
    ).fetchall()
    # One JSON parse for the page's values instead of one per answer (the stored values
    # are JSON texts, so joined with commas they form an array): several times faster.
    values = json.loads("[" + ",".join(row[3] or "null" for row in rows) + "]")
    parse_time = datetime.fromisoformat
    for (assessment_id, questionnaire_id, item_id, _text, missing, answered), value in zip(
        rows, values, strict=True
    ):
        found[assessment_id].append(
            Answer(
                questionnaire_id=questionnaire_id,
                item_id=item_id,
                answered_at=parse_time(answered),
                value=tuple(value) if isinstance(value, list) else value,
                missing=None if missing is None else MissingCode(missing),
            )
        )
    return found


def _tallies(db: Database, ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """(answers, missing ones) of these assessments, counted where they are stored."""
    if not ids:
        return {}
    rows = db.execute(
        f"SELECT assessment_id, count(*), count({MISSING}) FROM answers "
        f"WHERE assessment_id IN ({_in(ids)}) GROUP BY assessment_id",
        list(ids),
    )
    return {assessment_id: (answered, missing) for assessment_id, answered, missing in rows}


def _check_results(db: Database, ids: Sequence[str]) -> dict[str, list[CheckResult]]:
    found: dict[str, list[CheckResult]] = defaultdict(list)
    rows = db.execute(
        "SELECT assessment_id, check_id, status, measured_at, reason, values_json, source, "
        "reason_message "
        f"FROM check_results WHERE assessment_id IN ({_in(ids)}) ORDER BY assessment_id, check_id",
        list(ids),
    ).fetchall()
    values = json.loads("[" + ",".join(row[5] or "{}" for row in rows) + "]")
    for row, measured_values in zip(rows, values, strict=True):
        assessment_id, check_id, status, measured, reason, _text, source, message = row
        found[assessment_id].append(
            CheckResult(
                check_id=check_id,
                status=CheckStatus(status),
                measured_at=datetime.fromisoformat(measured),
                reason=reason or "",
                values={
                    name: Measurement(value=pair[0], unit=pair[1])
                    for name, pair in measured_values.items()
                },
                source=source or "measured",
                reason_message=from_json(message),
            )
        )
    return found


def _plans(db: Database, ids: Sequence[str]) -> dict[str, Plan]:
    """Plans of these assessments (the same reading as ``readiness.store.plans.get_plan``)."""
    cursor = db.execute(
        "SELECT assessment_id, decisions_json, added_json, text, follow_up, updated "
        f"FROM plans WHERE assessment_id IN ({_in(ids)})",
        list(ids),
    )
    return {assessment_id: plan_from_row(*row) for assessment_id, *row in cursor}
