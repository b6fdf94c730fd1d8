"""Qt media probes: each path with faked devices and captures, and the real probes headless
(no devices, offscreen screen) reporting missing / unknown without crashing."""

from __future__ import annotations

import time
from array import array
from types import SimpleNamespace
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from readiness.checks.base import Check, run_safely
from readiness.checks.media import AudioLevel, DisplayFacts, Permission
from readiness.checks.runner import run_checks
from readiness.model import CheckStatus
from readiness.progress import CancelToken, no_progress
from readiness.thresholds import load_thresholds
from readiness_ui.probes.live import CameraPreview, LevelMeter, TonePlayer
from readiness_ui.probes.media import (
    AudioReport,
    CameraProbe,
    DisplayProbe,
    FrameReport,
    MicrophoneProbe,
    SpeakerProbe,
    capture_audio,
    qt_media_checks,
)

# Qt's PulseAudio back end warns once when no sound server runs (as in CI).
pytestmark = pytest.mark.qt_log_ignore("PulseAudioService")

T = load_thresholds()
GOOD, LIMITED, MISSING, UNKNOWN = (
    CheckStatus.GOOD,
    CheckStatus.LIMITED,
    CheckStatus.MISSING,
    CheckStatus.UNKNOWN,
)


class FakeDevice:
    def __init__(self, default: bool = True) -> None:
        self._default = default

    def isDefault(self) -> bool:
        return self._default


def granted() -> Permission:
    return Permission.GRANTED


def denied() -> Permission:
    return Permission.DENIED


def run(check: Check) -> Any:
    return run_safely(check, no_progress, CancelToken())


# -- camera -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("devices", "permission", "report", "status"),
    [
        ([FakeDevice()], granted, FrameReport(4, 1280, 720, None, 0.3), GOOD),
        ([FakeDevice()], granted, FrameReport(0, None, None, None, 3.0), LIMITED),
        ([FakeDevice()], granted, FrameReport(0, None, None, "Device busy", 0.1), LIMITED),
        ([], granted, None, MISSING),
        ([FakeDevice()], denied, None, UNKNOWN),
    ],
)
def test_camera_probe(
    qapp: Any, devices: list[Any], permission: Any, report: FrameReport | None, status: CheckStatus
) -> None:
    chosen: list[Any] = []

    def capture(device: Any, seconds: float, cancel: CancelToken) -> FrameReport:
        chosen.append((device, seconds))
        assert report is not None
        return report

    probe = CameraProbe(T, devices=lambda: devices, permission=permission, capture=capture)
    outcome = run(probe)
    assert outcome.status is status, outcome.reason
    assert bool(chosen) == (report is not None)
    if chosen:
        assert chosen[0] == (devices[0], 3.0)  # the frame budget comes from the thresholds file


def test_camera_probe_picks_the_default_camera(qapp: Any) -> None:
    first, default = FakeDevice(default=False), FakeDevice(default=True)
    seen: list[Any] = []

    def capture(device: Any, seconds: float, cancel: CancelToken) -> FrameReport:
        seen.append(device)
        return FrameReport(1, 640, 480, None, 0.1)

    run(CameraProbe(T, devices=lambda: [first, default], permission=granted, capture=capture))
    assert seen == [default]


def test_camera_capture_crash_is_unknown(qapp: Any) -> None:
    def capture(device: Any, seconds: float, cancel: CancelToken) -> FrameReport:
        raise RuntimeError("driver")

    probe = CameraProbe(T, devices=lambda: [FakeDevice()], permission=granted, capture=capture)
    outcome = run(probe)
    assert outcome.status is UNKNOWN and "RuntimeError" in outcome.reason


def test_camera_gets_its_own_time_budget(qapp: Any) -> None:
    assert CameraProbe(T).timeout_s > T.device.camera.frame_timeout.value


def test_hung_camera_times_out_and_other_probes_still_answer(qapp: Any) -> None:
    def capture(device: Any, seconds: float, cancel: CancelToken) -> FrameReport:
        cancel.wait(10)
        cancel.raise_if_cancelled()
        return FrameReport(0, None, None, None, 10)

    camera = CameraProbe(T, devices=lambda: [FakeDevice()], permission=granted, capture=capture)
    camera.timeout_s = 0.3
    speaker = SpeakerProbe(devices=lambda: [FakeDevice()])
    started = time.monotonic()
    results = run_checks([camera, speaker], no_progress, CancelToken())
    assert time.monotonic() - started < 1.5
    assert results[0].status is UNKNOWN and "longer than" in results[0].reason
    assert results[1].status is UNKNOWN and "play the test tone" in results[1].reason


