"""The worker's plan: validated, saved with the assessment (migration m002_plans), carried in
the assessment document (schema 2; version 1 documents still read), and the person's previous
assessment found for the comparison."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from readiness.document import SCHEMA_VERSION, from_data, from_json, to_dict, to_json
from readiness.errors import DocumentError, NotFoundError
from readiness.plan import Decision, Plan, PlanDecision, PlanItem
from readiness.store import plans, repository
from readiness.store.database import open_database, open_memory_database
from readiness.store.migrations import known_names
from tests.factories import import_into, make_document


def sample_plan() -> Plan:
    return (
        Plan()
        .with_decision("phone_first", Decision.ACCEPTED, "Phone calls as the main way for now")
        .with_decision("device_lending", Decision.REJECTED, "Borrow a tablet")
        .with_added("Call the library about hotspots")
        .with_text("Calls on Mondays at 10. Ask about Lifeline next time. ñ")
        .with_follow_up(date(2026, 12, 7))
    )


def test_plan_helpers_change_copies() -> None:
    plan = sample_plan()
    assert plan.decision_for("phone_first") is Decision.ACCEPTED
    assert plan.decision_for("captions") is None
    changed = plan.with_decision("phone_first", Decision.REJECTED)
    assert changed.decision_for("phone_first") is Decision.REJECTED
    assert plan.decision_for("phone_first") is Decision.ACCEPTED
    assert plan.with_decision("phone_first", None).decision_for("phone_first") is None
    assert [d.recommendation_id for d in plan.accepted()] == ["phone_first"]
    assert plan.with_added("   ").added == plan.added
    assert plan.without_added(0).added == ()
    assert Plan().empty and not plan.empty


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Plan(text="x" * 4001), "at most 4000 characters"),
        (lambda: Plan(added=(PlanItem(""),)), "1 to 300 characters"),
        (lambda: PlanDecision("", Decision.ACCEPTED), "recommendation id"),
        (
            lambda: Plan(
                decisions=(
                    PlanDecision("a", Decision.ACCEPTED),
                    PlanDecision("a", Decision.REJECTED),
                )
            ),
            "only one decision",
        ),
    ],
)
def test_invalid_plans_are_refused(build: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()  # type: ignore[operator]


def test_migration_adds_the_plans_table(db_path: Path) -> None:
    db = open_database(db_path)
    assert "m002_plans" in known_names()
    assert "plans" in db.table_names()
    assert any(index.columns == ["follow_up"] for index in db.table("plans").indexes)
    db.close()


def stored_assessment() -> tuple[Database, str]:
    db = open_memory_database()
    user = repository.create_service_user(db, "PL-01")
    assessment = repository.start_assessment(db, user)
    return db, assessment.id


def test_save_and_load_round_trip() -> None:
    db, assessment_id = stored_assessment()
    assert plans.get_plan(db, assessment_id) is None
    saved = plans.save_plan(db, assessment_id, sample_plan())
    assert saved.updated is not None and saved.updated.tzinfo is not None
    loaded = plans.get_plan(db, assessment_id)
    assert loaded is not None and loaded == saved
    again = plans.save_plan(db, assessment_id, loaded.with_text("changed"))
    reloaded = plans.get_plan(db, assessment_id)
    assert reloaded is not None and reloaded.text == "changed"
    assert again.updated is not None and again.updated >= saved.updated
    assessment = repository.get_assessment(db, assessment_id)
    assert assessment.updated >= saved.updated


def test_saving_for_an_unknown_assessment_is_refused() -> None:
    db, _ = stored_assessment()
    with pytest.raises(NotFoundError):
        plans.save_plan(db, "no-such-id", sample_plan())


def test_the_plan_travels_in_the_document_through_export_and_import() -> None:
    db, assessment_id = stored_assessment()
    plans.save_plan(db, assessment_id, sample_plan())
    document = repository.load_document(db, assessment_id)
    assert document.plan is not None and document.plan.follow_up == date(2026, 12, 7)
    text = to_json(document)
    data = json.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION == 3
    assert data["plan"]["follow_up"] == "2026-12-07"
    assert data["plan"]["decisions"][0] == {
        "recommendation_id": "phone_first",
        "decision": "accepted",
        "title": "Phone calls as the main way for now",
        "who": None,
        "initials": "",
        "due": None,
        "done": False,
    }
    back = from_json(text, "a.json")
    assert back == document
    other = open_memory_database()
    import_into(other, back)
    assert repository.load_document(other, assessment_id) == document


def test_replacing_an_import_without_a_plan_drops_the_old_plan() -> None:
    db, assessment_id = stored_assessment()
    plans.save_plan(db, assessment_id, sample_plan())
    document = repository.load_document(db, assessment_id)
    import_into(db, replace(document, plan=None), replace_existing=True)
    assert plans.get_plan(db, assessment_id) is None


def test_version_1_documents_are_read_without_a_plan() -> None:
    data = to_dict(make_document())
    data.pop("plan")
    data["schema_version"] = 1
    document = from_data(data, "old.json")
    assert document.plan is None
    assert document.schema_version == SCHEMA_VERSION
    data["plan"] = None
    with pytest.raises(DocumentError, match=r"old\.json: 'plan' needs schema_version 2"):
        from_data(data, "old.json")


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ({"follow_up": "next week"}, "plan.follow_up"),
        (
            {"decisions": [{"recommendation_id": "x", "decision": "maybe"}]},
            "plan.decisions.0.decision",
        ),
        ({"text": "x" * 5000}, "at most 4000 characters"),
        ({"colour": "red"}, "plan.colour"),
    ],
)
def test_a_bad_plan_in_a_document_names_the_field(plan: dict[str, object], message: str) -> None:
    data = to_dict(make_document())
    data["plan"] = plan
    with pytest.raises(DocumentError, match=message):
        from_data(data, "a.json")


def test_previous_assessment_of_the_same_person() -> None:
    db = open_memory_database()
    person = repository.create_service_user(db, "PL-02")
    other = repository.create_service_user(db, "PL-03")
    first = repository.start_assessment(db, person)
    repository.start_assessment(db, other)
    second = repository.start_assessment(db, person)
    # make the order explicit whatever the clock did
    moments = {
        first.id: datetime(2026, 5, 1, tzinfo=UTC),
        second.id: datetime(2026, 11, 1, tzinfo=UTC),
    }
    for assessment_id, moment in moments.items():
        db.execute(
            "UPDATE assessments SET created = ? WHERE id = ?", [moment.isoformat(), assessment_id]
        )
    assert plans.previous_assessment_id(db, second.id) == first.id
    assert plans.previous_assessment_id(db, first.id) is None
    later = moments[second.id] + timedelta(days=30)
    third = repository.start_assessment(db, person)
    db.execute("UPDATE assessments SET created = ? WHERE id = ?", [later.isoformat(), third.id])
    assert plans.previous_assessment_id(db, third.id) == second.id


def test_plans_survive_reopening_the_file(db_path: Path) -> None:
    db = open_database(db_path)
    user = repository.create_service_user(db, "PL-04")
    assessment = repository.start_assessment(db, user)
    plans.save_plan(db, assessment.id, sample_plan())
    db.close()
    again = open_database(db_path)
    assert plans.get_plan(again, assessment.id) == replace(
        sample_plan(),
        updated=plans.get_plan(again, assessment.id).updated,  # type: ignore[union-attr]
    )
    again.close()
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM plans").fetchone()[0] == 1
