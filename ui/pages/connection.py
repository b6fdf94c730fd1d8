"""The intake's connection page: a live speed test, verdicts per use, the last result, hand entry.

The test runs on the ``TaskRunner`` (never on the GUI thread). Live readings go
from the worker into a thread-safe queue that a timer drains into the graph ten
times a second; Cancel asks the test to stop and it does within a second. A
finished test is saved through ``save_result`` (a cancelled one never; one that
could not measure only when nothing with figures is saved for this intake). The
progress bar shows only while a test runs, the graph only once it has readings.

When the test cannot measure (offline, captive portal, ...), the page says in one
plain sentence what happened and what to do, shows the person's last measured
result with its age, and puts the form for figures from another test in view. The
figures typed there are saved as they are typed (after a short pause, and at once
when a box or the page is left), marked as entered by hand. The page is built from
what the intake saved (``saved``), so reopening it shows the same.

Constructor::

    ConnectionPage(
        runner,        # ui.tasks.TaskRunner
        run_test,      # (progress, cancel, on_sample) -> ConnectionResult, e.g.
                       #   functools.partial(check_connection, ConnectionSettings(...))
        save_result,   # Callable[[CheckResult], None], called on the GUI thread
        last_result,   # Callable[[], CheckResult | None]: the person's latest
                       #   "connection.bandwidth" result with figures, or None
        *, saved=None,  # this intake's saved "connection.bandwidth" result
        thresholds=None, clock=utc_now, parent=None,
    )
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
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
from readiness.model import CheckResult, utc_now
from readiness.progress import CancelToken, Progress

from ..language import _, error_text, render, translator
from ..tasks import TaskHandle, TaskRunner
from ..widgets.scroll import keep_focus_in_view
from .connection_graph import SpeedGraph
from .connection_status import failure_sentence
from .connection_widgets import ManualEntryForm, VerdictBox

if TYPE_CHECKING:
    from readiness.thresholds import Thresholds

RunTest = Callable[[Progress, CancelToken, SampleSink], ConnectionResult]


class ConnectionPage(QWidget):
    """Runs the connection test and shows its verdicts; see the module docstring."""

    def __init__(
        self,
        runner: TaskRunner,
        run_test: RunTest,
        save_result: Callable[[CheckResult], None],
        last_result: Callable[[], CheckResult | None],
        *,
        saved: CheckResult | None = None,
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
        self._declined = False
        self._status = ""
        self.result: ConnectionResult | None = None
        """The result shown (with its figures and verdicts), if any."""
        self.saved: ConnectionResult | None = None
        """What this intake has saved (a test, figures entered by hand, or a failed test)."""
        self._drain_timer = QTimer(self)
        self._drain_timer.setInterval(100)
        self._drain_timer.timeout.connect(self._drain)

        content = QWidget()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(content)
        keep_focus_in_view(self.scroll_area)
        self.scroll_area.verticalScrollBar().rangeChanged.connect(self._keep_typing_in_view)
        self.scroll_area.setAccessibleName(_("Connection test page"))
        QVBoxLayout(self).addWidget(self.scroll_area)
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
        self.progress.setVisible(False)  # only while a test runs; its room stays, so the
        keep_room = self.progress.sizePolicy()  # buttons keep their size
        keep_room.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(keep_room)
        controls.addWidget(self.start_button)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.progress, 1)
        layout.addLayout(controls)
        self.status_label = self._label(_("Connection test status"))
        layout.addWidget(self.status_label)
        self.graph = SpeedGraph()
        self.graph.setVisible(False)  # until the first reading: never an empty chart
        layout.addWidget(self.graph)
        self.figures_label = self._label(_("Measured figures"))
        self.summary_label = self._label(_("Connection summary"))
        layout.addWidget(self.figures_label)
        layout.addWidget(self.summary_label)
        self.verdict_box = VerdictBox()
        layout.addWidget(self.verdict_box)
        self.last_label = self._label(_("Last connection result"))
        layout.addWidget(self.last_label)
        self.manual = ManualEntryForm()
        self.manual.edited.connect(self.save_manual)
        layout.addWidget(self.manual)
        layout.addStretch(1)
        self._show_saved(from_check_result(saved) if saved is not None else None)

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

    def _show_saved(self, saved: ConnectionResult | None) -> None:
        """Show what this intake saved before (the page is rebuilt from it on reopening)."""
        self.saved = saved
        if saved is None:
            self._set_status(_("The connection has not been tested yet."))
        elif not saved.status.measured:
            self._set_status(failure_sentence(saved.status))
        elif saved.manual:
            self.manual.show_figures(saved)
            self._set_status(_("Figures entered by hand are saved for this intake."))
        else:
            self.start_button.setText(_("Test again"))
            self._set_status(
                _("Tested {age}.").format(
                    age=render(describe_age(saved.measured_at, self._clock()))
                )
            )
        if saved is not None and saved.status.measured:
            self.show_result(saved)
        else:
            self._clear_result()
        self.show_last_result()

    def _set_status(self, text: str) -> None:
        """Say how things stand (kept, so it comes back when a declined test is allowed)."""
        self._status = text
        self.status_label.setToolTip("")  # details of an earlier failure no longer apply
        if not self._declined:
            self.status_label.setText(text)

    # -- running --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._handle is not None

    def set_declined(self, declined: bool, message: str = "") -> None:
        """Turn the test off (the person declined it, ``message`` says so) or back on."""
        self._declined = declined
        if declined:
            self.cancel()
        self.status_label.setText(message if declined else self._status)
        self.start_button.setEnabled(not declined and self._handle is None)

    def start(self) -> None:
        """Start a test (nothing happens if one is running or the person declined it)."""
        if self._handle is not None or self._declined:
            return
        self.manual.flush()
        self.graph.clear()
        self.graph.setVisible(False)
        self._samples.clear()
        self._started = time.monotonic()
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self._set_status(_("Checking the network…"))
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
            self._set_status(_("Stopping the test…"))

    def _on_progress(self, fraction: float | None, message: str) -> None:
        if fraction is not None:
            self.progress.setValue(round(fraction * 100))
        if self.cancel_button.isEnabled():
            self._set_status(message)

    def _drain(self) -> None:
        while self._samples:
            stamp, sample = self._samples.popleft()
            self.graph.add(stamp - self._started, sample)
        self.graph.setVisible(self.graph.has_data)

    def _end(self) -> None:
        self._drain()
        self._drain_timer.stop()
        self._handle = None
        self.progress.setVisible(False)
        self.progress.setValue(0)
        self.start_button.setEnabled(not self._declined)
        self.start_button.setText(_("Test again"))
        self.cancel_button.setEnabled(False)

    def _finished(self, result: ConnectionResult) -> None:
        self._end()
        if result.status is ConnectionStatus.CANCELLED:
            self._set_status(_("The test was cancelled; nothing was saved."))
            return
        if not result.status.measured:
            self._could_not_measure(result)
            return
        replaced_manual = self.saved is not None and self.saved.manual
        verdicts = self.show_result(result)
        self._save(to_check_result(result, verdicts))
        self.saved = result
        self._set_status(render(result.message))
        self.show_last_result()
        if replaced_manual:
            self.manual.show_figures(None)
            self.manual.message.setText(
                _("The new test result replaced the figures entered by hand.")
            )

    def _could_not_measure(self, result: ConnectionResult) -> None:
        """Say in one sentence what happened and what to do; keep figures saved before."""
        text = failure_sentence(result.status)
        if self.saved is not None and self.saved.status.measured:
            text = " ".join((text, _("The figures saved before are kept.")))
        else:  # "offline at this intake" is a fact worth keeping
            self._save(to_check_result(result, evaluate(result, self._thresholds, translator())))
            self.saved = result
            self._clear_result()
        self._set_status(text)
        self.status_label.setToolTip(render(result.message))  # the details, for who asks
        self.show_last_result()
        self._bring_manual_entry_into_view()

    def _failed(self, error: BaseException) -> None:
        self._end()
        self._set_status(failure_sentence(ConnectionStatus.ERROR))
        self.status_label.setToolTip(type(error).__name__)
        self._bring_manual_entry_into_view()

    def _bring_manual_entry_into_view(self, *, always: bool = False) -> None:
        """Scroll to the form for figures from another test and put the keyboard there
        (unless, after a test, the worker is busy elsewhere in the window)."""
        first = self.manual.first_empty()
        self.scroll_area.ensureWidgetVisible(self.status_label)  # what happened, and then
        self.scroll_area.ensureWidgetVisible(first)  # where to type, both when they fit
        focused = self.window().focusWidget()
        if always or focused is None or self.isAncestorOf(focused) or not focused.isEnabled():
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_start(self) -> None:
        """Where the keyboard goes when the step opens: the form for figures by hand when
        the test could not measure here, else the Test button."""
        if self.saved is not None and not self.saved.status.measured:
            self._bring_manual_entry_into_view(always=True)
        elif self.start_button.isEnabled():
            self.start_button.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.manual.first_empty().setFocus(Qt.FocusReason.TabFocusReason)

    # -- showing --------------------------------------------------------------------

    def _clear_result(self) -> None:
        """No figures to show: no figures line, no verdicts (a failed test repeats nothing)."""
        self.result = None
        self.figures_label.clear()
        self.summary_label.clear()
        for widget in (self.figures_label, self.summary_label, self.verdict_box):
            widget.setVisible(False)

    def show_result(self, result: ConnectionResult) -> tuple[UseVerdict, ...]:
        """Show ``result``'s figures and verdicts; returns the verdicts."""
        self.result = result
        verdicts = evaluate(result, self._thresholds, translator())
        figures = render(figures_message(result))
        marker = _(" (entered by hand)") if result.manual else ""
        self.figures_label.setText((figures[:1].upper() + figures[1:] + marker) if figures else "")
        self.summary_label.setText(render(summary_message(verdicts)))
        for widget in (self.figures_label, self.summary_label, self.verdict_box):
            widget.setVisible(True)
        self.verdict_box.show_verdicts(verdicts)
        return verdicts

    def show_last_result(self) -> None:
        """Show the person's last measured result with its age, unless the page shows a
        test it just made (then it is the same one)."""
        stored = self._last_result()
        last = from_check_result(stored) if stored is not None else None
        shown = self.result
        self.last_label.setVisible(shown is None or shown.manual)
        if last is None or not last.status.measured:
            self.last_label.setText(_("No earlier connection result is saved."))
            return
        age = render(describe_age(last.measured_at, self._clock()))
        marker = _(" (entered by hand)") if last.manual else ""
        self.last_label.setText(
            _("Last measured {age}: {figures}.").format(
                age=age, figures=render(figures_message(last))
            )
            + marker
            + " "
            + render(summary_message(evaluate(last, self._thresholds, translator())))
        )

    def save_manual(self) -> None:
        """Save the figures typed in, as they are now, as a result marked ``manual``."""
        form = self.manual
        try:
            figures = form.figures()
        except ValueError as exc:
            form.message.setText(str(exc))
            return
        if all(value is None for value in figures.values()):
            kept = self.saved is not None and self.saved.manual
            form.message.setText(
                _("Every box is empty, so nothing new was saved; the earlier figures are kept.")
                if kept
                else _("Nothing is saved until a figure is typed.")
            )
            return
        try:
            result = manual_result(**figures, note=form.note.text(), measured_at=self._clock())
            verdicts = evaluate(result, self._thresholds, translator())
            self._save(to_check_result(result, verdicts))
        except ReadinessError as exc:
            form.message.setText(error_text(exc))
            return
        self.saved = result
        self.show_result(result)
        self.show_last_result()
        self._set_status(_("Figures entered by hand are saved for this intake."))
        form.message.setText(_("Saved."))

    def _keep_typing_in_view(self, *_range: int) -> None:
        """The page grew (verdicts shown above the form move it down): keep the box being
        typed in where the worker sees it."""
        focused = self.window().focusWidget()
        if focused is not None and self.manual.isAncestorOf(focused):
            self.scroll_area.ensureWidgetVisible(focused)

    def hideEvent(self, event: QHideEvent) -> None:
        self.manual.flush()  # the step is left: what is typed is saved now
        super().hideEvent(event)

    def shutdown(self) -> None:
        """Save what is typed and cancel a running test (the page is left, the intake
        paused or the window closed)."""
        self.manual.flush()
        self.cancel()
