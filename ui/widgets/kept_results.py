"""Where the results page's results come from, and "compare with the rules in force now".

For a completed intake the page shows the results kept when it was completed (the
record of what was decided); this bar says so, with the version of the rules that made
them, and offers Compare: what the rules in force now would change is worked out off
the GUI thread (``ui.tasks``; ``readiness.session.recompute.compare_kept``), listed in
a dialog (verdicts, area scores and bands, recommendations added or removed), and kept
only if the worker asks (``IntakeSession.save_recomputed``: audited, with the actor).
For a draft the bar says the results are worked out now and kept at completion.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from readiness.errors import ReadinessError
from readiness.session.recompute import Recomputation, change_lines, compare_kept

from ..dialogs import show_error
from ..language import _, current_language, error_text

if TYPE_CHECKING:
    from readiness.interpret import Interpretation
    from readiness.session.intake import IntakeSession

    from ..tasks import TaskRunner


class KeptResultsBar(QWidget):
    """See the module docstring; ``saved`` is emitted once new results are kept."""

    saved = Signal()

    def __init__(
        self,
        tasks: TaskRunner,
        session: IntakeSession,
        interpretation: Callable[[], Interpretation],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._session = session
        self._interpretation = interpretation
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.compare_button = QPushButton()
        self.compare_button.clicked.connect(self.compare)
        self.dialog: QMessageBox | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.compare_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.compare_button.setText(_("Compare with the rules now"))
        self.compare_button.setAccessibleDescription(
            _("Shows what the rules in force now would change in these kept results")
        )
        self.refresh()

    def refresh(self) -> None:
        """Say where the results come from (read again: completing or reopening changes it)."""
        decided = self._session.decided(self._interpretation())
        if decided.kept:
            when = decided.computed.strftime("%Y-%m-%d") if decided.computed else ""
            self.label.setText(
                _("These results were kept on {date} with the rules {version}.").format(
                    date=when, version=decided.version
                )
            )
        else:
            self.label.setText(
                _("These results are worked out now; they are kept when the intake is completed.")
            )
        self.compare_button.setVisible(decided.kept)

    def compare(self) -> None:
        """Work out, off the GUI thread, what the rules in force now would change."""
        interpretation = self._interpretation()
        kept = self._session.decided(interpretation)
        document = self._session.document()
        self.compare_button.setEnabled(False)
        self._tasks.start(
            lambda _progress, _cancel: compare_kept(kept, document, interpretation),
            on_done=self._show,
            on_error=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self.compare_button.setEnabled(True)
        show_error(self, error_text(error))

    def _show(self, found: Recomputation) -> None:
        self.compare_button.setEnabled(True)
        lines = change_lines(found, _, current_language())
        if lines:
            text = _("The rules in force now ({version}) would change:").format(
                version=found.version_now
            )
            text += "\n\n" + "\n".join(f"• {line}" for line in lines)
        else:
            text = _("The rules in force now decide the same.")
        box = QMessageBox(
            QMessageBox.Icon.Information, _("Compare with the rules now"), text, parent=self
        )
        keep = box.addButton(_("Keep the new results"), QMessageBox.ButtonRole.AcceptRole)
        keep.setEnabled(bool(lines))
        box.addButton(_("Close"), QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(lambda button: self._keep() if button is keep else None)
        self.dialog = box
        box.open()

    def _keep(self) -> None:
        try:
            self._session.save_recomputed(self._interpretation())
        except ReadinessError as exc:
            show_error(self, error_text(exc))
            return
        self.refresh()
        self.saved.emit()
