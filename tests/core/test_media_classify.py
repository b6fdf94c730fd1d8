"""The Qt-free half of the media checks: level maths on synthetic PCM, the test tone, and
good / limited / missing / unknown for display, camera, microphone and speaker."""

from __future__ import annotations

import math
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.checks.media import (
    SILENCE_DBFS,
    AudioLevel,
    CameraFacts,
    DisplayFacts,
    MicrophoneFacts,
    Permission,
    SampleFormat,
    classify_camera,
    classify_display,
    classify_microphone,
    classify_speaker,
    pcm_level,
    tone_pcm,
)
from readiness.model import CheckStatus
from readiness.thresholds import load_thresholds

T = load_thresholds()
GOOD, LIMITED, MISSING, UNKNOWN = (
    CheckStatus.GOOD,
    CheckStatus.LIMITED,
    CheckStatus.MISSING,
    CheckStatus.UNKNOWN,
)


def int16(values: list[int]) -> bytes:
    return array("h", values).tobytes()


def sine(amplitude: float, count: int = 4800) -> list[int]:
    return [
        round(amplitude * 32767 * math.sin(2 * math.pi * 440 * i / 48000)) for i in range(count)
    ]


# -- level maths ------------------------------------------------------------------------


def test_silence_is_minus_120_dbfs() -> None:
    level = pcm_level(int16([0] * 100))
    assert (level.rms, level.peak) == (0.0, 0.0)
    assert level.peak_dbfs == SILENCE_DBFS and level.rms_dbfs == SILENCE_DBFS
    assert pcm_level(b"") == AudioLevel(0.0, 0.0)


def test_full_scale_square_wave() -> None:
    level = pcm_level(int16([32767, -32768] * 50))
    assert level.peak == 1.0
    assert level.rms == pytest.approx(1.0, abs=1e-4)
    assert level.peak_dbfs == pytest.approx(0.0, abs=1e-3)


def test_sine_rms_is_peak_over_root_two() -> None:
    level = pcm_level(int16(sine(0.5)))
    assert level.peak == pytest.approx(0.5, abs=1e-3)
    assert level.rms == pytest.approx(0.5 / math.sqrt(2), rel=1e-2)
    assert level.peak_dbfs == pytest.approx(-6.02, abs=0.05)


def test_quiet_room_is_below_speech_threshold() -> None:
    level = pcm_level(int16(sine(0.005)))  # about -46 dBFS
    assert level.peak_dbfs < T.device.microphone.speech_peak.value


@pytest.mark.parametrize(
    ("sample_format", "data", "peak"),
    [
        (SampleFormat.UINT8, bytes([128, 192, 64, 128]), 0.5),
        (SampleFormat.INT32, array("i", [0, 2**30, -(2**30)]).tobytes(), 0.5),
        (SampleFormat.FLOAT, array("f", [0.0, 0.25, -0.5]).tobytes(), 0.5),
        (SampleFormat.FLOAT, array("f", [float("nan"), 2.0]).tobytes(), 1.0),
    ],
)
def test_other_sample_formats(sample_format: SampleFormat, data: bytes, peak: float) -> None:
    assert pcm_level(data, sample_format).peak == pytest.approx(peak, abs=1e-3)


def test_partial_trailing_sample_is_ignored() -> None:
    assert pcm_level(int16([16384]) + b"\x01").peak == pytest.approx(0.5)


@given(st.binary(max_size=2000), st.sampled_from(list(SampleFormat)))
def test_any_bytes_give_a_level_between_zero_and_one(data: bytes, fmt: SampleFormat) -> None:
    level = pcm_level(data, fmt)
    assert 0.0 <= level.rms <= 1.0 and 0.0 <= level.peak <= 1.0
    assert level.rms <= level.peak + 1e-9
    assert SILENCE_DBFS <= level.peak_dbfs <= 0.0


def test_tone_has_length_volume_and_soft_edges() -> None:
    data = tone_pcm(440, 0.5, 48000, volume=0.3)
    samples = array("h")
    samples.frombytes(data)
    assert len(samples) == 24000
    assert pcm_level(data).peak == pytest.approx(0.3, abs=0.01)
    assert abs(samples[0]) < 50 and abs(samples[-1]) < 50


