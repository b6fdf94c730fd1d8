"""Text at 200 %: every page and every intake step shows all its text, nothing overlaps.

The application font is set to twice the app's normal size (22 pt instead of 11 pt)
and the window fills a 1366 x 768 screen, the smallest common laptop screen; pages
may scroll, but no label, button, check box or radio button may be cut off or drawn
over another (``tests.gui.a11y``), and the window never grows past the screen. Set
``READINESS_SHOTS`` to a folder to also save each page as a PNG (under Xvfb:
``QT_QPA_PLATFORM=xcb xvfb-run -a pytest tests/gui/test_text_scaling.py``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from readiness.model import Answer, utc_now
from readiness.store import repository
from readiness_ui.language import set_language
from readiness_ui.main_window import HOME, INTAKE, NEW_INTAKE, SETTINGS, MainWindow
from readiness_ui.theme import BASE_POINT_SIZE, LIST_ITEM_PADDING, apply_look
from tests.gui.a11y import fake_window, item_problems, text_problems

pytestmark = pytest.mark.qt_log_ignore("PulseAudioService")

WIDTH, HEIGHT = 1366, 768

EACH_LOOK = pytest.mark.parametrize(
    "look", [("en", False), ("es", True)], ids=["english", "spanish-hc"]
)
"""English in the normal look; Spanish (longer words) in high contrast (thicker borders)."""

ANSWERS = (
    ("consent.device_checks", True),  # consent first: the steps after it open
    ("consent.connection_test", True),
    ("consent.questions", True),
    ("access.phone_type", "basic"),
    ("comm.hearing_difficulty", "a_lot"),
    ("access.video_device", False),
)


@pytest.fixture
def double_text(qapp: QApplication) -> Iterator[float]:
    """The app's look with its text at twice the normal size; restored afterwards."""
    font, sheet = QFont(qapp.font()), qapp.styleSheet()
    try:
        big = QFont(font)
        big.setPointSizeF(BASE_POINT_SIZE * 2)
        qapp.setFont(big)
        apply_look(qapp, high_contrast=False)
        yield qapp.font().pointSizeF()
    finally:
        qapp.setFont(font)
        qapp.setStyleSheet(sheet)


def settle(qtbot: QtBot, window: QWidget) -> None:
    """Let layouts (and scroll areas) finish resizing after a page change."""
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(10)
    window.repaint()


def save_shot(window: QWidget, name: str) -> None:
    folder = os.environ.get("READINESS_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(folder) / f"{name}.png"))


def check_page(qtbot: QtBot, window: MainWindow, name: str) -> list[str]:
    """What is cut off or overlaps on the page shown (the side navigation is checked apart)."""
    settle(qtbot, window)
    save_shot(window, name)
    problems = text_problems(window, skip=[window.navigation])
    if (window.width(), window.height()) != (WIDTH, HEIGHT):
        problems.append(f"the window grew to {window.width()}x{window.height()}")
    return [f"{name}: {problem}" for problem in problems]


def test_the_app_font_is_doubled(double_text: float) -> None:
    assert double_text == 22.0


@EACH_LOOK
def test_no_text_is_cut_off_at_200_percent(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    double_text: float,
    look: tuple[str, bool],
) -> None:
    """English in the normal look; Spanish (longer words) in high contrast (thicker borders)."""
    language, high_contrast = look
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app, high_contrast=high_contrast)
    window = fake_window(qtbot, tmp_path, monkeypatch)
    window.language.setCurrentIndex(window.language.findData(language))
    window.resize(WIDTH, HEIGHT)
    problems: list[str] = []
    pages = [(HOME, "home"), (NEW_INTAKE, "new-intake"), (SETTINGS, "settings")]
    try:
        problems = walk_every_page(qtbot, window, language, pages)
    finally:
        set_language("en")
    assert not problems, "\n".join(problems)


def walk_every_page(
    qtbot: QtBot, window: MainWindow, language: str, pages: list[tuple[int, str]]
) -> list[str]:
    """Show the main ``pages`` and each intake step (checks run); collect what is cut off."""
    problems: list[str] = []
    for page, name in pages:
        window.show_page(page)
        problems += check_page(qtbot, window, f"{language}-{name}")

    db = window.records.database
    assert db is not None
    user = repository.create_service_user(db, "BIG-1")
    assessment = repository.start_assessment(db, user, locale=language, staff_initials="MJ")
    for item_id, value in ANSWERS:
        answer = Answer(item_id.split(".")[0], item_id, utc_now(), value=value)
        repository.save_answer(db, assessment.id, answer)
    window.open_intake(assessment.id)
    assert window.stack.currentIndex() == INTAKE
    steps = window.intake.step_list
    for row in range(steps.count()):
        steps.setCurrentRow(row)
        page = window.intake.stack.currentWidget()
        run = getattr(page, "run", None) or getattr(page, "start", None)
        if callable(run) and getattr(page, "running", None) is False:
            run()
            qtbot.waitUntil(lambda page=page: not page.running, timeout=5000)
        problems += check_page(qtbot, window, f"{language}-intake-{row + 1}")
    window.intake.shutdown()
    return problems


