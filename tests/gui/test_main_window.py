"""The app shell: Home, New intake, resume, Settings and the database-error dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from readiness.model import AssessmentStatus
from readiness.protection import audit as audit_log
from readiness.protection.audit import AuditFilter
from readiness.settings import Settings, load_settings, save_settings
from readiness.store import repository
from readiness.store.audit import AuditAction
from readiness.store.database import open_database
from readiness_ui.app import build_window, load_configuration
from readiness_ui.main_window import HOME, INTAKE, NEW_INTAKE, SETTINGS, MainWindow
from readiness_ui.pages.export import ExportPage


def make_window(qtbot: QtBot, tmp_path: Path, db_path: Path | None = None) -> MainWindow:
    db = open_database(db_path or tmp_path / "r.db")
    window = build_window(load_configuration(tmp_path / "settings.json")[0], tmp_path / "r.db", db)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def consent_to_everything(window: MainWindow) -> None:
    """The person agrees to every part (consent first: the later steps open)."""
    session = window.intake.session
    assert session is not None
    for part in ("device_checks", "connection_test", "questions"):
        session.set_consent(part, True)


def test_new_intake_by_keyboard_creates_a_draft_that_home_lists(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(qtbot, tmp_path)
    assert window.stack.currentIndex() == HOME
    assert "No assessments yet" in window.home.empty_label.text()
    focused = window.focusWidget()
    assert focused is window.home.search  # Home starts in the search field
    qtbot.keyClick(focused, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentIndex() == NEW_INTAKE
    page = window.new_intake
    page.code.setFocus()
    qtbot.keyClicks(page.code, "ab12-0042")
    qtbot.keyClicks(page.staff, "mj")
    qtbot.keyClick(page.code, Qt.Key.Key_Return)
    assert window.stack.currentIndex() == INTAKE
    assert window.intake.header.text() == "Intake for AB12-0042"
    assert window.intake.assessment is not None
    assert window.intake.assessment.status is AssessmentStatus.DRAFT

    qtbot.mouseClick(window.intake.pause_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == HOME
    assert window.home.model.rowCount() == 1
    index = window.home.model.index(0, 0)
    assert window.home.model.data(index) == "AB12-0042"
    assert window.home.model.data(window.home.model.index(0, 3)) == "In progress"


def test_a_bad_code_is_explained_and_nothing_is_created(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    window.show_page(NEW_INTAKE)
    qtbot.keyClicks(window.new_intake.code, "Maria Lopez")
    window.new_intake.start()
    assert "no spaces" in window.new_intake.error_label.text()
    assert window.stack.currentIndex() == NEW_INTAKE
    records = window.records
    assert records is not None and records.database.table("assessments").count == 0


def test_resume_from_home_and_complete(qtbot: QtBot, tmp_path: Path) -> None:
    db = open_database(tmp_path / "r.db")
    user = repository.create_service_user(db, "RS-1")
    draft = repository.start_assessment(db, user)
    db.close()
    window = make_window(qtbot, tmp_path)
    window.home.table.selectRow(0)
    assert window.home.open_button.isEnabled()
    qtbot.mouseClick(window.home.open_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == INTAKE
    assert window.intake.assessment is not None and window.intake.assessment.id == draft.id
    intake = window.intake

    # Nothing recorded: the review says what blocks, and Complete stays off.
    qtbot.mouseClick(intake.complete_button, Qt.MouseButton.LeftButton)
    review = intake.review_dialog
    assert review is not None and review.isVisible()
    assert not review.complete_button.isEnabled()
    assert {item.kind for item in review.review.blocking} == {"consent", "initials"}
    assert review.initials_row.isVisible()
    review.initials.setText("mj")
    qtbot.mouseClick(review.initials_button, Qt.MouseButton.LeftButton)
    assert {item.kind for item in review.review.blocking} == {"consent"}
    # The blocking line takes the worker to the Consent step.
    jump = review.blocking_list.itemAt(0).widget()
    assert isinstance(jump, QLabel) and jump.wordWrap()
    jump.linkActivated.emit("go")
    assert not review.isVisible() and intake.stack.currentWidget() is intake.stack.widget(1)
    assert intake.assessment is not None and intake.assessment.status is AssessmentStatus.DRAFT

    consent = intake.stack.widget(1)
    consent.boxes["questions"].setChecked(True)  # type: ignore[attr-defined]
    qtbot.mouseClick(intake.complete_button, Qt.MouseButton.LeftButton)
    review = intake.review_dialog
    assert review is not None and review.complete_button.isEnabled()
    notes = {item.kind for item in review.review.missing}
    assert {"declined", "unanswered", "plan"} <= notes  # said, but not blocking
    qtbot.mouseClick(review.complete_button, Qt.MouseButton.LeftButton)
    assert intake.assessment.status is AssessmentStatus.COMPLETE
    assert intake.complete_button.text() == "&Reopen intake"
    reports = intake.stack.currentWidget()  # on to the final reports
    assert isinstance(reports, ExportPage) and "final reports" in reports.state.text()
    window.show_page(HOME)
    assert window.home.model.data(window.home.model.index(0, 3)) == "Complete"

    # Reopening asks why; the reason is kept in the audit log.
    window.show_page(INTAKE)
    qtbot.mouseClick(intake.complete_button, Qt.MouseButton.LeftButton)
    reopen = intake.reopen_dialog
    assert reopen is not None and reopen.isVisible()
    reopen.accept()
    assert intake.assessment.status is AssessmentStatus.DRAFT
    records = window.records
    assert records is not None
    reasons = [
        (entry.staff_initials, entry.detail)
        for entry in audit_log.list_entries(records.database, AuditFilter(assessment_id=draft.id))
        if entry.action is AuditAction.REOPENED
    ]
    assert reasons == [("MJ", "correct_mistake")]


def test_a_known_code_is_a_reassessment(qtbot: QtBot, tmp_path: Path) -> None:
    db = open_database(tmp_path / "r.db")
    user = repository.create_service_user(db, "KN-1")
    repository.start_assessment(db, user)
    db.close()
    window = make_window(qtbot, tmp_path)
    window.show_page(NEW_INTAKE)
    qtbot.keyClicks(window.new_intake.code, "kn-1")
    assert "reassessment (1 earlier)" in window.new_intake.known_label.text()


def test_search_by_code_and_filter_by_status(qtbot: QtBot, tmp_path: Path) -> None:
    db = open_database(tmp_path / "r.db")
    for index in range(120):
        user = repository.create_service_user(db, f"{'AA' if index < 30 else 'BB'}{index:03}")
        assessment = repository.start_assessment(db, user)
        if index % 4 == 0:
            repository.complete_assessment(db, assessment.id)
    db.close()
    window = make_window(qtbot, tmp_path)
    home = window.home
    assert home.model.rowCount() == 120  # one chunk; tests/gui/test_home_page.py scrolls more
    assert home.empty_label.text() == "120 assessments"
    qtbot.keyClicks(home.search, "aa")
    qtbot.waitUntil(lambda: home.model.rowCount() == 30)
    assert home.empty_label.text() == "30 assessments"
    home.status_filter.setCurrentIndex(home.status_filter.findText("Complete"))
    assert home.model.rowCount() == 8
    assert {home.model.data(home.model.index(row, 3)) for row in range(8)} == {"Complete"}


def test_settings_are_saved_and_used_for_new_intakes(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    window.show_page(SETTINGS)
    page = window.settings
    page.staff.setText("lq")
    page.language.setCurrentIndex(page.language.findData("es"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Settings saved."
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.problems == ()
    assert loaded.settings == Settings(default_locale="es", staff_initials="LQ")
    assert window.new_intake.staff.text() == "LQ"
    page.staff.setText("123")
    page.save()
    assert page.message.text().startswith("Not saved:")


def test_the_reassessment_interval_is_set_in_settings_and_used_by_home(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(qtbot, tmp_path)
    window.show_page(SETTINGS)
    page = window.settings
    assert page.reassess.value() == Settings().reassess_after_days
    page.reassess.setValue(0)
    assert page.reassess.text() == "Never"
    assert page.has_unsaved_edits()
    page.reassess.setValue(30)
    assert page.save()
    assert load_settings(tmp_path / "settings.json").settings.reassess_after_days == 30
    assert window.home._reassess_after_days() == 30
    page.reassess.setValue(0)
    assert page.save()
    assert load_settings(tmp_path / "settings.json").settings.reassess_after_days == 0
    assert window.home._reassess_after_days() == 0


def test_a_bad_setting_falls_back_to_its_default_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"default_locale": "fr", "staff_initials": "lq"}')
    loaded = load_settings(path)
    assert loaded.settings == Settings(staff_initials="LQ")
    warning = loaded.warning()
    assert warning is not None and "settings.json" in warning and "fr" in warning
    save_settings(Settings(staff_initials="ab"), path)
    again = load_settings(path)
    assert (again.settings, again.problems) == (Settings(staff_initials="AB"), ())


def test_database_errors_reach_the_worker_as_one_message(qtbot: QtBot, tmp_path: Path) -> None:
    from readiness.settings import Settings
    from readiness_ui.protection.session import Protection
    from readiness_ui.tasks import TaskRunner
    from tests.gui.test_database_unlock import KEY, FakeAsker

    window = build_window(load_configuration(tmp_path / "settings.json")[0], tmp_path / "r.db")
    qtbot.addWidget(window)
    tasks = TaskRunner()

    def protection(path: Path) -> Protection:
        return Protection(window, tasks, Settings(), path, create_dir=False)

    missing = tmp_path / "no" / "r.db"
    asker = FakeAsker()
    assert protection(missing).open(asker) is None
    assert asker.asked[-1] == ("error", f"{missing}: the folder {tmp_path / 'no'} does not exist")
    bad = tmp_path / "bad.db"
    bad.write_text("not a database, and not encrypted either")
    asker = FakeAsker(tries=[KEY, None])
    assert protection(bad).open(asker) is None  # never opened; the file is left alone
    assert "did not open" in str(asker.asked[-1][1])
    assert bad.read_text() == "not a database, and not encrypted either"
    ok = protection(tmp_path / "ok.db")
    opened = ok.open(FakeAsker())
    assert opened is not None and window.records is opened.records
    assert window.location is not None and window.location.key == KEY
    opened.database.close()
    tasks.wait()


def test_every_interactive_widget_has_an_accessible_name(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
    )

    window = make_window(qtbot, tmp_path)
    window.new_intake.code.setText("AC-1")
    window.new_intake.start()  # opens the intake page too
    consent_to_everything(window)
    unnamed = []
    shown = [(page, None) for page in (HOME, NEW_INTAKE, SETTINGS)]
    for page, step in [*shown, *((INTAKE, row) for row in range(8))]:
        window.show_page(page)
        if step is not None:
            window.intake.step_list.setCurrentRow(step)
        unnamed += [
            f"page {page}: {type(w).__name__} {w.text() if hasattr(w, 'text') else ''}"
            for kind in (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)
            for w in window.findChildren(kind)
            if w.isVisibleTo(window)
            and not w.accessibleName()
            and not (  # the field inside a combo or spin box: the box has the name
                isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox))
            )
        ]
    assert unnamed == []


def test_device_checks_step_saves_every_result_to_the_assessment(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from readiness_ui.pages.checks import ChecksPage

    window = make_window(qtbot, tmp_path)
    window.new_intake.code.setText("DV-1")
    window.new_intake.start()
    intake = window.intake
    titles = [intake.step_list.item(row).text() for row in range(intake.step_list.count())]
    assert titles[:2] == ["About this intake", "Consent"]
    assert titles[2:] == [  # not open yet: they say so in words
        "The person's phone\n(opens after consent)",
        "This computer\n(opens after consent)",
        "Internet connection\n(opens after consent)",
        "Questions\n(opens after consent)",
        "Results and plan\n(opens after consent)",
        "Reports\n(opens after consent)",
    ]
    consent_to_everything(window)
    intake.step_list.setCurrentRow(3)
    page = intake.stack.currentWidget()
    assert isinstance(page, ChecksPage)
    page.run()
    qtbot.waitUntil(lambda: not page.running, timeout=15000)
    assert intake.assessment is not None
    db = window.records.database
    assert db is not None
    saved = {r.check_id: r for r in repository.list_check_results(db, intake.assessment.id)}
    assert {"device.os", "device.memory", "device.disk", "device.camera"} <= set(saved)
    assert all(result.reason for result in saved.values())
    # Reopening the intake shows the saved results without running anything.
    intake.shutdown()
    window.open_intake(intake.assessment.id)
    reopened = intake.stack.widget(3)
    assert isinstance(reopened, ChecksPage)
    assert set(reopened.results()) == set(saved)
    assert not reopened.running


def test_a_broken_agency_thresholds_file_is_refused_with_the_key(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(qtbot, tmp_path)
    bad = tmp_path / "agency.yaml"
    bad.write_text("schema_version: 1\ndevice:\n  memory:\n    video_1to1_gb: lots\n")
    window.settings.thresholds_file.setText(str(bad))
    window.settings.save()
    message = window.settings.message.text()
    assert message.startswith("Not saved:") and "agency.yaml" in message
    assert load_settings(tmp_path / "settings.json").settings.thresholds_file == ""


def test_questionnaire_step_saves_each_answer_the_moment_it_is_given(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from readiness_ui.pages.questionnaire import QuestionnairePage

    window = make_window(qtbot, tmp_path)
    window.new_intake.code.setText("QN-1")
    window.new_intake.start()
    intake = window.intake
    consent_to_everything(window)
    intake.step_list.setCurrentRow(5)
    page = intake.stack.currentWidget()
    assert isinstance(page, QuestionnairePage)
    first = page.current_step()
    assert first is not None
    qtbot.keyClick(page, Qt.Key.Key_1)  # the first option of the first question
    db = window.records.database
    assert db is not None and intake.assessment is not None
    saved = [
        answer
        for answer in repository.list_answers(db, intake.assessment.id)
        if answer.questionnaire_id != "consent"
    ]
    assert len(saved) == 1
    assert saved[0].item_id.startswith(("access.", "skills.", "health_info."))


def test_agency_questionnaires_are_checked_before_they_are_added(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(qtbot, tmp_path)
    page = window.settings
    bad = tmp_path / "agency.yaml"
    bad.write_text("id: agency\nthis is: [not valid")
    assert not page.add_instrument_file(str(bad))
    assert page.message.text().startswith("Not added:") and "agency.yaml" in page.message.text()
    assert page.instrument_list.count() == 0


def test_switching_to_spanish_translates_the_shell_and_the_open_intake(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from readiness_ui.language import set_language
    from readiness_ui.pages.questionnaire import QuestionnairePage

    window = make_window(qtbot, tmp_path)
    window.new_intake.code.setText("ES-1")
    window.new_intake.start()
    try:
        window.language.setCurrentIndex(window.language.findData("es"))
        assert window.navigation.item(HOME).text() == "Inicio"
        assert window.intake.pause_button.text() == "&Pausar e ir a Inicio"
        assert window.intake.step_list.item(0).text() == "Sobre esta entrevista"
        questions = window.intake.stack.widget(5)
        assert isinstance(questions, QuestionnairePage)
        assert questions.current_locale() == "es"
        window.show_page(HOME)
        assert window.home.title.text() == "Evaluaciones"
        assert window.home.model.data(window.home.model.index(0, 3)) == "En curso"
    finally:
        set_language("en")


def test_consent_choices_are_saved_and_a_declined_check_cannot_run(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from readiness.questionnaire.consent import consent_choices
    from readiness_ui.pages.checks import ChecksPage
    from readiness_ui.pages.consent import ConsentStep

    window = make_window(qtbot, tmp_path)
    window.new_intake.code.setText("CN-1")
    window.new_intake.start()
    intake = window.intake
    consent = intake.stack.widget(1)
    checks = intake.stack.widget(3)
    assert isinstance(consent, ConsentStep) and isinstance(checks, ChecksPage)
    assert "No choice recorded yet." in consent.status.text()
    consent.boxes["questions"].setChecked(True)
    consent.boxes["connection_test"].setChecked(True)
    db = window.records.database
    assert db is not None and intake.assessment is not None
    saved = consent_choices(repository.list_answers(db, intake.assessment.id))
    assert saved == {"device_checks": False, "connection_test": True, "questions": True}
    assert not checks.run_button.isEnabled()
    assert "chose not to have this computer checked" in checks.status_label.text()
    consent.boxes["device_checks"].setChecked(True)
    assert checks.run_button.isEnabled()
    # Reopened later, the choices and their effect are still there.
    consent.boxes["device_checks"].setChecked(False)
    window.open_intake(intake.assessment.id)
    reopened = intake.stack.widget(3)
    assert isinstance(reopened, ChecksPage) and not reopened.run_button.isEnabled()


def test_connection_step_offline_saves_an_honest_result_for_this_person_only(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """With no network (tests cannot reach other hosts) the test says offline within seconds."""
    from readiness.store.check_history import latest_check_result
    from readiness_ui.pages.connection import ConnectionPage

    window = make_window(qtbot, tmp_path)
    window.new_intake.code.setText("NET-1")
    window.new_intake.start()
    intake = window.intake
    page = intake.stack.widget(4)
    assert isinstance(page, ConnectionPage)
    page.start()
    qtbot.waitUntil(lambda: not page.running, timeout=10000)
    db = window.records.database
    assert db is not None and intake.assessment is not None
    saved = {r.check_id: r for r in repository.list_check_results(db, intake.assessment.id)}
    result = saved["connection.bandwidth"]
    assert result.values["status"].value == "offline"
    assert "offline" in result.reason.lower() or "internet" in result.reason.lower()
    # Another person's history is never offered as "the last result".
    other = repository.create_service_user(db, "NET-2")
    assert latest_check_result(db, other.id, "connection.bandwidth") is None


def test_results_step_explains_every_channel_and_keeps_the_plan(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from datetime import date

    from readiness.model import Answer, utc_now
    from readiness.store import plans
    from readiness_ui.pages.results import ResultsPage

    db = open_database(tmp_path / "r.db")
    user = repository.create_service_user(db, "RS-9")
    assessment = repository.start_assessment(db, user)
    for item, value in (
        ("access.phone_type", "basic"),
        ("comm.hearing_difficulty", "a_lot"),
        ("access.video_device", False),
    ):
        questionnaire = item.split(".")[0]
        answer = Answer(questionnaire, item, utc_now(), value=value)
        repository.save_answer(db, assessment.id, answer)
    db.close()
    window = make_window(qtbot, tmp_path)
    window.open_intake(assessment.id)
    intake = window.intake
    consent_to_everything(window)
    intake.step_list.setCurrentRow(6)
    page = intake.stack.currentWidget()
    assert isinstance(page, ResultsPage)
    result = page.result
    assert result is not None
    verdicts = {channel.id: channel.verdict.value for channel in result.channels}
    assert set(verdicts) == {"phone", "text", "video", "group_video", "app", "email", "in_person"}
    assert verdicts["video"] == "not_suitable_now"
    assert all(channel.reasons for channel in result.channels)
    home_db = window.records.database
    assert home_db is not None
    follow_up = date(2027, 1, 15)
    page.follow_up_box.setChecked(True)
    page.follow_up_date.setDate(follow_up)
    saved = plans.get_plan(home_db, assessment.id)
    assert saved is not None and saved.follow_up == follow_up


def test_speed_test_settings_are_checked_and_used_by_the_connection_step(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from readiness_ui.app import load_configuration

    window = make_window(qtbot, tmp_path)
    page = window.settings
    page.speed_server.setText("htp://speed.example.org")
    page.save()
    assert page.message.text().startswith("Not saved:") and "server" in page.message.text()
    page.speed_server.setText("https://speed.example.org/")
    page.speed_backend.setCurrentIndex(page.speed_backend.findData("librespeed"))
    page.save()
    assert page.message.text() == "Settings saved."
    chosen = load_configuration(tmp_path / "settings.json")[0].connection_settings()
    assert chosen.server_url == "https://speed.example.org/"
    assert chosen.backend_order == ("librespeed",)
    bad_rules = tmp_path / "rules.yaml"
    bad_rules.write_text("channels:\n  - id: video\n    rules: [{when: {fact: nope, eq: 1}}]\n")
    page.rules_files.setText(str(bad_rules))
    page.save()
    assert page.message.text().startswith("Not saved:") and "rules.yaml" in page.message.text()


def test_reports_step_writes_both_pdfs_for_the_open_intake(qtbot: QtBot, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from readiness_ui.pages.export import ExportPage

    window = make_window(qtbot, tmp_path)
    window.new_intake.code.setText("PDF-1")
    window.new_intake.start()
    page = window.intake.stack.widget(7)
    assert isinstance(page, ExportPage)
    data = page._load_report("es")
    from readiness.reports.pdf import write_report

    for audience in ("staff", "service-user"):
        out = tmp_path / f"{audience}.pdf"
        write_report(data, audience, out)
        text = "".join(p.extract_text() for p in PdfReader(out).pages)
        assert "PDF-1" in text or audience == "service-user"
        assert len(text) > 200


def test_an_intake_reopens_at_the_step_where_it_was_left(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    window.new_intake.code.setText("RE-1")
    window.new_intake.start()
    intake = window.intake
    assert intake.step_list.currentRow() == 0
    consent_to_everything(window)
    intake.step_list.setCurrentRow(5)
    assert intake.assessment is not None
    assessment_id = intake.assessment.id
    # The app is killed: nothing is closed or saved on the way out.
    window.hide()
    again = make_window(qtbot, tmp_path)
    again.open_intake(assessment_id)
    assert again.intake.step_list.currentRow() == 5
    assert again.intake.stack.currentIndex() == 5


def test_practice_mode_shows_fictional_people_apart_from_real_ones(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = open_database(tmp_path / "r.db")
    repository.start_assessment(db, repository.create_service_user(db, "REAL-1"))
    db.close()
    window = make_window(qtbot, tmp_path)
    home = window.home
    assert not window.practice_banner.isVisibleTo(window)
    qtbot.mouseClick(home.practice_button, Qt.MouseButton.LeftButton)
    assert window.practice and window.practice_banner.isVisibleTo(window)
    codes = {home.model.data(home.model.index(row, 0)) for row in range(home.model.rowCount())}
    assert codes and all(code.startswith("PRACTICE-") for code in codes)
    assert (tmp_path / "practice.db").exists()
    assert home.practice_button.text() == "&Leave practice mode"
    qtbot.mouseClick(home.practice_button, Qt.MouseButton.LeftButton)
    assert not window.practice
    assert home.model.data(home.model.index(0, 0)) == "REAL-1"
    assert home.model.rowCount() == 1


def _visible_texts(window: QWidget) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget

    texts: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QListWidget):
            texts += [widget.item(row).text() for row in range(widget.count())]
        texts.append(widget.accessibleName())
    return [text for text in texts if text]


def test_after_switching_to_spanish_no_visible_text_stays_english(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from readiness_ui.language import set_language
    from tests.core.spanish import changed_in_spanish

    english_only = changed_in_spanish()
    window = make_window(qtbot, tmp_path)
    window.new_intake.code.setText("ES-2")
    window.new_intake.start()
    consent_to_everything(window)  # every step opens
    try:
        window.language.setCurrentIndex(window.language.findData("es"))
        leftovers = []
        for page in (HOME, NEW_INTAKE, INTAKE, SETTINGS):
            window.show_page(page)
            if page == INTAKE:
                for row in range(window.intake.step_list.count()):
                    window.intake.step_list.setCurrentRow(row)
                    assert window.intake.stack.currentIndex() == row
                    leftovers += [t for t in _visible_texts(window) if t in english_only]
            else:
                leftovers += [t for t in _visible_texts(window) if t in english_only]
        assert sorted(set(leftovers)) == []
    finally:
        set_language("en")


def test_answers_survive_the_app_being_killed_mid_questionnaire(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from readiness_ui.pages.questionnaire import QuestionnairePage

    window = make_window(qtbot, tmp_path)
    window.new_intake.code.setText("KILL-1")
    window.new_intake.start()
    intake = window.intake
    assert intake.assessment is not None
    assessment_id = intake.assessment.id
    consent_to_everything(window)
    intake.step_list.setCurrentRow(5)
    page = intake.stack.currentWidget()
    assert isinstance(page, QuestionnairePage)
    given = []
    for _ in range(4):
        step = page.current_step()
        assert step is not None
        given.append(step)
        qtbot.keyClick(page, Qt.Key.Key_1)
        page.go_next()
    window.hide()  # killed: no close event, no save on the way out
    again = make_window(qtbot, tmp_path)
    again.open_intake(assessment_id)
    assert again.intake.step_list.currentRow() == 5
    resumed = again.intake.stack.currentWidget()
    assert isinstance(resumed, QuestionnairePage)
    db = again.records.database
    assert db is not None
    answers = repository.list_answers(db, assessment_id)
    assert len([answer for answer in answers if answer.questionnaire_id != "consent"]) == 4
    assert resumed.current_step() not in given[:4]