# -- microphone -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("devices", "permission", "report", "status"),
    [
        ([FakeDevice()], granted, AudioReport(True, 19200, AudioLevel(0.1, 0.4)), GOOD),
        ([FakeDevice()], granted, AudioReport(True, 19200, AudioLevel(0.0, 0.0)), LIMITED),
        ([FakeDevice()], granted, AudioReport(False, 0, None), LIMITED),
        ([], granted, None, MISSING),
        ([FakeDevice()], denied, None, UNKNOWN),
    ],
)
def test_microphone_probe(
    qapp: Any, devices: list[Any], permission: Any, report: AudioReport | None, status: CheckStatus
) -> None:
    def capture(device: Any, seconds: float, cancel: CancelToken) -> AudioReport:
        assert report is not None
        return report

    probe = MicrophoneProbe(T, devices=lambda: devices, permission=permission, capture=capture)
    assert run(probe).status is status


def test_microphone_permission_error_is_unknown(qapp: Any) -> None:
    def capture(device: Any, seconds: float, cancel: CancelToken) -> AudioReport:
        raise PermissionError("microphone")

    probe = MicrophoneProbe(T, devices=lambda: [FakeDevice()], permission=granted, capture=capture)
    outcome = run(probe)
    assert outcome.status is UNKNOWN and "refused permission" in outcome.reason


def test_capture_audio_with_unsupported_format_reports_not_opened(qapp: Any) -> None:
    from PySide6.QtMultimedia import QAudioFormat

    device = SimpleNamespace(
        preferredFormat=lambda: SimpleNamespace(
            sampleFormat=lambda: QAudioFormat.SampleFormat.Unknown
        )
    )
    assert capture_audio(device, 0.1, CancelToken()) == AudioReport(False, 0, None)  # type: ignore[arg-type]


# -- speaker and display ------------------------------------------------------------------


def test_speaker_probe(qapp: Any) -> None:
    assert run(SpeakerProbe(devices=lambda: [])).status is MISSING
    assert run(SpeakerProbe(devices=lambda: [FakeDevice()])).status is UNKNOWN


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (DisplayFacts(1, 1920, 1080, 1.25, 14.0), GOOD),
        (DisplayFacts(1, 1000, 700, 2.0), LIMITED),
        (DisplayFacts(0), MISSING),
        (DisplayFacts(1, 800, 800, headless=True), UNKNOWN),
    ],
)
def test_display_probe(qapp: Any, facts: DisplayFacts, status: CheckStatus) -> None:
    assert run(DisplayProbe(T, facts=lambda: facts)).status is status


# -- the real probes, headless: missing / unknown, never a crash ----------------------------


def test_real_probes_headless(qapp: Any) -> None:
    checks = qt_media_checks(T)
    assert [c.id for c in checks] == [
        "device.display",
        "device.camera",
        "device.microphone",
        "device.speaker",
    ]
    started = time.monotonic()
    results = {r.check_id: r for r in run_checks(checks, no_progress, CancelToken())}
    assert time.monotonic() - started < 3.0
    display = results["device.display"]
    assert display.status is UNKNOWN and "No real screen" in display.reason  # offscreen
    for check_id in ("device.camera", "device.microphone", "device.speaker"):
        assert results[check_id].status in (MISSING, UNKNOWN), results[check_id].reason
        assert results[check_id].reason


def test_real_live_controls_headless_say_no_device(qtbot: QtBot) -> None:
    preview = CameraPreview()
    qtbot.addWidget(preview.widget)
    meter, tone = LevelMeter(), TonePlayer()
    assert preview.start() is False and not preview.running
    assert meter.start() is False and not meter.running
    assert tone.play() is False and tone.device_count() == 0
    preview.stop()
    meter.stop()
    tone.stop()


def test_level_meter_emits_levels_from_a_fake_stream(qtbot: QtBot) -> None:
    pcm = array("h", [0, 16384, -16384, 0]).tobytes()
    meter = LevelMeter(devices=lambda: [])
    meter._stream = SimpleNamespace(readAll=lambda: SimpleNamespace(data=lambda: pcm))  # type: ignore[assignment]
    with qtbot.waitSignal(meter.level, timeout=1000) as signal:
        meter._read()
    assert signal.args is not None
    assert signal.args[0] == pytest.approx(0.5)


def test_cli_media_flag_headless(qapp: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """``readiness check device --media`` with the real Qt probes (handed in by the launcher):
    no devices, no crash."""
    import json

    from readiness_ui.launcher import main

    assert main(["check", "device", "--json", "--media"]) == 0
    data = {item["id"]: item for item in json.loads(capsys.readouterr().out)}
    assert data["device.display"]["status"] == "unknown"
    for check_id in ("device.camera", "device.microphone", "device.speaker"):
        assert data[check_id]["status"] in ("missing", "unknown")
        assert "checked only in the app" not in data[check_id]["reason"]
