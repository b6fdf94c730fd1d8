"""The open records and the open intake: the one writer of an assessment, its actor and clock."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from readiness.errors import ReadinessError
from readiness.model import Answer, AssessmentStatus, CheckResult, CheckStatus, Measurement
from readiness.plan import Decision, Plan, PlanDecision
from readiness.protection import audit as audit_log
from readiness.protection.audit import AuditFilter
from readiness.session.intake import (
    IncompleteError,
    IntakeSession,
    StepNotOpenError,
    WrongThreadError,
)
from readiness.session.records import Records
from readiness.session.steps import NEED_CONSENT, STEPS, may_open
from readiness.store import repository
from readiness.store.audit import AuditAction
from readiness.store.database import open_memory_database
from tests.factories import builtin_interpretation

NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
INTERPRETATION = builtin_interpretation()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = NOON

    def __call__(self) -> datetime:
        return self.now


def records(actor: str = "SET", clock: Clock | None = None) -> Records:
    return Records(open_memory_database(), actor=lambda: actor, clock=clock or Clock())


def test_a_new_intake_is_carried_out_and_audited_by_the_initials_typed() -> None:
    opened = records(actor="SET")
    session = opened.start_intake("AB12-0042", preferred_name="Sam", staff_initials="mj")
    assert session.actor == "MJ" and session.assessment.staff_initials == "MJ"
    session.save_answer(Answer("access", "access.home_internet", session.now(), value=True))
    entries = audit_log.list_entries(
        opened.database, AuditFilter(assessment_id=session.assessment.id)
    )
    assert {entry.staff_initials for entry in entries} == {"MJ"}
    assert {entry.action for entry in entries} >= {AuditAction.CREATED, AuditAction.CHANGED}


def test_without_initials_the_worker_in_settings_acts() -> None:
    opened = records(actor="SET")
    session = opened.start_intake("AB12-0042")
    assert session.actor == "SET"
    assert opened.open_intake(session.assessment.id).actor == "SET"


def test_a_known_code_starts_a_reassessment_of_the_same_person() -> None:
    opened = records()
    first = opened.start_intake("AB12-0042", preferred_name="Sam")
    second = opened.start_intake("ab12-0042")
    assert second.service_user.id == first.service_user.id
    assert second.service_user.preferred_name == "Sam"
    assert [item.id for item in opened.person_assessments(first.service_user.id)] == [
        first.assessment.id,
        second.assessment.id,
    ]
    assert second.previous_document() is not None
    assert first.previous_document() is None


def test_the_step_is_kept_and_read_back_by_a_later_session() -> None:
    opened = records()
    session = opened.start_intake("AB12-0042")
    assert session.step is None
    assert session.opening_step() == "overview"  # a new intake starts at About
    session.set_consent("questions", True)
    session.set_step("questionnaire")
    again = opened.open_intake(session.assessment.id)
    assert again.step == "questionnaire" and again.opening_step() == "questionnaire"


@pytest.mark.parametrize("step", NEED_CONSENT)
def test_steps_that_act_on_consent_wait_until_the_choices_are_recorded(step: str) -> None:
    opened = records()
    session = opened.start_intake("AB12-0042")
    assert session.may_open("overview") and session.may_open("consent")
    assert not session.may_open(step)
    with pytest.raises(StepNotOpenError):
        session.set_step(step)
    assert session.step is None
    session.set_step("consent")
    session.set_consent("device_checks", False)  # "no" is a choice: the steps open
    assert session.consent_recorded and session.may_open(step)
    session.set_step(step)
    assert opened.open_intake(session.assessment.id).opening_step() == step


def test_a_step_saved_before_consent_was_recorded_reopens_at_consent() -> None:
    """Intakes kept by earlier versions may have been left on such a step."""
    opened = records()
    session = opened.start_intake("AB12-0042")
    repository.set_current_step(opened.database, session.assessment.id, "export")
    assert opened.open_intake(session.assessment.id).opening_step() == "consent"
    repository.set_current_step(opened.database, session.assessment.id, "gone-in-this-version")
    assert opened.open_intake(session.assessment.id).opening_step() == "overview"


def test_the_step_rule_knows_only_the_steps_there_are() -> None:
    assert [key for key in STEPS if may_open(key, consent_recorded=False)] == [
        "overview",
        "consent",
    ]
    assert all(may_open(key, consent_recorded=True) for key in STEPS)
    with pytest.raises(ValueError):
        may_open("elsewhere", consent_recorded=True)


def test_the_first_consent_choice_records_every_part_and_listeners_hear_each_change() -> None:
    session = records().start_intake("AB12-0042")
    heard: list[tuple[str, bool]] = []
    stop = session.on_consent_changed(lambda part, agreed: heard.append((part, agreed)))
    assert session.consent() == {"device_checks": None, "connection_test": None, "questions": None}
    session.set_consent("questions", True)
    assert session.consent() == {
        "device_checks": False,
        "connection_test": False,
        "questions": True,
    }
    assert sorted(heard) == [
        ("connection_test", False),
        ("device_checks", False),
        ("questions", True),
    ]
    heard.clear()
    session.set_consent("connection_test", True)
    assert heard == [("connection_test", True)] and session.agreed("connection_test")
    session.set_consent("connection_test", True)  # no change: nothing to hear
    assert heard == [("connection_test", True)]
    stop()
    session.set_consent("device_checks", True)
    assert heard == [("connection_test", True)]


def test_facts_and_the_plan_are_saved_through_the_session() -> None:
    session = records().start_intake("AB12-0042")
    result = CheckResult(
        check_id="connection.bandwidth",
        status=CheckStatus.GOOD,
        measured_at=session.now(),
        reason="Fast enough.",
        values={"download": Measurement(30.0, "Mbit/s")},
    )
    session.save_check_result(result)
    plan = Plan(decisions=(PlanDecision("practice_call", Decision.ACCEPTED, "A practice call"),))
    saved = session.save_plan(plan)
    document = session.document()
    assert [r.check_id for r in document.check_results] == ["connection.bandwidth"]
    assert document.plan is not None and document.plan.decisions == saved.decisions
    assert session.plan() == saved


def test_the_last_measured_result_is_this_persons_only() -> None:
    opened = records()
    mine = opened.start_intake("AB12-0042")
    other = opened.start_intake("ZZ99-0001")
    result = CheckResult(
        check_id="connection.bandwidth",
        status=CheckStatus.GOOD,
        measured_at=NOON,
        reason="Fast enough.",
        values={"download": Measurement(30.0, "Mbit/s")},
    )
    other.save_check_result(result)
    assert mine.last_measured("connection.bandwidth") is None
    again = opened.start_intake("ZZ99-0001")
    found = again.last_measured("connection.bandwidth")
    assert found is not None and found.values == result.values


def test_complete_and_reopen_use_the_sessions_clock() -> None:
    clock = Clock()
    session = records(clock=clock).start_intake("AB12-0042", staff_initials="MJ")
    session.set_consent("questions", False)
    clock.now = NOON + timedelta(minutes=20)
    done = session.complete(INTERPRETATION)
    assert session.is_complete and done.status is AssessmentStatus.COMPLETE
    assert done.completed == clock.now
    clock.now += timedelta(minutes=5)
    draft = session.reopen("add_information")
    assert not session.is_complete and draft.completed is None and draft.updated == clock.now


def test_completing_is_refused_while_something_blocks_and_says_what() -> None:
    opened = records(actor="")
    session = opened.start_intake("AB12-0042")
    with pytest.raises(IncompleteError) as refused:
        session.complete(INTERPRETATION)
    assert {item.kind for item in refused.value.review.blocking} == {"consent", "initials"}
    assert "consent" in str(refused.value) and "initials" in str(refused.value)
    assert session.assessment.status is AssessmentStatus.DRAFT
    session.set_staff_initials("mj")
    session.set_consent("questions", True)
    assert session.actor == "MJ"
    session.complete(INTERPRETATION)
    assert session.is_complete


def test_reopening_needs_a_known_reason_kept_in_the_audit_log() -> None:
    opened = records()
    session = opened.start_intake("AB12-0042", staff_initials="MJ")
    session.set_consent("questions", False)
    session.complete(INTERPRETATION)
    with pytest.raises(ReadinessError, match="not known"):
        session.reopen("because I typed a name here")
    assert session.is_complete
    session.reopen("person_asked")
    entries = audit_log.list_entries(opened.database, AuditFilter(actions=(AuditAction.REOPENED,)))
    assert [(entry.staff_initials, entry.detail) for entry in entries] == [("MJ", "person_asked")]


def test_opening_is_audited_by_the_actor() -> None:
    opened = records(actor="SET")
    session = opened.start_intake("AB12-0042", staff_initials="MJ")
    opened.open_intake(session.assessment.id).record_opened()
    entries = audit_log.list_entries(opened.database, AuditFilter(actions=(AuditAction.OPENED,)))
    assert [(entry.staff_initials, entry.assessment_id) for entry in entries] == [
        ("MJ", session.assessment.id)
    ]


def test_a_session_refuses_other_threads() -> None:
    session = records().start_intake("AB12-0042")
    errors: list[BaseException] = []

    def elsewhere() -> None:
        try:
            session.save_answer(Answer("access", "access.home_internet", NOON, value=True))
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert len(errors) == 1 and isinstance(errors[0], WrongThreadError)
    assert session.answers() == []


def test_records_know_what_exists() -> None:
    opened = records()
    assert opened.is_empty()
    session = opened.start_intake("AB12-0042")
    assert not opened.is_empty() and opened.exists(session.assessment.id)
    assert not opened.exists("no-such-id")
    assert opened.find_person("ab12-0042") is not None and opened.find_person("nobody") is None
    assert isinstance(opened.open_intake(session.assessment.id), IntakeSession)


def test_a_bad_consent_part_is_refused() -> None:
    session = records().start_intake("AB12-0042")
    with pytest.raises(ValueError, match="no consent part"):
        session.set_consent("camera", True)
