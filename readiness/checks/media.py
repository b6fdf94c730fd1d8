"""Camera, microphone, speaker and display: the Qt-free half of the media checks.

The Qt probes in ``ui/probes/media.py`` gather facts (how many devices, whether
frames arrived, the PCM they read, screen size) and hand them to the ``classify_*``
functions here, which apply the thresholds and word the reason. The level maths
(RMS and peak in dBFS) and the test-tone generator are plain functions, tested on
synthetic PCM. Device names are never stored: Bluetooth headsets are often named
after their owner.

Without the app (the CLI, CI) ``headless_media_checks`` stands in for the probes
and reports ``unknown``.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from enum import StrEnum

from readiness.checks.reasons import cite, result, unknown
from readiness.messages import M_, N_, Message, MessageArg
from readiness.model import CheckResult, CheckStatus
from readiness.progress import CancelToken, Progress
from readiness.thresholds import Thresholds

SILENCE_DBFS = -120.0
"""The level reported for digital silence (log of zero)."""


class Permission(StrEnum):
    """Whether the OS lets the app use a camera or microphone."""

    GRANTED = "granted"
    DENIED = "denied"
    UNDETERMINED = "undetermined"


class SampleFormat(StrEnum):
    """PCM sample formats Qt Multimedia delivers."""

    UINT8 = "uint8"
    INT16 = "int16"
    INT32 = "int32"
    FLOAT = "float"


@dataclass(frozen=True)
class AudioLevel:
    """Loudness of a block of samples: RMS and peak, linear (0..1) and in dBFS."""

    rms: float
    peak: float

    @property
    def rms_dbfs(self) -> float:
        return _dbfs(self.rms)

    @property
    def peak_dbfs(self) -> float:
        return _dbfs(self.peak)


def _dbfs(linear: float) -> float:
    return SILENCE_DBFS if linear <= 0 else max(SILENCE_DBFS, 20 * math.log10(linear))


_TYPECODES = {SampleFormat.UINT8: "B", SampleFormat.INT16: "h", SampleFormat.INT32: "i"}
_FULL_SCALE = {SampleFormat.UINT8: 128.0, SampleFormat.INT16: 32768.0, SampleFormat.INT32: 2**31}


def pcm_level(data: bytes, sample_format: SampleFormat = SampleFormat.INT16) -> AudioLevel:
    """RMS and peak of native-endian PCM ``data``, normalised to full scale (0..1).

    A trailing partial sample is ignored; empty input is silence.
    """
    typecode = "f" if sample_format is SampleFormat.FLOAT else _TYPECODES[sample_format]
    samples = array(typecode)
    usable = len(data) - len(data) % samples.itemsize
    samples.frombytes(data[:usable])
    if not samples:
        return AudioLevel(0.0, 0.0)
    if sample_format is SampleFormat.FLOAT:
        values = [min(1.0, abs(s)) if math.isfinite(s) else 0.0 for s in samples]
    else:
        offset = 128 if sample_format is SampleFormat.UINT8 else 0
        scale = _FULL_SCALE[sample_format]
        values = [min(1.0, abs(s - offset) / scale) for s in samples]
    rms = math.sqrt(sum(v * v for v in values) / len(values))
    return AudioLevel(rms=min(1.0, rms), peak=max(values))


def tone_pcm(
    frequency_hz: float = 440.0, seconds: float = 1.0, sample_rate: int = 48000, volume: float = 0.3
) -> bytes:
    """A mono Int16 sine tone with 20 ms fades (no clicks), for the speaker test."""
    count = max(0, int(seconds * sample_rate))
    fade = max(1, int(0.02 * sample_rate))
    samples = array("h")
    for i in range(count):
        envelope = min(1.0, i / fade, (count - 1 - i) / fade)
        value = volume * envelope * math.sin(2 * math.pi * frequency_hz * i / sample_rate)
        samples.append(round(32767 * value))
    return samples.tobytes()


_BLOCKED = {
    "device.camera": N_(
        "The computer blocked this app from using the camera; allow camera access in the "
        "privacy settings and run the check again."
    ),
    "device.microphone": N_(
        "The computer blocked this app from using the microphone; allow microphone access "
        "in the privacy settings and run the check again."
    ),
}


def _blocked(check_id: str) -> CheckResult:
    return unknown(check_id, Message(_BLOCKED[check_id]))


def _size(width: int | None, height: int | None) -> Message:
    if width and height:
        return M_("{width} x {height}", width=width, height=height)
    return M_("an unknown size")


@dataclass(frozen=True)
class CameraFacts:
    devices: int
    permission: Permission = Permission.GRANTED
    frames: int = 0
    width: int | None = None
    height: int | None = None
    error: str | None = None
    waited_s: float = 0.0


def classify_camera(t: Thresholds, facts: CameraFacts) -> CheckResult:
    """Camera present and delivering pictures at a usable size."""
    limits = t.device.camera
    if facts.permission is Permission.DENIED:
        return _blocked("device.camera")
    values = {
        "cameras": (facts.devices, ""),
        "frames": (facts.frames, ""),
        "width": (facts.width, "px"),
        "height": (facts.height, "px"),
        "waited": (round(facts.waited_s, 1), "s"),
    }
    if facts.devices == 0:
        return result(
            "device.camera",
            CheckStatus.MISSING,
            M_("No camera was found; video visits need a built-in or USB camera."),
            values,
        )
    if facts.error is not None:
        return result(
            "device.camera",
            CheckStatus.LIMITED,
            M_("A camera was found but it could not be started; another program may be using it."),
            values,
        )
    if facts.frames == 0:
        return result(
            "device.camera",
            CheckStatus.LIMITED,
            M_(
                "A camera was found but it sent no picture within the {limit}; another "
                "program may be using it.",
                limit=cite(limits.frame_timeout),
            ),
            values,
        )
    size = _size(facts.width, facts.height)
    if (facts.width or 0) < limits.minimum_width.value or (
        facts.height or 0
    ) < limits.minimum_height.value:
        return result(
            "device.camera",
            CheckStatus.LIMITED,
            M_(
                "The camera works but its picture is {size}, smaller than the {limit}.",
                size=size,
                limit=cite(limits.minimum_width),
            ),
            values,
        )
    return result(
        "device.camera",
        CheckStatus.GOOD,
        M_(
            "The camera works and sends pictures of {size}, at least the {limit}.",
            size=size,
            limit=cite(limits.minimum_width),
        ),
        values,
    )


@dataclass(frozen=True)
class MicrophoneFacts:
    devices: int
    permission: Permission = Permission.GRANTED
    opened: bool = False
    bytes_read: int = 0
    level: AudioLevel | None = None


def classify_microphone(t: Thresholds, facts: MicrophoneFacts) -> CheckResult:
    """Microphone present, opening, and sending sound rather than digital silence."""
    limit = t.device.microphone.speech_peak
    if facts.permission is Permission.DENIED:
        return _blocked("device.microphone")
    peak = round(facts.level.peak_dbfs, 1) if facts.level else None
    values = {"microphones": (facts.devices, ""), "peak": (peak, "dBFS")}
    if facts.devices == 0:
        return result(
            "device.microphone",
            CheckStatus.MISSING,
            M_("No microphone was found; calls need a built-in, USB or headset microphone."),
            values,
        )
    if not facts.opened or facts.bytes_read == 0 or facts.level is None:
        return result(
            "device.microphone",
            CheckStatus.LIMITED,
            M_("A microphone was found but it sent no sound; another program may be using it."),
            values,
        )
    if facts.level.peak == 0:
        return result(
            "device.microphone",
            CheckStatus.LIMITED,
            M_(
                "The microphone sends only silence; it may be muted by a switch or in the settings."
            ),
            values,
        )
    if facts.level.peak_dbfs >= limit.value:
        reason = M_(
            "The microphone works and picked up sound at {peak} dBFS, above the {limit}.",
            peak=peak or 0,
            limit=cite(limit),
        )
    else:
        reason = M_(
            "The microphone works; it is quiet now ({peak} dBFS), so ask the person to speak "
            "and watch the level bar pass the {limit}.",
            peak=peak or 0,
            limit=cite(limit),
        )
    return result("device.microphone", CheckStatus.GOOD, reason, values)


def classify_speaker(devices: int, heard: bool | None, error: str | None = None) -> CheckResult:
    """Speaker present, and whether the worker heard the test tone."""
    values = {"speakers": (devices, ""), "tone_heard": (heard, "")}
    if devices == 0:
        status, reason = (
            CheckStatus.MISSING,
            M_("No speaker or headphones were found; calls need a way to hear the other person."),
        )
    elif error is not None:
        status, reason = (
            CheckStatus.LIMITED,
            M_("A speaker was found but the test tone could not be played through it."),
        )
    elif heard is None:
        status, reason = (
            CheckStatus.UNKNOWN,
            M_("A speaker was found; play the test tone and say whether you heard it."),
        )
    elif heard:
        status, reason = CheckStatus.GOOD, M_("The speaker works: the test tone was heard.")
    else:
        status, reason = (
            CheckStatus.LIMITED,
            M_("A speaker was found but the test tone was not heard; check the volume and mute."),
        )
    return result("device.speaker", status, reason, values)


@dataclass(frozen=True)
class DisplayFacts:
    screens: int
    width: int = 0
    height: int = 0
    scale: float = 1.0
    diagonal_in: float | None = None
    headless: bool = False


def classify_display(t: Thresholds, facts: DisplayFacts) -> CheckResult:
    """Screen size (in the pixels apps lay out with, after scaling) and the scaling factor."""
    limits = t.device.display
    if facts.headless:
        return unknown(
            "device.display",
            M_("No real screen is attached, so the display could not be checked."),
        )
    values = {
        "screens": (facts.screens, ""),
        "width": (facts.width, "px"),
        "height": (facts.height, "px"),
        "scaling": (round(facts.scale * 100), "%"),
        "diagonal": (facts.diagonal_in, "in"),
    }
    if facts.screens == 0:
        return result("device.display", CheckStatus.MISSING, M_("No screen was found."), values)
    if facts.scale != 1:
        screen = M_(
            "{width} x {height} at {scaling} scaling",
            width=facts.width,
            height=facts.height,
            scaling=M_("{value}%", value=round(facts.scale * 100)),
        )
    else:
        screen = M_("{width} x {height}", width=facts.width, height=facts.height)
    minimum: dict[str, MessageArg] = {
        "screen": screen,
        "width": limits.minimum_width.value,
        "height": limits.minimum_height.value,
        "source": limits.minimum_width.source,
    }
    if facts.width < limits.minimum_width.value or facts.height < limits.minimum_height.value:
        return result(
            "device.display",
            CheckStatus.LIMITED,
            M_(
                "The screen shows {screen}, smaller than the {width} x {height} minimum "
                "(source: {source}); a lower scaling setting may help.",
                **minimum,
            ),
            values,
        )
    return result(
        "device.display",
        CheckStatus.GOOD,
        M_(
            "The screen shows {screen}, at least the {width} x {height} minimum "
            "(source: {source}).",
            **minimum,
        ),
        values,
    )


MEDIA_CHECKS = (
    ("device.display", N_("Display")),
    ("device.camera", N_("Camera")),
    ("device.microphone", N_("Microphone")),
    ("device.speaker", N_("Speaker")),
)
"""The checks that need Qt, in display order: (id, title; titles are msgids, shown with ``_``)."""
_APP_ONLY = {
    "device.display": N_("The display is checked only in the app, not from the command line."),
    "device.camera": N_("The camera is checked only in the app, not from the command line."),
    "device.microphone": N_(
        "The microphone is checked only in the app, not from the command line."
    ),
    "device.speaker": N_("The speaker is checked only in the app, not from the command line."),
}


@dataclass(frozen=True)
class HeadlessMediaCheck:
    """Stands in for a Qt media probe where there is no app (CLI, CI): reports ``unknown``."""

    id: str
    title: str
    timeout_s: float = 1.0

    def run(self, progress: Progress, cancel: CancelToken) -> CheckResult:  # noqa: ARG002
        wording = _APP_ONLY.get(
            self.id, N_("This is checked only in the app, not from the command line.")
        )
        return unknown(self.id, Message(wording))


def headless_media_checks() -> list[HeadlessMediaCheck]:
    """Stand-ins for the display, camera, microphone and speaker probes."""
    return [HeadlessMediaCheck(check_id, title) for check_id, title in MEDIA_CHECKS]
