"""The intake's connection page: a live speed test, verdicts per use, the last result, hand entry.

The test runs on the ``TaskRunner`` (never on the GUI thread). Live readings go
from the worker into a thread-safe queue that a timer drains into the graph ten
times a second; Cancel asks the test to stop and it does within a second. Each
finished test is saved through ``save_result`` (except a cancelled one). When the
test cannot measure (offline, captive portal, ...), the page shows the last
measured result with its age and offers a form for figures from another test,
which are saved marked as entered by hand.

Constructor::

    ConnectionPage(
        runner,        # ui.tasks.TaskRunner
        run_test,      # (progress, cancel, on_sample) -> ConnectionResult, e.g.
                       #   functools.partial(check_connection, ConnectionSettings(...))
        save_result,   # Callable[[CheckResult], None], called on the GUI thread
        last_result,   # Callable[[], CheckResult | None]: the latest measured
                       #   "connection.bandwidth" result (any assessment), or None
        *, thresholds=None, clock=utc_now, parent=None,
    )
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from readiness.checks.connection import (
    ConnectionResult,
    ConnectionStatus,
    Level,
    SampleSink,
    SpeedSample,
    UseVerdict,
    describe_age,
    evaluate,
    figures_message,
    from_check_result,
    manual_result,
    summary_message,
    to_check_result,
)
from readiness.errors import ReadinessError
from readiness.messages import N_
from readiness.model import CheckResult, utc_now
from readiness.progress import CancelToken, Progress

from ..language import _, error_text, render, translator
from ..tasks import TaskHandle, TaskRunner
from ..widgets.scroll import keep_focus_in_view
from .connection_widgets import ManualEntryForm, SpeedGraph

if TYPE_CHECKING:
    from readiness.thresholds import Thresholds

RunTest = Callable[[Progress, CancelToken, SampleSink], ConnectionResult]

LEVEL_BADGES = {
    Level.READY: (N_("Ready"), "#1b5e20"),
    Level.DEGRADED: (N_("Degraded"), "#8a5300"),
    Level.NOT_READY: (N_("Not ready"), "#b71c1c"),
    Level.UNKNOWN: (N_("Unknown"), "#455a64"),
}
"""Badge text and background per verdict (white text, contrast at least 4.5:1)."""
INFO_BADGES = {Level.READY: N_("Meets"), Level.NOT_READY: N_("Below")}
"""Badge text for informational uses (the FCC benchmark is not a requirement)."""


class ConnectionPage(QWidget):
    """Runs the connection test and shows its verdicts; see the module docstring."""

    def __init__(
        self,
        runner: TaskRunner,
        run_test: RunTest,
        save_result: Callable[[CheckResult], None],
        last_result: Callable[[], CheckResult | None],
        *,
        thresholds: Thresholds | None = None,
        clock: Callable[[], datetime] = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if thresholds is None:
            from readiness.thresholds import load_thresholds

            thresholds = load_thresholds()
        self._runner, self._run_test, self._save = runner, run_test, save_result
        self._last_result, self._thresholds, self._clock = last_result, thresholds, clock
        self._handle: TaskHandle[ConnectionResult] | None = None
        self._samples: collections.deque[tuple[float, SpeedSample]] = collections.deque()
        self._started = 0.0
        self.result: ConnectionResult | None = None
        self._drain_timer = QTimer(self)
        self._drain_timer.setInterval(100)
        self._drain_timer.timeout.connect(self._drain)

        content = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        keep_focus_in_view(scroll)
        scroll.setAccessibleName(_("Connection test page"))
        QVBoxLayout(self).addWidget(scroll)
        layout = QVBoxLayout(content)
        title = _("Connection")
        heading = QLabel(f"<h2>{title}</h2>")
        heading.setAccessibleName(_("Connection test"))
        layout.addWidget(heading)
        controls = QHBoxLayout()
        self.start_button = self._button(_("Test the connection"), _("Start the connection test"))
        self.start_button.clicked.connect(self.start)
        self.cancel_button = self._button(_("Cancel"), _("Cancel the connection test"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(_("Progress of the connection test"))
        controls.addWidget(self.start_button)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.progress, 1)
        layout.addLayout(controls)
        self.status_label = self._label(_("Connection test status"))
        self.status_label.setText(_("The connection has not been tested yet."))
        layout.addWidget(self.status_label)
        self.graph = SpeedGraph()
        layout.addWidget(self.graph)
        self.figures_label = self._label(_("Measured figures"))
        self.summary_label = self._label(_("Connection summary"))
        layout.addWidget(self.figures_label)
        layout.addWidget(self.summary_label)
        self.verdict_box = QGroupBox(_("What this connection is good for"))
        self.verdict_box.setAccessibleName(_("Verdicts per use"))
        self._verdict_grid = QGridLayout(self.verdict_box)
        self._verdict_grid.setColumnStretch(0, 1)  # both texts wrap when the text is large
        self._verdict_grid.setColumnStretch(2, 2)
        self._verdict_rows: list[tuple[QLabel, QLabel, QLabel]] = []
        layout.addWidget(self.verdict_box)
        self.last_label = self._label(_("Last connection result"))
        layout.addWidget(self.last_label)
        self.manual = ManualEntryForm()
        self.manual.button.clicked.connect(self.save_manual)
        layout.addWidget(self.manual)
        layout.addStretch(1)
        self.show_last_result()

    # -- building -----------------------------------------------------------------

    @staticmethod
    def _button(text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        return button

    @staticmethod
    def _label(accessible: str) -> QLabel:
        label = QLabel("")
        label.setWordWrap(True)
        label.setAccessibleName(accessible)
        return label

    # -- running --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._handle is not None

    def set_declined(self, declined: bool, message: str = "") -> None:
        """Turn the test off (the person declined it) or back on."""
        self._declined = declined
        if declined:
            self.cancel()
            self.status_label.setText(message)
        self.start_button.setEnabled(not declined and self._handle is None)

    def start(self) -> None:
        """Start a test (nothing happens if one is running or the person declined it)."""
        if self._handle is not None or getattr(self, "_declined", False):
            return
        self.graph.clear()
        self._samples.clear()
        self._started = time.monotonic()
        self.progress.setValue(0)
        self.status_label.setText(_("Checking the network…"))
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        queue, run_test = self._samples, self._run_test

        def sink(sample: SpeedSample) -> None:  # on the worker thread: only the queue
            queue.append((time.monotonic(), sample))

        def work(progress: Progress, cancel: CancelToken) -> ConnectionResult:
            return run_test(progress, cancel, sink)

        self._handle = self._runner.start(
            work, on_done=self._finished, on_error=self._failed, on_progress=self._on_progress
        )
        self._drain_timer.start()

    def cancel(self) -> None:
        """Ask the running test to stop; it reports back within a second."""
        if self._handle is not None:
            self._handle.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(_("Stopping the test…"))

    def _on_progress(self, fraction: float | None, message: str) -> None:
        if fraction is not None:
            self.progress.setValue(round(fraction * 100))
        if self.cancel_button.isEnabled():
            self.status_label.setText(message)

    def _drain(self) -> None:
        while self._samples:
            stamp, sample = self._samples.popleft()
            self.graph.add(stamp - self._started, sample)

    def _end(self) -> None:
        self._drain()
        self._drain_timer.stop()
        self._handle = None
        self.start_button.setEnabled(not getattr(self, "_declined", False))
        self.start_button.setText(_("Test again"))
        self.cancel_button.setEnabled(False)

    def _finished(self, result: ConnectionResult) -> None:
        self._end()
        if result.status is ConnectionStatus.CANCELLED:
            self.status_label.setText(_("The test was cancelled; nothing was saved."))
            return
        self.progress.setValue(100)
        verdicts = self.show_result(result)
        self._save(to_check_result(result, verdicts))
        self.status_label.setText(render(result.message))
        if not result.status.measured:
            self.show_last_result()

    def _failed(self, error: BaseException) -> None:
        self._end()
        self.status_label.setText(
            _("The test could not run ({error}).").format(error=type(error).__name__)
        )

    # -- showing --------------------------------------------------------------------

    def show_result(self, result: ConnectionResult) -> tuple[UseVerdict, ...]:
        """Show ``result``'s figures and verdicts; returns the verdicts."""
        self.result = result
        verdicts = evaluate(result, self._thresholds, translator())
        figures = render(figures_message(result))
        marker = _(" (entered by hand)") if result.manual else ""
        self.figures_label.setText((figures[:1].upper() + figures[1:] + marker) if figures else "")
        self.summary_label.setText(render(summary_message(verdicts)))
        for row in self._verdict_rows:
            for widget in row:
                widget.deleteLater()
        self._verdict_rows = []
        for index, verdict in enumerate(verdicts):
            text, colour = LEVEL_BADGES[verdict.level]
            if verdict.informational and verdict.level in INFO_BADGES:
                text = INFO_BADGES[verdict.level]
            title = QLabel(verdict.title)
            title.setWordWrap(True)
            badge = QLabel(_(text))
            badge.setStyleSheet(
                f"QLabel {{ background: {colour}; color: white; border-radius: 4px; "
                "padding: 2px 8px; }"
            )
            badge.setAccessibleName(f"{verdict.title}: {_(text)}")
            reasons = QLabel(" ".join(verdict.reasons))
            reasons.setWordWrap(True)
            reasons.setAccessibleName(_("Reasons for {use}").format(use=verdict.title))
            title.setAccessibleName(verdict.title)
            for column, widget in enumerate((title, badge, reasons)):
                self._verdict_grid.addWidget(widget, index, column)
            self._verdict_rows.append((title, badge, reasons))
        return verdicts

    def show_last_result(self) -> None:
        """Show the last measured result with its age (or say there is none)."""
        stored = self._last_result()
        last = from_check_result(stored) if stored is not None else None
        if last is None or not last.status.measured:
            self.last_label.setText(_("No earlier connection result is saved."))
            return
        age = render(describe_age(last.measured_at, self._clock()))
        how = _("entered by hand") if last.manual else last.backend
        self.last_label.setText(
            _("Last result ({age}, {how}): {figures}.").format(
                age=age, how=how, figures=render(figures_message(last))
            )
        )

    def save_manual(self) -> None:
        """Save the hand-entered figures as a result marked ``manual``."""
        form = self.manual
        try:
            result = manual_result(
                download_mbps=form.fields["download_mbps"].value(),
                upload_mbps=form.fields["upload_mbps"].value(),
                rtt_ms=form.value("rtt_ms"),
                jitter_ms=form.value("jitter_ms"),
                loss_pct=form.value("loss_pct"),
                note=form.note.text(),
                measured_at=self._clock(),
            )
        except ReadinessError as exc:
            form.message.setText(error_text(exc))
            return
        verdicts = self.show_result(result)
        self._save(to_check_result(result, verdicts))
        form.message.setText(_("Saved, marked as entered by hand."))

    def shutdown(self) -> None:
        """Cancel a running test (call when the page is left or the window closes)."""
        self.cancel()
