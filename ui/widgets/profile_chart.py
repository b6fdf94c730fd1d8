"""The profile chart: one painted bar per domain, with the score and band written next to it.

Never colour alone: every bar carries its number and its band in words, a domain
without enough answers says so in words (with an empty, dashed bar), and the band
boundaries (from the rules, e.g. 45, 61, 80) are drawn as thin marks. The
accessible description reads the whole chart as sentences for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from readiness.equity.results import NOT_ENOUGH_INFORMATION, DomainScore
from readiness.i18n import _

ROW_HEIGHT = 34
BAR_HEIGHT = 18
BAR_FILL = QColor("#1a5fb4")
BAR_TRACK = QColor("#e3e7ee")


class ProfileChart(QWidget):
    """Horizontal bars 0-100 per domain: ``set_profile(domains, locale, band_marks)``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.domains: tuple[DomainScore, ...] = ()
        self.language = "en"
        self.band_marks: tuple[float, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Profile chart"))
        self.setAccessibleDescription(_("No results yet."))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def set_profile(
        self, domains: Sequence[DomainScore], locale: str, band_marks: Sequence[float] = ()
    ) -> None:
        self.domains = tuple(domains)
        self.language = locale
        self.band_marks = tuple(band_marks)
        self.setMinimumHeight(self.sizeHint().height())
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()
        self.update()

    def row_text(self, domain: DomainScore) -> str:
        """What a row says in words, e.g. ``72 of 100 — Mostly in place``."""
        if domain.score is None or domain.band is None:
            return NOT_ENOUGH_INFORMATION.get(self.language)
        return _("{score} of 100 — {band}").format(
            score=domain.score, band=domain.band.label.get(self.language)
        )

    def describe(self) -> str:
        """The chart as sentences, one per domain."""
        if not self.domains:
            return _("No results yet.")
        return " ".join(f"{d.title.get(self.language)}: {self.row_text(d)}." for d in self.domains)

    def sizeHint(self) -> QSize:
        return QSize(560, max(1, len(self.domains)) * ROW_HEIGHT + 8)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        titles = [d.title.get(self.language) for d in self.domains]
        label_width = min(
            max((metrics.horizontalAdvance(t) for t in titles), default=0) + 12,
            int(self.width() * 0.3),
        )
        texts = [self.row_text(d) for d in self.domains]
        widest = max((bold_metrics.horizontalAdvance(t) for t in texts), default=0) + 12
        text_width = min(widest, int(self.width() * 0.42))
        bar_left = label_width
        bar_width = max(60.0, self.width() - label_width - text_width - 12)
        text_color = self.palette().text().color()
        for row, domain in enumerate(self.domains):
            top = 4 + row * ROW_HEIGHT
            middle = top + ROW_HEIGHT / 2
            painter.setPen(text_color)
            painter.drawText(
                QRectF(0, top, label_width - 8, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                metrics.elidedText(titles[row], Qt.TextElideMode.ElideRight, label_width - 8),
            )
            track = QRectF(bar_left, middle - BAR_HEIGHT / 2, bar_width, BAR_HEIGHT)
            painter.fillRect(track, BAR_TRACK)
            if domain.score is None:
                pen = QPen(text_color)
                pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawRect(track)
            else:
                filled = QRectF(
                    track.left(), track.top(), bar_width * domain.score / 100, BAR_HEIGHT
                )
                painter.fillRect(filled, BAR_FILL)
            painter.setPen(QPen(self.palette().mid().color()))
            for mark in self.band_marks:
                x = track.left() + bar_width * mark / 100
                painter.drawLine(int(x), int(track.top()) - 3, int(x), int(track.bottom()) + 3)
            painter.setPen(text_color)
            scored = domain.score is not None
            painter.setFont(bold if scored else self.font())
            shown = (bold_metrics if scored else metrics).elidedText(
                texts[row], Qt.TextElideMode.ElideRight, text_width
            )
            painter.drawText(
                QRectF(track.right() + 8, top, text_width, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                shown,
            )
            painter.setFont(self.font())
        painter.end()
