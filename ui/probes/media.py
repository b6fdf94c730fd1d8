"""Qt Multimedia probes for the display, camera, microphone and speaker checks.

Each probe implements the core's ``Check`` protocol: it gathers facts through Qt
and hands them to the ``classify_*`` functions in ``readiness.checks.media``, which
word the result. ``run`` is called on a worker thread (the task runner's pool or
the CLI's threads); the Qt objects it needs are created, driven by a local event
loop and destroyed inside that call, so nothing is shared across threads. The
device lists, permission checks and capture functions are constructor arguments,
so tests can fake them. With no display or devices (CI) the probes report
``missing`` or ``unknown`` and never crash.

Build the probes with ``qt_media_checks`` on the GUI thread, after the
``QGuiApplication`` exists: that first touch starts Qt's audio back end on the GUI
thread, where it must live.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QCameraPermission,
    QCoreApplication,
    QEventLoop,
    QMicrophonePermission,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtMultimedia import (
    QAudioDevice,
    QAudioFormat,
    QAudioSource,
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoSink,
)

from readiness.checks.base import Check
from readiness.checks.media import (
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
)
from readiness.messages import M_, N_
from readiness.model import CheckResult
from readiness.progress import CancelToken, Progress
from readiness.thresholds import Thresholds

HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
MIC_LISTEN_S = 0.6
_TICK_MS = 50

_SAMPLE_FORMATS = {
    QAudioFormat.SampleFormat.UInt8: SampleFormat.UINT8,
    QAudioFormat.SampleFormat.Int16: SampleFormat.INT16,
    QAudioFormat.SampleFormat.Int32: SampleFormat.INT32,
    QAudioFormat.SampleFormat.Float: SampleFormat.FLOAT,
}


def qt_permission(permission: QCameraPermission | QMicrophonePermission) -> Permission:
    """Whether the OS lets the app use the camera or microphone (always granted on Linux)."""
    app = QCoreApplication.instance()
    if app is None:
        return Permission.UNDETERMINED
    status = app.checkPermission(permission)
    if status == Qt.PermissionStatus.Denied:
        return Permission.DENIED
    if status == Qt.PermissionStatus.Granted:
        return Permission.GRANTED
    return Permission.UNDETERMINED


def _default_first(devices: Sequence[Any]) -> Any:
    return next((d for d in devices if d.isDefault()), devices[0])


def _run_loop(seconds: float, cancel: CancelToken, done: Callable[[], bool]) -> float:
    """Run a local event loop until ``done()``, cancel, or ``seconds``; return the time taken."""
    loop = QEventLoop()
    started = time.monotonic()
    timer = QTimer()
    timer.setInterval(_TICK_MS)

    def tick() -> None:
        if done() or cancel.cancelled or time.monotonic() - started >= seconds:
            loop.quit()

    timer.timeout.connect(tick)
    timer.start()
    if not done():
        loop.exec()
    timer.stop()
    return time.monotonic() - started


@dataclass(frozen=True)
class FrameReport:
    frames: int
    width: int | None
    height: int | None
    error: str | None
    waited_s: float


def capture_frames(device: QCameraDevice, seconds: float, cancel: CancelToken) -> FrameReport:
    """Start the camera and wait up to ``seconds`` for the first picture."""
    camera = QCamera(device)
    session = QMediaCaptureSession()
    sink = QVideoSink()
    session.setCamera(camera)
    session.setVideoSink(sink)
    seen: dict[str, Any] = {"frames": 0, "size": None, "error": None}

    def on_frame(frame: QVideoFrame) -> None:
        if frame.isValid():
            seen["frames"] += 1
            seen["size"] = frame.size()

    def on_error(_error: QCamera.Error, text: str) -> None:
        seen["error"] = text or "camera error"

    sink.videoFrameChanged.connect(on_frame)
    camera.errorOccurred.connect(on_error)
    camera.start()
    waited = _run_loop(seconds, cancel, lambda: seen["frames"] > 0 or seen["error"] is not None)
    camera.stop()
    cancel.raise_if_cancelled()
    size = seen["size"]
    return FrameReport(
        seen["frames"],
        size.width() if size else None,
        size.height() if size else None,
        seen["error"],
        waited,
    )


@dataclass(frozen=True)
class AudioReport:
    opened: bool
    bytes_read: int
    level: AudioLevel | None


def capture_audio(device: QAudioDevice, seconds: float, cancel: CancelToken) -> AudioReport:
    """Open the microphone, read for ``seconds`` and measure the level of what arrived."""
    audio_format = device.preferredFormat()
    sample_format = _SAMPLE_FORMATS.get(audio_format.sampleFormat())
    if sample_format is None:
        return AudioReport(False, 0, None)
    source = QAudioSource(device, audio_format)
    stream = source.start()
    if stream is None:
        return AudioReport(False, 0, None)
    chunks: list[bytes] = []

    def read() -> bool:
        chunks.append(bytes(stream.readAll().data()))
        return False

    _run_loop(seconds, cancel, read)
    read()
    source.stop()
    cancel.raise_if_cancelled()
    data = b"".join(chunks)
    return AudioReport(True, len(data), pcm_level(data, sample_format) if data else None)


class CameraProbe:
    """``device.camera``: a camera is present and sends a picture within the time budget."""

    id = "device.camera"
    title = N_("Camera")

    def __init__(
        self,
        thresholds: Thresholds,
        *,
        devices: Callable[[], Sequence[Any]] = QMediaDevices.videoInputs,
        permission: Callable[[], Permission] = lambda: qt_permission(QCameraPermission()),
        capture: Callable[[Any, float, CancelToken], FrameReport] = capture_frames,
    ) -> None:
        self._thresholds = thresholds
        self._devices = devices
        self._permission = permission
        self._capture = capture
        self.frame_timeout_s = thresholds.device.camera.frame_timeout.value
        self.timeout_s = self.frame_timeout_s + 1.5

    def run(self, progress: Progress, cancel: CancelToken) -> CheckResult:
        permission = self._permission()
        devices = list(self._devices())
        if permission is Permission.DENIED or not devices:
            return classify_camera(self._thresholds, CameraFacts(len(devices), permission))
        progress(None, M_("Waiting for a picture from the camera"))
        report = self._capture(_default_first(devices), self.frame_timeout_s, cancel)
        facts = CameraFacts(
            len(devices),
            permission,
            report.frames,
            report.width,
            report.height,
            report.error,
            report.waited_s,
        )
        return classify_camera(self._thresholds, facts)


class MicrophoneProbe:
    """``device.microphone``: a microphone is present, opens, and sends sound."""

    id = "device.microphone"
    title = N_("Microphone")
    timeout_s = 2.5

    def __init__(
        self,
        thresholds: Thresholds,
        *,
        devices: Callable[[], Sequence[Any]] = QMediaDevices.audioInputs,
        permission: Callable[[], Permission] = lambda: qt_permission(QMicrophonePermission()),
        capture: Callable[[Any, float, CancelToken], AudioReport] = capture_audio,
    ) -> None:
        self._thresholds = thresholds
        self._devices = devices
        self._permission = permission
        self._capture = capture

    def run(self, progress: Progress, cancel: CancelToken) -> CheckResult:
        permission = self._permission()
        devices = list(self._devices())
        if permission is Permission.DENIED or not devices:
            return classify_microphone(self._thresholds, MicrophoneFacts(len(devices), permission))
        progress(None, M_("Listening to the microphone"))
        report = self._capture(_default_first(devices), MIC_LISTEN_S, cancel)
        facts = MicrophoneFacts(
            len(devices), permission, report.opened, report.bytes_read, report.level
        )
        return classify_microphone(self._thresholds, facts)


class SpeakerProbe:
    """``device.speaker``: a speaker is present; the worker confirms the test tone on the page."""

    id = "device.speaker"
    title = N_("Speaker")
    timeout_s = 1.0

    def __init__(
        self, *, devices: Callable[[], Sequence[Any]] = QMediaDevices.audioOutputs
    ) -> None:
        self._devices = devices

    def run(self, progress: Progress, cancel: CancelToken) -> CheckResult:  # noqa: ARG002
        return classify_speaker(len(self._devices()), heard=None)


def _display_facts() -> DisplayFacts:
    app = QCoreApplication.instance()
    if not isinstance(app, QGuiApplication):
        return DisplayFacts(screens=0, headless=True)
    if QGuiApplication.platformName() in HEADLESS_PLATFORMS:
        return DisplayFacts(screens=len(QGuiApplication.screens()), headless=True)
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return DisplayFacts(screens=0)
    size, physical = screen.size(), screen.physicalSize()
    diagonal_mm = (physical.width() ** 2 + physical.height() ** 2) ** 0.5
    return DisplayFacts(
        screens=len(QGuiApplication.screens()),
        width=size.width(),
        height=size.height(),
        scale=screen.devicePixelRatio(),
        diagonal_in=round(diagonal_mm / 25.4, 1) if diagonal_mm > 0 else None,
    )


class DisplayProbe:
    """``device.display``: the primary screen's size (after scaling) and its scaling factor."""

    id = "device.display"
    title = N_("Display")
    timeout_s = 1.0

    def __init__(
        self, thresholds: Thresholds, *, facts: Callable[[], DisplayFacts] = _display_facts
    ) -> None:
        self._thresholds = thresholds
        self._facts = facts

    def run(self, progress: Progress, cancel: CancelToken) -> CheckResult:  # noqa: ARG002
        return classify_display(self._thresholds, self._facts())


