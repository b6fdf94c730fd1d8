"""The CSV reads the records counted, not whole (issue 19): the same cells as from whole
documents, for completed assessments (with and without a kept result), drafts and answers
with a missing code."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from readiness.document import AssessmentDocument
from readiness.model import Answer, AssessmentStatus, MissingCode
from readiness.reports.jobs import export_documents, run_export
from readiness.session.decided import Decisions
from readiness.store import repository
from readiness.store.database import open_database
from readiness.store.export_queries import DateRange, Tallied, iter_documents, iter_tallied
from tests.core.reports.helpers import inputs
from tests.core.reports.samples import BASE_TIME, filled_document
from tests.factories import import_into


def _with_missing(document: AssessmentDocument, every: int) -> AssessmentDocument:
    codes = list(MissingCode)
    answers = tuple(
        Answer(a.questionnaire_id, a.item_id, a.answered_at, missing=codes[n % len(codes)])
        if n % every == 0
        else a
        for n, a in enumerate(document.answers)
    )
    return replace(document, answers=answers)


def _draft(document: AssessmentDocument) -> AssessmentDocument:
    assessment = replace(document.assessment, status=AssessmentStatus.DRAFT, completed=None)
    return replace(document, assessment=assessment)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    records = open_database(tmp_path / "r.db")
    for index in range(8):
        document = filled_document(
            index + 1, code=f"TL{index:02d}", created=BASE_TIME + timedelta(days=index)
        )
        if index in (2, 5):
            document = _with_missing(document, every=3)
        if index in (3, 6):
            document = _draft(document)
        if index == 7:
            document = replace(document, answers=(), plan=None)
        import_into(records, document)
    # an answer with a value whose missing column was stored as empty text, not NULL
    records.execute("UPDATE answers SET missing = '' WHERE missing IS NULL AND rowid % 5 = 0")
    # half of the completed ones have their result kept, the others get it on first read
    list(Decisions(inputs(), records).over(list(iter_documents(records))[:4]))
    return records


def test_the_counted_reading_equals_the_whole_documents(db: Database) -> None:
    read = list(iter_tallied(db, page_size=3))
    assert len(read) == 8
    missing_seen = 0
    for item in read:
        whole = repository.load_document(db, item.assessment.id)
        if whole.assessment.status is AssessmentStatus.COMPLETE:
            assert item == Tallied.of(whole)
            assert isinstance(item, Tallied)
            missing_seen += item.missing
        else:
            assert item == whole
    assert missing_seen > 0
    assert [i.assessment.id for i in read] == [d.assessment.id for d in iter_documents(db)]


def test_only_ids_and_dates_are_read_as_the_documents_are(db: Database) -> None:
    ids = [d.assessment.id for d in iter_documents(db)]
    chosen = [ids[5], ids[1], ids[6]]
    dates = DateRange(since=BASE_TIME.date() + timedelta(days=2))
    assert [i.assessment.id for i in iter_tallied(db, dates, ids=chosen, page_size=2)] == [
        d.assessment.id for d in iter_documents(db, dates, ids=chosen, page_size=2)
    ]


def test_the_csv_from_the_records_equals_the_csv_from_whole_documents(
    db: Database, tmp_path: Path
) -> None:
    counted = run_export(db, "csv", tmp_path / "counted.csv", inputs(), staff="MJ")
    whole = export_documents(
        iter_documents(db),
        "csv",
        tmp_path / "whole.csv",
        Decisions(inputs(), db, whole=False),
        DateRange(),
    )
    assert counted.count == whole.count == 8
    assert counted.path.read_bytes() == whole.path.read_bytes()