@pytest.mark.parametrize("language", ["en", "es"])
def test_settings_fits_at_200_percent(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    double_text: float,
    language: str,
) -> None:
    window = fake_window(qtbot, tmp_path, monkeypatch)
    window.resize(WIDTH, HEIGHT)
    try:
        window.language.setCurrentIndex(window.language.findData(language))
        window.show_page(SETTINGS)
        problems = check_page(qtbot, window, f"{language}-settings")
    finally:
        set_language("en")
    assert not problems, "\n".join(problems)


@EACH_LOOK
def test_the_side_navigation_shows_whole_names_at_200_percent(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    double_text: float,
    look: tuple[str, bool],
) -> None:
    """Names wrap between words ("New intake" on two lines), and no word is cut short
    ("Configuraci…"): the navigation widens for its longest word, in any language."""
    language, high_contrast = look
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app, high_contrast=high_contrast)
    window = fake_window(qtbot, tmp_path, monkeypatch)
    window.resize(WIDTH, HEIGHT)
    try:
        window.language.setCurrentIndex(window.language.findData(language))
        navigation = window.navigation
        navigation.item(INTAKE).setHidden(False)  # "Current intake", the longest name
        settle(qtbot, window)
        assert list(item_problems(navigation)) == []
        metrics = navigation.fontMetrics()
        # The text gets the viewport less the items' padding and Qt's text margins.
        room = navigation.viewport().width() - 2 * LIST_ITEM_PADDING - 6
        names = [navigation.item(row).text() for row in range(navigation.count())]
        words = [word for name in names for word in name.split()]
        assert [word for word in words if metrics.horizontalAdvance(word) > room] == []
        assert window.width() == WIDTH
    finally:
        set_language("en")


def test_the_device_results_are_not_squeezed_into_a_small_list(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, double_text: float
) -> None:
    """At 200 % the results once scrolled in a box a row and a half high under the media
    tests; now the step scrolls as a whole and shows several rows at once."""
    from readiness_ui.pages.checks import ChecksPage

    window = fake_window(qtbot, tmp_path, monkeypatch)
    window.resize(WIDTH, HEIGHT)
    window.new_intake.code.setText("ROWS-1")
    window.new_intake.start()
    session = window.intake.session
    assert session is not None
    session.set_consent("device_checks", True)  # the step opens once consent is recorded
    page = window.intake.stack.widget(3)
    assert isinstance(page, ChecksPage)
    window.intake.step_list.setCurrentRow(3)
    page.run()
    qtbot.waitUntil(lambda: not page.running, timeout=5000)
    settle(qtbot, window)
    lines = page.results_area.viewport().height() // page.fontMetrics().lineSpacing()
    assert lines >= 8
    page.results_area.ensureWidgetVisible(page.results_table)
    settle(qtbot, window)
    table = page.results_table
    assert table.height() >= table.layout().totalHeightForWidth(table.width())
    assert check_page(qtbot, window, "device-results") == []
    window.intake.shutdown()


def test_the_checker_sees_clipped_text(qtbot: QtBot) -> None:
    """The checker itself: clipped labels, squeezed buttons and progress words are reported,
    a word-wrapped label with room is not."""
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    column = QVBoxLayout(root)
    wrapped = QLabel("A long sentence that wraps onto as many lines as it needs to.")
    wrapped.setWordWrap(True)
    column.addWidget(wrapped)
    squeezed = QWidget()
    squeezed.setFixedWidth(60)
    row = QHBoxLayout(squeezed)
    row.addWidget(QPushButton("Save the figures"))
    row.addWidget(QPushButton("Cancel the test"))
    column.addWidget(squeezed)
    bar = QProgressBar()
    bar.setValue(50)
    bar.setFormat("12 of 12 checks done")
    bar.setFixedWidth(40)
    column.addWidget(bar)
    clipped = QLabel("Cut off", root)  # outside any layout, far too small
    root.resize(300, 300)
    root.show()
    clipped.setGeometry(0, 0, 10, 5)
    qtbot.waitExposed(root)
    problems = text_problems(root)
    assert any("'Cut off'" in p and "needs" in p for p in problems)
    assert any("'Save the figures'" in p for p in problems)
    assert any("12 of 12 checks done" in p for p in problems)
    assert not any("A long sentence" in p for p in problems)


