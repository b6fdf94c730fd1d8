"""The connection page: live graph, Cancel within a second, verdicts, last result, hand entry."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QLineEdit, QProgressBar, QPushButton
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


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.cancel_all()
    tasks.wait(3000)


def make_page(
    qtbot: QtBot, runner: TaskRunner, run_test: RunTest, last: CheckResult | None = None
) -> tuple[ConnectionPage, list[CheckResult]]:
    saved: list[CheckResult] = []
    page = ConnectionPage(
        runner,
        run_test,
        saved.append,
        lambda: last,
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
    assert page.progress.value() == 100
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


def test_offline_shows_the_last_result_with_its_age(qtbot: QtBot, runner: TaskRunner) -> None:
    earlier = replace(good_result(), measured_at=NOW - timedelta(hours=3))
    last = to_check_result(earlier, evaluate(earlier, load_thresholds(), ENGLISH))
    offline = ConnectionResult(
        ConnectionStatus.OFFLINE, NOW, 0.2, "The computer seems to be offline."
    )
    page, saved = make_page(qtbot, runner, fake_test(offline, samples=0), last=last)
    assert page.last_label.text().startswith("Last result (3 hours ago, librespeed): download 24")
    page.start()
    qtbot.waitUntil(lambda: not page.running, timeout=3000)
    assert page.status_label.text() == "The computer seems to be offline."
    assert saved[0].status.value == "missing"  # "offline at intake" is a fact worth keeping
    assert "3 hours ago" in page.last_label.text()


def test_figures_entered_by_hand_are_saved_and_marked(qtbot: QtBot, runner: TaskRunner) -> None:
    page, saved = make_page(qtbot, runner, fake_test(good_result()))
    page.manual.fields["download_mbps"].setValue(12.5)
    page.manual.fields["upload_mbps"].setValue(2.0)
    page.manual.fields["rtt_ms"].setValue(40)
    qtbot.keyClicks(page.manual.note, "phone app")
    qtbot.mouseClick(page.manual.button, Qt.MouseButton.LeftButton)
    (stored,) = saved
    assert stored.source == "manual"
    assert stored.values["rtt_ms"].value == 40 and stored.values["loss_pct"].value is None
    assert page.figures_label.text().endswith("(entered by hand)")
    assert "marked as entered by hand" in page.manual.message.text()
    page2, _saved = make_page(qtbot, runner, fake_test(good_result()), last=stored)
    assert "entered by hand" in page2.last_label.text()


def test_a_crashing_test_is_reported(qtbot: QtBot, runner: TaskRunner) -> None:
    def broken(progress: Progress, cancel: CancelToken, on_sample: SampleSink) -> ConnectionResult:
        raise RuntimeError("bug")

    page, saved = make_page(qtbot, runner, broken)
    page.start()
    qtbot.waitUntil(lambda: not page.running, timeout=3000)
    assert page.status_label.text() == "The test could not run (RuntimeError)."
    assert saved == []


def test_every_control_has_an_accessible_name(qtbot: QtBot, runner: TaskRunner) -> None:
    result = manual_result(download_mbps=5, upload_mbps=1)
    page, _saved = make_page(qtbot, runner, fake_test(result))
    page.show_result(result)
    kinds = (QPushButton, QDoubleSpinBox, QLineEdit, QProgressBar, QLabel)
    unnamed = [
        w
        for kind in kinds
        for w in page.findChildren(kind)
        if not w.accessibleName() and not w.objectName().startswith("qt_")  # Qt's own parts
    ]
    # form labels name their field through the buddy; the field has its own name
    assert [w for w in unnamed if not (isinstance(w, QLabel) and w.buddy() is not None)] == []
    assert page.graph.accessibleName() == "Live speed graph"
