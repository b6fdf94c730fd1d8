"""The review of an intake: steps done, questions answered, what blocks completing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from readiness.document import AssessmentDocument
from readiness.model import Answer, AssessmentStatus, CheckResult, CheckStatus, MissingCode
from readiness.plan import Plan
from readiness.practice import personas
from readiness.questionnaire.conditions import visible_items
from readiness.questionnaire.consent import CONSENT_ID
from readiness.questionnaire.schema import Instrument
from readiness.session.review import review
from tests.factories import builtin_interpretation, make_document

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
INSTRUMENTS = builtin_interpretation().instruments


def consent(**choices: bool) -> tuple[Answer, ...]:
    return tuple(
        Answer(CONSENT_ID, f"{CONSENT_ID}.{part}", NOW, value=value)
        for part, value in choices.items()
    )


def document(
    *answers: Answer, initials: str = "MJ", checks: tuple[CheckResult, ...] = ()
) -> AssessmentDocument:
    base = make_document()
    return replace(
        base,
        assessment=replace(base.assessment, staff_initials=initials, status=AssessmentStatus.DRAFT),
        answers=answers,
        check_results=checks,
        plan=None,
    )


def with_required(item_id: str) -> tuple[Instrument, ...]:
    """The built-in questionnaires with one item marked required (as an agency file would)."""
    changed = []
    for instrument in INSTRUMENTS:
        sections = tuple(
            section.model_copy(
                update={
                    "items": tuple(
                        item.model_copy(update={"required": item.id == item_id})
                        for item in section.items
                    )
                }
            )
            for section in instrument.sections
        )
        changed.append(instrument.model_copy(update={"sections": sections}))
    return tuple(changed)


def test_nothing_recorded_blocks_on_consent_and_initials_only() -> None:
    found = review(document(initials=""), INSTRUMENTS)
    assert {item.kind for item in found.blocking} == {"consent", "initials"}
    assert not found.can_complete
    assert not found.step("consent").done and not found.step("overview").done
    notes = {item.kind for item in found.missing if not item.blocks}
    assert {"device_checks", "connection", "unanswered", "plan"} <= notes


def test_declined_parts_are_decided_not_missing() -> None:
    found = review(
        document(*consent(device_checks=False, connection_test=False, questions=False)),
        INSTRUMENTS,
    )
    assert found.can_complete
    for step in ("device", "connection", "questionnaire"):
        assert found.step(step).done and found.step(step).declined
    assert [item.kind for item in found.missing].count("declined") == 3


def test_counts_follow_what_is_shown_and_a_missing_code_is_an_answer() -> None:
    first = next(item for item in visible_items(INSTRUMENTS[0], {}) if item.show_when is None)
    answered = Answer(INSTRUMENTS[0].id, first.id, NOW, missing=MissingCode.DECLINED)
    found = review(document(*consent(questions=True), answered), INSTRUMENTS)
    assert found.answered == 1
    unanswered = [item.item for item in found.missing if item.kind == "unanswered"]
    assert (INSTRUMENTS[0].id, first.id) not in unanswered
    assert len(unanswered) == found.applicable - 1
    assert all(item is not None for item in unanswered)  # each can be jumped to


def test_a_required_question_blocks_only_when_the_person_agreed_to_questions() -> None:
    first = next(item for item in visible_items(INSTRUMENTS[0], {}) if item.show_when is None)
    instruments = with_required(first.id)
    asked = review(document(*consent(questions=True)), instruments)
    assert [(item.kind, item.item) for item in asked.blocking] == [
        ("required", (INSTRUMENTS[0].id, first.id))
    ]
    declined = review(document(*consent(questions=False)), instruments)
    assert declined.can_complete
    value = Answer(INSTRUMENTS[0].id, first.id, NOW, missing=MissingCode.DONT_KNOW)
    answered = review(document(*consent(questions=True), value), instruments)
    assert answered.can_complete


def test_the_practice_people_review_without_surprises() -> None:
    """Complete, with their consent recorded: nothing blocks, and Reports is ticked."""
    for person in personas():
        given = consent(device_checks=True, connection_test=True, questions=True)
        found = review(replace(person, answers=(*person.answers, *given)), INSTRUMENTS)
        assert found.can_complete, person.service_user.code
        assert found.step("export").done
        assert found.step("connection").done is any(
            r.check_id == "connection.bandwidth" for r in person.check_results
        )
        assert 0 < found.answered <= found.applicable


def test_a_measured_check_and_a_plan_tick_their_steps() -> None:
    checks = (
        CheckResult("device.memory", CheckStatus.GOOD, NOW, "Enough memory."),
        CheckResult("connection.bandwidth", CheckStatus.GOOD, NOW, "Fast enough."),
    )
    base = document(
        *consent(device_checks=True, connection_test=True, questions=False), checks=checks
    )
    found = review(replace(base, plan=Plan(text="Phone calls on Tuesdays.")), INSTRUMENTS)
    assert found.step("device").done and found.step("connection").done
    assert found.step("results").done
    assert {item.kind for item in found.missing} == {"declined"}
