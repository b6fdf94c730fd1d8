"""Accessibility checks shared by GUI tests: text that is clipped, and widgets that overlap.

``text_problems(root)`` walks every widget shown inside ``root`` and reports, in words:

- a label whose text needs more room than it has (its size hint, or for a word-wrapped
  label the height ``heightForWidth`` asks for at its actual width and the width of its
  longest word);
- a button, check box or radio button smaller than its size hint (for a wrapping one,
  smaller than ``heightForWidth`` at its width);
- an empty field whose hint (placeholder) is cut off, or a progress bar's words;
- an item of a list or tree (navigation, steps, reasons) whose text is cut off;
- a scroll area whose content is wider than the area (reading would need sideways
  scrolling; scrolling down is allowed);
- a widget pushed out of its parent, and siblings in one layout that overlap.

``fake_window`` builds the main window on a new database with fake device checks,
fake media and a fake connection test, for tests that walk the whole window.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QObject, QRect, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLayout,
    QLineEdit,
    QListView,
    QProgressBar,
    QScrollArea,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from readiness.checks.connection import (
    ConnectionResult,
    ConnectionStatus,
    Phase,
    SampleSink,
    SpeedSample,
)
from readiness.messages import plain
from readiness.model import CheckResult, CheckStatus, utc_now
from readiness.progress import CancelToken, Progress
from readiness_ui.main_window import MainWindow
from readiness_ui.pages.media_controls import MediaControls


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    shown = " ".join(text.split())[:50]
    return f"{type(widget).__name__}({widget.objectName() or shown or widget.accessibleName()!r})"


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and not widget.isWindow()


def _needed(widget: QLabel | QAbstractButton) -> tuple[int, int]:
    """The width and height the widget's text needs at its present width."""
    if widget.hasHeightForWidth():  # wraps: the longest word across, as many lines as it takes
        return widget.minimumSizeHint().width(), widget.heightForWidth(widget.width())
    hint = widget.sizeHint()
    return hint.width(), hint.height()


def text_problem(widget: QLabel | QAbstractButton) -> str | None:
    """Why the text of a label or button does not fit in its geometry, or None."""
    if not widget.text().strip():
        return None
    need_width, need_height = _needed(widget)
    if widget.width() < need_width or widget.height() < need_height:
        return (
            f"{_name(widget)} is {widget.width()}x{widget.height()} but its text needs "
            f"{need_width}x{need_height}"
        )
    return None


def progress_problem(bar: QProgressBar) -> str | None:
    """Why the words on a progress bar (e.g. "3 of 12 checks done") are cut off."""
    text = bar.text() if bar.isTextVisible() else ""
    if not text:
        return None
    metrics = bar.fontMetrics()
    need_width, need_height = metrics.horizontalAdvance(text) + 8, metrics.height()
    if bar.width() < need_width or bar.height() < need_height:
        return f"{_name(bar)} text {text!r} has {bar.width()}x{bar.height()} but needs " + (
            f"{need_width}x{need_height}"
        )
    return None


def placeholder_problem(field: QLineEdit) -> str | None:
    """Why an empty field's placeholder (its hint, e.g. "At least 6 characters") is cut off."""
    hint = field.placeholderText()
    if field.text() or not hint:
        return None
    margins = field.textMargins()
    room = field.width() - margins.left() - margins.right() - 12  # frame and text margin
    need = field.fontMetrics().horizontalAdvance(hint)
    if room < need:
        return f"{_name(field)} hint {hint!r} has {room} pixels but needs {need}"
    return None


def _indexes(view: QAbstractItemView) -> Iterator[QModelIndex]:
    """Every index shown in column 0 (a tree's children only when their parent is open)."""
    model = view.model()
    if model is None:
        return
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if isinstance(view, QListView) and view.isRowHidden(row):
                continue
            yield index
            if isinstance(view, QTreeView) and view.isExpanded(index):
                pending.append(index)


def item_problems(view: QAbstractItemView) -> Iterator[str]:
    """Items of a list or tree whose text is cut off: wider than the visible part of the
    view (without word wrap), or taller than their row (with it)."""
    if not isinstance(view, (QListView, QTreeView)):
        return  # tables and headers elide on purpose (a tooltip shows the whole text)
    metrics = view.fontMetrics()
    visible = view.viewport().width()
    wrap = view.wordWrap()
    for index in _indexes(view):
        text = str(index.data() or "")
        rect = view.visualRect(index)
        if not text or rect.isEmpty():
            continue
        room = min(rect.width(), visible - rect.x()) - 8  # the item's own padding
        if wrap:
            words = text.split() or [""]
            need_width = max(metrics.horizontalAdvance(word) for word in words)
            bounds = QRect(0, 0, max(room, 1), 10_000)
            need_height = metrics.boundingRect(bounds, Qt.TextFlag.TextWordWrap, text).height()
        else:
            need_width, need_height = metrics.horizontalAdvance(text), metrics.height()
        if room < need_width or rect.height() < need_height:
            yield (
                f"{_name(view)} item {text[:40]!r} has {room}x{rect.height()} "
                f"but needs {need_width}x{need_height}"
            )


def scroll_problems(root: QWidget) -> Iterator[str]:
    """Scroll areas whose content is wider than they are (reading would need sideways scrolling)."""
    for area in root.findChildren(QScrollArea):
        content = area.widget()
        if not _shown(area, root) or content is None:
            continue
        if content.width() > area.viewport().width():
            yield (
                f"{_name(area)} content of {_name(content)} is {content.width()} wide "
                f"in a {area.viewport().width()} wide view (sideways scrolling)"
            )


def _managed(layout: QLayout) -> Iterator[QWidget]:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            yield widget
        elif item.layout() is not None:
            yield from _managed(item.layout())


