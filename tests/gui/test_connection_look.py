"""The connection step as a worker sees it on a 1366×768 screen, in English and Spanish, at
100 % and 200 % text: offline with the person's last result, and with figures typed by hand.
Nothing is cut off or overlaps. With READINESS_SHOTS=folder the pages are saved as PNGs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget
from pytestqt.qtbot import QtBot

from readiness.checks.connection import evaluate, to_check_result
from readiness.i18n import ENGLISH
from readiness.model import utc_now
from readiness.store.database import open_database
from readiness.thresholds import load_thresholds
from readiness_ui.app import build_window, load_configuration
from readiness_ui.language import set_language
from readiness_ui.main_window import MainWindow
from readiness_ui.pages.connection import ConnectionPage
from readiness_ui.theme import BASE_POINT_SIZE, apply_look
from tests.gui.a11y import text_problems
from tests.gui.test_connection_page import good_result
from tests.gui.test_connection_step import connection_page

WIDTH, HEIGHT = 1366, 768


@pytest.fixture(params=[1, 2], ids=["100", "200"])
def text_size(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[int]:
    font, sheet = QFont(qapp.font()), qapp.styleSheet()
    try:
        big = QFont(font)
        big.setPointSizeF(BASE_POINT_SIZE * request.param)
        qapp.setFont(big)
        apply_look(qapp, high_contrast=False)
        yield request.param * 100
    finally:
        qapp.setFont(font)
        qapp.setStyleSheet(sheet)
        set_language("en")


def window_for(qtbot: QtBot, tmp_path: Path, language: str) -> MainWindow:
    """A window whose person was measured three days ago; a new intake of theirs is open."""
    db = open_database(tmp_path / "r.db")
    window = build_window(load_configuration(tmp_path / "settings.json")[0], tmp_path / "r.db", db)
    qtbot.addWidget(window)
    ignored = QSizePolicy.Policy.Ignored  # Settings is checked on its own (test_text_scaling)
    window.settings.setSizePolicy(ignored, ignored)
    window.language.setCurrentIndex(window.language.findData(language))
    window.resize(WIDTH, HEIGHT)
    window.show()
    records = window.records
    assert records is not None
    earlier = replace(good_result(), measured_at=utc_now() - timedelta(days=3))
    records.start_intake("NET-1").save_check_result(
        to_check_result(earlier, evaluate(earlier, load_thresholds(), ENGLISH))
    )
    window.new_intake.code.setText("NET-1")
    window.new_intake.start()
    session = window.intake.session
    assert session is not None
    session.set_consent("connection_test", True)  # the step opens once consent is recorded
    return window


def settle(qtbot: QtBot, window: QWidget) -> None:
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(10)
    window.repaint()


def look(qtbot: QtBot, window: MainWindow, page: ConnectionPage, name: str) -> list[str]:
    settle(qtbot, window)
    folder = os.environ.get("READINESS_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(folder) / f"{name}.png"))
    problems = text_problems(page)
    if (window.width(), window.height()) != (WIDTH, HEIGHT):
        problems.append(f"the window grew to {window.width()}x{window.height()}")
    return [f"{name}: {problem}" for problem in problems]


@pytest.mark.parametrize("language", ["en", "es"])
def test_offline_and_hand_entry_fit_the_screen(
    qtbot: QtBot, tmp_path: Path, text_size: int, language: str
) -> None:
    window = window_for(qtbot, tmp_path, language)
    page = connection_page(window)
    page.start()  # tests reach no other host: offline, as at a person's home without internet
    qtbot.waitUntil(lambda: not page.running, timeout=10000)
    assert page.saved is not None and not page.saved.status.measured
    assert not page.graph.isVisible() and not page.progress.isVisible()
    assert not page.manual.fields["download_mbps"].visibleRegion().isEmpty()
    assert not page.status_label.visibleRegion().isEmpty()
    problems = look(qtbot, window, page, f"connection-offline-{language}-{text_size}")
    for key, typed in (("download_mbps", "12.5"), ("upload_mbps", "1.5"), ("rtt_ms", "60")):
        field = page.manual.fields[key]
        field.setFocus()
        qtbot.keyClicks(field, typed)
    page.manual.flush()
    assert page.result is not None and page.result.manual
    problems += look(qtbot, window, page, f"connection-by-hand-{language}-{text_size}")
    window.intake.shutdown()
    assert not problems, "\n".join(problems)
