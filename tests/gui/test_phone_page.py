"""The phone step: the guided look saves check results as it goes, the QR code opens the
one-time link, the phone's results arrive and are saved, and the figures-by-hand path."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from readiness.errors import ReadinessError
from readiness.messages import M_
from readiness.model import CheckResult, CheckStatus
from readiness.phone.link import PageOptions, PhoneLink
from readiness.thresholds import builtin_thresholds
from readiness_ui.pages.phone import PhonePage
from readiness_ui.tasks import TaskRunner
from tests.core.phone.helpers import REPORT, get, post
from tests.factories import BASE_TIME


class Saved(list[CheckResult]):
    def by_id(self) -> dict[str, CheckResult]:
        return {result.check_id: result for result in self}


@pytest.fixture
def saved() -> Saved:
    return Saved()


def _page(qtbot: QtBot, runner: TaskRunner, saved: Saved, **kwargs: object) -> PhonePage:
    def open_link(locale: str) -> PhoneLink:
        return PhoneLink("127.0.0.1", PageOptions(locale)).open()

    options = {"open_link": open_link, "locale": "en", **kwargs}
    page = PhonePage(
        runner, saved.append, list(saved), thresholds=builtin_thresholds(),
        clock=lambda: BASE_TIME, **options,  # type: ignore[arg-type]
    )  # fmt: skip
    qtbot.addWidget(page)
    return page


@pytest.fixture
def page(qtbot: QtBot, runner: TaskRunner, saved: Saved) -> Iterator[PhonePage]:
    page = _page(qtbot, runner, saved)
    yield page
    page.shutdown()
    qtbot.waitUntil(lambda: not page.test_box.waiting, timeout=5000)


def test_answers_are_saved_as_check_results_of_the_phone(page: PhonePage, saved: Saved) -> None:
    page.platform_buttons["android"].setChecked(True)
    page.version.setText("8.1")
    page.version.editingFinished.emit()
    page.storage.setText("0,3")
    page.storage.editingFinished.emit()
    page.choices["camera"].setCurrentIndex(page.choices["camera"].findData("not_allowed"))
    page.apps["whatsapp"].setChecked(True)
    found = saved.by_id()
    assert found["phone.system"].status is CheckStatus.LIMITED
    assert found["phone.storage"].status is CheckStatus.MISSING  # 0.3 GB, typed with a comma
    assert found["phone.camera"].status is CheckStatus.LIMITED
    assert found["phone.apps"].status is CheckStatus.LIMITED
    assert {result.source for result in saved} == {"looked_at"}
    assert "Tap About phone" in page.steps_labels["system"].text()


def test_a_figure_that_is_not_a_number_is_said_and_not_saved(page: PhonePage, saved: Saved) -> None:
    page.storage.setText("lots")
    page.storage.editingFinished.emit()
    assert "phone.storage" not in saved.by_id()
    assert "plain number" in page.storage.toolTip()


def test_a_reopened_step_shows_what_was_found(
    qtbot: QtBot, runner: TaskRunner, page: PhonePage, saved: Saved
) -> None:
    page.platform_buttons["iphone"].setChecked(True)
    page.version.setText("17.5")
    page.version.editingFinished.emit()
    page.no_apps.setChecked(True)
    again = _page(qtbot, runner, saved)
    assert again.platform() == "iphone" and again.version.text() == "17.5"
    assert again.no_apps.isChecked() and not again.apps["video_app"].isChecked()
    assert "Open Settings." in again.steps_labels["system"].text()


def test_the_phones_results_arrive_through_the_code(
    qtbot: QtBot, page: PhonePage, saved: Saved
) -> None:
    box = page.test_box
    box.show_button.click()
    assert box.waiting and box.link is not None and not box.code.pixmap().isNull()
    assert box.link.url in box.address.text()
    assert get(box.link.url)[0] == 200
    qtbot.waitUntil(lambda: "opened the page" in box.status.text(), timeout=3000)
    assert post(box.link.url + "report", REPORT)[0] == 200
    qtbot.waitUntil(lambda: "phone.connection" in saved.by_id(), timeout=5000)
    assert not box.waiting and box.show_button.isEnabled()
    assert saved.by_id()["phone.connection"].values["upload_mbps"].value == 9.8
    assert "the Wi-Fi between this phone and the laptop only" in box.status.text()


def test_leaving_the_step_closes_the_link(qtbot: QtBot, page: PhonePage) -> None:
    page.show()
    page.test_box.show_button.click()
    url = page.test_box.link.url if page.test_box.link else ""
    page.hide()
    qtbot.waitUntil(lambda: not page.test_box.waiting, timeout=5000)
    assert "Stopped" in page.test_box.status.text()
    with pytest.raises(OSError):
        get(url)


def test_when_no_results_come_the_reason_and_the_way_on_are_said(page: PhonePage) -> None:
    from readiness.phone.link import Ending, Outcome

    text = page.test_box.no_results_text(Outcome(Ending.EXPIRED))
    assert "guest Wi-Fi" in text and "Type the figures" in text
    assert "opened the page" in page.test_box.no_results_text(Outcome(Ending.EXPIRED, None, True))


def test_no_local_network_offers_the_figures_by_hand(
    qtbot: QtBot, runner: TaskRunner, saved: Saved
) -> None:
    def no_network(locale: str) -> PhoneLink:
        raise ReadinessError(M_("This laptop is on no local network that the phone could reach."))

    page = _page(qtbot, runner, saved, open_link=no_network)
    page.test_box.show_button.click()
    assert not page.test_box.waiting
    assert "no local network" in page.test_box.status.text()
    manual = page.test_box.manual
    manual.fields["download_mbps"].setText("12")
    manual.fields["upload_mbps"].setText("0.4")
    manual.fields["download_mbps"].textEdited.emit("12")
    manual.flush()
    result = saved.by_id()["phone.connection"]
    assert result.source == "manual" and result.values["upload_mbps"].value == 0.4
