"""The path through the questionnaires: next and back skip hidden items; progress per section."""

from __future__ import annotations

from readiness.model import MissingCode
from readiness.questionnaire.loader import load_builtin
from readiness.questionnaire.navigation import AnswerSheet, Flow, answers_by_instrument
from tests.core.questionnaire.samples import answer


def flow() -> Flow:
    return Flow(load_builtin().instruments)


def test_the_flow_starts_at_the_first_question() -> None:
    first = flow().first(AnswerSheet())
    assert first is not None and first.item.id == "access.phone_type"


def test_next_skips_hidden_follow_ups_and_back_returns() -> None:
    path = flow()
    sheet = AnswerSheet([answer("access.phone_type", "none")])
    start = path.step(("access", "access.phone_type"))
    assert start is not None
    following = path.next(start, sheet)
    assert following is not None and following.item.id == "access.other_devices"
    sheet.record(answer("access.phone_type", "smartphone", minutes=1))
    following = path.next(start, sheet)
    assert following is not None and following.item.id == "access.phone_sharing"
    back = path.previous(following, sheet)
    assert back is not None and back.item.id == "access.phone_type"


def test_position_counts_only_shown_questions_in_the_section() -> None:
    path = flow()
    sheet = AnswerSheet()
    step = path.step(("access", "access.video_device"))
    assert step is not None
    where = path.position(step, sheet)
    assert (where.instrument_number, where.instrument_count) == (1, 5)
    assert (where.section_number, where.section_count) == (1, 4)
    assert (where.question_number, where.question_count) == (3, 3)  # sharing is hidden
    sheet.record(answer("access.phone_type", "basic"))
    assert (
        path.position(step, sheet).question_number,
        path.position(step, sheet).question_count,
    ) == (4, 4)


def test_the_flow_crosses_instruments_and_ends() -> None:
    path = flow()
    sheet = AnswerSheet()
    last_access = path.step(("access", "access.helper_available"))
    assert last_access is not None
    following = path.next(last_access, sheet)
    assert following is not None and following.instrument.id == "skills"
    steps = path.visible(sheet)
    assert path.next(steps[-1], sheet) is None
    assert path.previous(steps[0], sheet) is None


def test_first_unanswered_is_where_an_intake_resumes() -> None:
    path = flow()
    sheet = AnswerSheet(
        [
            answer("access.phone_type", "none"),
            answer("access.other_devices", missing=MissingCode.DECLINED),
        ]
    )
    resume = path.first_unanswered(sheet)
    assert resume is not None and resume.item.id == "access.video_device"


def test_the_latest_answer_wins() -> None:
    sheet = AnswerSheet(
        [
            answer("access.phone_type", "basic", minutes=5),
            answer("access.phone_type", "none", minutes=1),
        ]
    )
    latest = sheet.get("access", "access.phone_type")
    assert latest is not None and latest.value == "basic"
    grouped = answers_by_instrument(sheet.all())
    assert grouped["access"]["access.phone_type"].value == "basic"
