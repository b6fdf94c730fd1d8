"""Scrolling a page with the wheel never changes a figure, a date or a choice on the way past:
spin boxes, date boxes, drop-down lists and sliders take the wheel only with the focus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from readiness_ui.widgets.wheel_guard import WheelGuard, guard_wheel, guarded
from tests.gui.a11y import fake_window


@pytest.fixture
def guard(qapp: QApplication) -> Iterator[WheelGuard]:
    installed = guard_wheel(qapp)
    yield installed
    qapp.removeEventFilter(installed)
    installed.setParent(None)
    installed.deleteLater()


def wheel_over(widget: QWidget, steps: int = 1) -> QWheelEvent:
    """Turn the wheel ``steps`` notches up over ``widget``; returns the event as delivered."""
    event = QWheelEvent(
        QPointF(4, 4),
        QPointF(widget.mapToGlobal(QPoint(4, 4))),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event


def state(widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    assert isinstance(widget, QAbstractSlider)
    return widget.value()


def controls() -> list[QWidget]:
    number = QSpinBox()
    figure = QDoubleSpinBox()
    figure.setValue(0.0)
    date = QDateEdit(QDate(2026, 12, 7))
    choice = QComboBox()
    choice.addItems(["one", "two", "three"])
    choice.setCurrentIndex(1)
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(100, 200)
    return [number, figure, date, choice, slider]


def page_of(qtbot: QtBot, widgets: list[QWidget]) -> QScrollArea:
    content = QWidget()
    layout = QVBoxLayout(content)
    layout.addWidget(QLineEdit())  # somewhere else to have the focus
    for widget in widgets:
        layout.addWidget(widget)
    area = QScrollArea()
    area.setWidget(content)
    qtbot.addWidget(area)
    area.show()
    area.activateWindow()
    qtbot.waitUntil(area.isActiveWindow)
    return area


def test_an_unfocused_control_passes_the_wheel_on_to_the_page(
    qtbot: QtBot, guard: WheelGuard
) -> None:
    widgets = controls()
    area = page_of(qtbot, widgets)
    for widget in widgets:
        before = state(widget)
        event = wheel_over(widget)
        assert state(widget) == before, type(widget).__name__
        assert not event.isAccepted()  # ignored: Qt hands it to the page, which scrolls
        assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel gives no focus
    assert area.isVisible()


def test_a_focused_control_takes_the_wheel(qtbot: QtBot, guard: WheelGuard) -> None:
    widgets = controls()
    area = page_of(qtbot, widgets)
    for widget in widgets:
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        before = state(widget)
        wheel_over(widget)
        assert state(widget) != before, type(widget).__name__
    assert area.isVisible()


def test_without_the_guard_the_wheel_would_change_them(qtbot: QtBot) -> None:
    """The finding: the wheel changed an upload figure from 0.00 to 3.00 while scrolling."""
    figure = QDoubleSpinBox()
    area = page_of(qtbot, [figure])
    wheel_over(figure, steps=3)
    assert figure.value() == 3.0 and area.isVisible()


def test_scroll_bars_still_scroll(qtbot: QtBot, guard: WheelGuard) -> None:
    area = page_of(qtbot, [QWidget()])
    bar = area.verticalScrollBar()
    assert not guarded(bar)


def test_installing_twice_installs_one_guard(qapp: QApplication, guard: WheelGuard) -> None:
    assert guard_wheel(qapp) is guard


def test_every_control_of_the_window_ignores_the_wheel_unfocused(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guard: WheelGuard
) -> None:
    """Home, New intake, Settings and every step of an open intake."""
    window = fake_window(qtbot, tmp_path, monkeypatch)
    window.new_intake.code.setText("WH-1")
    window.new_intake.start()
    found = [w for w in window.findChildren(QWidget) if guarded(w)]
    kinds = {type(w).__name__ for w in found}
    assert {"QComboBox", "QDateEdit"} <= kinds  # language, filters, the follow-up date
    window.home.search.setFocus()
    for widget in found:
        before = state(widget)
        wheel_over(widget, steps=2)
        assert state(widget) == before, f"{type(widget).__name__} {widget.accessibleName()!r}"
