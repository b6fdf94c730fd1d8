"""Live media controls for the checks page: a microphone level meter and a speaker test tone.

Both live on the GUI thread and report through signals. The level maths and the
tone samples come from ``readiness.checks.media``; these classes only move bytes
between Qt Multimedia and those functions. With no device they say so (``start``
and ``play`` return False) instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QTimer, Signal
from PySide6.QtMultimedia import (
    QAudio,
    QAudioFormat,
    QAudioSink,
    QAudioSource,
    QMediaDevices,
    QtAudio,
)

from readiness.checks.media import SampleFormat, pcm_level, tone_pcm

_SAMPLE_FORMATS = {
    QAudioFormat.SampleFormat.UInt8: SampleFormat.UINT8,
    QAudioFormat.SampleFormat.Int16: SampleFormat.INT16,
    QAudioFormat.SampleFormat.Int32: SampleFormat.INT32,
    QAudioFormat.SampleFormat.Float: SampleFormat.FLOAT,
}
TONE_RATE = 48000


def _default_first(devices: Sequence[Any]) -> Any:
    return next((d for d in devices if d.isDefault()), devices[0])


class LevelMeter(QObject):
    """Reads the default microphone every 50 ms and emits its peak level.

    Signals:
        level(peak: float in 0..1, peak_dbfs: float)
    """

    level = Signal(float, float)

    def __init__(
        self,
        devices: Callable[[], Sequence[Any]] = QMediaDevices.audioInputs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._devices = devices
        self._source: QAudioSource | None = None
        self._stream: QIODevice | None = None
        self._format = SampleFormat.INT16
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._read)

    @property
    def running(self) -> bool:
        return self._source is not None

    def start(self) -> bool:
        """Start metering; False when there is no microphone or it cannot be opened."""
        self.stop()
        devices = list(self._devices())
        if not devices:
            return False
        device = _default_first(devices)
        audio_format = device.preferredFormat()
        sample_format = _SAMPLE_FORMATS.get(audio_format.sampleFormat())
        if sample_format is None:
            return False
        source = QAudioSource(device, audio_format, self)
        stream = source.start()
        if stream is None:
            source.deleteLater()
            return False
        self._source, self._stream, self._format = source, stream, sample_format
        self._timer.start()
        return True

    def stop(self) -> None:
        self._timer.stop()
        if self._source is not None:
            self._source.stop()
            self._source.deleteLater()
        self._source = self._stream = None

    def _read(self) -> None:
        if self._stream is None:
            return
        data = bytes(self._stream.readAll().data())
        if data:
            measured = pcm_level(data, self._format)
            self.level.emit(measured.peak, measured.peak_dbfs)


class TonePlayer(QObject):
    """Plays a one-second 440 Hz tone on the default speaker for the worker to confirm.

    Signals:
        finished()  the tone has been played
        failed(str)  it could not be played (plain sentence)
    """

    finished = Signal()
    failed = Signal(str)

    def __init__(
        self,
        devices: Callable[[], Sequence[Any]] = QMediaDevices.audioOutputs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._devices = devices
        self._sink: QAudioSink | None = None
        self._buffer: QBuffer | None = None

    def device_count(self) -> int:
        return len(self._devices())

    def play(self) -> bool:
        """Start the tone; False when there is no speaker."""
        self.stop()
        devices = list(self._devices())
        if not devices:
            return False
        audio_format = QAudioFormat()
        audio_format.setSampleRate(TONE_RATE)
        audio_format.setChannelCount(1)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        device = _default_first(devices)
        if not device.isFormatSupported(audio_format):
            self.failed.emit("The speaker cannot play the test tone's sound format.")
            return False
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(tone_pcm(sample_rate=TONE_RATE)))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = QAudioSink(device, audio_format, self)
        self._sink.stateChanged.connect(self._on_state)
        self._sink.start(self._buffer)
        return True

    def stop(self) -> None:
        if self._sink is not None:
            self._sink.stateChanged.disconnect(self._on_state)
            self._sink.stop()
            self._sink.deleteLater()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._sink = self._buffer = None

    def _on_state(self, state: QAudio.State) -> None:
        if self._sink is None:
            return
        if state == QAudio.State.IdleState:
            self.stop()
            self.finished.emit()
        elif state == QAudio.State.StoppedState and self._sink.error() != QtAudio.Error.NoError:
            self.stop()
            self.failed.emit("The test tone could not be played through the speaker.")


class CameraPreview(QObject):
    """Shows the default camera in a ``QVideoWidget`` while started (GUI thread).

    Signals:
        failed(str)  the camera could not be shown (plain sentence)
    """

    failed = Signal(str)

    def __init__(
        self,
        devices: Callable[[], Sequence[Any]] = QMediaDevices.videoInputs,
        parent: QObject | None = None,
    ) -> None:
        from PySide6.QtMultimediaWidgets import QVideoWidget

        super().__init__(parent)
        self._devices = devices
        self._camera: Any = None
        self._session: Any = None
        self.widget = QVideoWidget()
        self.widget.setAccessibleName("Camera preview")
        self.widget.setMinimumSize(200, 130)

    @property
    def running(self) -> bool:
        return self._camera is not None

    def start(self) -> bool:
        """Show the camera; False when there is none."""
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession

        self.stop()
        devices = list(self._devices())
        if not devices:
            return False
        self._camera = QCamera(_default_first(devices), self)
        self._camera.errorOccurred.connect(self._on_error)
        self._session = QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        self._session.setVideoOutput(self.widget)
        self._camera.start()
        return True

    def stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._session.setCamera(None)
            self._camera.deleteLater()
            self._session.deleteLater()
        self._camera = self._session = None

    def _on_error(self, _error: object, text: str) -> None:
        self.stop()
        self.failed.emit(f"The camera could not be shown ({text or 'camera error'}).")
