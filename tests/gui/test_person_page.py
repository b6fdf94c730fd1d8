"""The person page: assessments over time, changes marked in words; results off the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QTableWidget
from pytestqt.qtbot import QtBot

from readiness.equity.history import Assess
from readiness.errors import ReadinessError
from readiness.model import Answer, utc_now
from readiness.session.records import Records
from readiness.store import repository
from readiness.store.database import open_database, open_memory_database
from readiness_ui.pages.person import PersonPage
from readiness_ui.tasks import TaskRunner
from tests.factories import assess

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.document import AssessmentDocument
    from readiness.equity.results import AssessmentResult

FEW_DEVICES = {
    "access.phone_type": "basic",
    "comm.hearing_difficulty": "a_lot",
    "access.video_device": False,
}
MORE_DEVICES = {
    "access.phone_type": "smartphone",
    "comm.hearing_difficulty": "none",
    "access.video_device": True,
    "access.home_internet": "wifi",
    "skills.join_video_call": "on_my_own",
}


def add_person(db: Database, code: str = "PP-1", name: str = "Sam") -> tuple[str, list[str]]:
    """A person with two assessments whose answers differ (no video device, then one)."""
    user = repository.create_service_user(db, code, preferred_name=name)
    ids = []
    for answers in (FEW_DEVICES, MORE_DEVICES):
        assessment = repository.start_assessment(db, user, staff_initials="MJ")
        ids.append(assessment.id)
        for item, value in answers.items():
            answer = Answer(item.split(".")[0], item, utc_now(), value=value)
            repository.save_answer(db, assessment.id, answer)
    return user.id, ids


def make_page(
    qtbot: QtBot, db: Database, assess_with: Callable[[], Assess] | None = None
) -> tuple[PersonPage, TaskRunner]:
    runner = TaskRunner()
    page = PersonPage(runner, assess_with or (lambda: assess), Records(db))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    return page, runner


def row_of(table: QTableWidget, title: str) -> int:
    titles = [table.verticalHeaderItem(row).text() for row in range(table.rowCount())]
    return titles.index(title)


def test_the_timeline_marks_what_changed_in_text_and_for_screen_readers(qtbot: QtBot) -> None:
    db = open_memory_database()
    user_id, _ids = add_person(db)
    page, runner = make_page(qtbot, db)
    page.show_person(user_id)
    # The assessments are listed at once; the results follow from the task runner.
    assert page.assessments.rowCount() == 2
    assert page.assessments.item(1, 0).text() == "2"
    assert page.assessments.item(0, 2).text() == "In progress"
    assert page.assessments.item(0, 3).text() == "MJ"
    assert page.title.text() == "Assessments over time for PP-1"
    assert page.name_label.isVisibleTo(page) and "Sam" in page.name_label.text()
    qtbot.waitUntil(lambda: page.timeline is not None)
    runner.wait()
    assert not page.progress.isVisibleTo(page) and page.status_label.text() == ""

    channels = page.channels_table
    assert channels.columnCount() == 2
    video = row_of(channels, "Video call (1:1)")
    assert channels.item(video, 0).text() == "Not suitable now"
    assert channels.item(video, 1).text() == "▲ Ready"
    spoken = channels.item(video, 1).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Video call (1:1), 2 · ") and spoken.endswith(
        ": Ready (more in place)"
    )
    in_person = row_of(channels, "In person")
    assert not channels.item(in_person, 1).text().startswith(("▲", "▼"))
    domains = page.domains_table
    devices = [domains.item(row_of(domains, "Devices"), column).text() for column in (0, 1)]
    assert devices[1] == "▲ 100 — In place" and not devices[0].startswith("▲")
    changes = page.changes_label.text()
    assert "Video call (1:1): Not suitable now → Ready" in changes
    assert "In person" not in changes  # unchanged channels are not listed


def test_stop_leaves_the_list_and_recalculate_works_the_results_out(qtbot: QtBot) -> None:
    db = open_memory_database()
    user_id, _ids = add_person(db)
    release = threading.Event()
    slow = True

    def held(document: AssessmentDocument) -> AssessmentResult:
        if slow:
            release.wait(5)
        return assess(document)

    page, runner = make_page(qtbot, db, lambda: held)
    page.show_person(user_id)
    assert page.working and page.progress.isVisibleTo(page)
    assert page.status_label.text() == "Working out the results of 2 assessments…"
    qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    assert not page.working
    assert page.status_label.text().startswith("Stopped.")
    assert page.recalculate_button.isVisibleTo(page)
    release.set()
    runner.wait()
    qtbot.wait(20)  # the stopped work reports back; it must not show anything
    assert page.timeline is None and not page.channels_table.isVisibleTo(page)
    assert page.assessments.rowCount() == 2  # the list of assessments stays
    slow = False
    qtbot.mouseClick(page.recalculate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.timeline is not None)
    assert page.channels_table.isVisibleTo(page)


def test_a_failure_is_explained(qtbot: QtBot) -> None:
    db = open_memory_database()
    user_id, _ids = add_person(db)

    def broken(_document: AssessmentDocument) -> AssessmentResult:
        raise ReadinessError("a rule file is damaged")

    page, runner = make_page(qtbot, db, lambda: broken)
    page.show_person(user_id)
    qtbot.waitUntil(lambda: not page.working)
    runner.wait()
    assert page.status_label.text() == (
        "The results could not be worked out: a rule file is damaged"
    )
    assert page.timeline is None


def test_open_and_reassess_ask_for_the_right_assessment_and_person(qtbot: QtBot) -> None:
    db = open_memory_database()
    user_id, ids = add_person(db)
    page, runner = make_page(qtbot, db)
    page.show_person(user_id)
    assert not page.open_button.isEnabled()
    page.assessments.selectRow(0)
    with qtbot.waitSignal(page.open_requested) as opened:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [ids[0]]
    opened_ids: list[str] = []
    page.open_requested.connect(opened_ids.append)
    rect = page.assessments.visualItemRect(page.assessments.item(1, 1))
    qtbot.mouseClick(page.assessments.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.assessments.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened_ids == [ids[1]]  # a double-click opens it once
    with qtbot.waitSignal(page.reassess_requested) as again:
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert again.args == ["PP-1"]
    qtbot.waitUntil(lambda: page.timeline is not None)
    runner.wait()


def test_every_control_is_named_and_every_text_is_in_spanish(qtbot: QtBot) -> None:
    from readiness_ui.language import set_language
    from tests.core.spanish import changed_in_spanish

    db = open_memory_database()
    user_id, _ids = add_person(db)
    page, runner = make_page(qtbot, db)
    page.show_person(user_id)
    qtbot.waitUntil(lambda: page.timeline is not None)
    runner.wait()
    english_only = changed_in_spanish()
    try:
        set_language("es")
        page.retranslate()
        controls = [
            w
            for kind in (QAbstractButton, QAbstractItemView)
            for w in page.findChildren(kind)
            if w.isVisibleTo(page)
            and w.parent() is not None
            and not w.objectName().startswith("qt_")
        ]
        assert controls and all(w.accessibleName() for w in controls), [
            type(w).__name__ for w in controls if not w.accessibleName()
        ]
        texts = [w.text() for w in page.findChildren(QAbstractButton) if w.isVisibleTo(page)]
        texts += [page.title.text(), page.tables.note.text(), page.tables.heading.text()]
        assert not [t for t in texts if t in english_only]
        assert page.title.text() == "Evaluaciones de PP-1 a lo largo del tiempo"
        video = row_of(page.channels_table, "Videollamada (1 a 1)")
        assert page.channels_table.item(video, 1).text() == "▲ Listo"
        assert "Del " in page.changes_label.text()
    finally:
        set_language("en")


def test_from_home_to_the_person_then_a_reassessment_that_compares(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from readiness_ui.app import build_window, load_configuration
    from readiness_ui.main_window import HOME, INTAKE, NEW_INTAKE, PERSON
    from readiness_ui.pages.results import ResultsPage

    db = open_database(tmp_path / "r.db")
    user_id, ids = add_person(db, "RA-1", "Alex")
    db.close()
    db = open_database(tmp_path / "r.db")
    window = build_window(load_configuration(tmp_path / "settings.json")[0], tmp_path / "r.db", db)
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentIndex() == HOME
    assert window.navigation.item(PERSON).isHidden()  # no person shown yet
    code_cell = window.home.model.index(0, 0)
    window.home.table.doubleClicked.emit(code_cell)
    assert window.stack.currentIndex() == PERSON
    assert not window.navigation.item(PERSON).isHidden()
    person = window.person
    assert person.service_user_id == user_id
    qtbot.waitUntil(lambda: person.timeline is not None)

    qtbot.mouseClick(person.new_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == NEW_INTAKE
    form = window.new_intake
    assert form.code.text() == "RA-1"
    assert form.preferred_name.text() == ""  # nothing sensitive is filled in
    assert "reassessment (2 earlier)" in form.known_label.text()
    form.start()
    assert window.stack.currentIndex() == INTAKE
    intake = window.intake
    assert intake.assessment is not None and intake.assessment.id not in ids
    assert repository.list_answers(db, intake.assessment.id) == []  # no answers copied
    assert intake.session is not None
    intake.session.set_consent("questions", True)  # the steps after Consent open
    intake.step_list.setCurrentRow(6)
    results = intake.stack.currentWidget()
    assert isinstance(results, ResultsPage)
    assert results.comparison is not None and results.comparison.previous_id == ids[1]
    assert results.change_label.isVisibleTo(window)

    # Back on the person page, the new assessment is there too.
    window.show_page(PERSON)
    assert person.assessments.rowCount() == 3
    qtbot.waitUntil(lambda: person.timeline is not None and len(person.timeline.points) == 3)
    person.stop()


def test_a_long_history_shows_the_latest_columns_and_says_so(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readiness_ui.widgets import timeline_tables

    monkeypatch.setattr(timeline_tables, "MAX_COLUMNS", 1)
    db = open_memory_database()
    user_id, _ids = add_person(db)
    page, runner = make_page(qtbot, db)
    page.show_person(user_id)
    qtbot.waitUntil(lambda: page.timeline is not None)
    runner.wait()
    assert page.channels_table.columnCount() == 1
    assert page.channels_table.horizontalHeaderItem(0).text().startswith("2 · ")
    assert page.tables.more_label.isVisibleTo(page)
    assert page.tables.more_label.text().startswith("The tables show the latest 1 of 2")
    assert "Video call (1:1): Not suitable now → Ready" in page.changes_label.text()
