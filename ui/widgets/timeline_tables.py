"""A person's timeline on screen: areas and ways to connect, one column per assessment.

A level that moved since the assessment before starts with ▲ (more in place) or ▼
(more support would help) and is bold; its spoken text and tooltip say the same in
words, so colour or shape is never the only sign. Below the tables, each pair of
assessments gets a plain-text list of what changed (``Comparison.describe`` lines).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readiness.equity.compare import DIRECTION_WORDS, Direction
from readiness.equity.history import ChannelLevel, DomainLevel, Timeline

from ..language import _, ngettext

MARKS = {Direction.BETTER: "▲ ", Direction.WORSE: "▼ "}
MAX_COLUMNS = 20
"""The tables show the latest assessments only (a wider table is neither readable nor quick
to fill); the list of changes below them covers every assessment."""

Levels = tuple[DomainLevel | None, ...] | tuple[ChannelLevel | None, ...]


def read_only_table() -> QTableWidget:
    """A table for reading: no editing, Tab leaves it, rows grow with their text."""
    table = QTableWidget()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(True)
    table.setMinimumHeight(140)
    return table


def fit_to_rows(table: QTableWidget, most: int | None = None) -> None:
    """Make ``table`` just tall enough for its rows (up to ``most``): the page scrolls, not it."""
    table.resizeRowsToContents()
    rows = table.rowCount() if most is None else min(table.rowCount(), most)
    height = 2 * table.frameWidth() + table.horizontalHeader().sizeHint().height()
    height += (
        sum(table.rowHeight(row) for row in range(rows))
        or table.verticalHeader().defaultSectionSize()
    )
    # Room for a horizontal scroll bar, which many assessments need.
    height += table.horizontalScrollBar().sizeHint().height()
    table.setMinimumHeight(0)
    table.setFixedHeight(height)


def _day(point_time: object) -> str:
    return f"{point_time:%Y-%m-%d}"


def change_lines(timeline: Timeline, locale: str) -> list[str]:
    """What changed between each assessment and the one before, in words."""
    lines: list[str] = []
    for comparison, (before, after) in zip(
        timeline.comparisons, pairwise(timeline.points), strict=True
    ):
        lines.append(
            _("From {before} to {after}:").format(
                before=_day(before.created.astimezone()), after=_day(after.created.astimezone())
            )
        )
        moved = [c.describe(locale) for c in comparison.changed_channels]
        moved += [
            d.describe(locale)
            for d in comparison.domains
            if d.direction in (Direction.BETTER, Direction.WORSE)
        ]
        lines += [f"  {line}" for line in moved] or ["  " + _("No change.")]
    if not lines:
        lines.append(_("Only one assessment so far: nothing to compare yet."))
    return lines


class TimelineTables(QWidget):
    """The two tables and the list of changes for one ``Timeline``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("stepTitle")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.more_label = QLabel()
        self.more_label.setWordWrap(True)
        self.more_label.hide()
        self.domains_heading = QLabel()
        self.domains_table = read_only_table()
        self.channels_heading = QLabel()
        self.channels_table = read_only_table()
        self.changes_label = QLabel()
        self.changes_label.setWordWrap(True)
        self.changes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.changes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.heading,
            self.note,
            self.more_label,
            self.domains_heading,
            self.domains_table,
            self.channels_heading,
            self.channels_table,
            self.changes_label,
        ):
            layout.addWidget(widget)
        self.retranslate()

    def retranslate(self) -> None:
        """Set the fixed texts in the current language (``show`` refills the tables)."""
        self.heading.setText(_("How things changed"))
        self.note.setText(
            _(
                "Each assessment's results are worked out again from what was saved, with the "
                "rules in use now. ▲ means more in place than the assessment before; "
                "▼ means more support would help than before."
            )
        )
        self.note.setAccessibleName(_("About these results"))
        self.domains_heading.setText(_("Areas of access"))
        self.domains_table.setAccessibleName(_("Areas of access over time"))
        self.channels_heading.setText(_("Ways to connect"))
        self.channels_table.setAccessibleName(_("Ways to connect over time"))
        self.changes_label.setAccessibleName(_("What changed between assessments"))
        for table in (self.domains_table, self.channels_table):
            table.horizontalHeader().setAccessibleName(_("Columns"))
            table.verticalHeader().setAccessibleName(_("Rows"))

    def show_timeline(self, timeline: Timeline, visits: dict[str, int], locale: str) -> None:
        """Fill the tables; ``visits`` numbers the assessments as Home does (by id)."""
        first = max(0, len(timeline.points) - MAX_COLUMNS)
        headers = [
            f"{visits.get(p.assessment_id, index + 1)} · {_day(p.created.astimezone())}"
            for index, p in enumerate(timeline.points)
        ][first:]
        domains = [(row.title.get(locale), row.levels[first:]) for row in timeline.domains]
        channels = [(row.title.get(locale), row.levels[first:]) for row in timeline.channels]
        self.more_label.setVisible(first > 0)
        self.more_label.setText(
            ngettext(
                "The tables show the latest {shown} of {total} assessment; the list below has all.",
                "The tables show the latest {shown} of {total} assessments; "
                "the list below has all.",
                len(timeline.points),
            ).format(shown=len(headers), total=len(timeline.points))
        )
        self.setUpdatesEnabled(False)  # one repaint at the end, not one per cell
        try:
            self._fill(self.domains_table, headers, domains, locale)
            self._fill(self.channels_table, headers, channels, locale)
        finally:
            self.setUpdatesEnabled(True)
        self.changes_label.setText("\n".join(change_lines(timeline, locale)))

    @staticmethod
    def _fill(
        table: QTableWidget, headers: list[str], rows: Sequence[tuple[str, Levels]], locale: str
    ) -> None:
        table.clear()
        table.setColumnCount(len(headers))
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels(headers)
        table.setVerticalHeaderLabels([title for title, _levels in rows])
        bold = QFont(table.font())
        bold.setBold(True)
        for row, (title, levels) in enumerate(rows):
            for column, level in enumerate(levels):
                if level is None:
                    item = QTableWidgetItem("—")
                    spoken = f"{title}, {headers[column]}: —"
                else:
                    item = QTableWidgetItem(MARKS.get(level.direction, "") + level.label(locale))
                    spoken = f"{title}, {headers[column]}: {level.label(locale)}"
                    if level.changed:
                        item.setFont(bold)
                        spoken += f" ({DIRECTION_WORDS[level.direction].get(locale)})"
                item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
                item.setToolTip(spoken)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        fit_to_rows(table)