def overlap_problems(root: QWidget) -> Iterator[str]:
    """Shown widgets of one layout whose rectangles overlap."""
    for parent in [root, *root.findChildren(QWidget)]:
        layout = parent.layout()
        if layout is None or not (parent is root or _shown(parent, root)):
            continue
        shown = [w for w in _managed(layout) if _shown(w, root) and not w.size().isEmpty()]
        for first, second in itertools.combinations(shown, 2):
            if first.geometry().intersects(second.geometry()):
                yield f"{_name(first)} overlaps {_name(second)} in {_name(parent)}"


def _in_scroll_area(widget: QWidget) -> bool:
    viewport = widget.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None
    return isinstance(area, QScrollArea) and area.widget() is widget


def outside_problems(root: QWidget) -> Iterator[str]:
    """Shown widgets that stick out of their parent (a layout squeezed past its minimum)."""
    for widget in root.findChildren(QWidget):
        parent = widget.parentWidget()
        if parent is None or not _shown(widget, root) or _in_scroll_area(widget):
            continue
        if widget.size().isEmpty():
            continue
        if not parent.rect().contains(widget.geometry()):
            yield f"{_name(widget)} at {widget.geometry()} sticks out of {_name(parent)}"


def text_problems(root: QWidget, skip: Sequence[QWidget] = ()) -> list[str]:
    """Every clipped text and every overlap among the widgets shown in ``root``
    (leaving out ``skip`` and what is inside them)."""
    problems: list[str] = []
    for widget in root.findChildren(QWidget):
        if not _shown(widget, root) or any(w is widget or w.isAncestorOf(widget) for w in skip):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            problem = text_problem(widget)
        elif isinstance(widget, QLineEdit) and not isinstance(widget.parentWidget(), QComboBox):
            problem = placeholder_problem(widget)
        elif isinstance(widget, QProgressBar):
            problem = progress_problem(widget)
        else:
            problem = None
        if problem:
            problems.append(problem)
        if isinstance(widget, QAbstractItemView):
            problems.extend(item_problems(widget))
    problems.extend(scroll_problems(root))
    problems.extend(overlap_problems(root))
    problems.extend(outside_problems(root))
    return problems


# -- an intake window whose checks are fakes ---------------------------------------------


class FakeCheck:
    """A device check that answers at once with a reason in words."""

    def __init__(self, check_id: str, title: str, status: CheckStatus, reason: str) -> None:
        self.id, self.title, self.timeout_s = check_id, title, 5.0
        self._status, self._reason = status, reason

    def run(self, progress: Progress, cancel: CancelToken) -> CheckResult:
        progress(None, plain(self.title))
        return CheckResult(self.id, self._status, utc_now(), self._reason)


FAKE_CHECKS = (
    ("device.os", "Operating system", CheckStatus.GOOD, "Windows 11, still supported."),
    (
        "device.memory",
        "Memory",
        CheckStatus.LIMITED,
        "4 GB of memory: enough for calls, but video with many people may be slow.",
    ),
    ("device.camera", "Camera", CheckStatus.MISSING, "No camera was found on this computer."),
    ("device.speaker", "Speaker", CheckStatus.UNKNOWN, "Not tested yet."),
)


class FakeSignalSource(QObject):
    """Stands in for the camera preview, level meter and tone player (nothing real opens)."""

    failed = Signal(str)
    level = Signal(float, float)
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.widget = QLabel()
        self.widget.setAccessibleName("Camera preview")
        self.running = False

    def start(self) -> bool:
        return False

    def play(self) -> bool:
        return False

    def stop(self) -> None:
        self.running = False

    def device_count(self) -> int:
        return 0


def fake_media() -> MediaControls:
    return MediaControls(FakeSignalSource(), FakeSignalSource(), FakeSignalSource())


def fake_connection_test(
    _settings: object, progress: Progress, cancel: CancelToken, on_sample: SampleSink
) -> ConnectionResult:
    """A quick, measured result (a fair home connection) with a few live readings."""
    for index in range(4):
        on_sample(SpeedSample(Phase.DOWNLOAD, 20.0 + index, index / 4, index * 0.1))
        progress(index / 4, plain("Testing"))
    return ConnectionResult(
        status=ConnectionStatus.OK,
        measured_at=utc_now(),
        duration_s=1.0,
        reason="Measured.",
        download_mbps=24.0,
        upload_mbps=3.5,
        rtt_ms=35.0,
        jitter_ms=3.0,
        loss_pct=0.0,
        backend="librespeed",
        server="speed.agency.example",
    )


def use_fake_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the intake's device and connection steps use the fakes above."""
    import readiness.checks.connection
    import readiness.checks.device
    import readiness_ui.pages.media_controls
    import readiness_ui.probes.media

    checks = [FakeCheck(*spec) for spec in FAKE_CHECKS]
    monkeypatch.setattr(readiness.checks.device, "device_checks", lambda *_a, **_k: checks)
    monkeypatch.setattr(readiness_ui.probes.media, "qt_media_checks", lambda *_a, **_k: [])
    monkeypatch.setattr(readiness_ui.pages.media_controls, "default_media_controls", fake_media)
    monkeypatch.setattr(readiness.checks.connection, "check_connection", fake_connection_test)


def fake_window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The main window on a new database in ``tmp_path``, with fake checks, shown and active."""
    from readiness.store.database import open_database
    from readiness_ui.app import build_window, load_configuration

    use_fake_checks(monkeypatch)
    db = open_database(tmp_path / "r.db")
    window = build_window(load_configuration(tmp_path / "settings.json")[0], tmp_path / "r.db", db)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window
