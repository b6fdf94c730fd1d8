"""The live camera, microphone and speaker tests of the device-checks page.

``MediaTests`` is the box under the check results: the camera button (the preview
itself is placed by the page, outside its scroll area), the microphone level meter
and the speaker test tone, whose "I heard it" / "I did not hear it" answer becomes
a new ``device.speaker`` result, given out by ``speaker_result``. Every control has
an accessible name, and the buttons wrap onto new rows when the text is large, so
nothing is cut off. ``MediaControls`` holds the live collaborators it drives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from readiness.checks.media import classify_speaker
from readiness.messages import N_

from ..language import _
from ..widgets.flow_layout import FlowLayout


@dataclass
class MediaControls:
    """The live media collaborators; ``ui.probes.live`` provides the real ones."""

    preview: Any  # CameraPreview: .widget, .start() -> bool, .stop(), .running, failed(str)
    meter: Any  # LevelMeter: .start() -> bool, .stop(), .running, level(float, float)
    tone: Any  # TonePlayer: .play() -> bool, .stop(), .device_count(), finished(), failed(str)


def default_media_controls() -> MediaControls:
    from ..probes.live import CameraPreview, LevelMeter, TonePlayer

    return MediaControls(CameraPreview(), LevelMeter(), TonePlayer())


class MediaTests(QGroupBox):
    """Camera preview button, microphone level meter and speaker tone; see the module docstring.

    ``camera_busy()`` says whether the camera check is running (the preview then waits).
    """

    speaker_result = Signal(object)
    """A new ``device.speaker`` ``CheckResult``: the worker's answer, or no speaker found."""

    def __init__(
        self,
        media: MediaControls | None,
        camera_busy: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._media = media or default_media_controls()
        self._camera_busy = camera_busy
        # Texts that change with the state, kept so retranslate() can re-apply them.
        self._camera_text = N_("Show camera")
        self._meter_text = N_("Start microphone meter")
        self._message: Callable[[], str] = lambda: ""

        outer = QVBoxLayout(self)
        cells = FlowLayout()
        outer.addLayout(cells)
        preview = self._media.preview
        self.camera_button = QPushButton()
        self.camera_button.clicked.connect(self.toggle_camera)
        preview.failed.connect(self._on_camera_failed)
        preview.widget.setMaximumSize(260, 160)
        cells.addWidget(self.camera_button)

        self.meter_button = QPushButton()
        self.meter_button.clicked.connect(self.toggle_meter)
        self.level_bar = QProgressBar()
        self.level_bar.setRange(0, 100)
        self.level_bar.setMinimumWidth(180)
        self._media.meter.level.connect(self._on_level)
        sound = QWidget(self)
        sound_column = QVBoxLayout(sound)
        sound_column.setContentsMargins(0, 0, 0, 0)
        meter_row = FlowLayout()
        meter_row.addWidget(self.meter_button)
        meter_row.addWidget(self.level_bar)
        sound_column.addLayout(meter_row)
        cells.addWidget(sound)

        self.tone_button = QPushButton()
        self.tone_button.clicked.connect(self.play_tone)
        self.heard_button = QPushButton()
        self.heard_button.clicked.connect(lambda: self.confirm_tone(heard=True))
        self.not_heard_button = QPushButton()
        self.not_heard_button.clicked.connect(lambda: self.confirm_tone(heard=False))
        for button in (self.heard_button, self.not_heard_button):
            button.setEnabled(False)
        self._media.tone.finished.connect(self._on_tone_finished)
        self._media.tone.failed.connect(self._on_tone_failed)
        tone_row = FlowLayout()
        for button in (self.tone_button, self.heard_button, self.not_heard_button):
            tone_row.addWidget(button)
        sound_column.addLayout(tone_row)
        sound_column.addStretch(1)
        self.message_label = QLabel("")
        self.message_label.setWordWrap(True)
        outer.addWidget(self.message_label)

    @property
    def preview_widget(self) -> QWidget:
        """The camera preview, for the page to place (shown only while the camera is on)."""
        widget: QWidget = self._media.preview.widget
        return widget

    def retranslate(self) -> None:
        """Re-apply every text in the current language."""
        self.setTitle(_("Camera, microphone and speaker"))
        self.setAccessibleName(_("Camera, microphone and speaker tests"))
        self.camera_button.setText(_(self._camera_text))
        self.camera_button.setAccessibleName(_("Show or hide the camera preview"))
        self.meter_button.setText(_(self._meter_text))
        self.meter_button.setAccessibleName(_("Start or stop the microphone level meter"))
        self.level_bar.setFormat(_("Microphone level %p%"))
        self.level_bar.setAccessibleName(_("Microphone level"))
        self.tone_button.setText(_("Play test tone"))
        self.tone_button.setAccessibleName(_("Play a test tone on the speaker"))
        self.heard_button.setText(_("I heard it"))
        self.heard_button.setAccessibleName(_("I heard the test tone"))
        self.not_heard_button.setText(_("I did not hear it"))
        self.not_heard_button.setAccessibleName(_("I did not hear the test tone"))
        self.message_label.setText(self._message())
        self.message_label.setAccessibleName(_("Camera, microphone and speaker messages"))

    def _set_message(self, text: Callable[[], str]) -> None:
        self._message = text
        self.message_label.setText(text())

    def _set_camera_text(self, text: str) -> None:
        self._camera_text = text
        self.camera_button.setText(_(text))

    def _set_meter_text(self, text: str) -> None:
        self._meter_text = text
        self.meter_button.setText(_(text))

    def free_camera(self) -> None:
        """Stop the preview so the camera check can have the camera to itself."""
        self._hide_camera()

    def _hide_camera(self) -> None:
        """Stop the preview and take it off the page (a stopped preview shows a still frame)."""
        self._media.preview.stop()
        self._media.preview.widget.hide()
        self._set_camera_text(N_("Show camera"))

    def shutdown(self) -> None:
        """Release the camera, microphone and speaker."""
        self._hide_camera()
        self._media.meter.stop()
        self._media.tone.stop()

    def toggle_camera(self) -> None:
        preview = self._media.preview
        if preview.running:
            self._hide_camera()
        elif self._camera_busy():
            self._set_message(lambda: _("Wait for the camera check to finish first."))
        elif preview.start():
            preview.widget.show()
            self._set_camera_text(N_("Hide camera"))
            self._set_message(lambda: "")
        else:
            self._set_message(lambda: _("No camera was found to show."))

    def _on_camera_failed(self, message: str) -> None:
        self._hide_camera()
        self._set_message(lambda: message)

    def toggle_meter(self) -> None:
        meter = self._media.meter
        if meter.running:
            meter.stop()
            self.level_bar.setValue(0)
            self._set_meter_text(N_("Start microphone meter"))
        elif meter.start():
            self._set_meter_text(N_("Stop microphone meter"))
            self._set_message(lambda: _("Ask the person to speak; the bar should move."))
        else:
            self._set_message(lambda: _("No microphone could be opened for the level meter."))

    def _on_level(self, peak: float, _peak_dbfs: float) -> None:
        self.level_bar.setValue(round(max(0.0, min(1.0, peak)) * 100))

    def play_tone(self) -> None:
        if self._media.tone.play():
            self._set_message(lambda: _("Playing a test tone…"))
            self._set_confirm_enabled(True)
        elif self._media.tone.device_count() == 0:
            self.speaker_result.emit(classify_speaker(0, heard=None))
            self._set_message(lambda: _("No speaker or headphones were found."))

    def _on_tone_finished(self) -> None:
        self._set_message(lambda: _("Did you hear the tone?"))

    def _on_tone_failed(self, message: str) -> None:
        self._set_confirm_enabled(False)
        self._set_message(lambda: message)
        self.speaker_result.emit(classify_speaker(self._media.tone.device_count(), None, message))

    def confirm_tone(self, *, heard: bool) -> None:
        """Give the worker's answer out as a new ``device.speaker`` result."""
        self._set_confirm_enabled(False)
        self.speaker_result.emit(classify_speaker(self._media.tone.device_count(), heard=heard))
        self._set_message(lambda: _("Thank you; the speaker result is saved."))

    def _set_confirm_enabled(self, enabled: bool) -> None:
        self.heard_button.setEnabled(enabled)
        self.not_heard_button.setEnabled(enabled)