def qt_media_checks(thresholds: Thresholds) -> list[Check]:
    """The display, camera, microphone and speaker probes. Call on the GUI thread."""
    # Start the audio and video back ends here, on the GUI thread, where they must live.
    QMediaDevices.audioOutputs()
    QMediaDevices.audioInputs()
    QMediaDevices.videoInputs()
    return [
        DisplayProbe(thresholds),
        CameraProbe(thresholds),
        MicrophoneProbe(thresholds),
        SpeakerProbe(),
    ]


def request_media_permissions(context: QObject, then: Callable[[], None]) -> None:
    """Ask for camera and microphone access where the OS has not decided yet, then call ``then``.

    On macOS (and other systems with runtime permissions) the first run would
    otherwise fail to open the devices; elsewhere both are granted and ``then``
    runs at once. The answers arrive on the GUI thread; ``then`` runs either way,
    and a refusal shows up in the probes' results as "blocked".
    """
    app = QCoreApplication.instance()
    pending: list[QCameraPermission | QMicrophonePermission] = []
    if app is not None:
        for permission in (QCameraPermission(), QMicrophonePermission()):
            if app.checkPermission(permission) == Qt.PermissionStatus.Undetermined:
                pending.append(permission)

    def ask_next(_answer: object = None) -> None:
        if app is not None and pending:
            app.requestPermission(pending.pop(), context, ask_next)
        else:
            then()

    ask_next()
