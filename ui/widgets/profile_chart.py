"""The profile chart: one painted bar per domain, with the score and band written next to it.

Never colour alone: every bar carries its number and its band in words, a domain
without enough answers says so in words (with an empty, dashed bar), and the band
boundaries (from the rules, e.g. 45, 61, 80) are drawn as thin marks. The
accessible description reads the whole chart as sentences for screen readers.

Texts are never cut short: when titles, bars and figures do not fit side by side
(a narrow window or large text), each domain's title and figure are written above
its bar, wrapped, and the chart asks its layout for the height that needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from readiness.equity.results import NOT_ENOUGH_INFORMATION, DomainScore

from ..language import _

ROW_HEIGHT = 34
"""The least height of a row; rows grow with the font."""
BAR_HEIGHT = 18
MIN_BAR = 120
"""The narrowest bar beside its texts; with less room, texts go above their bars."""
BAR_FILL = QColor("#1a5fb4")
BAR_TRACK = QColor("#e3e7ee")


class ProfileChart(QWidget):
    """Horizontal bars 0-100 per domain: ``set_profile(domains, locale, band_marks)``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.domains: tuple[DomainScore, ...] = ()
        self.language = "en"
        self.band_marks: tuple[float, ...] = ()
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(_("Profile chart"))
        self.setAccessibleDescription(_("No results yet."))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def set_profile(
        self, domains: Sequence[DomainScore], locale: str, band_marks: Sequence[float] = ()
    ) -> None:
        self.domains = tuple(domains)
        self.language = locale
        self.band_marks = tuple(band_marks)
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

    # -- size -------------------------------------------------------------------------

    def _fonts(self) -> tuple[QFontMetrics, QFont, QFontMetrics]:
        bold = QFont(self.font())
        bold.setBold(True)
        return QFontMetrics(self.font()), bold, QFontMetrics(bold)

    def _row_height(self) -> int:
        """One line of text with room around it; grows with the font."""
        _metrics, _bold, bold_metrics = self._fonts()
        return max(ROW_HEIGHT, bold_metrics.height() + 10, BAR_HEIGHT + 10)

    def _columns(self, width: int) -> tuple[int, int] | None:
        """Title and figure column widths when every text fits on one line beside its bar;
        None when the chart must stack each title and figure over its bar."""
        metrics, _bold, bold_metrics = self._fonts()
        titles = [d.title.get(self.language) for d in self.domains]
        label = max((metrics.horizontalAdvance(t) for t in titles), default=0) + 12
        text = max(
            (bold_metrics.horizontalAdvance(self.row_text(d)) for d in self.domains), default=0
        )
        text += 12
        return (label, text) if label + MIN_BAR + text + 12 <= width else None

    def _stacked_heights(self, width: int) -> list[tuple[int, int]]:
        """Per domain: the wrapped title's height and the wrapped figure's height."""
        metrics, _bold, bold_metrics = self._fonts()
        flags = int(Qt.TextFlag.TextWordWrap)
        bounds = QRect(0, 0, max(width, 1), 100_000)
        return [
            (
                metrics.boundingRect(bounds, flags, d.title.get(self.language)).height(),
                bold_metrics.boundingRect(bounds, flags, self.row_text(d)).height(),
            )
            for d in self.domains
        ]

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if not self.domains or self._columns(width) is not None:
            return max(1, len(self.domains)) * self._row_height() + 8
        heights = self._stacked_heights(width)
        return sum(title + text + BAR_HEIGHT + 16 for title, text in heights) + 8

    def sizeHint(self) -> QSize:
        return QSize(560, self.heightForWidth(560))

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_BAR + 24, self._row_height())

    # -- painting ---------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        columns = self._columns(self.width())
        if columns is None:
            self._paint_stacked(painter)
        else:
            self._paint_rows(painter, *columns)
        painter.end()

    def _paint_bar(self, painter: QPainter, domain: DomainScore, track: QRectF) -> None:
        painter.fillRect(track, BAR_TRACK)
        if domain.score is None:
            pen = QPen(self.palette().text().color())
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(track)
        else:
            filled = QRectF(
                track.left(), track.top(), track.width() * domain.score / 100, BAR_HEIGHT
            )
            painter.fillRect(filled, BAR_FILL)
        painter.setPen(QPen(self.palette().mid().color()))
        for mark in self.band_marks:
            x = track.left() + track.width() * mark / 100
            painter.drawLine(int(x), int(track.top()) - 3, int(x), int(track.bottom()) + 3)

    def _paint_rows(self, painter: QPainter, label_width: int, text_width: int) -> None:
        """Wide enough: title, bar and figure side by side, one domain per row."""
        _metrics, bold, _bold_metrics = self._fonts()
        row_height = self._row_height()
        bar_width = max(float(MIN_BAR), self.width() - label_width - text_width - 12.0)
        text_color = self.palette().text().color()
        for row, domain in enumerate(self.domains):
            top = 4 + row * row_height
            middle = top + row_height / 2
            painter.setPen(text_color)
            painter.setFont(self.font())
            painter.drawText(
                QRectF(0, top, label_width - 8, row_height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                domain.title.get(self.language),
            )
            track = QRectF(label_width, middle - BAR_HEIGHT / 2, bar_width, BAR_HEIGHT)
            self._paint_bar(painter, domain, track)
            painter.setPen(text_color)
            painter.setFont(bold if domain.score is not None else self.font())
            painter.drawText(
                QRectF(track.right() + 8, top, text_width, row_height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                self.row_text(domain),
            )
        painter.setFont(self.font())

    def _paint_stacked(self, painter: QPainter) -> None:
        """Narrow (or large text): each title and figure, wrapped, above a full-width bar."""
        _metrics, bold, _bold_metrics = self._fonts()
        width = self.width()
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
        text_color = self.palette().text().color()
        top = 4.0
        for domain, (title_height, text_height) in zip(
            self.domains, self._stacked_heights(width), strict=True
        ):
            painter.setPen(text_color)
            painter.setFont(self.font())
            painter.drawText(
                QRectF(0, top, width, title_height), flags, domain.title.get(self.language)
            )
            top += title_height
            painter.setFont(bold if domain.score is not None else self.font())
            painter.drawText(QRectF(0, top, width, text_height), flags, self.row_text(domain))
            top += text_height + 4
            self._paint_bar(painter, domain, QRectF(0, top, width - 1, BAR_HEIGHT))
            top += BAR_HEIGHT + 12
        painter.setFont(self.font())
