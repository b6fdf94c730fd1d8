"""The follow-up loop and practice mode on screen: Home's "Follow-up" column and filters,
the person's "Since last time", a practice file opened by the app without a question."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from readiness.plan import Plan, PlanItem, Responsible
from readiness.practice import open_practice_database
from readiness.session.records import Records
from readiness.store import plans, repository
from readiness.store.database import open_memory_database
from readiness.store.keys import is_encrypted
from readiness_ui.app import build_window, load_configuration, open_records, protect
from readiness_ui.models import AssessmentTableModel
from readiness_ui.pages.home import HomePage
from readiness_ui.pages.person import PersonPage
from readiness_ui.protection.unlock import unlock_database
from readiness_ui.tasks import TaskRunner
from tests.factories import assess
from tests.gui.test_database_unlock import FakeAsker

TODAY = date(2026, 6, 1)


def started(db: object, code: str, days_ago: int, plan: Plan | None = None) -> str:
    """A completed assessment for ``code`` started ``days_ago`` days before TODAY."""
    user = repository.find_service_user(db, code) or repository.create_service_user(db, code)  # type: ignore[arg-type]
    assessment = repository.start_assessment(db, user)  # type: ignore[arg-type]
    moment = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC) - timedelta(days_ago)
    db.execute(  # type: ignore[attr-defined]
        "UPDATE assessments SET created = ?, status = 'complete' WHERE id = ?",
        [moment.isoformat(timespec="microseconds"), assessment.id],
    )
    if plan is not None:
        plans.save_plan(db, assessment.id, plan)  # type: ignore[arg-type]
    return assessment.id


def test_home_says_what_is_due_and_filters_by_it(qtbot: QtBot) -> None:
    db = open_memory_database()
    started(db, "FU-1", 20, Plan(follow_up=TODAY - timedelta(days=1)))
    started(db, "FU-2", 5, Plan(follow_up=TODAY + timedelta(days=9)))
    started(db, "FU-3", 120)
    home = HomePage(Records(db), reassess_after_days=lambda: 90, today=lambda: TODAY)
    qtbot.addWidget(home)
    home.show()
    home.refresh()
    model = home.model
    column = {
        model.data(model.index(row, AssessmentTableModel.CODE)): model.data(
            model.index(row, AssessmentTableModel.FOLLOW_UP)
        )
        for row in range(model.rowCount())
    }
    assert column == {
        "FU-1": "Due 2026-05-31",
        "FU-2": "Next 2026-06-10",
        "FU-3": "Reassess now",
    }
    assert model.headers()[AssessmentTableModel.FOLLOW_UP] == "Follow-up"
    home.status_filter.setCurrentIndex(home.status_filter.findText("Follow-up due"))
    assert [model.item(row).service_user_code for row in range(model.rowCount())] == ["FU-1"]
    home.status_filter.setCurrentIndex(home.status_filter.findText("Reassessment due"))
    assert [model.item(row).service_user_code for row in range(model.rowCount())] == ["FU-3"]
    assert home.empty_label.text() == "1 assessment"


def test_reassessment_reminders_can_be_off(qtbot: QtBot) -> None:
    db = open_memory_database()
    started(db, "OFF-1", 400)
    home = HomePage(Records(db), reassess_after_days=lambda: 0, today=lambda: TODAY)
    qtbot.addWidget(home)
    home.refresh()
    assert home.model.data(home.model.index(0, AssessmentTableModel.FOLLOW_UP)) == ""
    home.status_filter.setCurrentIndex(home.status_filter.findText("Reassessment due"))
    assert home.model.rowCount() == 0
    assert "Reassess after" in home.empty_label.text()  # names the Settings field


def test_the_persons_page_says_what_is_open_and_what_changed(qtbot: QtBot) -> None:
    db = open_memory_database()
    earlier = Plan(
        added=(
            PlanItem("Get a library card", done=True),
            PlanItem("Practise a video call", who=Responsible.PERSON, due=TODAY - timedelta(2)),
        ),
        follow_up=TODAY + timedelta(days=3),
    )
    started(db, "SL-1", 60)
    started(db, "SL-1", 10, earlier)
    user = repository.find_service_user(db, "SL-1")
    assert user is not None
    runner = TaskRunner()
    page = PersonPage(
        runner, lambda: assess, Records(db), reassess_after_days=lambda: 90, today=lambda: TODAY
    )
    qtbot.addWidget(page)
    page.show()
    page.show_person(user.id)
    qtbot.waitUntil(lambda: page.timeline is not None)
    since = page.since
    assert since.due_label.text() == "Follow-up due since 2026-05-30."  # an open item's date
    lines = since.plan_label.text().splitlines()
    assert lines[0] == "Plan of 2026-05-22. Items done: 1 of 2."
    assert lines[2] == "• Practise a video call — The person — was due 2026-05-30 (overdue)"
    assert since.changes_label.text().startswith("From 2026-04-02 to 2026-05-22:")
    runner.wait()


def test_the_app_opens_a_practice_file_without_a_question_and_marks_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "x.db"
    open_practice_database(path, create_dir=False).close()
    asker = FakeAsker()
    tasks = TaskRunner()
    opened = unlock_database(path, create_dir=False, tasks=tasks, asker=asker, allow_keychain=False)
    assert opened is not None and opened[1].key is None
    assert asker.asked == []  # never offered encryption, never asked for a passphrase
    opened[0].close()
    configuration = load_configuration(tmp_path / "settings.json")[0]
    window = build_window(configuration, path, tasks=tasks)
    qtbot.addWidget(window)
    protection = protect(window, configuration, tasks, path, create_dir=False)
    assert open_records(window, protection)  # what the app does at start-up
    records = protection.records
    assert records is not None and records.location.key is None
    window.show()
    assert window.practice_banner.isVisible()
    assert not window.home.practice_button.isVisible()
    assert window.home.model.rowCount() > 0 and asker.asked == []
    assert not is_encrypted(path)
    protection.lock.shutdown()
    tasks.wait()
    records.database.close()
