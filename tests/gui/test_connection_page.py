"""The connection page: live graph, Cancel within a second, verdicts, an honest offline page
(one sentence, no bar, no empty chart, the last result with its age, hand entry in view), the
test saved for this intake shown again on reopening, and the consent followed both ways."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QPushButton
from pytestqt.qtbot import QtBot

from readiness.checks.connection import (
    ConnectionResult,
    ConnectionStatus,
    Phase,
    SampleSink,
    SpeedSample,
    evaluate,
    manual_result,
    to_check_result,
)
from readiness.i18n import ENGLISH
from readiness.messages import plain
from readiness.model import CheckResult, utc_now
from readiness.progress import CancelToken, Progress
from readiness.thresholds import load_thresholds
from readiness_ui.pages.connection import ConnectionPage, RunTest
from readiness_ui.tasks import TaskRunner

NOW = utc_now()


def good_result() -> ConnectionResult:
    return ConnectionResult(
        status=ConnectionStatus.OK,
        measured_at=NOW,
        duration_s=14.0,
        reason="Measured.",
        download_mbps=24.0,
        upload_mbps=0.4,
        rtt_ms=35.0,
        jitter_ms=3.0,
        loss_pct=0.0,
        backend="librespeed",
        server="speed.agency.org",
    )


def fake_test(result: ConnectionResult, samples: int = 6) -> RunTest:
    def run(progress: Progress, cancel: CancelToken, on_sample: SampleSink) -> ConnectionResult:
        for index in range(samples):
            phase = Phase.DOWNLOAD if index < samples // 2 else Phase.UPLOAD
            on_sample(SpeedSample(phase, 10.0 + index, index / samples, index * 0.1))
            progress(index / samples, plain(f"Testing: {10 + index} Mbit/s"))
            time.sleep(0.02)
        return result

    return run


def slow_test(progress: Progress, cancel: CancelToken, on_sample: SampleSink) -> ConnectionResult:
    """Runs until cancelled, as a real test does, and then reports CANCELLED."""
    while not cancel.wait(0.05):
        on_sample(SpeedSample(Phase.DOWNLOAD, 5.0, 0.5, 1.0))
    return ConnectionResult(ConnectionStatus.CANCELLED, utc_now(), 1.0, "The test was cancelled.")


def make_page(
    qtbot: QtBot,
    runner: TaskRunner,
    run_test: RunTest,
    last: CheckResult | None = None,
    stored: CheckResult | None = None,
) -> tuple[ConnectionPage, list[CheckResult]]:
    saved: list[CheckResult] = []
    page = ConnectionPage(
        runner,
        run_test,
        saved.append,
        lambda: last,
        saved=stored,
        thresholds=load_thresholds(),
        clock=lambda: NOW,
    )
    qtbot.addWidget(page)
    page.show()
    return page, saved


def test_a_test_shows_live_speed_then_verdicts_and_saves(qtbot: QtBot, runner: TaskRunner) -> None:
    page, saved = make_page(qtbot, runner, fake_test(good_result()))
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.running and page.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not page.running, timeout=3000)
    assert len(page.graph.points[Phase.DOWNLOAD]) == 3 and len(page.graph.points[Phase.UPLOAD]) == 3
    assert page.graph.accessibleDescription() == "Upload 15.0 Mbit/s"
    assert not page.progress.isVisibleTo(page) and page.graph.isVisibleTo(page)
    assert page.figures_label.text().startswith("Download 24 Mbit/s, upload 0.4 Mbit/s")
    reasons = {
        label.accessibleName(): label.text() for label in page.verdict_box.findChildren(QLabel)
    }
    basic = reasons["Reasons for Video visit, basic (1:1, standard definition)"]
    assert "Upload 0.4 Mbit/s is below the 0.6 Mbit/s needed" in basic
    assert reasons["Audio-only call"] == "Audio-only call"
    assert "Audio-only call: Ready" in reasons
    (stored,) = saved
    assert stored.check_id == "connection.bandwidth" and stored.source == "measured"
    assert page.start_button.text() == "Test again"


def test_cancel_stops_within_one_second_and_saves_nothing(qtbot: QtBot, runner: TaskRunner) -> None:
    page, saved = make_page(qtbot, runner, slow_test)
    page.start()
    qtbot.waitUntil(lambda: bool(page.graph.points[Phase.DOWNLOAD]), timeout=2000)
    started = time.monotonic()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.running, timeout=1000)
    assert time.monotonic() - started < 1.0
    assert saved == []
    assert "cancelled" in page.status_label.text()
    assert page.start_button.isEnabled()


def measured(hours_ago: float) -> CheckResult:
    earlier = replace(good_result(), measured_at=NOW - timedelta(hours=hours_ago))
    return to_check_result(earlier, evaluate(earlier, load_thresholds(), ENGLISH))


DNS = "The name of speedtest.net could not be looked up: the computer seems to be offline."
OFFLINE = ConnectionResult(ConnectionStatus.OFFLINE, NOW, 0.2, DNS)


def shown_texts(page: ConnectionPage) -> list[str]:
    return [label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page)]


def test_offline_says_one_sentence_and_shows_the_last_result_with_its_age(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    page, saved = make_page(qtbot, runner, fake_test(OFFLINE, samples=0), last=measured(72))
    assert page.last_label.text().startswith("Last measured 3 days ago: download 24 Mbit/s")
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.running, timeout=3000)
    texts = shown_texts(page)
    said = [text for text in texts if "internet" in text.lower() or "offline" in text.lower()]
    assert said == [page.status_label.text()]  # said once, in plain words, with what to do
    assert page.status_label.text().startswith("No internet connection: check the Wi-Fi")
    assert "figures from another speed test below" in page.status_label.text()
    assert not any(DNS in text for text in texts)  # the details stay in the record
    assert not page.progress.isVisibleTo(page)  # no bar left at 100 %
    assert not page.graph.isVisibleTo(page)  # no empty chart
    assert not page.verdict_box.isVisibleTo(page) and not page.figures_label.isVisibleTo(page)
    assert page.last_label.isVisibleTo(page) and "3 days ago" in page.last_label.text()
    assert "Ready for: Audio-only call" in page.last_label.text()
    assert saved[0].status.value == "missing"  # "offline at intake" is a fact worth keeping
    assert saved[0].values["status"].value == "offline"
    field = page.manual.fields["download_mbps"]
    assert field.hasFocus()  # hand entry is where the keyboard is, and in view
    assert not field.visibleRegion().isEmpty()


def test_hand_entry_is_scrolled_into_view_at_large_text(
    qtbot: QtBot, runner: TaskRunner, double_text: None
) -> None:
    page, _saved = make_page(qtbot, runner, fake_test(OFFLINE, samples=0), last=measured(72))
    page.resize(900, 440)
    field = page.manual.fields["download_mbps"]
    qtbot.waitUntil(lambda: field.visibleRegion().isEmpty())  # below, out of sight
    page.start()
    bar = page.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())  # the worker scrolled down while it ran
    qtbot.waitUntil(lambda: not page.running, timeout=3000)
    assert not page.manual.fields["download_mbps"].visibleRegion().isEmpty()
    assert not page.status_label.visibleRegion().isEmpty()  # and what happened stays in view


def test_reopening_after_an_offline_test_says_it_again_and_offers_hand_entry(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    stored = to_check_result(OFFLINE, evaluate(OFFLINE, load_thresholds(), ENGLISH))
    page, _saved = make_page(qtbot, runner, fake_test(OFFLINE), last=measured(5), stored=stored)
    assert page.status_label.text().startswith("No internet connection")
    assert not page.graph.isVisibleTo(page) and not page.verdict_box.isVisibleTo(page)
    assert "5 hours ago" in page.last_label.text()
    page.focus_start()
    assert page.focusWidget() is page.manual.fields["download_mbps"]


def test_reopening_shows_the_test_saved_for_this_intake(qtbot: QtBot, runner: TaskRunner) -> None:
    stored = measured(2)
    page, _saved = make_page(qtbot, runner, fake_test(OFFLINE), last=stored, stored=stored)
    assert page.status_label.text() == "Tested 2 hours ago."
    assert page.result is not None and page.result.download_mbps == 24.0
    assert page.verdict_box.isVisibleTo(page) and page.start_button.text() == "Test again"
    assert not page.last_label.isVisibleTo(page)  # the same result, not twice
    assert not page.graph.isVisibleTo(page)  # no readings to draw on reopening
    page.focus_start()
    assert page.focusWidget() is page.start_button


def test_a_failed_test_keeps_the_figures_saved_before(qtbot: QtBot, runner: TaskRunner) -> None:
    stored = measured(1)
    page, saved = make_page(qtbot, runner, fake_test(OFFLINE, samples=0), stored=stored)
    page.start()
    qtbot.waitUntil(lambda: not page.running, timeout=3000)
    assert saved == []  # the measurement of an hour ago is not replaced by "offline"
    assert page.status_label.text().endswith("The figures saved before are kept.")
    assert page.result is not None and page.verdict_box.isVisibleTo(page)


def test_allowing_the_test_after_declining_clears_the_declined_message(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    page, _saved = make_page(qtbot, runner, fake_test(good_result()))
    declined = "The person chose not to have the connection tested."
    page.set_declined(True, declined)
    assert page.status_label.text() == declined and not page.start_button.isEnabled()
    page.set_declined(False, declined)
    assert page.status_label.text() == "The connection has not been tested yet."
    assert page.start_button.isEnabled()


def test_a_crashing_test_is_reported(qtbot: QtBot, runner: TaskRunner) -> None:
    def broken(progress: Progress, cancel: CancelToken, on_sample: SampleSink) -> ConnectionResult:
        raise RuntimeError("bug")

    page, saved = make_page(qtbot, runner, broken)
    page.start()
    qtbot.waitUntil(lambda: not page.running, timeout=3000)
    assert page.status_label.text().startswith("The speed test did not work: test again")
    assert saved == [] and not page.progress.isVisibleTo(page)


def test_every_control_has_an_accessible_name(qtbot: QtBot, runner: TaskRunner) -> None:
    result = manual_result(download_mbps=5, upload_mbps=1)
    page, _saved = make_page(qtbot, runner, fake_test(result))
    page.show_result(result)
    kinds = (QPushButton, QLineEdit, QProgressBar, QLabel)
    unnamed = [
        w
        for kind in kinds
        for w in page.findChildren(kind)
        if not w.accessibleName() and not w.objectName().startswith("qt_")  # Qt's own parts
    ]
    # form labels name their field through the buddy; the field has its own name
    assert [w for w in unnamed if not (isinstance(w, QLabel) and w.buddy() is not None)] == []
    assert page.graph.accessibleName() == "Live speed graph"
