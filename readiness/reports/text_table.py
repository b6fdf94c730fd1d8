"""A fast ruled table of wrapped text, for the long tables of the staff report.

reportlab's ``Table`` of ``Paragraph``s parses markup and re-flows every cell several
times; a staff report has a few hundred cells, and that was three quarters of its
rendering time. Cells here are plain text pieces (a font, a colour, an optional
bullet) wrapped once with font metrics, so the table lays out in a fraction of the
time. It repeats its header row on each page and splits between rows; a long row
(several lines more than the room left) is split between its lines, so a page is
not left half empty and a row taller than a page still fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from readiness.reports.fonts import BOLD, REGULAR
from readiness.reports.pdf_common import HEADER_SHADE, INK, RULE

MAX_LINES_PER_CELL = 60
MIN_LINES_CUT = 3
"""A row is split across pages only if each part keeps at least this many lines."""


class Piece(NamedTuple):
    """A run of text in a cell: its own font and colour, optionally a bulleted item."""

    text: str
    font: str = REGULAR
    colour: colors.Color = INK
    bullet: str = ""


CellContent = str | Piece | Sequence[Piece]


@dataclass(frozen=True)
class _Line:
    text: str
    font: str
    colour: colors.Color
    indent: float
    bullet: str = ""


@dataclass(frozen=True)
class _Row:
    cells: tuple[tuple[_Line, ...], ...]
    height: float


_widths: dict[tuple[str, str, float], float] = {}


def _width(word: str, font: str, size: float) -> float:
    """A word's width, remembered: the same words recur in every report."""
    key = (word, font, size)
    found = _widths.get(key)
    if found is None:
        if len(_widths) > 100_000:
            _widths.clear()
        found = _widths[key] = stringWidth(word, font, size)
    return found


def wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (words longer than a line are cut)."""
    lines: list[str] = []
    space = _width(" ", font, size)
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for whole in paragraph.split():
            word = whole
            word_width = _width(word, font, size)
            while word_width > width and len(word) > 1:  # a very long word: cut it
                if current:
                    lines.append(" ".join(current))
                    current, used = [], 0.0
                cut = len(word)
                while cut > 1 and stringWidth(word[:cut], font, size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                word_width = stringWidth(word, font, size)
            extra = word_width if not current else used + space + word_width
            if current and extra > width:
                lines.append(" ".join(current))
                current, used = [word], word_width
            else:
                current.append(word)
                used = extra
        lines.append(" ".join(current))
    return lines


class TextTable(Flowable):  # type: ignore[misc]
    """Rows of wrapped text with a shaded header that repeats on every page."""

    def __init__(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[CellContent]],
        widths: Sequence[float],
        *,
        font_size: float = 8.6,
        bold_columns: Sequence[int] = (),
        padding: float = 4.0,
    ) -> None:
        super().__init__()
        self.widths = tuple(widths)
        self.font_size = font_size
        self.leading = round(font_size * 1.23, 2)
        self.padding = padding
        self._top, self._bottom = 3.0, 4.0
        self._header = self._layout_row([Piece(h, BOLD) for h in header])
        bold = set(bold_columns)
        self._rows = [
            self._layout_row([self._pieces(c, i in bold) for i, c in enumerate(row)])
            for row in rows
        ]
        self.width = sum(self.widths)
        self.height = self._header.height + sum(r.height for r in self._rows)

    @staticmethod
    def _pieces(cell: CellContent, bold: bool) -> Sequence[Piece]:
        if isinstance(cell, str):
            return [Piece(cell, BOLD if bold else REGULAR)] if cell else []
        if isinstance(cell, Piece):
            return [cell]
        return cell

    def _layout_row(self, cells: Sequence[Sequence[Piece] | Piece]) -> _Row:
        laid: list[tuple[_Line, ...]] = []
        for column, content in enumerate(cells):
            pieces = [content] if isinstance(content, Piece) else content
            room = self.widths[column] - 2 * self.padding
            lines: list[_Line] = []
            for piece in pieces:
                indent = (
                    stringWidth(piece.bullet + " ", piece.font, self.font_size)
                    if (piece.bullet)
                    else 0.0
                )
                wrapped = wrap_words(piece.text, piece.font, self.font_size, room - indent)
                for number, text in enumerate(wrapped):
                    bullet = piece.bullet if number == 0 else ""
                    lines.append(_Line(text, piece.font, piece.colour, indent, bullet))
            laid.append(tuple(lines[:MAX_LINES_PER_CELL]))
        tallest = max((len(lines) for lines in laid), default=1) or 1
        return _Row(tuple(laid), tallest * self.leading + self._top + self._bottom)

    def head_height(self) -> float:
        """The height of the header row and the first row: what must fit to start the table."""
        first = self._rows[0].height if self._rows else 0.0
        return float(self._header.height + first)

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _part(self, rows: list[_Row]) -> TextTable:
        """A table of some of these rows, laid out already (platypus state is not copied)."""
        part = object.__new__(TextTable)
        Flowable.__init__(part)
        for name in ("widths", "font_size", "leading", "padding", "_top", "_bottom", "_header"):
            setattr(part, name, getattr(self, name))
        part._rows = rows
        part.width = self.width
        part.height = self._header.height + sum(r.height for r in rows)
        return part

    def split(self, _avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self._header.height
        used, count = 0.0, 0
        for row in self._rows:
            if used + row.height > room:
                break
            used += row.height
            count += 1
        if count >= len(self._rows):
            return [self]
        cut = self._cut(self._rows[count], room - used)
        if cut is not None:  # a long row fills the rest of the page and goes on overleaf
            head, tail = cut
            return [
                self._part([*self._rows[:count], head]),
                self._part([tail, *self._rows[count + 1 :]]),
            ]
        if count == 0:
            return []  # try again at the top of the next page
        return [self._part(self._rows[:count]), self._part(self._rows[count:])]

    def _cut(self, row: _Row, room: float) -> tuple[_Row, _Row] | None:
        """``row`` cut after the lines that fit in ``room``, if both parts keep a few lines."""
        extra = self._top + self._bottom
        keep = int((room - extra) // self.leading)
        tallest = max((len(lines) for lines in row.cells), default=0)
        if keep < MIN_LINES_CUT or tallest - keep < MIN_LINES_CUT:
            return None
        head = tuple(lines[:keep] for lines in row.cells)
        tail = tuple(lines[keep:] for lines in row.cells)
        return _Row(head, keep * self.leading + extra), _Row(
            tail, (tallest - keep) * self.leading + extra
        )

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        canvas.setFillColor(HEADER_SHADE)
        canvas.rect(0, top - self._header.height, self.width, self._header.height, 0, 1)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        text = canvas.beginText()
        state: list[object] = [None, None]  # font and colour in force: set only on change
        rules = []
        for row in (self._header, *self._rows):
            self._draw_row(text, state, row, top)
            top -= row.height
            rules.append((0, top, self.width, top))
        canvas.drawText(text)
        canvas.lines(rules)

    def _draw_row(self, text: Any, state: list[object], row: _Row, top: float) -> None:
        x = 0.0
        size = self.font_size
        for column, lines in enumerate(row.cells):
            y = top - self._top - size
            left = x + self.padding
            for line in lines:
                if state[0] != line.font:
                    text.setFont(line.font, size)
                    state[0] = line.font
                if state[1] is not line.colour:
                    text.setFillColor(line.colour)
                    state[1] = line.colour
                if line.bullet:
                    text.setTextOrigin(left, y)
                    text.textOut(line.bullet)
                text.setTextOrigin(left + line.indent, y)
                text.textOut(line.text)
                y -= self.leading
            x += self.widths[column]