# -- camera -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "status", "words"),
    [
        (CameraFacts(1, frames=5, width=1280, height=720, waited_s=0.4), GOOD, "1280 x 720"),
        (CameraFacts(1, frames=3, width=320, height=240), LIMITED, "smaller than the 640 px"),
        (CameraFacts(2, frames=0, waited_s=3.0), LIMITED, "no picture within the 3 s"),
        (CameraFacts(1, error="Device busy"), LIMITED, "could not be started"),
        (CameraFacts(0), MISSING, "No camera was found"),
        (CameraFacts(1, Permission.DENIED), UNKNOWN, "blocked this app from using the camera"),
    ],
)
def test_camera(facts: CameraFacts, status: CheckStatus, words: str) -> None:
    outcome = classify_camera(T, facts)
    assert outcome.status is status and outcome.check_id == "device.camera"
    assert words in outcome.reason


def test_camera_reason_cites_source() -> None:
    outcome = classify_camera(T, CameraFacts(1, frames=1, width=1920, height=1080))
    assert "(source: Microsoft Teams bandwidth requirements (360p video))" in outcome.reason


# -- microphone -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "status", "words"),
    [
        (
            MicrophoneFacts(1, opened=True, bytes_read=9600, level=AudioLevel(0.2, 0.5)),
            GOOD,
            "picked up sound at -6 dBFS",
        ),
        (
            MicrophoneFacts(1, opened=True, bytes_read=9600, level=AudioLevel(0.001, 0.002)),
            GOOD,
            "ask the person to speak",
        ),
        (
            MicrophoneFacts(1, opened=True, bytes_read=9600, level=AudioLevel(0, 0)),
            LIMITED,
            "only silence",
        ),
        (MicrophoneFacts(1, opened=False), LIMITED, "sent no sound"),
        (MicrophoneFacts(1, opened=True, bytes_read=0), LIMITED, "sent no sound"),
        (MicrophoneFacts(0), MISSING, "No microphone was found"),
        (
            MicrophoneFacts(2, Permission.DENIED),
            UNKNOWN,
            "blocked this app from using the microphone",
        ),
    ],
)
def test_microphone(facts: MicrophoneFacts, status: CheckStatus, words: str) -> None:
    outcome = classify_microphone(T, facts)
    assert outcome.status is status and outcome.check_id == "device.microphone"
    assert words in outcome.reason


# -- speaker ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("devices", "heard", "error", "status", "words"),
    [
        (1, True, None, GOOD, "was heard"),
        (1, False, None, LIMITED, "was not heard"),
        (1, None, "busy", LIMITED, "could not be played"),
        (0, None, None, MISSING, "No speaker"),
        (2, None, None, UNKNOWN, "play the test tone"),
    ],
)
def test_speaker(
    devices: int, heard: bool | None, error: str | None, status: CheckStatus, words: str
) -> None:
    outcome = classify_speaker(devices, heard, error)
    assert outcome.status is status and words in outcome.reason
    assert outcome.values["speakers"].value == devices


# -- display ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "status", "words"),
    [
        (DisplayFacts(1, 1920, 1080, 1.0, 15.6), GOOD, "1920 x 1080, at least"),
        (DisplayFacts(2, 1280, 800, 1.5), GOOD, "at 150% scaling"),
        (DisplayFacts(1, 1097, 617, 1.75), LIMITED, "smaller than the 1024 x 768 minimum"),
        (DisplayFacts(0), MISSING, "No screen"),
        (DisplayFacts(1, 800, 800, headless=True), UNKNOWN, "No real screen"),
    ],
)
def test_display(facts: DisplayFacts, status: CheckStatus, words: str) -> None:
    outcome = classify_display(T, facts)
    assert outcome.status is status and words in outcome.reason
    if status in (GOOD, LIMITED):
        assert "(source: Microsoft Teams hardware requirements (1024 x 768))" in outcome.reason
        assert outcome.values["scaling"].unit == "%"