def test_headings_and_question_type_grow_with_the_text(qtbot: QtBot, double_text: float) -> None:
    """Sizes in the style sheets follow the application font: at 22 pt a page title is
    36 pt (18 pt at 11 pt) and a question 40 pt, never smaller than the text under it."""
    from readiness.questionnaire.loader import load_builtin
    from readiness_ui.pages.questionnaire import QuestionnairePage
    from readiness_ui.theme import STYLE, style_sheet

    assert "font-size: 18pt" in STYLE
    assert "QLabel#pageTitle { font-size: 36pt" in style_sheet(False, double_text)
    app = QApplication.instance()
    assert isinstance(app, QApplication) and "font-size: 36pt" in app.styleSheet()
    page = QuestionnairePage(load_builtin().instruments, [], lambda _answer: None)
    qtbot.addWidget(page)
    assert "QLabel#questionText { font-size: 40pt" in page.styleSheet()
    assert page.question.text_label.font().pointSizeF() == 40


def test_a_long_answer_option_wraps_instead_of_being_cut_off(
    qtbot: QtBot, double_text: float
) -> None:
    from PySide6.QtWidgets import QVBoxLayout

    from readiness_ui.widgets.wrapping_button import WrappingCheckBox, WrappingRadioButton

    root = QWidget()
    qtbot.addWidget(root)
    column = QVBoxLayout(root)
    option = WrappingRadioButton("3. Una computadora en una biblioteca o en un programa")
    box = WrappingCheckBox("2. Prepagado: compro datos o minutos cuando puedo")
    column.addWidget(option)
    column.addWidget(box)
    column.addStretch(1)
    root.resize(420, 500)
    root.show()
    qtbot.waitExposed(root)
    one_line = option.sizeHint().height()
    assert option.width() < option.sizeHint().width()  # too narrow for one line...
    assert option.height() >= option.heightForWidth(option.width()) > one_line  # ...so two
    assert option.minimumSizeHint().width() < option.width()
    assert text_problems(root) == []


@pytest.mark.parametrize("size", [100, 200])
def test_home_shows_every_date_and_code_whole(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    size: int,
) -> None:
    """Columns take the width their values need and share the rest (dates were cut short
    at the normal size when every column stretched alike)."""
    if size == 200:
        request.getfixturevalue("double_text")
    window = fake_window(qtbot, tmp_path, monkeypatch)
    if size == 200:
        window.resize(WIDTH, HEIGHT)
    db = window.records.database
    assert db is not None
    for number in range(3):
        user = repository.create_service_user(db, f"WIDE-{number:04d}")
        repository.start_assessment(db, user, locale="es", staff_initials="MJ")
    window.show_page(HOME)
    settle(qtbot, window)
    table = window.home.table
    header = table.horizontalHeader()
    columns = range(table.model().columnCount())
    cut = [
        str(table.model().headerData(column, Qt.Orientation.Horizontal))
        for column in columns
        if header.sectionSize(column)
        < max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
    ]
    assert cut == []
    if size == 100:  # room to spare: it is shared out, no gap is left at the right
        shown = sum(header.sectionSize(column) for column in columns)
        assert shown >= table.viewport().width()


def test_the_window_starts_no_larger_than_the_screen(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With QT_SCALE_FACTOR=2 a 1366 x 768 screen is 683 x 384 for the app: a window
    made 1000 x 680 put its bottom buttons off the screen."""
    window = fake_window(qtbot, tmp_path, monkeypatch)
    room = window.screen().availableGeometry()
    if room.width() >= 1000 and room.height() >= 680:
        pytest.skip("the screen has room for the usual size (the offscreen one does not)")
    assert window.width() <= room.width() and window.height() <= room.height()


def test_settings_fits_the_screen_qt_scale_factor_2_leaves(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At QT_SCALE_FACTOR=2 a 1366 x 768 screen is 683 x 384: labels go above their
    fields, nothing needs sideways scrolling, and Save settings stays on screen."""
    window = fake_window(qtbot, tmp_path, monkeypatch)
    window.resize(683, 384)
    window.show_page(SETTINGS)
    settle(qtbot, window)
    assert text_problems(window, skip=[window.navigation]) == []
    assert (window.width(), window.height()) == (683, 384)
    button = window.settings.save_button
    assert window.rect().contains(button.mapTo(window, button.rect().bottomRight()))
