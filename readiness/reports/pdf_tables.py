"""Table and text helpers shared by the report renderers.

Body text is made of ``Paragraph``s with their text escaped (data never turns into
markup); tables are ``TextTable``s of plain text pieces, which lay out several times
faster than tables of paragraphs and repeat their header row on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph, Table, TableStyle  # type: ignore[import-untyped]

from readiness.reports.fonts import BOLD, OBLIQUE, REGULAR
from readiness.reports.pdf_common import INK, MUTED, SHADE
from readiness.reports.text_table import CellContent, Piece, TextTable


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def bullet(text: str, style: ParagraphStyle, mark: str = "•") -> Paragraph:
    """A paragraph of plain text with a bullet mark hanging in the left indent."""
    return Paragraph(escape(text), style, bulletText=mark)


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[CellContent]],
    widths: Sequence[float],
    *,
    font_size: float = 8.6,
    bold_columns: Sequence[int] = (),
) -> TextTable:
    """A ruled table of wrapped text with a shaded header row that repeats on every page.

    A cell is plain text, a ``Piece`` (text with its own font and colour) or a list of
    pieces (e.g. a reason and its thresholds). ``bold_columns`` print plain text bold.
    """
    return TextTable(header, rows, widths, font_size=font_size, bold_columns=bold_columns)


def bulleted(texts: Sequence[str]) -> list[Piece]:
    """Several short texts in one cell, each a bulleted item."""
    return [Piece(text, bullet="•") for text in texts if text]


def badge(text: str, colour: colors.Color) -> Piece:
    """A cell's text in bold and ``colour`` (the word carries the meaning, not the colour)."""
    return Piece(text, BOLD, colour)


def muted(text: str) -> Piece:
    """A cell's text in grey italics (e.g. "Prefer not to say", a threshold's source)."""
    return Piece(text, OBLIQUE, MUTED)


@cache
def _label_style(font_size: float) -> ParagraphStyle:
    return ParagraphStyle(
        f"Label{font_size}", fontName=BOLD, fontSize=font_size, leading=font_size * 1.2
    )


def key_values(
    pairs: Sequence[tuple[str, str]], widths: Sequence[float], *, font_size: float = 9
) -> Table:
    """A shaded block of label/value pairs, laid out in two pairs per row; labels wrap."""
    label_style = _label_style(font_size)
    rows: list[list[str | Paragraph]] = []
    for index in range(0, len(pairs), 2):
        row: list[str | Paragraph] = []
        for label, value in pairs[index : index + 2]:
            row.extend([para(label, label_style), value])
        rows.append(row + [""] * (4 - len(row)))
    table = Table(rows, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), font_size),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table
