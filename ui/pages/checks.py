"""The intake's device-checks page: every check with its badge and reason, plus live media tests.

Each check runs as its own task on the ``TaskRunner`` (never on the GUI thread),
with its own deadline; its result is shown and handed to ``save_result`` the moment
it arrives. The lower part holds the live camera, microphone and speaker tests
(``media_controls.MediaTests``), whose speaker answer is saved the same way. Status
badges carry text and colour, never colour alone, and every control has an
accessible name. The page scrolls (the camera preview, shown only while the camera
is on, stays under it), so nothing is cut off when the text is large.

Constructor::

    ChecksPage(
        runner,          # ui.tasks.TaskRunner that runs the checks
        checks,          # list of readiness Check objects, e.g.
                         #   device_checks(thresholds, media_checks=qt_media_checks(thresholds))
        save_result,     # Callable[[CheckResult], None], called on the GUI thread per result
        *,
        media=None,      # MediaControls (preview, meter, tone); real Qt ones by default
        request_permissions=None,  # (context, then) -> None; asks for camera/mic access
                                   # first where the OS has not decided (macOS)
        parent=None,
    )

``run()`` starts (or restarts) the checks; ``cancel()`` stops them; ``shutdown()``
also stops the camera, meter and tone (call it when the page is left).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.checks.base import Check, crashed, run_safely
from readiness.checks.runner import check_timeout, timed_out
from readiness.messages import N_, plain
from readiness.model import CheckResult, CheckStatus, utc_now
from readiness.progress import CancelToken, Progress

from ..language import _, ngettext, reason_text
from ..tasks import TaskHandle, TaskRunner
from ..widgets.check_row import CheckRow
from ..widgets.scroll import scrolling
from .media_controls import MediaControls, MediaTests

STARTED = "started"
"""Progress message a check's task sends first, so its deadline starts when it really runs."""

PermissionRequester = Callable[[QObject, Callable[[], None]], None]
"""Asks the OS for camera and microphone access if needed, then calls the callback."""


