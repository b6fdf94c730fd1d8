"""The phone page in headless Chromium acting as the phone: the test runs, the laptop gets the
results, the page meets WCAG 2.2 AA (axe-core) in English and Spanish, and it says in plain
words when it cannot reach the laptop."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness import concurrency
from readiness.phone.link import Ending, Outcome, PageOptions, PhoneLink
from readiness.progress import CancelToken
from tests.core.phone.browser_phone import act_as_phone
from tests.servers.speed_server import LoopbackSpeedServer

pytestmark = pytest.mark.slow


class Waiting:
    def __init__(self, options: PageOptions) -> None:
        self.link = PhoneLink("127.0.0.1", options).open()
        self.cancel = CancelToken()
        self.workers = concurrency.start([lambda: self.link.wait(self.cancel)], name="test-link")

    def outcome(self) -> Outcome:
        assert self.workers.wait(10), "the link did not end"
        return self.workers.settled(0).result()


@pytest.fixture
def waiting() -> Iterator[Waiting]:
    run = Waiting(PageOptions("en"))
    yield run
    run.cancel.cancel()
    run.workers.wait(5)


def _keep(*pictures: Path) -> None:
    folder = os.environ.get("READINESS_KEEP_SCREENSHOTS")
    if folder:
        for picture in pictures:
            shutil.copy(picture, folder)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_phone_measures_to_the_laptop_and_the_page_meets_wcag(
    language: str, tmp_path: Path
) -> None:
    run = Waiting(PageOptions(language))
    intro, done = tmp_path / f"phone-intro-{language}.png", tmp_path / f"phone-done-{language}.png"
    seen = act_as_phone(
        run.link.url, press="start", axe=True, final_axe=True, screenshot=str(intro),
        final_screenshot=str(done),
    )  # fmt: skip
    outcome = run.outcome()
    assert seen["axe"]["violations"] == [] and seen["axe"]["passes"] > 10
    assert seen["final_axe"]["violations"] == []
    assert seen["title"] == {"en": "Done", "es": "Hecho"}[language]
    assert outcome.ending is Ending.REPORTED and outcome.page_opened
    report = outcome.report
    assert report is not None and report.target == "laptop" and not report.failed
    assert report.download_mbps and report.upload_mbps and report.rtt_ms is not None
    assert report.screen_width == 390 and report.user_agent
    assert len(seen["figures"]) == 4
    if language == "es":
        assert seen["text"].startswith("Los resultados ya están en la computadora")
        assert seen["figures"][0][0] == "Descarga"
    _keep(intro, done)


def test_declining_on_the_phone_measures_nothing(waiting: Waiting) -> None:
    seen = act_as_phone(waiting.link.url, press="decline")
    outcome = waiting.outcome()
    assert outcome.report is not None and outcome.report.declined
    assert outcome.report.download_mbps is None
    assert seen["text"] == "Nothing was measured. You can close this page."


def test_the_phone_measures_to_the_agency_server_when_one_is_set() -> None:
    with LoopbackSpeedServer() as server:
        run = Waiting(PageOptions("en", agency_server=server.url))
        # The browser's same-origin rule is on: the page must ask with ``?cors``, and the
        # server answers as LibreSpeed's PHP backend does (checked against the real one:
        # ``python -m tests.bench.check_php_backend --phone``).
        act_as_phone(run.link.url, press="start")
        outcome = run.outcome()
        assert server.requests.get("garbage", 0) > 0 and server.requests.get("empty_post", 0) > 0
    assert outcome.report is not None and outcome.report.target == "agency"


def test_a_phone_that_cannot_reach_the_laptop_is_told_in_plain_words(waiting: Waiting) -> None:
    """The page loads, then the laptop's link closes (as when the Wi-Fi drops or keeps
    devices apart): the test cannot start, and the page says what to do."""
    phone = concurrency.start(
        [lambda: act_as_phone(waiting.link.url, press="start", wait_before_press_ms=3000)]
    )
    deadline = concurrency.Deadline(30)
    while not waiting.link.state.page_opened and not deadline.expired:
        phone.wait(0.05)
    phone.wait(1.5)  # the page's script and style load; the button is pressed at 3 s
    waiting.cancel.cancel()
    assert waiting.outcome().ending is Ending.CANCELLED
    assert phone.wait(150)
    seen = phone.settled(0).result()
    assert seen["title"] == "The test could not finish"
    assert "could not reach the laptop" in seen["text"] and "by hand" in seen["text"]
