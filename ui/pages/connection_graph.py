"""The connection page's live speed graph.

A plain painted widget (no chart library needed): one line per direction, a scale
that grows with the fastest reading, and the current figure in large text (its
margins grow with the font, so nothing is cut off at 200 %); its accessible
description always states the current figure for screen readers.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

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

    @property
    def has_data(self) -> bool:
        """True once a reading has arrived (an empty chart is not shown)."""
        return any(self.points.values())

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
