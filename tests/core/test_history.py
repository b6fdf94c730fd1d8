"""A person's timeline: domain levels and channel verdicts across assessments, changes marked."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.equity.compare import Direction
from readiness.equity.history import (
    TimelinePoint,
    build_timeline,
    timeline_from_documents,
)
from readiness.equity.results import (
    AssessmentResult,
    ChannelVerdict,
    DomainScore,
    Verdict,
)
from readiness.local_text import LocalText
from readiness.model import Answer, AssessmentStatus, utc_now
from readiness.progress import Cancelled, CancelToken
from readiness.store import repository
from readiness.store.database import open_memory_database
from readiness.store.listing import person_documents
from tests.factories import assess, builtin_interpretation

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.document import AssessmentDocument

DOMAINS = ("connectivity", "devices", "skills")
CHANNELS = ("phone", "video", "in_person")
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def result(
    index: int, scores: tuple[int | None, ...], verdicts: tuple[Verdict, ...]
) -> AssessmentResult:
    return AssessmentResult(
        assessment_id=f"a{index:03}",
        service_user_code="TL-1",
        assessed_at=START,
        profile=tuple(
            DomainScore(d, LocalText(en=d.title()), s, None, (), 0, 2, 3, "test")
            for d, s in zip(DOMAINS, scores, strict=True)
        ),
        overall=None,
        channels=tuple(
            ChannelVerdict(c, LocalText(en=c.title()), v, ())
            for c, v in zip(CHANNELS, verdicts, strict=True)
        ),
        recommendations=(),
    )


visit = st.tuples(
    st.integers(0, 500),  # minutes after START (ties allowed: the id breaks them)
    st.tuples(*[st.none() | st.integers(0, 100) for _ in DOMAINS]),
    st.tuples(*[st.sampled_from(list(Verdict)) for _ in CHANNELS]),
)


def sign_direction(before: int, after: int) -> Direction:
    if after > before:
        return Direction.BETTER
    return Direction.WORSE if after < before else Direction.SAME


@settings(max_examples=150, deadline=None)
@given(st.lists(visit, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_each_level_says_how_it_moved_since_the_assessment_before(
    visits: list[tuple[int, tuple[int | None, ...], tuple[Verdict, ...]]], rng: random.Random
) -> None:
    entries = [
        (
            TimelinePoint(
                f"a{i:03}", START + timedelta(minutes=m), AssessmentStatus.COMPLETE, "MJ"
            ),
            result(i, scores, verdicts),
        )
        for i, (m, scores, verdicts) in enumerate(visits)
    ]
    shuffled = entries[:]
    rng.shuffle(shuffled)
    timeline = build_timeline(shuffled)
    assert timeline == build_timeline(entries)  # the order given does not matter

    ordered = sorted(entries, key=lambda e: (e[0].created, e[0].assessment_id))
    assert timeline.points == tuple(point for point, _ in ordered)
    assert len(timeline.comparisons) == len(entries) - 1
    for d, row in enumerate(timeline.domains):
        assert row.id == DOMAINS[d]
        scores = [r.profile[d].score for _, r in ordered]
        assert [level.score for level in row.levels if level] == scores
        assert row.levels[0] is not None and row.levels[0].direction is Direction.NEW
        for i in range(1, len(scores)):
            before, after = scores[i - 1], scores[i]
            level = row.levels[i]
            assert level is not None
            if before is None or after is None:
                assert level.direction is Direction.NEW
            else:
                assert level.direction is sign_direction(before, after)
        moved = any(a is not None and b is not None and a != b for a, b in pairwise(scores))
        assert row.changed is moved
        assert (row in timeline.changed_domains) is moved
    for c, channel_row in enumerate(timeline.channels):
        verdicts = [r.channels[c].verdict for _, r in ordered]
        assert [level.verdict for level in channel_row.levels if level] == verdicts
        for i in range(1, len(verdicts)):
            level = channel_row.levels[i]
            assert level is not None
            expected = sign_direction(verdicts[i].rank, verdicts[i - 1].rank)  # lower rank: better
            assert level.direction is expected
        assert channel_row.changed is any(a != b for a, b in pairwise(verdicts))


def test_a_domain_or_channel_missing_from_one_assessment_leaves_a_gap() -> None:
    first = result(0, (40, 50, 60), (Verdict.READY, Verdict.SUPPORT, Verdict.READY))
    second = AssessmentResult(
        assessment_id="a001",
        service_user_code="TL-1",
        assessed_at=START,
        profile=first.profile[:2],
        overall=None,
        channels=first.channels[1:],
        recommendations=(),
    )
    point = TimelinePoint("a000", START, AssessmentStatus.COMPLETE, "")
    later = TimelinePoint("a001", START + timedelta(days=30), AssessmentStatus.DRAFT, "")
    timeline = build_timeline([(later, second), (point, first)])
    skills = next(row for row in timeline.domains if row.id == "skills")
    assert skills.levels[1] is None and not skills.changed
    phone = next(row for row in timeline.channels if row.id == "phone")
    assert phone.levels[0] is not None and phone.levels[1] is None
    assert timeline.points[1].status is AssessmentStatus.DRAFT


def _person_with_two_assessments() -> tuple[Database, str, list[str]]:
    db = open_memory_database()
    user = repository.create_service_user(db, "TL-2", preferred_name="Sam")
    other = repository.create_service_user(db, "TL-3")
    repository.start_assessment(db, other)
    ids = []
    for answers in (
        {
            "access.phone_type": "basic",
            "comm.hearing_difficulty": "a_lot",
            "access.video_device": False,
        },
        {
            "access.phone_type": "smartphone",
            "comm.hearing_difficulty": "none",
            "access.video_device": True,
            "access.home_internet": "wifi",
            "skills.join_video_call": "on_my_own",
        },
    ):
        assessment = repository.start_assessment(db, user, staff_initials="MJ")
        ids.append(assessment.id)
        for item, value in answers.items():
            repository.save_answer(
                db, assessment.id, Answer(item.split(".")[0], item, utc_now(), value=value)
            )
    return db, user.id, ids


def test_a_person_whose_answers_changed_shows_the_changed_verdicts() -> None:
    db, user_id, ids = _person_with_two_assessments()
    documents = person_documents(db, user_id)
    timeline = timeline_from_documents(documents, builtin_interpretation().assess)
    assert [point.assessment_id for point in timeline.points] == ids
    assert timeline.points[0].staff_initials == "MJ"
    video = next(row for row in timeline.channels if row.id == "video")
    assert [level.verdict for level in video.levels if level] == [
        Verdict.NOT_SUITABLE,
        Verdict.READY,
    ]
    assert [level.direction for level in video.levels if level] == [Direction.NEW, Direction.BETTER]
    in_person = next(row for row in timeline.channels if row.id == "in_person")
    assert not in_person.changed
    assert video in timeline.changed_channels and in_person not in timeline.changed_channels
    devices = next(row for row in timeline.domains if row.id == "devices")
    assert devices.changed and devices.levels[1] is not None and devices.levels[1].score == 100
    assert "→" in timeline.comparisons[0].changed_channels[0].describe("es")


def test_documents_are_the_persons_own_oldest_first_and_progress_reaches_the_end() -> None:
    db, user_id, ids = _person_with_two_assessments()
    documents = person_documents(db, user_id)
    assert [d.assessment.id for d in documents] == ids
    seen: list[float | None] = []
    timeline_from_documents(documents, assess, lambda fraction, _message: seen.append(fraction))
    assert seen == [0.0, 0.5, 1.0]


def test_working_out_a_timeline_can_be_cancelled() -> None:
    db, user_id, _ids = _person_with_two_assessments()
    documents = person_documents(db, user_id)
    cancel = CancelToken()
    calls = []

    def slow_assess(document: AssessmentDocument) -> AssessmentResult:
        calls.append(document.assessment.id)
        cancel.cancel()  # the worker asks to stop after the first assessment
        return assess(document)

    with pytest.raises(Cancelled):
        timeline_from_documents(documents, slow_assess, cancel=cancel)
    assert len(calls) == 1
    empty = timeline_from_documents([], assess)
    assert empty.points == () and empty.domains == () and empty.comparisons == ()
