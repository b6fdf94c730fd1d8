"""Figures typed by hand on the connection page are saved as they are typed, like answers:
after a pause, at once when a box or the page is left, never a partly typed value as 0, and
an empty box is "not entered"; reopening the intake shows them again."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readiness.checks.connection import manual_result, to_check_result
from readiness.i18n import translator
from readiness.model import CheckStatus
from readiness_ui.language import set_language
from readiness_ui.pages.connection import ConnectionPage
from readiness_ui.pages.connection_widgets import PAUSE_MS, parse_figure
from readiness_ui.tasks import TaskRunner
from tests.gui.test_connection_page import (
    NOW,
    OFFLINE,
    fake_test,
    good_result,
    make_page,
)


def type_into(qtbot: QtBot, page: ConnectionPage, key: str, text: str) -> None:
    field = page.manual.fields[key]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_a_pause_in_typing_saves_the_figure_and_an_empty_box_is_not_zero(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    page, saved = make_page(qtbot, runner, fake_test(good_result()))
    type_into(qtbot, page, "upload_mbps", "7.5")
    assert saved == []  # not on every key
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=PAUSE_MS * 3)
    (stored,) = saved
    assert stored.source == "manual" and stored.values["upload_mbps"].value == 7.5
    assert stored.values["download_mbps"].value is None  # not entered, which is not 0
    assert stored.status is CheckStatus.UNKNOWN  # one figure cannot say "no connection"
    assert page.figures_label.text() == "Upload 7.5 Mbit/s (entered by hand)"
    assert page.manual.message.text() == "Saved."
    assert page.status_label.text() == "Figures entered by hand are saved for this intake."


def test_leaving_a_box_or_the_page_saves_at_once(qtbot: QtBot, runner: TaskRunner) -> None:
    page, saved = make_page(qtbot, runner, fake_test(good_result()))
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    type_into(qtbot, page, "download_mbps", "12,5")  # a decimal comma reads the same
    qtbot.keyClick(page.manual.fields["download_mbps"], Qt.Key.Key_Tab)
    assert len(saved) == 1 and saved[0].values["download_mbps"].value == 12.5
    type_into(qtbot, page, "rtt_ms", "40")
    page.shutdown()  # the intake is paused or the window closes
    assert len(saved) == 2 and saved[1].values["rtt_ms"].value == 40
    qtbot.keyClicks(page.manual.note, "phone app")
    page.hide()  # another step is chosen
    assert len(saved) == 3 and saved[2].values["note"].value == "phone app"
    page.shutdown()
    assert len(saved) == 3  # nothing typed since: nothing saved again


@pytest.mark.parametrize("typed", [".", ",", "7.5.1", "abc", "-3", "1e3", "7 Mbit/s"])
def test_text_that_is_not_a_plain_number_is_never_saved(
    qtbot: QtBot, runner: TaskRunner, typed: str
) -> None:
    page, saved = make_page(qtbot, runner, fake_test(good_result()))
    type_into(qtbot, page, "upload_mbps", typed)
    page.manual.flush()
    assert saved == []
    assert page.manual.message.text() == (
        "Upload: type a plain number, like 7.5, or leave it empty."
    )


def test_a_figure_out_of_range_is_explained_and_not_saved(qtbot: QtBot, runner: TaskRunner) -> None:
    page, saved = make_page(qtbot, runner, fake_test(good_result()))
    type_into(qtbot, page, "loss_pct", "150")
    page.manual.flush()
    assert saved == [] and page.manual.message.text().startswith("Packet loss: 150")


def test_emptying_every_box_saves_nothing_and_says_the_earlier_figures_stay(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    page, saved = make_page(qtbot, runner, fake_test(good_result()))
    page.manual.flush()
    type_into(qtbot, page, "upload_mbps", "3")
    page.manual.flush()
    type_into(qtbot, page, "upload_mbps", "")
    qtbot.keyClick(page.manual.fields["upload_mbps"], Qt.Key.Key_Backspace)
    page.manual.flush()
    assert len(saved) == 1
    assert "the earlier figures are kept" in page.manual.message.text()


def test_reopening_shows_the_figures_typed_before(qtbot: QtBot, runner: TaskRunner) -> None:
    typed = manual_result(upload_mbps=7.5, rtt_ms=40.25, note="phone app", measured_at=NOW)
    stored = to_check_result(typed, ())
    page, _saved = make_page(qtbot, runner, fake_test(OFFLINE), stored=stored)
    fields = page.manual.fields
    assert fields["upload_mbps"].text() == "7.5" and fields["rtt_ms"].text() == "40.25"
    assert fields["download_mbps"].text() == ""  # not entered stays empty, never 0.00
    assert page.manual.note.text() == "phone app"
    assert page.figures_label.text().endswith("(entered by hand)")


def test_spanish_shows_and_reads_a_decimal_comma(qtbot: QtBot, runner: TaskRunner) -> None:
    set_language("es")
    try:
        typed = manual_result(download_mbps=12.5, measured_at=NOW)
        page, saved = make_page(
            qtbot, runner, fake_test(OFFLINE), stored=to_check_result(typed, ())
        )
        assert page.manual.fields["download_mbps"].text() == "12,5"
        type_into(qtbot, page, "upload_mbps", "0,8")
        page.manual.flush()
        assert saved[0].values["upload_mbps"].value == 0.8
    finally:
        set_language("en")


def test_a_new_measurement_replaces_the_figures_typed_and_says_so(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    page, saved = make_page(qtbot, runner, fake_test(good_result()))
    type_into(qtbot, page, "download_mbps", "3")
    page.manual.flush()
    page.start()
    qtbot.waitUntil(lambda: not page.running, timeout=3000)
    assert saved[-1].source == "measured"
    assert page.manual.fields["download_mbps"].text() == ""
    assert page.manual.message.text() == (
        "The new test result replaced the figures entered by hand."
    )


def test_an_offline_test_never_replaces_figures_typed_by_hand(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    page, saved = make_page(qtbot, runner, fake_test(OFFLINE, samples=0))
    type_into(qtbot, page, "download_mbps", "3")
    page.start()  # what is typed is saved first
    qtbot.waitUntil(lambda: not page.running, timeout=3000)
    assert [result.source for result in saved] == ["manual"]
    assert page.manual.fields["download_mbps"].text() == "3"


def test_the_wheel_over_an_unfocused_figure_changes_nothing(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    page, saved = make_page(qtbot, runner, fake_test(good_result()))
    upload = page.manual.fields["upload_mbps"]
    page.start_button.setFocus()
    wheel = QWheelEvent(
        QPointF(5, 5),
        QPointF(upload.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(upload, wheel)
    page.manual.flush()
    assert upload.text() == "" and saved == []


@given(st.floats(min_value=0, max_value=100_000, allow_nan=False))
def test_a_figure_shown_reads_back_as_the_same_number(value: float) -> None:
    for language in ("en", "es"):
        assert parse_figure(translator(language).format_amount(value)) == pytest.approx(
            round(value, 3), abs=1e-3
        )


@given(st.text(max_size=12))
def test_no_typed_text_becomes_zero_unless_it_is_zero(text: str) -> None:
    try:
        figure = parse_figure(text)
    except ValueError:
        return
    if figure is None:
        assert text.strip() == ""
    elif figure == 0:
        assert set(text.strip()) <= set("0.,")
    else:
        assert figure > 0


def test_the_box_being_typed_in_stays_in_view_as_the_verdicts_appear(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    page, _saved = make_page(qtbot, runner, fake_test(good_result()))
    page.resize(900, 600)
    upload = page.manual.fields["upload_mbps"]
    type_into(qtbot, page, "download_mbps", "12.5")
    type_into(qtbot, page, "upload_mbps", "1.5")
    qtbot.waitUntil(lambda: not upload.visibleRegion().isEmpty())
    page.manual.flush()  # the verdicts are shown above the form, which moves down
    bar = page.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # laid out again: the page grew
    qtbot.wait(20)
    assert page.verdict_box.isVisibleTo(page) and bar.value() > 0
    assert not upload.visibleRegion().isEmpty()
