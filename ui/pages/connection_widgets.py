"""Widgets of the connection page: the live speed graph and the form for hand-entered figures.

The graph is a plain painted widget (no chart library needed): one line per
direction, a scale that grows with the fastest reading, and the current figure in
large text (its margins grow with the font, so nothing is cut off at 200 %); its
accessible description always states the current figure for screen readers. The form
takes figures from a speed test run elsewhere (e.g. a phone app).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from readiness.checks.connection import Phase, SpeedSample

from ..language import _

COLOURS = {Phase.DOWNLOAD: QColor("#0d47a1"), Phase.UPLOAD: QColor("#8a5300")}
NICE_SCALES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)


class SpeedGraph(QWidget):
    """Shows live ``SpeedSample``s: ``add(seconds, sample)``, ``clear()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: dict[Phase, list[tuple[float, float]]] = {p: [] for p in COLOURS}
        self.current: SpeedSample | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(_("Live speed graph"))
        self.setAccessibleDescription(_("No test is running."))

    def clear(self) -> None:
        for points in self.points.values():
            points.clear()
        self.current = None
        self.setAccessibleDescription(_("No test is running."))
        self.update()

    def add(self, seconds: float, sample: SpeedSample) -> None:
        """Add a reading taken ``seconds`` after the test started."""
        if sample.phase in self.points and sample.mbps is not None:
            self.points[sample.phase].append((seconds, sample.mbps))
            self.current = sample
            self.setAccessibleDescription(self.caption())
            self.update()

    def caption(self) -> str:
        sample = self.current
        if sample is None or sample.mbps is None:
            return _("No test is running.")
        what = _("Download") if sample.phase is Phase.DOWNLOAD else _("Upload")
        return f"{what} {sample.mbps:.1f} Mbit/s"

    def scale(self) -> float:
        top = max((mbps for points in self.points.values() for _t, mbps in points), default=0.0)
        return float(next((s for s in NICE_SCALES if s >= top * 1.1), NICE_SCALES[-1]))

    def _caption_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        return font

    def _margins(self) -> tuple[float, float, float]:
        """Room for the scale on the left, the caption on top and half a label below;
        all grow with the font, so large text is never cut off."""
        metrics = QFontMetrics(self.font())
        left = metrics.horizontalAdvance(f"{NICE_SCALES[-1]}") + 12
        top = QFontMetrics(self._caption_font()).height() + 6
        return float(left), float(top), metrics.height() / 2 + 4

    def minimumSizeHint(self) -> QSize:
        left, top, bottom = self._margins()
        return QSize(int(left) + 270, int(top + bottom) + 110)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, top, bottom = self._margins()
        area = QRectF(self.rect()).adjusted(left, top, -12, -bottom)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(QPen(self.palette().mid().color()))
        painter.drawRect(area)
        scale = self.scale()
        painter.setPen(self.palette().text().color())
        line_height = QFontMetrics(self.font()).height()
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(
            QRectF(0, area.top() - line_height / 2, left - 6, line_height), right, f"{scale:g}"
        )
        painter.drawText(
            QRectF(0, area.bottom() - line_height / 2, left - 6, line_height), right, "0"
        )
        end = max((t for points in self.points.values() for t, _m in points), default=1.0)
        for phase, points in self.points.items():
            if len(points) < 2:
                continue
            line = QPolygonF(
                [
                    QPointF(
                        area.left() + area.width() * t / max(end, 1e-3),
                        area.bottom() - area.height() * min(mbps / scale, 1.0),
                    )
                    for t, mbps in points
                ]
            )
            painter.setPen(QPen(COLOURS[phase], 2))
            painter.drawPolyline(line)
        painter.setFont(self._caption_font())
        colour = COLOURS.get(self.current.phase) if self.current else None
        painter.setPen(colour or self.palette().text().color())
        painter.drawText(
            QRectF(area.left(), 0, area.width(), top - 2),
            Qt.AlignmentFlag.AlignCenter,
            self.caption(),
        )
        painter.end()


class ManualEntryForm(QGroupBox):
    """Download, upload, and optional round trip, jitter and loss, with a note and Save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Enter figures from another speed test"), parent)
        self.setAccessibleName(_("Enter figures from another speed test by hand"))
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above, if narrow
        self.fields: dict[str, QDoubleSpinBox] = {}
        for key, label, unit, high, optional in (
            ("download_mbps", _("Download"), "Mbit/s", 100_000.0, False),
            ("upload_mbps", _("Upload"), "Mbit/s", 100_000.0, False),
            ("rtt_ms", _("Round trip (ping)"), "ms", 60_000.0, True),
            ("jitter_ms", _("Jitter"), "ms", 60_000.0, True),
            ("loss_pct", _("Packet loss"), "%", 100.0, True),
        ):
            field = QDoubleSpinBox()
            field.setDecimals(2)
            field.setRange(-1.0 if optional else 0.0, high)  # -1 shows "not known"
            field.setSuffix(f" {unit}")
            if optional:
                field.setSpecialValueText(_("not known"))
                field.setValue(-1.0)
            field.setAccessibleName(f"{label} ({unit})")
            form.addRow(label, field)
            self.fields[key] = field
        self.note = QLineEdit()
        self.note.setAccessibleName(_("Note about the figures entered by hand"))
        hint = _("Where the figures come from, e.g. a phone app")
        self.note.setAccessibleDescription(hint)
        form.addRow(_("Note"), self.note)
        self.note_hint = QLabel(hint)  # shown, not a placeholder: it stays whole at any size
        self.note_hint.setWordWrap(True)
        self.note_hint.setAccessibleName(hint)
        form.addRow("", self.note_hint)
        self.button = QPushButton(_("Save figures entered by hand"))
        self.button.setAccessibleName(_("Save the figures entered by hand"))
        form.addRow(self.button)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Message about the figures entered by hand"))
        form.addRow(self.message)

    def value(self, key: str) -> float | None:
        """The figure entered for ``key``, or None when left at "not known"."""
        number = self.fields[key].value()
        return None if number < 0 else number
