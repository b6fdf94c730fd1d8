"""The test measured on the phone: a QR code for the one-time page, waiting, and the results.

"Show the code" opens the link (``readiness.phone.link``) and shows its QR code and
address; a task waits for the phone (``ui/tasks.py``), so the window stays responsive,
and the page's results are saved as check results of the phone. The link closes when
the results arrive, after 10 minutes, on "Stop", or when the step is left. When no
results come, the box says in plain words why the phone may not have reached the
laptop, and the figures of a speed test run on the phone can be typed in by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from readiness.checks.connection import evaluate, manual_result, to_check_result
from readiness.errors import ReadinessError
from readiness.phone.link import Ending, Outcome, PhoneLink
from readiness.phone.qr import qr_png
from readiness.phone.report import CONNECTION, MEASURED_CHECKS, report_results

from ..language import _, error_text, reason_text, translator
from .connection_widgets import ManualEntryForm

if TYPE_CHECKING:
    from datetime import datetime

    from readiness.model import CheckResult
    from readiness.thresholds import Thresholds

    from ..tasks import TaskHandle, TaskRunner

LinkFactory = Callable[[str], PhoneLink]
"""Opens a link for a page in the given language (raises ``ReadinessError`` if it cannot)."""


class PhoneTestBox(QGroupBox):
    """See the module docstring."""

    def __init__(
        self,
        runner: TaskRunner,
        save_result: Callable[[CheckResult], None],
        *,
        thresholds: Thresholds,
        open_link: LinkFactory,
        locale: str,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Test on the phone"), parent)
        self._runner, self._save, self._thresholds = runner, save_result, thresholds
        self._open_link, self._locale, self._clock = open_link, locale, clock
        self.link: PhoneLink | None = None
        self._handle: TaskHandle[Outcome] | None = None
        column = QVBoxLayout(self)
        explain = QLabel(
            _(
                "The phone opens a page from this laptop and measures its own connection. "
                "The phone must be on the same Wi-Fi as the laptop. The page is open for 10 "
                "minutes and takes one result."
            )
        )
        explain.setWordWrap(True)
        column.addWidget(explain)
        buttons = QHBoxLayout()
        self.show_button = QPushButton(_("Show the code for the phone"))
        self.show_button.setAccessibleName(_("Show the code for the phone"))
        self.show_button.clicked.connect(self.open)
        self.stop_button = QPushButton(_("Stop"))
        self.stop_button.setAccessibleName(_("Stop waiting for the phone"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.close_link)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.code = QLabel()
        self.code.setAccessibleName(_("QR code for the phone"))
        self.code.setVisible(False)
        column.addWidget(self.code)
        self.address = QLabel()
        self.address.setWordWrap(True)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address.setAccessibleName(_("Address for the phone"))
        column.addWidget(self.address)
        self.status = QLabel(_("The phone has not been tested yet."))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Phone test status"))
        column.addWidget(self.status)
        self.manual = ManualEntryForm()
        self.manual.setTitle(_("Phone figures typed by hand"))
        self.manual.edited.connect(self.save_manual)
        column.addWidget(self.manual)
        self._watch = QTimer(self)
        self._watch.setInterval(500)
        self._watch.timeout.connect(self._watch_page)

    # -- the link -------------------------------------------------------------------

    @property
    def waiting(self) -> bool:
        return self._handle is not None

    def open(self) -> None:
        """Open the link, show its code and wait for the phone (off the GUI thread)."""
        if self._handle is not None:
            return
        try:
            link = self._open_link(self._locale)
        except ReadinessError as error:
            self.status.setText(
                error_text(error)
                + " "
                + _("You can type the figures of a speed test on the phone below.")
            )
            return
        self.link = link
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(link.url, scale=6))
        self.code.setPixmap(pixmap)
        self.code.setVisible(True)
        self.address.setText(
            _("Or type this address in the phone's browser: {url}").format(url=link.url)
        )
        self.status.setText(
            _("Waiting for the phone. Open the phone's camera and point it at the code.")
        )
        self.show_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self._handle = self._runner.start(
            lambda _progress, cancel: link.wait(cancel),
            on_done=self._ended,
            on_error=self._failed,
        )
        self._watch.start()

    def _watch_page(self) -> None:
        if self.link is not None and self.link.state.page_opened and self._handle is not None:
            self.status.setText(_("The phone opened the page. The test runs on the phone."))

    def close_link(self) -> None:
        """Stop waiting: the link closes and serves nothing more."""
        if self._handle is not None:
            self._handle.cancel()

    def _reset(self) -> None:
        self._watch.stop()
        self._handle = None
        self.link = None
        self.code.clear()
        self.code.setVisible(False)
        self.address.setText("")
        self.show_button.setEnabled(True)
        self.stop_button.setEnabled(False)

    def _ended(self, outcome: Outcome) -> None:
        self._reset()
        if outcome.report is None:
            self.status.setText(self.no_results_text(outcome))
            return
        results = report_results(
            outcome.report,
            self._thresholds,
            measured_at=self._clock(),
            server="the laptop" if outcome.report.target == "laptop" else "the agency's server",
        )
        for result in results:
            self._save(result)
        self.show_saved(results)

    def _failed(self, error: BaseException) -> None:
        self._reset()
        self.status.setText(error_text(error))

    @staticmethod
    def no_results_text(outcome: Outcome) -> str:
        """Why no results came, in plain words, with the way on."""
        if outcome.ending is Ending.CANCELLED:
            return _("Stopped. The page for the phone is closed.")
        if outcome.page_opened:
            return _(
                "The phone opened the page but sent no results in 10 minutes. You can show "
                "a new code, or type the figures of a speed test on the phone below."
            )
        return _(
            "The phone did not reach the laptop. The phone and the laptop may be on "
            "different networks, the Wi-Fi may keep devices apart (guest Wi-Fi), or a "
            "firewall may block it. Type the figures of a speed test on the phone below."
        )

    # -- results --------------------------------------------------------------------

    def show_saved(self, results: list[CheckResult]) -> None:
        """Say what the phone's test found (the newest saved result)."""
        found = [r for r in results if r.check_id in MEASURED_CHECKS]
        if not found:
            return
        connection = next((r for r in found if r.check_id == CONNECTION), None)
        shown = connection or found[0]
        self.status.setText(reason_text(shown))

    def save_manual(self) -> None:
        """Save the figures typed by hand as the phone's connection."""
        try:
            figures = self.manual.figures()
            typed = manual_result(
                **figures, note=self.manual.note.text(), measured_at=self._clock()
            )
        except (ValueError, ReadinessError) as error:
            self.manual.message.setText(error_text(error))
            return
        self.manual.message.setText("")
        verdicts = evaluate(typed, self._thresholds, translator())
        result = replace(to_check_result(typed, verdicts), check_id=CONNECTION)
        self._save(result)
        self.status.setText(reason_text(result))
