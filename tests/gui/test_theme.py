"""The look: visible keyboard focus always; the text size and high contrast the worker chose,
or high contrast as the system asks, applied to the running app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

import readiness_ui.theme
from readiness_ui.theme import (
    HIGH_CONTRAST,
    STYLE,
    TEXT_SIZES,
    apply_chosen_look,
    apply_look,
    normal_point_size,
    style_sheet,
    wants_high_contrast,
)


@pytest.fixture
def app(restored_look: QApplication) -> QApplication:
    """The application; its look is put back afterwards."""
    return restored_look


def system_asks_for(app: QApplication, monkeypatch: pytest.MonkeyPatch, high: bool) -> None:
    """Pretend the system's accessibility setting changed to (or from) high contrast."""
    monkeypatch.setattr(readiness_ui.theme, "wants_high_contrast", lambda _app: high)
    preference = Qt.ContrastPreference.HighContrast if high else Qt.ContrastPreference.NoPreference
    app.styleHints().accessibility().contrastPreferenceChanged.emit(preference)


def test_focus_is_always_visible_and_high_contrast_adds_its_own_style() -> None:
    assert ":focus" in STYLE and "border: 2px" in STYLE
    assert style_sheet(False) == STYLE
    assert style_sheet(True) == STYLE + HIGH_CONTRAST
    assert "#ffe600" in HIGH_CONTRAST  # a thick yellow focus ring


def test_apply_look_follows_the_choice_or_the_system(app: QApplication) -> None:
    apply_look(app, high_contrast=True)
    assert HIGH_CONTRAST in app.styleSheet()
    assert app.font().pointSizeF() >= 11
    apply_look(app, high_contrast=False)
    assert HIGH_CONTRAST not in app.styleSheet()
    assert isinstance(wants_high_contrast(app), bool)


@pytest.mark.parametrize("size", TEXT_SIZES)
def test_the_chosen_text_size_sets_the_font_and_the_headings_of_the_running_app(
    qtbot: QtBot, app: QApplication, size: int
) -> None:
    shown = QWidget()
    qtbot.addWidget(shown)
    label, title = QLabel("Answer", shown), QLabel("Settings", shown)
    title.setObjectName("pageTitle")
    column = QVBoxLayout(shown)
    column.addWidget(title)
    column.addWidget(label)
    shown.show()
    apply_chosen_look(app, size, "off")
    QApplication.processEvents()
    expected = round(normal_point_size() * size / 100, 1)
    assert app.font().pointSizeF() == expected
    assert label.font().pointSizeF() == expected  # a window already open follows at once
    title_size = round(18 * expected / 11, 1)
    assert f"QLabel#pageTitle {{ font-size: {title_size:g}pt" in app.styleSheet()
    assert title.font().pointSizeF() == title_size
    apply_chosen_look(app, 100, "off")  # and back: sizes never pile up
    QApplication.processEvents()
    assert app.font().pointSizeF() == normal_point_size() >= 11
    assert label.font().pointSizeF() == normal_point_size()


def test_without_a_text_size_the_application_font_is_kept(app: QApplication) -> None:
    big = QFont(app.font())
    big.setPointSizeF(22)
    app.setFont(big)
    apply_look(app, high_contrast=False)
    assert app.font().pointSizeF() == 22
    assert "QLabel#pageTitle { font-size: 36pt" in app.styleSheet()


def test_high_contrast_on_and_off_ignore_the_system_and_system_follows_it(
    app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply_chosen_look(app, 100, "system")
    system_asks_for(app, monkeypatch, True)
    assert HIGH_CONTRAST in app.styleSheet()
    system_asks_for(app, monkeypatch, False)
    assert HIGH_CONTRAST not in app.styleSheet()
    # Chosen after following the system: the system's changes no longer count (the
    # earlier choice leaves nothing connected behind).
    apply_chosen_look(app, 100, "off")
    system_asks_for(app, monkeypatch, True)
    assert HIGH_CONTRAST not in app.styleSheet()
    apply_chosen_look(app, 100, "on")
    system_asks_for(app, monkeypatch, False)
    assert HIGH_CONTRAST in app.styleSheet()
    apply_chosen_look(app, 150, "system")  # back to the system, which asks for high contrast
    system_asks_for(app, monkeypatch, True)
    assert HIGH_CONTRAST in app.styleSheet()
    assert "QLabel#pageTitle { font-size: " in app.styleSheet()


def test_the_look_is_kept_in_one_object_per_application(app: QApplication) -> None:
    for contrast in ("system", "on", "off", "system"):
        apply_chosen_look(app, 125, contrast)
    looks = [child for child in app.children() if child.objectName() == "readinessLook"]
    assert len(looks) == 1


def test_in_high_contrast_a_ticked_box_and_the_scroll_bars_are_plain_to_see(
    qtbot: QtBot, app: QApplication
) -> None:
    """Ticked boxes and chosen options are filled black (not a thin grey tick), scroll bars
    have a black handle, and the indicators grow with the text."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QCheckBox, QRadioButton, QScrollArea

    apply_chosen_look(app, 200, "on")
    shown = QWidget()
    qtbot.addWidget(shown)
    column = QVBoxLayout(shown)
    boxes = [QCheckBox("No"), QCheckBox("Yes"), QRadioButton("No"), QRadioButton("Yes")]
    for box in boxes:
        column.addWidget(box)
    boxes[1].setChecked(True)
    boxes[3].setChecked(True)
    area = QScrollArea()
    tall = QLabel("\n".join(["line"] * 80))
    area.setWidget(tall)
    area.setFixedHeight(120)
    column.addWidget(area)
    shown.show()
    qtbot.waitExposed(shown)
    QApplication.processEvents()

    def indicator_centre(box: QWidget) -> QColor:
        image = box.grab().toImage()
        side = box.fontMetrics().height()
        return image.pixelColor(min(side // 2 + 2, image.width() - 1), image.height() // 2)

    assert [indicator_centre(box).lightness() < 60 for box in boxes] == [
        False,
        True,
        False,
        True,
    ]
    assert all(box.height() >= box.fontMetrics().height() for box in boxes)
    bar = area.verticalScrollBar().grab().toImage()
    dark = sum(
        bar.pixelColor(x, y).lightness() < 60
        for x in range(bar.width())
        for y in range(bar.height())
    )
    assert dark > bar.width() * bar.height() // 4  # the handle, not a hairline
