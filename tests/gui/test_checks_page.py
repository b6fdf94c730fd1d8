"""The checks page: results appear and are saved as they arrive, badges carry text,
Run again / Cancel / timeouts work without blocking the GUI, and the media controls
(camera preview, level bar, test tone with confirmation) behave."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QLabel, QProgressBar, QWidget
from pytestqt.qtbot import QtBot

from readiness.checks.device import device_checks
from readiness.messages import plain
from readiness.model import CheckResult, CheckStatus
from readiness.progress import CancelToken
from readiness.thresholds import load_thresholds
from readiness_ui.pages.checks import ChecksPage
from readiness_ui.pages.media_controls import MediaControls
from readiness_ui.tasks import TaskRunner
from readiness_ui.widgets.check_row import BADGES
from tests.core.device_fakes import fake_access

pytestmark = pytest.mark.qt_log_ignore("PulseAudioService")

GOOD, LIMITED, UNKNOWN = CheckStatus.GOOD, CheckStatus.LIMITED, CheckStatus.UNKNOWN


class FakePreview(QObject):
    failed = Signal(str)

    def __init__(self, available: bool = True) -> None:
        super().__init__()
        self.widget = QWidget()
        self.widget.setAccessibleName("Camera preview")
        self.available = available
        self.running = False

    def start(self) -> bool:
        self.running = self.available
        return self.available

    def stop(self) -> None:
        self.running = False


class FakeMeter(QObject):
    level = Signal(float, float)

    def __init__(self, available: bool = True) -> None:
        super().__init__()
        self.available = available
        self.running = False

    def start(self) -> bool:
        self.running = self.available
        return self.available

    def stop(self) -> None:
        self.running = False


class FakeTone(QObject):
    finished = Signal()
    failed = Signal(str)

    def __init__(self, devices: int = 1) -> None:
        super().__init__()
        self.devices = devices
        self.played = 0

    def device_count(self) -> int:
        return self.devices

    def play(self) -> bool:
        if not self.devices:
            return False
        self.played += 1
        return True

    def stop(self) -> None:
        pass


class FakeCheck:
    def __init__(
        self,
        check_id: str,
        status: CheckStatus = GOOD,
        delay: float = 0.0,
        error: BaseException | None = None,
        timeout_s: float = 2.0,
    ) -> None:
        self.id = check_id
        self.title = check_id.rsplit(".", maxsplit=1)[-1].title()
        self.timeout_s = timeout_s
        self.status = status
        self.delay = delay
        self.error = error
        self.runs = 0

    def run(self, progress: Any, cancel: CancelToken) -> CheckResult:
        self.runs += 1
        progress(None, plain(f"checking {self.id}"))
        if self.delay:
            cancel.wait(self.delay)
            cancel.raise_if_cancelled()
        if self.error is not None:
            raise self.error
        return CheckResult(self.id, self.status, datetime.now(UTC), f"{self.id} is {self.status}.")


def make_page(
    qtbot: QtBot, checks: list[Any], media: MediaControls | None = None
) -> tuple[ChecksPage, list[CheckResult], TaskRunner]:
    runner = TaskRunner()
    saved: list[CheckResult] = []
    page = ChecksPage(
        runner,
        checks,
        saved.append,
        media=media or MediaControls(FakePreview(), FakeMeter(), FakeTone()),
    )
    qtbot.addWidget(page)
    page.show()
    return page, saved, runner


def finish(qtbot: QtBot, page: ChecksPage, runner: TaskRunner, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: not page.running, timeout=timeout)
    runner.wait(5000)


def test_results_are_shown_and_saved_as_they_arrive(qtbot: QtBot) -> None:
    fast = FakeCheck("device.memory", GOOD)
    slow = FakeCheck("device.disk", LIMITED, delay=0.4)
    page, saved, runner = make_page(qtbot, [fast, slow])
    page.run()
    assert page.cancel_button.isEnabled()
    assert page._rows["device.disk"].badge.text() == "Checking…"
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=2000)
    assert saved[0].check_id == "device.memory"  # saved before the slow one finished
    assert page.running and page.progress.value() == 1
    finish(qtbot, page, runner)
    assert [r.check_id for r in saved] == ["device.memory", "device.disk"]
    assert page.progress.value() == 2 and not page.cancel_button.isEnabled()
    row = page._rows["device.disk"]
    assert row.badge.text() == "Limited"  # text, not colour alone
    assert BADGES[LIMITED][1] in row.badge.styleSheet()
    assert row.reason.text() == "device.disk is limited."
    assert page.run_button.text() == "Run again"


def test_gui_thread_stays_responsive_while_checks_run(qtbot: QtBot) -> None:
    page, _, runner = make_page(qtbot, [FakeCheck("device.cpu", delay=0.5)])
    started = time.monotonic()
    page.run()
    assert time.monotonic() - started < 0.2  # run() only starts the work
    finish(qtbot, page, runner)


def test_crash_becomes_unknown_and_others_still_finish(qtbot: QtBot) -> None:
    checks = [FakeCheck("device.os"), FakeCheck("device.cpu", error=RuntimeError("boom"))]
    page, saved, runner = make_page(qtbot, checks)
    page.run()
    finish(qtbot, page, runner)
    by_id = {r.check_id: r for r in saved}
    assert by_id["device.os"].status is GOOD
    assert by_id["device.cpu"].status is UNKNOWN and "RuntimeError" in by_id["device.cpu"].reason
    assert page._rows["device.cpu"].badge.text() == "Unknown"


def test_timeout_becomes_unknown_and_is_saved(qtbot: QtBot) -> None:
    hung = FakeCheck("device.camera", delay=5, timeout_s=0.2)
    page, saved, runner = make_page(qtbot, [hung, FakeCheck("device.os")])
    page.run()
    finish(qtbot, page, runner, timeout=2000)
    camera = next(r for r in saved if r.check_id == "device.camera")
    assert camera.status is UNKNOWN and "longer than 0.2 seconds" in camera.reason
    assert len(saved) == 2
    runner.wait(3000)  # the abandoned worker was told to stop; its late answer is ignored
    assert len(saved) == 2


def test_cancel_stops_running_checks_without_saving_them(qtbot: QtBot) -> None:
    page, saved, runner = make_page(
        qtbot, [FakeCheck("device.os"), FakeCheck("device.wifi", delay=3)]
    )
    page.run()
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=2000)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert not page.running
    assert page._rows["device.wifi"].badge.text() == "Unknown"
    assert "cancelled" in page._rows["device.wifi"].reason.text()
    assert [r.check_id for r in saved] == ["device.os"]
    assert page.status_label.text() == "The checks were cancelled."
    runner.wait(5000)
    assert [r.check_id for r in saved] == ["device.os"]


def test_run_again_runs_every_check_again(qtbot: QtBot) -> None:
    check = FakeCheck("device.memory")
    page, saved, runner = make_page(qtbot, [check])
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    finish(qtbot, page, runner)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    finish(qtbot, page, runner)
    assert check.runs == 2 and len(saved) == 2


def test_every_control_has_an_accessible_name(qtbot: QtBot) -> None:
    page, _, _ = make_page(qtbot, [FakeCheck("device.os"), FakeCheck("device.cpu")])
    controls = [*page.findChildren(QAbstractButton), *page.findChildren(QProgressBar)]
    assert len(controls) >= 7
    for control in controls:
        assert control.accessibleName(), control
    for label in page.findChildren(QLabel):
        if label.text() in {text for text, _ in BADGES.values()}:
            assert ":" in label.accessibleName()  # "Os: Not run"


def test_real_device_checks_through_the_page(qtbot: QtBot) -> None:
    checks = device_checks(load_thresholds(), fake_access())
    page, saved, runner = make_page(qtbot, checks)
    started = time.monotonic()
    page.run()
    finish(qtbot, page, runner)
    assert time.monotonic() - started < 3.0
    assert len(saved) == len(checks)
    assert {r.check_id for r in saved} == {c.id for c in checks}
    assert page.results()["device.memory"].status is GOOD


# -- media controls ----------------------------------------------------------------------


def test_speaker_tone_and_confirmation_save_a_result(qtbot: QtBot) -> None:
    tone = FakeTone(devices=1)
    page, saved, _ = make_page(qtbot, [], MediaControls(FakePreview(), FakeMeter(), tone))
    assert not page.media_tests.heard_button.isEnabled()
    qtbot.mouseClick(page.media_tests.tone_button, Qt.MouseButton.LeftButton)
    assert tone.played == 1 and page.media_tests.heard_button.isEnabled()
    tone.finished.emit()
    assert page.media_tests.message_label.text() == "Did you hear the tone?"
    qtbot.mouseClick(page.media_tests.heard_button, Qt.MouseButton.LeftButton)
    assert saved[-1].check_id == "device.speaker" and saved[-1].status is GOOD
    assert not page.media_tests.heard_button.isEnabled()
    qtbot.mouseClick(page.media_tests.tone_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.media_tests.not_heard_button, Qt.MouseButton.LeftButton)
    assert saved[-1].status is LIMITED


def test_no_speaker_and_failed_tone(qtbot: QtBot) -> None:
    tone = FakeTone(devices=0)
    page, saved, _ = make_page(qtbot, [], MediaControls(FakePreview(), FakeMeter(), tone))
    page.media_tests.play_tone()
    assert saved[-1].status is CheckStatus.MISSING
    tone.devices = 1
    page.media_tests.play_tone()
    tone.failed.emit("The test tone could not be played through the speaker.")
    assert saved[-1].status is LIMITED and not page.media_tests.heard_button.isEnabled()


def test_mic_level_bar_follows_the_meter(qtbot: QtBot) -> None:
    meter = FakeMeter()
    page, _, _ = make_page(qtbot, [], MediaControls(FakePreview(), meter, FakeTone()))
    qtbot.mouseClick(page.media_tests.meter_button, Qt.MouseButton.LeftButton)
    assert meter.running and page.media_tests.meter_button.text() == "Stop microphone meter"
    meter.level.emit(0.42, -7.5)
    assert page.media_tests.level_bar.value() == 42
    meter.level.emit(3.0, 0.0)
    assert page.media_tests.level_bar.value() == 100
    qtbot.mouseClick(page.media_tests.meter_button, Qt.MouseButton.LeftButton)
    assert not meter.running and page.media_tests.level_bar.value() == 0
    meter.available = False
    page.media_tests.toggle_meter()
    assert "No microphone" in page.media_tests.message_label.text()


def test_camera_preview_waits_for_the_camera_check(qtbot: QtBot) -> None:
    preview = FakePreview()
    camera_check = FakeCheck("device.camera", delay=0.3)
    page, _, runner = make_page(
        qtbot, [camera_check], MediaControls(preview, FakeMeter(), FakeTone())
    )
    page.run()
    media = page.media_tests
    media.toggle_camera()
    assert not preview.running and "Wait for the camera check" in media.message_label.text()
    finish(qtbot, page, runner)
    qtbot.mouseClick(page.media_tests.camera_button, Qt.MouseButton.LeftButton)
    assert preview.running and page.media_tests.camera_button.text() == "Hide camera"
    assert not preview.widget.isHidden()
    page.run()  # running the checks again frees the camera for the check
    assert not preview.running and preview.widget.isHidden()
    assert page.media_tests.camera_button.text() == "Show camera"
    finish(qtbot, page, runner)
    page.media_tests.toggle_camera()
    preview.failed.emit("The camera stopped.")  # unplugged while shown
    assert preview.widget.isHidden() and page.media_tests.camera_button.text() == "Show camera"
    assert page.media_tests.message_label.text() == "The camera stopped."
    preview.available = False
    page.media_tests.toggle_camera()
    assert "No camera" in page.media_tests.message_label.text()


def test_shutdown_releases_everything(qtbot: QtBot) -> None:
    preview, meter = FakePreview(), FakeMeter()
    page, _, runner = make_page(
        qtbot, [FakeCheck("device.os", delay=3)], MediaControls(preview, meter, FakeTone())
    )
    meter.start()
    page.run()
    page.media_tests.toggle_camera()
    page.shutdown()
    assert not page.running and not meter.running and not preview.running
    assert preview.widget.isHidden()
    runner.wait(5000)


def test_page_with_real_media_controls_headless(qtbot: QtBot) -> None:
    saved: list[CheckResult] = []
    page = ChecksPage(TaskRunner(), [], saved.append)  # real CameraPreview, LevelMeter, TonePlayer
    qtbot.addWidget(page)
    page.media_tests.toggle_camera()
    assert "No camera" in page.media_tests.message_label.text()
    page.media_tests.toggle_meter()
    assert "No microphone" in page.media_tests.message_label.text()
    page.media_tests.play_tone()
    assert saved[-1].check_id == "device.speaker" and saved[-1].status is CheckStatus.MISSING
    page.shutdown()


def test_checks_wait_for_the_permission_answer(qtbot: QtBot) -> None:
    asked: list[Any] = []
    check = FakeCheck("device.camera")
    runner = TaskRunner()
    saved: list[CheckResult] = []
    page = ChecksPage(
        runner,
        [check],
        saved.append,
        media=MediaControls(FakePreview(), FakeMeter(), FakeTone()),
        request_permissions=lambda context, then: asked.append(then),
    )
    qtbot.addWidget(page)
    page.run()
    assert len(asked) == 1 and check.runs == 0  # nothing starts before the OS answers
    asked[0]()
    finish(qtbot, page, runner)
    assert check.runs == 1 and saved[0].check_id == "device.camera"


def test_real_permission_request_is_immediate_where_granted(qtbot: QtBot) -> None:
    from readiness_ui.probes.media import request_media_permissions

    called: list[bool] = []
    holder = QWidget()
    qtbot.addWidget(holder)
    request_media_permissions(holder, lambda: called.append(True))
    assert called == [True]


def test_deadline_counts_from_when_a_check_really_starts(qtbot: QtBot) -> None:
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool()
    pool.setMaxThreadCount(1)  # the second check waits in the queue behind the first
    runner = TaskRunner(pool)
    saved: list[CheckResult] = []
    first = FakeCheck("device.os", delay=0.4, timeout_s=2.0)
    queued = FakeCheck("device.cpu", timeout_s=0.3)
    page = ChecksPage(
        runner,
        [first, queued],
        saved.append,
        media=MediaControls(FakePreview(), FakeMeter(), FakeTone()),
    )
    qtbot.addWidget(page)
    page.run()
    finish(qtbot, page, runner)
    assert [r.status for r in saved] == [GOOD, GOOD]  # no false timeout from queueing
