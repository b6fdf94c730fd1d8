"""Widgets of the connection page: the live speed graph and the form for hand-entered figures.

The graph is a plain painted widget (no chart library needed): one line per
direction, a scale that grows with the fastest reading, and the current figure in
large text; its accessible description always states the current figure for screen
readers. The form takes figures from a speed test run elsewhere (e.g. a phone app).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
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
from readiness.i18n import _

COLOURS = {Phase.DOWNLOAD: QColor("#0d47a1"), Phase.UPLOAD: QColor("#8a5300")}
NICE_SCALES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)


class SpeedGraph(QWidget):
    """Shows live ``SpeedSample``s: ``add(seconds, sample)``, ``clear()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: dict[Phase, list[tuple[float, float]]] = {p: [] for p in COLOURS}
        self.current: SpeedSample | None = None
        self.setMinimumSize(320, 160)
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

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(48, 36, -12, -20)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(QPen(self.palette().mid().color()))
        painter.drawRect(area)
        scale = self.scale()
        painter.setPen(self.palette().text().color())
        painter.drawText(
            QRectF(0, area.top() - 8, 44, 16), Qt.AlignmentFlag.AlignRight, f"{scale:g}"
        )
        painter.drawText(QRectF(0, area.bottom() - 8, 44, 16), Qt.AlignmentFlag.AlignRight, "0")
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
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        painter.setFont(font)
        colour = COLOURS.get(self.current.phase) if self.current else None
        painter.setPen(colour or self.palette().text().color())
        painter.drawText(
            QRectF(area.left(), 0, area.width(), 34), Qt.AlignmentFlag.AlignCenter, self.caption()
        )
        painter.end()


class ManualEntryForm(QGroupBox):
    """Download, upload, and optional round trip, jitter and loss, with a note and Save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Enter figures from another speed test"), parent)
        self.setAccessibleName(_("Enter figures from another speed test by hand"))
        form = QFormLayout(self)
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
        self.note.setPlaceholderText(_("Where the figures come from, e.g. a phone app"))
        self.note.setAccessibleName(_("Note about the figures entered by hand"))
        form.addRow(_("Note"), self.note)
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
