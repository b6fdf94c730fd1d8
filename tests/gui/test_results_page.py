"""The results page: chart, verdicts with reasons, recommendations to accept or reject, the
plan with a follow-up date (each change saved at once), the change since last time, and an
English/Spanish switch; every control has an accessible name."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from readiness.document import AssessmentDocument
from readiness.equity.profile import band_marks
from readiness.errors import StoreError
from readiness.plan import Assignment, Decision, Plan, PlanItem, Responsible
from readiness.store import plans, repository
from readiness.store.database import open_memory_database
from readiness_ui.pages.results import ResultsPage
from tests.core.equity.helpers import persona
from tests.factories import assess, builtin_interpretation, import_into

TODAY = date(2026, 11, 23)


class Store:
    """The collaborators: a document to load and a plan store that can fail."""

    def __init__(self, document: AssessmentDocument) -> None:
        self.document = document
        self.saved: list[Plan] = []
        self.fail = False

    def load(self) -> AssessmentDocument:
        return self.document

    def save(self, plan: Plan) -> Plan:
        if self.fail:
            raise StoreError("the database is locked")
        saved = replace(plan, updated=datetime(2026, 11, 23, 10, tzinfo=UTC))
        self.saved.append(saved)
        return saved


def make_page(
    qtbot: QtBot, name: str = "p01_older_hearing_basic_phone", **kwargs: Any
) -> tuple[ResultsPage, Store]:
    store = Store(kwargs.pop("document", None) or persona(name))
    kwargs.setdefault("assess_document", assess)
    kwargs.setdefault("band_marks", band_marks(builtin_interpretation().rules))
    page = ResultsPage(store.load, store.save, today=lambda: TODAY, **kwargs)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    qtbot.waitExposed(page)
    return page, store


def test_shows_profile_verdicts_and_recommendations(qtbot: QtBot) -> None:
    page, _ = make_page(qtbot)
    assert page.result is not None
    assert len(page.chart.domains) == 8
    description = page.chart.accessibleDescription()
    assert "Internet connection: 0 of 100 — More support would help first." in description
    video = page.verdicts.blocks["video"]
    assert video.heading.accessibleName() == "Video call (1:1): Not suitable now"
    assert "no phone, tablet or computer that can do video calls" in video.reasons.text()
    assert "Device that can do video calls: No (answered)" in video.reasons.accessibleDescription()
    phone = page.verdicts.blocks["phone"]
    assert phone.heading.accessibleName() == "Phone call: Ready with support"
    assert [row.recommendation.id for row in page.recommendations.rows][:2] == [
        "phone_first",
        "captioned_phone",
    ]
    assert page.domain_tree.topLevelItemCount() == 8
    assert "not validated" in page.note.text().lower()
    assert "never deny a service" in page.note.text()
    assert page.change_label.isHidden()


def test_accept_reject_and_clear_are_saved_at_once(qtbot: QtBot) -> None:
    page, store = make_page(qtbot)
    row = page.recommendations.row("captioned_phone")
    assert row is not None
    qtbot.mouseClick(row.accept_button, Qt.MouseButton.LeftButton)
    assert store.saved[-1].decision_for("captioned_phone") is Decision.ACCEPTED
    assert store.saved[-1].decisions[0].title == "Captioned phone calls (free)"
    qtbot.mouseClick(row.reject_button, Qt.MouseButton.LeftButton)
    assert store.saved[-1].decision_for("captioned_phone") is Decision.REJECTED
    assert not row.accept_button.isChecked() and row.reject_button.isChecked()
    qtbot.mouseClick(row.clear_button, Qt.MouseButton.LeftButton)
    assert store.saved[-1].decision_for("captioned_phone") is None
    assert "Plan saved." in page.status_label.text()


def test_add_and_remove_own_recommendations(qtbot: QtBot) -> None:
    page, store = make_page(qtbot)
    field = page.recommendations.add_field
    qtbot.keyClicks(field, "Ask the daughter to set up captions")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert store.saved[-1].added == (PlanItem("Ask the daughter to set up captions"),)
    assert field.text() == ""
    remove = next(
        b
        for b in page.recommendations.findChildren(QAbstractButton)
        if b.accessibleName() == "Remove: Ask the daughter to set up captions"
    )
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert store.saved[-1].added == ()


def test_plan_text_is_saved_after_a_pause_and_on_leaving(qtbot: QtBot) -> None:
    page, store = make_page(qtbot)
    qtbot.keyClicks(page.plan_text, "Calls on Mondays")
    qtbot.waitUntil(
        lambda: bool(store.saved) and store.saved[-1].text == "Calls on Mondays", timeout=3000
    )
    page.plan_text.insertPlainText(" at 10")
    page.hide()  # leaving the page saves what is still waiting
    assert store.saved[-1].text == "Calls on Mondays at 10"


def test_follow_up_date(qtbot: QtBot) -> None:
    page, store = make_page(qtbot)
    assert not page.follow_up_date.isEnabled()
    page.follow_up_box.setChecked(True)
    assert store.saved[-1].follow_up == date(2026, 12, 7)
    page.follow_up_date.setDate(QDate(2027, 1, 4))
    assert store.saved[-1].follow_up == date(2027, 1, 4)
    page.follow_up_box.setChecked(False)
    assert store.saved[-1].follow_up is None


def test_an_existing_plan_is_shown(qtbot: QtBot) -> None:
    plan = (
        Plan(text="Phone first", follow_up=date(2026, 11, 30))
        .with_decision("phone_first", Decision.ACCEPTED, "x")
        .with_added("Bring a loaner tablet next visit")
    )
    page, store = make_page(
        qtbot, document=replace(persona("p01_older_hearing_basic_phone"), plan=plan)
    )
    assert page.plan_text.toPlainText() == "Phone first"
    assert page.follow_up_box.isChecked() and page.follow_up_date.date() == QDate(2026, 11, 30)
    row = page.recommendations.row("phone_first")
    assert row is not None and row.accept_button.isChecked()
    assert not page.recommendations.own_label.isHidden()
    assert store.saved == []  # showing a plan does not save it


def test_a_failed_save_is_shown(qtbot: QtBot) -> None:
    page, store = make_page(qtbot)
    store.fail = True
    row = page.recommendations.rows[0]
    qtbot.mouseClick(row.accept_button, Qt.MouseButton.LeftButton)
    assert "The plan could not be saved: the database is locked" in page.status_label.text()


def test_change_since_the_last_assessment(qtbot: QtBot) -> None:
    earlier = replace(
        persona("p03_offline_at_home_strong_skills"),
        assessment=replace(
            persona("p03_offline_at_home_strong_skills").assessment,
            created=datetime(2026, 6, 1, tzinfo=UTC),
        ),
    )
    now = persona("p05_connected_and_confident")
    page, _ = make_page(qtbot, document=now, load_previous=lambda: assess(earlier))
    assert page.comparison is not None
    text = page.change_label.text()
    assert "Compared with the assessment of 2026-06-01." in text
    assert "Video call (1:1): Not suitable now → Ready" in text
    assert "Internet connection: 0 → 100 (+100, more in place)" in text
    assert not page.change_label.isHidden()


def test_recalculate_uses_the_latest_answers(qtbot: QtBot) -> None:
    page, store = make_page(qtbot, "p06_slow_upload_measured")
    assert page.verdicts.blocks["video"].heading.accessibleName().endswith("Not suitable now")
    store.document = persona("p05_connected_and_confident")
    qtbot.mouseClick(page.recalculate_button, Qt.MouseButton.LeftButton)
    assert page.verdicts.blocks["video"].heading.accessibleName().endswith(": Ready")


def test_spanish(qtbot: QtBot) -> None:
    page, _ = make_page(qtbot, "p13_spanish_limited_plan", locale="es")
    assert (
        page.verdicts.blocks["video"].heading.accessibleName()
        == "Videollamada (1 a 1): Listo con apoyo"
    )
    assert "Conexión a internet" in page.chart.accessibleDescription()
    page.set_locale("en")
    assert (
        page.verdicts.blocks["video"].heading.accessibleName()
        == "Video call (1:1): Ready with support"
    )


def test_not_enough_information_is_said_in_words(qtbot: QtBot) -> None:
    page, _ = make_page(qtbot, "p11_declined_every_question")
    assert page.chart.accessibleDescription().count("Not enough information") == 8
    assert page.overall_label.isHidden()
    assert not page.recommendations.empty_label.isHidden()


def test_agency_rule_warnings_are_shown(qtbot: QtBot) -> None:
    page, _ = make_page(qtbot, warnings=["agency.yaml: overall.min_domains: bad; skipped"])
    assert "agency.yaml: overall.min_domains" in page.warning_label.text()
    assert not page.warning_label.isHidden()


def test_every_control_has_an_accessible_name(qtbot: QtBot) -> None:
    page, _ = make_page(qtbot)
    qtbot.wait(20)  # rows added to a shown page appear on the next pass of the event loop
    controls: list[QWidget] = []
    for kind in (QAbstractButton, QLineEdit, QPlainTextEdit, QDateEdit, QTreeWidget):
        controls += [
            w
            for w in page.findChildren(kind)
            if w.isVisibleTo(page) and not w.objectName().startswith("qt_")
        ]
    assert len(controls) > 20
    unnamed = [type(w).__name__ for w in controls if not w.accessibleName().strip()]
    assert unnamed == []


def test_with_the_real_store(qtbot: QtBot) -> None:
    db = open_memory_database()
    import_into(db, persona("p04_laptop_low_confidence_no_privacy"))
    assessment_id = persona("p04_laptop_low_confidence_no_privacy").assessment.id
    page = ResultsPage(
        lambda: repository.load_document(db, assessment_id),
        lambda plan: plans.save_plan(db, assessment_id, plan),
        assess_document=assess,
        band_marks=band_marks(builtin_interpretation().rules),
        today=lambda: TODAY,
    )
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    row = page.recommendations.row("private_space")
    assert row is not None
    qtbot.mouseClick(row.accept_button, Qt.MouseButton.LeftButton)
    stored = repository.load_document(db, assessment_id).plan
    assert stored is not None and stored.decision_for("private_space") is Decision.ACCEPTED
    page.hide()
    page.show()  # showing again recalculates and keeps the plan
    assert page.recommendations.row("private_space").accept_button.isChecked()  # type: ignore[union-attr]


def test_a_double_click_on_accept_keeps_it_accepted(qtbot: QtBot) -> None:
    page, store = make_page(qtbot)
    row = page.recommendations.row("captioned_phone")
    assert row is not None
    # What a real double-click delivers: press, release, double-click press, release.
    qtbot.mouseClick(row.accept_button, Qt.MouseButton.LeftButton)
    qtbot.mouseDClick(row.accept_button, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(row.accept_button, Qt.MouseButton.LeftButton)
    assert store.saved[-1].decision_for("captioned_phone") is Decision.ACCEPTED
    assert row.accept_button.isChecked() and row.accept_button.text() == "✓ Accepted"
    assert page.status_label.text() == "Plan saved."
    saves = len(store.saved)
    qtbot.mouseClick(row.accept_button, Qt.MouseButton.LeftButton)  # pressed again: no change
    assert len(store.saved) == saves
    assert row.accept_button.isChecked() and row.clear_button.isEnabled()
    qtbot.keyClick(row.reject_button, Qt.Key.Key_Space)
    assert row.reject_button.text() == "✕ Rejected" and not row.accept_button.isChecked()
    assert store.saved[-1].decision_for("captioned_phone") is Decision.REJECTED


def test_each_plan_item_says_who_does_it_and_by_when(qtbot: QtBot) -> None:
    page, store = make_page(qtbot)
    editor = page.plan_editor
    assert editor.rows == []
    row = page.recommendations.row("captioned_phone")
    assert row is not None
    qtbot.mouseClick(row.accept_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.recommendations.add_field, "Call the library about a hotspot")
    qtbot.keyClick(page.recommendations.add_field, Qt.Key.Key_Return)
    assert [item.ref for item in editor.rows] == ["captioned_phone", 0]
    first, own = editor.rows
    first.who.setCurrentIndex(first.who.findData(Responsible.WORKER))
    qtbot.keyClicks(first.initials, "mj")
    first.initials.editingFinished.emit()
    assert first.initials.text() == "MJ"
    own.who.setCurrentIndex(own.who.findData(Responsible.PERSON))
    own.due_box.setChecked(True)
    own.due_date.setDate(QDate(2026, 12, 1))
    saved = store.saved[-1]
    assert saved.decisions[0].assignment() == Assignment(who=Responsible.WORKER, initials="MJ")
    assert saved.added[0] == PlanItem(
        "Call the library about a hotspot", who=Responsible.PERSON, due=date(2026, 12, 1)
    )
    assert saved.next_due() == date(2026, 12, 1)
    own.done_box.setChecked(True)
    assert store.saved[-1].added[0].done and store.saved[-1].next_due() is None
    names = {w.accessibleName() for w in own.controls()}
    assert "Who does it: Call the library about a hotspot" in names
    assert "Done: Call the library about a hotspot" in names


def test_carried_over_items_say_so_in_words(qtbot: QtBot) -> None:
    plan = Plan(added=(PlanItem("Get a library card", carried_from=date(2026, 9, 1)),))
    page, _ = make_page(
        qtbot, document=replace(persona("p01_older_hearing_basic_phone"), plan=plan)
    )
    (row,) = page.plan_editor.rows
    qtbot.waitUntil(lambda: row.carried_label.isVisibleTo(page))
    assert row.carried_label.text() == "Carried over from the plan of 2026-09-01"
    labels = [w.text() for w in page.recommendations.findChildren(QLabel)]
    assert "Get a library card (carried over from the plan of 2026-09-01)" in labels