class ChecksPage(QWidget):
    """Runs the device checks and shows their results; see the module docstring."""

    def __init__(
        self,
        runner: TaskRunner,
        checks: Sequence[Check],
        save_result: Callable[[CheckResult], None],
        *,
        media: MediaControls | None = None,
        request_permissions: PermissionRequester | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if request_permissions is None:
            from ..probes.media import request_media_permissions

            request_permissions = request_media_permissions
        self._request_permissions = request_permissions
        self._runner = runner
        self._checks = list(checks)
        self._save = save_result
        self._handles: dict[str, TaskHandle[CheckResult]] = {}
        self._timers: dict[str, QTimer] = {}
        self._results: dict[str, CheckResult] = {}
        self._generation = 0
        # Texts that change with the page's state, kept so retranslate() can re-apply them.
        self._run_text = N_("Run checks")
        self._status_text: Callable[[], str] = lambda: _("The checks have not run yet.")

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        layout.addWidget(self.heading)

        controls = QHBoxLayout()
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, max(1, len(self._checks)))
        self.progress.setValue(0)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        controls.addWidget(self.run_button)
        controls.addWidget(self.cancel_button)
        controls.addStretch(1)
        layout.addLayout(controls)
        layout.addWidget(self.progress)  # a line of its own: its words stay whole
        layout.addWidget(self.status_label)

        self.results_table = QWidget()
        grid = QGridLayout(self.results_table)
        grid.setColumnStretch(2, 1)
        self._rows = {check.id: CheckRow(check, grid, i) for i, check in enumerate(self._checks)}
        layout.addWidget(self.results_table)
        self.media_tests = MediaTests(media, camera_busy=lambda: "device.camera" in self._handles)
        self.media_tests.speaker_result.connect(lambda outcome: self._show(outcome, save=True))
        layout.addWidget(self.media_tests)
        layout.addStretch(1)
        # The page scrolls as a whole, so every result row stays readable at large text
        # sizes (a list scrolling on its own shrank to a row and a half). The camera
        # preview sits under it, shown only while the camera is on: a video widget in a
        # scroll area would make Qt give the page native windows.
        self.results_area = scrolling(body)
        page = QVBoxLayout(self)
        page.addWidget(self.results_area, 1)
        preview = self.media_tests.preview_widget
        preview.hide()
        page.addWidget(preview, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def retranslate(self) -> None:
        """Re-apply every text in the current language."""
        self.heading.setText("<h2>" + _("This computer") + "</h2>")
        self.heading.setAccessibleName(_("Device checks"))
        self.run_button.setText(_(self._run_text))
        self.run_button.setAccessibleName(_("Run the device checks"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel the device checks"))
        self.progress.setFormat(_("%v of %m checks done"))
        self.progress.setAccessibleName(_("Progress of the device checks"))
        self.status_label.setText(self._status_text())
        self.status_label.setAccessibleName(_("Device checks status"))
        for row in self._rows.values():
            row.retranslate()
        self.results_area.setAccessibleName(_("Device check results"))
        self.media_tests.retranslate()

    def _set_status(self, text: Callable[[], str]) -> None:
        self._status_text = text
        self.status_label.setText(text())

    def _set_run_text(self, text: str) -> None:
        self._run_text = text
        self.run_button.setText(_(text))

    # -- running checks ---------------------------------------------------------------

    @property
    def running(self) -> bool:
        return bool(self._handles)

    def results(self) -> dict[str, CheckResult]:
        """The latest result of each check shown on the page."""
        return dict(self._results)

    def set_declined(self, declined: bool, message: str = "") -> None:
        """Turn the checks off (the person declined them) or back on."""
        if declined:
            self.cancel(quiet=True)
            self._set_status(lambda: message)
        elif not self._results:
            self._set_status(lambda: _("The checks have not run yet."))
        self.run_button.setEnabled(not declined)

    def show_saved(self, results: Sequence[CheckResult]) -> None:
        """Show results saved earlier (a resumed intake) without running anything."""
        known = [r for r in results if r.check_id in self._rows]
        for outcome in known:
            self._show(outcome, save=False)
        if known:
            when = max(r.measured_at for r in known).astimezone().strftime("%Y-%m-%d %H:%M")
            self._set_status(
                lambda: _("Results from {when}. Run again to check now.").format(when=when)
            )
            self._set_run_text(N_("Run again"))
            self.progress.setValue(len(self._results))

    def run(self) -> None:
        """Start every check (cancelling a run in progress); results arrive one by one."""
        self.cancel(quiet=True)
        self.media_tests.free_camera()
        self._generation += 1
        self._results.clear()
        self.progress.setValue(0)
        self._set_status(lambda: _("Checking this computer…"))
        self._set_run_text(N_("Run again"))
        self.cancel_button.setEnabled(True)
        generation = self._generation
        self._request_permissions(self, lambda: self._start_all(generation))

    def _start_all(self, generation: int) -> None:
        if generation != self._generation:
            return  # run again or cancel happened while the OS was asking
        for check in self._checks:
            self._start(check, generation)

    def _start(self, check: Check, generation: int) -> None:
        def work(progress: Progress, cancel: CancelToken) -> CheckResult:
            progress(None, plain(STARTED))  # the deadline counts from here, not from the queue
            return run_safely(check, progress, cancel)

        timeout = check_timeout(check)
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: self._time_out(check, generation, timeout))
        self._timers[check.id] = timer

        def on_progress(_fraction: float | None, message: str) -> None:
            if message == STARTED and not timer.isActive():
                timer.start(round(timeout * 1000))

        self._rows[check.id].show(None, "", running=True)
        self._handles[check.id] = self._runner.start(
            work,
            on_done=lambda outcome: self._accept(check, generation, outcome, save=True),
            on_error=lambda error: self._failed(check, generation, error),
            on_progress=on_progress,
        )

    def _time_out(self, check: Check, generation: int, seconds: float) -> None:
        handle = self._handles.get(check.id)
        if handle is not None and generation == self._generation:
            handle.cancel()
            self._accept(check, generation, timed_out(check, seconds), save=True)

    def _failed(self, check: Check, generation: int, error: BaseException) -> None:
        self._accept(check, generation, crashed(check.id, error), save=True)

    def _accept(self, check: Check, generation: int, outcome: CheckResult, *, save: bool) -> None:
        if generation != self._generation or check.id not in self._handles:
            return  # a late answer from an earlier, cancelled or timed-out run
        self._handles.pop(check.id)
        timer = self._timers.pop(check.id, None)
        if timer is not None:
            timer.stop()
            timer.deleteLater()
        self._show(outcome, save=save)
        self.progress.setValue(len(self._results))
        if not self._handles:
            self.cancel_button.setEnabled(False)
            count = len(self._checks)
            self._set_status(
                lambda: ngettext(
                    "The {count} check is done.", "All {count} checks are done.", count
                ).format(count=count)
            )

    def _show(self, outcome: CheckResult, *, save: bool) -> None:
        self._results[outcome.check_id] = outcome
        row = self._rows.get(outcome.check_id)
        if row is not None:
            row.show(outcome.status, reason_text(outcome))
        if save:
            self._save(outcome)

    def cancel(self, *, quiet: bool = False) -> None:
        """Stop the checks still running; their rows say so and nothing is saved for them."""
        generation = self._generation
        for check in self._checks:
            handle = self._handles.get(check.id)
            if handle is None:
                continue
            handle.cancel()
            cancelled = CheckResult(
                check.id,
                CheckStatus.UNKNOWN,
                utc_now(),
                _("The check was cancelled before it finished."),
            )
            self._accept(check, generation, cancelled, save=False)
        if not quiet:
            self._set_status(lambda: _("The checks were cancelled."))
        self.cancel_button.setEnabled(False)

    def shutdown(self) -> None:
        """Cancel the checks and release the camera, microphone and speaker."""
        self.cancel(quiet=True)
        self.media_tests.shutdown()
