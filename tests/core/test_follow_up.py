"""The follow-up loop in the core: plan items with who and when, kept and read (old plans too),
carried over to a reassessment, and what is due listed from indexes (migration m005)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from readiness.document import AssessmentDocument, from_data, from_json, to_dict, to_json
from readiness.errors import DocumentError, ReadinessError
from readiness.plan import (
    Assignment,
    Decision,
    Plan,
    PlanDecision,
    PlanItem,
    Responsible,
    checked_item_initials,
)
from readiness.session.records import Records
from readiness.session.review import Review
from readiness.store import migrations, plans, repository
from readiness.store.database import open_database, open_memory_database
from readiness.store.listing import AssessmentListing, person_assessments
from readiness.summaries import Due, DueRule
from tests.factories import import_into, make_document

TODAY = date(2026, 6, 1)


def worked_plan() -> Plan:
    return (
        Plan(follow_up=date(2026, 7, 1))
        .with_decision("phone_first", Decision.ACCEPTED, "Phone calls first")
        .with_decision("device_lending", Decision.REJECTED, "Borrow a tablet")
        .with_added("Call the library")
        .with_added("Bigger text on the phone")
        .with_assignment("phone_first", Assignment(who=Responsible.WORKER, due=date(2026, 6, 20)))
        .with_assignment(
            0, Assignment(who=Responsible.PERSON, initials="AB", due=date(2026, 6, 10))
        )
        .with_assignment(1, Assignment(who=Responsible.SOMEONE_ELSE, done=True))
    )


# -- the plan ---------------------------------------------------------------------------


def test_items_say_who_and_when_and_the_first_open_date_is_due() -> None:
    plan = worked_plan()
    assert [ref for ref, _item in plan.items()] == ["phone_first", 0, 1]
    assert plan.decisions[0].who is Responsible.WORKER
    assert plan.added[0] == PlanItem(
        "Call the library", who=Responsible.PERSON, initials="AB", due=date(2026, 6, 10)
    )
    assert plan.next_due() == date(2026, 6, 10)
    done = plan.with_assignment(0, replace(plan.added[0].assignment(), done=True))
    assert done.next_due() == date(2026, 6, 20)
    assert Plan(follow_up=date(2026, 5, 1)).next_due() == date(2026, 5, 1)
    assert Plan().next_due() is None
    # Accepting again keeps who and when; rejecting drops them.
    again = plan.with_decision("phone_first", Decision.ACCEPTED, "Phone calls first")
    assert again.decisions[-1].who is Responsible.WORKER
    rejected = plan.with_decision("phone_first", Decision.REJECTED)
    assert not rejected.decisions[-1].assigned
    # A rejected recommendation is not a plan item and cannot be given to anyone.
    assert plan.with_assignment("device_lending", Assignment(done=True)) == plan


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: PlanItem("x", initials="ab"), "upper-case letters"),
        (lambda: PlanItem("x", initials="Jo Smith"), "upper-case letters"),
        (
            lambda: PlanDecision("a", Decision.REJECTED, who=Responsible.PERSON),
            "only an accepted recommendation",
        ),
    ],
)
def test_items_refuse_names_and_assigned_rejections(build: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()  # type: ignore[operator]


def test_item_initials_are_normalised_or_refused() -> None:
    assert checked_item_initials(" mj ") == "MJ"
    assert checked_item_initials("  ") == ""
    with pytest.raises(ValueError):
        checked_item_initials("Maria Jose")


def test_only_open_items_are_carried_over_and_they_say_from_when() -> None:
    earlier = replace(
        worked_plan(),
        added=(*worked_plan().added, PlanItem("From long ago", carried_from=date(2025, 1, 5))),
        text="Private notes about the family",
    )
    carried = earlier.carried_over(date(2026, 5, 2))
    assert [item.text for item in carried.added] == [
        "Phone calls first",
        "Call the library",
        "From long ago",
    ]
    assert [item.carried_from for item in carried.added] == [
        date(2026, 5, 2),
        date(2026, 5, 2),
        date(2025, 1, 5),  # where it first came from
    ]
    assert carried.added[1].who is Responsible.PERSON and carried.added[1].initials == "AB"
    assert (carried.text, carried.follow_up, carried.decisions) == ("", None, ())


# -- the document -----------------------------------------------------------------------


def test_a_schema_2_document_reads_its_own_items_as_items() -> None:
    data = to_dict(replace(make_document(), plan=Plan(text="x")))
    data["schema_version"] = 2
    data["plan"]["added"] = ["Call the library", "Bigger text"]
    data["plan"]["decisions"] = [
        {"recommendation_id": "phone_first", "decision": "accepted", "title": "Phone"}
    ]
    document = from_data(data, "old.json")
    assert document.plan is not None
    assert document.plan.added == (PlanItem("Call the library"), PlanItem("Bigger text"))
    assert document.plan.decisions == (PlanDecision("phone_first", Decision.ACCEPTED, "Phone"),)


@pytest.mark.parametrize(
    ("item", "where"),
    [
        ({"text": "x", "who": "my neighbour Ana"}, "plan.added.0.who"),
        ({"text": "x", "initials": "ana"}, "upper-case letters"),
        ({"text": "x", "due": "soon"}, "plan.added.0.due"),
        ({"text": "x", "name": "Ana"}, "plan.added.0.name"),
    ],
)
def test_a_bad_item_in_a_document_names_the_field(item: dict[str, object], where: str) -> None:
    data = to_dict(replace(make_document(), plan=Plan()))
    data["plan"]["added"] = [item]
    with pytest.raises(DocumentError, match=where):
        from_data(data, "a.json")


# A document's dates: due up to two years after the assessment (2026-03-02), carried over
# from a day before it.
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 3, 2))
earlier_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 3, 2))
assignments = st.builds(
    Assignment,
    who=st.none() | st.sampled_from(Responsible),
    initials=st.sampled_from(["", "MJ", "ÁB", "XYZQW"]),
    due=st.none() | days,
    done=st.booleans(),
)
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf")), min_size=1)
texts = texts.filter(lambda t: t.strip() != "").map(lambda t: t[:300])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(texts, assignments, st.none() | earlier_days), max_size=5),
    st.lists(assignments, max_size=3),
)
def test_any_plan_survives_the_document_and_the_store(
    own: list[tuple[str, Assignment, date | None]], accepted: list[Assignment]
) -> None:
    plan = Plan(
        decisions=tuple(
            replace(PlanDecision(f"rec{i}", Decision.ACCEPTED, f"Title {i}"), **vars(a))
            for i, a in enumerate(accepted)
        ),
        added=tuple(
            replace(PlanItem(text, carried_from=since), **vars(a)) for text, a, since in own
        ),
        follow_up=date(2026, 6, 1),
    )
    document = replace(make_document(), plan=plan)
    assert from_json(to_json(document), "a.json").plan == plan
    db = open_memory_database()
    imported = import_into(db, document)
    stored = plans.get_plan(db, imported.id)
    assert stored is not None and replace(stored, updated=None) == plan
    due = db.execute("SELECT follow_up_due FROM assessments").fetchone()[0]
    assert due == plan.next_due().isoformat()  # type: ignore[union-attr]


# -- the store --------------------------------------------------------------------------


def person_with(db: Database, code: str, starts: list[datetime]) -> list[str]:
    """A person with assessments started at ``starts`` (oldest first), all completed."""
    user = repository.create_service_user(db, code)
    ids = []
    for moment in starts:
        assessment = repository.start_assessment(db, user)
        db.execute(
            "UPDATE assessments SET created = ?, status = 'complete' WHERE id = ?",
            [moment.isoformat(timespec="microseconds"), assessment.id],
        )
        ids.append(assessment.id)
    return ids


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def test_plans_saved_before_items_had_dates_still_read(tmp_path: object) -> None:
    db = open_memory_database()
    (assessment_id,) = person_with(db, "OLD-1", [at(TODAY)])
    db.table("plans").insert(
        {
            "assessment_id": assessment_id,
            "decisions_json": json.dumps(
                [{"recommendation_id": "phone_first", "decision": "accepted", "title": "Phone"}]
            ),
            "added_json": json.dumps(["Call the library"]),
            "text": "notes",
            "follow_up": "2026-07-01",
            "updated": "2026-06-01T10:00:00+00:00",
        }
    )
    plan = plans.get_plan(db, assessment_id)
    assert plan is not None
    assert plan.added == (PlanItem("Call the library"),)
    assert plan.decisions[0] == PlanDecision("phone_first", Decision.ACCEPTED, "Phone")


def test_the_migration_finds_what_is_due_in_an_older_database(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "old.db"
    db = Database(path)
    migrations.MIGRATIONS.apply(db, stop_before="m006_follow_up")
    first, second = person_with(db, "MIG-1", [at(TODAY - timedelta(days=200)), at(TODAY)])
    (other,) = person_with(db, "MIG-2", [at(TODAY - timedelta(days=100))])
    for assessment_id in (first, other):
        db.table("plans").insert(
            {
                "assessment_id": assessment_id,
                "decisions_json": "[]",
                "added_json": "[]",
                "text": "",
                "follow_up": "2026-05-01",
                "updated": "2026-01-01T00:00:00+00:00",
            }
        )
    db.close()
    db = open_database(path)
    rows = dict(
        db.execute("SELECT id, newest || ' ' || ifnull(follow_up_due, '-') FROM assessments")
    )
    assert rows == {first: "0 2026-05-01", second: "1 -", other: "1 2026-05-01"}
    rule = DueRule(TODAY, 90)
    listed = AssessmentListing(db, due=Due.FOLLOW_UP, rule=rule).chunk().items
    assert [item.id for item in listed] == [other]  # the first was followed by a reassessment
    listed = AssessmentListing(db, due=Due.REASSESSMENT, rule=rule).chunk().items
    assert [item.id for item in listed] == [other]


def test_the_newest_assessment_is_kept_by_every_writer() -> None:
    db = open_memory_database()
    first, second = person_with(db, "NEW-1", [at(TODAY - timedelta(days=30)), at(TODAY)])
    plans.save_plan(db, first, Plan(follow_up=TODAY))

    def newest() -> set[str]:
        return {row[0] for row in db.execute("SELECT id FROM assessments WHERE newest = 1")}

    assert newest() == {second}
    assert (
        db.execute("SELECT follow_up_due FROM assessments WHERE id = ?", [first]).fetchone()[0]
        == TODAY.isoformat()
    )
    db.execute("DELETE FROM audit_log")
    db.execute("DELETE FROM assessments WHERE id = ?", [second])  # an erasure or a purge
    assert newest() == {first}
    plans.delete_plan(db, first)
    assert db.execute("SELECT follow_up_due FROM assessments").fetchone()[0] is None
    db.execute(
        "UPDATE assessments SET created = ? WHERE id = ?",
        [at(TODAY + timedelta(days=1)).isoformat(), first],
    )
    assert newest() == {first}


def test_a_reassessment_starts_from_the_open_items_of_the_last_plan() -> None:
    db = open_memory_database()
    records = Records(db, actor=lambda: "MJ")
    earlier = records.start_intake("RE-1")
    earlier.save_plan(worked_plan().with_text("Sensitive notes"))
    again = records.start_intake("RE-1")
    carried = plans.get_plan(db, again.assessment.id)
    assert carried is not None
    assert [item.text for item in carried.added] == ["Phone calls first", "Call the library"]
    started = repository.get_assessment(db, earlier.assessment.id).created
    assert {item.carried_from for item in carried.added} == {started.astimezone().date()}
    assert (carried.text, carried.follow_up) == ("", None)
    assert plans.get_plan(db, records.start_intake("RE-2").assessment.id) is None  # new person
    assert plans.carry_over(db, again.assessment.id) is None  # it has a plan already


# -- what is due ------------------------------------------------------------------------


def test_follow_up_and_reassessment_due_list_only_each_persons_newest() -> None:
    db = open_memory_database()
    (overdue,) = person_with(db, "DUE-1", [at(TODAY - timedelta(days=20))])
    plans.save_plan(db, overdue, Plan(follow_up=TODAY))
    (later,) = person_with(db, "DUE-2", [at(TODAY - timedelta(days=5))])
    plans.save_plan(db, later, Plan(follow_up=TODAY + timedelta(days=1)))
    old, new = person_with(db, "DUE-3", [at(TODAY - timedelta(days=200)), at(TODAY)])
    plans.save_plan(db, old, Plan(follow_up=TODAY - timedelta(days=150)))
    (stale,) = person_with(db, "DUE-4", [at(TODAY - timedelta(days=90))])
    (fresh,) = person_with(db, "DUE-5", [at(TODAY - timedelta(days=89))])
    (draft,) = person_with(db, "DUE-6", [at(TODAY - timedelta(days=400))])
    db.execute("UPDATE assessments SET status = 'draft' WHERE id = ?", [draft])
    rule = DueRule(TODAY, 90)

    def listed(due: Due, prefix: str = "", rule: DueRule = rule) -> list[str]:
        listing = AssessmentListing(db, due=due, rule=rule, code_prefix=prefix)
        chunk = listing.chunk(limit=1)  # one row at a time: the chunks join up
        items = list(chunk.items)
        while chunk.after is not None:
            chunk = listing.chunk(chunk.after, limit=1)
            items += chunk.items
        assert listing.count() == len(items)
        return sorted(item.id for item in items)

    assert listed(Due.FOLLOW_UP) == [overdue]
    assert listed(Due.FOLLOW_UP, rule=DueRule(TODAY + timedelta(days=1), 90)) == sorted(
        [overdue, later]
    )
    assert listed(Due.REASSESSMENT) == [stale]  # 90 days ago; 89 is not yet; a draft never
    assert listed(Due.REASSESSMENT, rule=DueRule(TODAY + timedelta(days=1), 90)) == sorted(
        [stale, fresh]
    )
    assert listed(Due.REASSESSMENT, "DUE-4") == [stale]
    assert listed(Due.REASSESSMENT, "DUE-5") == []
    assert listed(Due.REASSESSMENT, rule=DueRule(TODAY, 0)) == []
    # Every summary says the same as the lists (the old plan of DUE-3 is not followed up).
    everyone = [
        item
        for user in db.execute("SELECT id FROM service_users")
        for item in person_assessments(db, user[0])
    ]
    for due in Due:
        assert sorted(i.id for i in everyone if i.due(rule) is due) == listed(due)
    assert {old, new, draft}.isdisjoint(listed(Due.FOLLOW_UP) + listed(Due.REASSESSMENT))


def test_a_list_of_what_is_due_needs_the_day() -> None:
    with pytest.raises(ReadinessError):
        AssessmentListing(open_memory_database(), due=Due.FOLLOW_UP)


def test_a_plan_of_carried_items_alone_is_not_yet_the_reassessments_plan() -> None:
    from readiness.session.review import review
    from tests.factories import builtin_interpretation

    def review_document(document: AssessmentDocument) -> Review:
        return review(document, builtin_interpretation().instruments)

    carried = worked_plan().carried_over(date(2026, 5, 2))
    assert carried.carried_only and not worked_plan().carried_only
    assert not carried.with_follow_up(TODAY).carried_only
    assert not carried.with_added("A new step").carried_only
    document = replace(make_document(), plan=carried)
    assert "plan" in {item.kind for item in review_document(document).missing}
    document = replace(document, plan=carried.with_text("Agreed today"))
    assert "plan" not in {item.kind for item in review_document(document).missing}
