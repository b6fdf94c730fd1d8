"""Home's list read in chunks: every row once, newest first, for any prefix, status and size."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.errors import ReadinessError
from readiness.model import AssessmentStatus
from readiness.store import listing
from readiness.store.database import open_memory_database
from readiness.store.listing import AssessmentListing, person_assessments

if TYPE_CHECKING:
    from sqlite_utils import Database

CODES = ("AA01", "AA02", "AB01", "BA01", "BB07", "C1", "C22")


def build(rows: list[tuple[int, int, bool]]) -> Database:
    """One assessment per ``(person, minute, complete)``; minutes repeat, so times tie."""
    db = open_memory_database()
    for index, code in enumerate(CODES):
        db.execute(
            "INSERT INTO service_users (id, code, created) VALUES (?, ?, ?)",
            [f"u{index}", code, "2026-01-01T00:00:00+00:00"],
        )
    for number, (person, minute, complete) in enumerate(rows):
        created = f"2026-01-01T10:{minute:02}:00.000000+00:00"
        db.execute(
            "INSERT INTO assessments (id, service_user_id, created, updated, status, locale,"
            " staff_initials, app_version) VALUES (?, ?, ?, ?, ?, 'en', 'MJ', '0')",
            [f"a{number:04}", f"u{person}", created, created, "complete" if complete else "draft"],
        )
    return db


def expected(
    db: Database, prefix: str, status: AssessmentStatus | None
) -> list[tuple[str, int, int]]:
    """The list worked out the slow, obvious way: (id, visit, visits), newest first."""
    rows = db.execute(
        "SELECT a.rowid, a.id, a.created, s.code, a.status, a.service_user_id "
        "FROM assessments a JOIN service_users s ON s.id = a.service_user_id"
    ).fetchall()
    by_person: dict[str, list[tuple[str, int]]] = {}
    for rowid, _id, created, _code, _status, person in rows:
        by_person.setdefault(person, []).append((created, rowid))
    kept = [
        row
        for row in rows
        if row[3].startswith(prefix.upper()) and (status is None or row[4] == status.value)
    ]
    kept.sort(key=lambda row: (row[2], row[0]), reverse=True)
    return [
        (
            row[1],
            sorted(by_person[row[5]]).index((row[2], row[0])) + 1,
            len(by_person[row[5]]),
        )
        for row in kept
    ]


people_rows = st.lists(
    st.tuples(st.integers(0, len(CODES) - 1), st.integers(0, 5), st.booleans()), max_size=60
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people_rows,
    st.sampled_from(["", "A", "a", "AA", "AB0", "B", "C", "C2", "Z"]),
    st.sampled_from([None, AssessmentStatus.DRAFT, AssessmentStatus.COMPLETE]),
    st.integers(1, 7),
    st.sampled_from([1, 1000]),
)
def test_chunks_give_every_row_once_newest_first(
    rows: list[tuple[int, int, bool]],
    prefix: str,
    status: AssessmentStatus | None,
    size: int,
    broad_share: int,
) -> None:
    # BROAD_SHARE 1 reads every prefix through the codes index, 1000 every one along the dates.
    db = build(rows)
    want = expected(db, prefix, status)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(listing, "BROAD_SHARE", broad_share)
        view = AssessmentListing(db, code_prefix=prefix, status=status)
        got = []
        chunk = view.chunk(None, size)
        got += chunk.items
        while chunk.after is not None:
            assert len(chunk.items) == size
            assert len(got) <= len(want), "the chunks do not move on"
            chunk = view.chunk(chunk.after, size)
            got += chunk.items
        assert [(item.id, item.visit, item.visits) for item in got] == want
        assert view.count() == len(want) and view.counted_exactly


def test_a_slow_count_is_estimated_from_the_share_of_people() -> None:
    rows = [(person % 4, person % 6, person % 3 == 0) for person in range(40)]
    db = build(rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(listing, "COUNT_LIMIT", 0)
        view = AssessmentListing(db, code_prefix="A")  # 3 of the 7 people: AA01, AA02, AB01
        estimate = view.count()
        assert not view.counted_exactly
        assert estimate == round(40 * 3 / 7)
        assert view.exact_count() == 30 and view.counted_exactly
        # The command line's pages are always counted exactly.
        assert listing.list_assessments(db, code_prefix="A").total == 30


def test_a_person_s_assessments_come_oldest_first_and_bad_sizes_are_refused() -> None:
    db = build([(1, 5, True), (1, 2, False), (2, 3, True), (1, 2, True)])
    mine = person_assessments(db, "u1")
    assert [(item.id, item.visit) for item in mine] == [("a0001", 1), ("a0003", 2), ("a0000", 3)]
    assert {item.visits for item in mine} == {3}
    with pytest.raises(ReadinessError):
        AssessmentListing(db).chunk(None, 0)
