"""The intake's results page: profile chart, channel verdicts with reasons, recommendations to
accept or reject, the worker's plan with a follow-up date, and the change since last time.

Results are worked out by the core (``readiness.equity``) each time the page is shown
or Recalculate is pressed, from the assessment document as it is now; a completed
intake's are the results kept at completion (``assess_document`` reads them), and the
``kept_results`` bar says so and compares them with the rules in force now. The page keeps
the worker's plan and hands every change to ``save_plan`` at once (the notes after a
short pause in typing), like answers elsewhere in the intake. Results guide the choice
of channel; the page says so, and never shows them as a reason to refuse a service.

Constructor::

    ResultsPage(
        load_document,         # Callable[[], AssessmentDocument]: the assessment as it is now
        save_plan,             # Callable[[Plan], Plan | None]: store the plan (return the saved
                               #   copy, e.g. readiness.store.plans.save_plan); may raise
                               #   ReadinessError, which is shown on the page
        *,
        assess_document,       # Callable[[AssessmentDocument], AssessmentResult]: the
                               #   interpretation in force (readiness.interpret), its assess
        load_previous=None,    # Callable[[], AssessmentResult | None]: the same person's
                               #   previous assessment, assessed (None for a first intake)
        warnings=(),           # Sequence[str]: problems with agency rule files, shown on top
        band_marks,            # Sequence[float]: band boundaries drawn on the chart
                               #   (readiness.equity.profile.band_marks of the rules in force)
        locale="en",
        today=date.today,      # Callable[[], date], for the follow-up date
        kept_results=None,     # ui.widgets.kept_results.KeptResultsBar: where the results
                               #   come from, and "compare with the rules now"
        parent=None,
    )

``refresh()`` recalculates (also done on every show); ``set_locale(locale)`` switches
between English and Spanish; ``flush()`` saves notes still waiting for the pause.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readiness.document import AssessmentDocument
from readiness.equity.compare import Comparison, compare
from readiness.equity.results import AssessmentResult
from readiness.errors import ReadinessError
from readiness.model import check_locale
from readiness.plan import MAX_TEXT, Assignment, Decision, ItemRef, Plan

from ..language import _, error_text, ngettext
from ..widgets.kept_results import KeptResultsBar
from ..widgets.plan_editor import PlanEditor
from ..widgets.profile_chart import ProfileChart
from ..widgets.reason_tree import ReasonTree
from ..widgets.recommendation_list import RecommendationList
from ..widgets.scroll import keep_focus_in_view
from ..widgets.verdict_list import VerdictList

TEXT_SAVE_DELAY_MS = 800


class ResultsPage(QWidget):
    """Results and plan for one assessment; see the module docstring."""

    def __init__(
        self,
        load_document: Callable[[], AssessmentDocument],
        save_plan: Callable[[Plan], Plan | None],
        *,
        assess_document: Callable[[AssessmentDocument], AssessmentResult],
        band_marks: Sequence[float],
        load_previous: Callable[[], AssessmentResult | None] | None = None,
        warnings: Sequence[str] = (),
        locale: str = "en",
        today: Callable[[], date] = date.today,
        kept_results: KeptResultsBar | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("resultsPage")
        self._load_document = load_document
        self._save_plan = save_plan
        self._assess = assess_document
        self._load_previous = load_previous or (lambda: None)
        self._warnings = tuple(warnings)
        self._band_marks = tuple(band_marks)
        self._locale = check_locale(locale)
        self._today = today
        self.kept_results = kept_results
        if kept_results is not None:
            kept_results.saved.connect(self.refresh)
        self.result: AssessmentResult | None = None
        self.comparison: Comparison | None = None
        self.plan: Plan | None = None
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_SAVE_DELAY_MS)
        self._text_timer.timeout.connect(self._save)
        self._build()
        self.retranslate()

    # -- layout ---------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("errorText")
        self.warning_label.setWordWrap(True)
        self.recalculate_button = QPushButton()
        self.recalculate_button.clicked.connect(self.refresh)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.recalculate_button)

        self.profile_heading = self._heading()
        self.chart = ProfileChart()
        self.overall_label = QLabel()
        self.overall_label.setWordWrap(True)
        self.domain_tree = ReasonTree()
        self.domain_tree.setMinimumHeight(160)
        self.channels_heading = self._heading()
        self.verdicts = VerdictList()
        self.recommendations_heading = self._heading()
        self.recommendations = RecommendationList()
        self.recommendations.decided.connect(self._on_decided)
        self.recommendations.added.connect(self._on_added)
        self.recommendations.removed.connect(self._on_removed)
        self.plan_heading = self._heading()
        self.plan_editor = PlanEditor()
        self.plan_editor.text_changed.connect(self._on_text_changed)
        self.plan_editor.follow_up_changed.connect(self._on_follow_up_changed)
        self.plan_editor.assignment_changed.connect(self._on_assignment_changed)
        self.plan_text = self.plan_editor.text
        self.follow_up_box = self.plan_editor.follow_up_box
        self.follow_up_date = self.plan_editor.follow_up_date
        self.change_heading = self._heading()
        self.change_label = QLabel()
        self.change_label.setWordWrap(True)
        self.change_label.setTextFormat(Qt.TextFormat.PlainText)

        body = QWidget()
        column = QVBoxLayout(body)
        for widget in (
            self.note,
            self.profile_heading,
            self.chart,
            self.overall_label,
            self.domain_tree,
            self.channels_heading,
            self.verdicts,
            self.recommendations_heading,
            self.recommendations,
            self.plan_heading,
            self.plan_editor,
        ):
            column.addWidget(widget)
        column.addWidget(self.change_heading)
        column.addWidget(self.change_label)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)
        keep_focus_in_view(self.scroll_area)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        if self.kept_results is not None:
            layout.addWidget(self.kept_results)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.scroll_area, 1)

    @staticmethod
    def _heading() -> QLabel:
        label = QLabel()
        label.setObjectName("stepTitle")
        return label

    def retranslate(self) -> None:
        """Re-read every interface text (after a language switch)."""
        self.title.setText(_("Results"))
        self.title.setAccessibleName(_("Results"))
        self.recalculate_button.setText(_("Recalculate"))
        self.recalculate_button.setAccessibleName(_("Recalculate the results"))
        self.recalculate_button.setAccessibleDescription(
            _("Works the results out again from the answers and checks saved so far")
        )
        self.note.setAccessibleName(_("About these results"))
        self.warning_label.setAccessibleName(_("Problems with agency rule files"))
        self.status_label.setAccessibleName(_("Plan status"))
        self.profile_heading.setText(_("Profile"))
        self.domain_tree.setAccessibleName(_("Why these scores"))
        self.domain_tree.setAccessibleDescription(_("Each area with the answers behind its score"))
        self.overall_label.setAccessibleName(_("Summary score"))
        self.channels_heading.setText(_("Ways to connect"))
        self.recommendations_heading.setText(_("Recommendations"))
        self.recommendations.retranslate()
        self.plan_heading.setText(_("Plan"))
        self.plan_editor.retranslate()
        self.change_heading.setText(_("Change since the last assessment"))
        self.change_label.setAccessibleName(_("Change since the last assessment"))
        if self.kept_results is not None:
            self.kept_results.retranslate()
        if self.result is not None:
            self._show()

    def set_locale(self, locale: str) -> None:
        """Show results, texts from the rules and the plan's labels in ``locale``."""
        self._locale = check_locale(locale)
        self.retranslate()

    # -- results --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    def refresh(self) -> None:
        """Work the results out again from the document as it is now."""
        self.flush()
        try:
            if self.kept_results is not None:
                self.kept_results.refresh()
            document = self._load_document()
            self.result = self._assess(document)
            previous = self._load_previous()
        except ReadinessError as exc:
            self.status_label.setText(
                _("The results could not be worked out: {error}").format(error=error_text(exc))
            )
            return
        self.comparison = compare(previous, self.result) if previous is not None else None
        if self.plan is None:
            self.plan = document.plan or Plan()
            self.plan_editor.show_plan(self.plan, self._today())
        self._show()

    def _show(self) -> None:
        result, locale = self.result, self._locale
        assert result is not None and self.plan is not None
        self.note.setText(result.note.get(locale))
        self.warning_label.setText("\n".join(self._warnings))
        self.warning_label.setVisible(bool(self._warnings))
        self.chart.set_profile(result.profile, locale, self._band_marks)
        overall = result.overall
        self.overall_label.setVisible(overall is not None)
        if overall is not None:
            self.overall_label.setText(
                _("Summary: {score} of 100. {note}").format(
                    score=overall.score, note=overall.note.get(locale)
                )
            )
        self.domain_tree.clear()
        for domain in result.profile:
            parent = QTreeWidgetItem([f"{domain.title.get(locale)}: {self.chart.row_text(domain)}"])
            for reason in domain.reasons:
                parent.addChild(QTreeWidgetItem([reason.render(locale)]))
            self.domain_tree.addTopLevelItem(parent)
        self.verdicts.show_verdicts(result.channels, locale)
        self.recommendations.show_recommendations(result.recommendations, self.plan, locale)
        self._show_comparison()

    def _show_comparison(self) -> None:
        comparison, locale = self.comparison, self._locale
        self.change_heading.setVisible(comparison is not None)
        self.change_label.setVisible(comparison is not None)
        if comparison is None:
            return
        lines = [
            _("Compared with the assessment of {day}.").format(
                day=comparison.previous_at.date().isoformat()
            )
        ]
        changed = comparison.changed_channels
        lines += [change.describe(locale) for change in changed] or [
            _("No change in the ways to connect.")
        ]
        lines += [change.describe(locale) for change in comparison.domains]
        self.change_label.setText("\n".join(lines))
        self.change_label.setAccessibleDescription(" ".join(lines))

    # -- plan -----------------------------------------------------------------------

    def _on_decided(self, recommendation_id: str, decision: Decision | None, title: str) -> None:
        if self.plan is not None:
            self.plan = self.plan.with_decision(recommendation_id, decision, title)
            self.plan_editor.show_items(self.plan, self._today())
            self._save()

    def _on_added(self, text: str) -> None:
        if self.plan is not None:
            self.plan = self.plan.with_added(text)
            self.recommendations.show_added(self.plan)
            self.plan_editor.show_items(self.plan, self._today())
            self._save()

    def _on_removed(self, index: int) -> None:
        if self.plan is not None:
            self.plan = self.plan.without_added(index)
            self.recommendations.show_added(self.plan)
            self.plan_editor.show_items(self.plan, self._today())
            self._save()

    def _on_assignment_changed(self, ref: ItemRef, assignment: Assignment) -> None:
        if self.plan is not None:
            self.plan = self.plan.with_assignment(ref, assignment)
            self._save()

    def _on_text_changed(self, text: str) -> None:
        if self.plan is None:
            return
        if len(text) > MAX_TEXT:
            self.status_label.setText(
                ngettext(
                    "The plan holds up to {count} character.",
                    "The plan holds up to {count} characters.",
                    MAX_TEXT,
                ).format(count=MAX_TEXT)
            )
        self.plan = self.plan.with_text(text)
        self._text_timer.start()

    def _on_follow_up_changed(self, follow_up: date | None) -> None:
        if self.plan is not None:
            self.plan = self.plan.with_follow_up(follow_up)
            self._save()

    def flush(self) -> None:
        """Save notes still waiting for the pause in typing."""
        if self._text_timer.isActive():
            self._text_timer.stop()
            self._save()

    def _save(self) -> None:
        if self.plan is None:
            return
        try:
            saved = self._save_plan(self.plan)
        except ReadinessError as exc:
            self.status_label.setText(
                _("The plan could not be saved: {error}").format(error=error_text(exc))
            )
            return
        if saved is not None:
            self.plan = saved
        self.status_label.setText(_("Plan saved."))
