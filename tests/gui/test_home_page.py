"""Home: the lazy list reads more as it scrolls, filters, opens assessments and shows people."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readiness.session.records import Records
from readiness.store import repository
from readiness.store.database import open_memory_database
from readiness_ui.models import FIRST_CHUNK, AssessmentTableModel
from readiness_ui.pages.home import HomePage

if TYPE_CHECKING:
    from sqlite_utils import Database


def filled(people: int, visits: int = 1, *, same_time: bool = False) -> Database:
    """``people`` people with ``visits`` assessments each; every fifth one completed."""
    db = open_memory_database()
    for index in range(people):
        user = repository.create_service_user(db, f"{'AA' if index % 3 else 'BB'}{index:04}")
        for _visit in range(visits):
            assessment = repository.start_assessment(db, user, staff_initials="MJ")
            if index % 5 == 0:
                repository.complete_assessment(db, assessment.id)
    if same_time:  # every row ties on its start time: only the row id orders them
        db.execute("UPDATE assessments SET created = '2026-01-01T10:00:00.000000+00:00'")
    return db


def make_home(qtbot: QtBot, db: Database) -> HomePage:
    home = HomePage(Records(db))
    qtbot.addWidget(home)
    home.resize(900, 500)
    home.show()
    home.refresh()
    return home


def scroll_to_the_end(qtbot: QtBot, home: HomePage) -> None:
    bar = home.table.verticalScrollBar()
    for _ in range(20):
        bar.setValue(bar.maximum())
        qtbot.wait(10)
        if not home.model.canFetchMore():
            return


def double_click(qtbot: QtBot, home: HomePage, row: int, column: int) -> None:
    """A real double-click with the mouse (Qt also activates the row on it)."""
    rect = home.table.visualRect(home.model.index(row, column))
    qtbot.mouseClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def codes(model: AssessmentTableModel) -> list[str]:
    return [str(model.data(model.index(row, 0))) for row in range(model.rowCount())]


def test_the_list_reads_more_rows_as_the_worker_scrolls(qtbot: QtBot) -> None:
    db = filled(450, same_time=True)
    home = make_home(qtbot, db)
    model = home.model
    assert model.rowCount() == FIRST_CHUNK and model.canFetchMore()
    assert home.empty_label.text() == "450 assessments"
    scroll_to_the_end(qtbot, home)
    assert model.rowCount() == 450 and not model.canFetchMore()
    ids = [model.item(row).id for row in range(450)]
    assert len(set(ids)) == 450  # chunks neither repeat nor skip rows that tie on time
    newest_first = [
        row[0] for row in db.execute("SELECT id FROM assessments ORDER BY created DESC, rowid DESC")
    ]
    assert ids == newest_first


def test_rows_are_newest_first_and_say_which_visit_each_is(qtbot: QtBot) -> None:
    home = make_home(qtbot, filled(2, visits=3))
    model = home.model
    assert model.rowCount() == 6
    started = [model.item(row).created for row in range(6)]
    assert started == sorted(started, reverse=True)
    first_person = [
        model.data(model.index(row, AssessmentTableModel.VISIT))
        for row in range(6)
        if model.item(row).service_user_code == "BB0000"
    ]
    assert first_person == ["3 of 3", "2 of 3", "1 of 3"]
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Visit"


def test_search_and_status_filter_start_the_list_over(qtbot: QtBot) -> None:
    home = make_home(qtbot, filled(300))
    scroll_to_the_end(qtbot, home)
    assert home.model.rowCount() == 300
    home.search.setText("bb")
    qtbot.waitUntil(lambda: home.model.rowCount() == 100)  # after the pause in typing
    assert set(codes(home.model)) == {f"BB{i:04}" for i in range(0, 300, 3)}
    assert home.empty_label.text() == "100 assessments"
    home.status_filter.setCurrentIndex(home.status_filter.findText("Complete"))
    assert {home.model.item(r).service_user_code for r in range(home.model.rowCount())} == {
        f"BB{i:04}" for i in range(0, 300, 15)
    }
    home.search.setText("zz")
    qtbot.keyClick(home.search, Qt.Key.Key_Return)  # Enter searches at once
    assert home.model.rowCount() == 0
    assert home.empty_label.text() == "No assessments match this code."
    home.search.clear()
    home.status_filter.setCurrentIndex(home.status_filter.findText("In progress"))
    qtbot.waitUntil(lambda: home.model.rowCount() == FIRST_CHUNK)
    assert home.empty_label.text() == "240 assessments"
    scroll_to_the_end(qtbot, home)
    assert home.model.rowCount() == 240
    assert {home.model.data(home.model.index(r, 3)) for r in range(240)} == {"In progress"}


def test_open_resumes_the_selected_assessment(qtbot: QtBot) -> None:
    home = make_home(qtbot, filled(3))
    assert not home.open_button.isEnabled() and not home.person_button.isEnabled()
    home.table.selectRow(1)
    assert home.open_button.isEnabled()
    with qtbot.waitSignal(home.open_requested) as opened:
        qtbot.mouseClick(home.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [home.model.item(1).id]
    with qtbot.waitSignal(home.open_requested) as by_keyboard:
        home.table.setFocus()
        qtbot.keyClick(home.table.viewport(), Qt.Key.Key_Return)
    assert by_keyboard.args == [home.model.item(1).id]
    with qtbot.waitSignal(home.open_requested) as by_double_click:
        double_click(qtbot, home, 2, AssessmentTableModel.STATUS)
    assert by_double_click.args == [home.model.item(2).id]
    home.refresh()  # the list is read again: nothing is selected any more
    assert not home.open_button.isEnabled()


def test_a_person_is_shown_from_the_button_or_a_double_click_on_the_code(qtbot: QtBot) -> None:
    db = filled(2, visits=2)
    home = make_home(qtbot, db)
    home.table.selectRow(0)
    assert home.person_button.isEnabled()
    with qtbot.waitSignal(home.person_requested) as shown:
        qtbot.mouseClick(home.person_button, Qt.MouseButton.LeftButton)
    user = repository.find_service_user(db, home.model.item(0).service_user_code)
    assert user is not None and shown.args == [user.id]
    with (
        qtbot.assertNotEmitted(home.open_requested),
        qtbot.waitSignal(home.person_requested) as double,
    ):
        double_click(qtbot, home, 3, AssessmentTableModel.CODE)
    qtbot.wait(20)  # nothing else follows the double-click
    assert double.args == [home.model.item(3).service_user_id]


def test_every_control_has_an_accessible_name_in_both_languages(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit

    from readiness_ui.language import set_language

    home = make_home(qtbot, filled(1))
    try:
        for language in ("en", "es"):
            set_language(language)
            home.retranslate()
            controls = [
                w
                for kind in (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)
                for w in home.findChildren(kind)
                if w.isVisibleTo(home) and not isinstance(w.parent(), QComboBox)
            ]
            assert controls and all(w.accessibleName() for w in controls)
        assert home.person_button.text() == "&Historial de la persona"
        assert home.model.headerData(5, Qt.Orientation.Horizontal) == "Visita"
        assert home.model.data(home.model.index(0, 5)) == "1 de 1"
    finally:
        set_language("en")


def test_a_count_that_would_be_slow_is_shown_as_an_estimate(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readiness.store import listing

    home = make_home(qtbot, filled(30))
    monkeypatch.setattr(listing, "COUNT_LIMIT", 0)
    home.search.setText("aa")
    qtbot.keyClick(home.search, Qt.Key.Key_Return)
    assert home.model.rowCount() == 20  # the rows themselves are all there
    assert home.empty_label.text() == "About 20 assessments"


def test_tab_into_the_list_and_enter_opens_the_current_row(qtbot: QtBot) -> None:
    """Enter opens the row the keyboard is on, even before Space selected it."""
    home = make_home(qtbot, filled(3))
    home.table.setFocus()
    home.table.setCurrentIndex(home.model.index(0, 0))
    home.table.clearSelection()
    assert not home.open_button.isEnabled()
    with qtbot.waitSignal(home.open_requested) as opened:
        qtbot.keyClick(home.table.viewport(), Qt.Key.Key_Return)
    assert opened.args == [home.model.item(0).id]
