"""The domain profile as a vector bar chart (a reportlab ``Drawing``), for the staff report.

One horizontal bar per domain on a 0-100 axis, coloured by where support would help
and labelled with the score in figures, so the chart reads in black and white too. A
domain without enough information gets no bar and says so in words. The chart is
built from plain shapes rather than ``HorizontalBarChart``: it looks the same and
draws in a tenth of the time (the chart widget was a sixth of a report's rendering).
Every string uses the embedded DejaVu font; reportlab would otherwise fall back to
Helvetica, which is not embedded and has no glyphs beyond Latin-1.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

from readiness.reports.data import DomainResult
from readiness.reports.fonts import BOLD, REGULAR, register_fonts
from readiness.reports.pdf_common import INK, LEVEL_COLOURS, MUTED, RULE

BAR_HEIGHT = 15.0
ROW_HEIGHT = 24.0
LABEL_SIZE = 8.5
AXIS_ROOM = 30.0
TICKS = (0, 25, 50, 75, 100)


def _fit(title: str, room: float) -> str:
    """``title`` shortened with an ellipsis until it fits in ``room`` points."""
    if stringWidth(title, REGULAR, LABEL_SIZE) <= room:
        return title
    while title and stringWidth(title + "…", REGULAR, LABEL_SIZE) > room:
        title = title[:-1]
    return title.rstrip() + "…"


def profile_chart(
    domains: Sequence[DomainResult], width: float, axis_title: str, no_score: str
) -> Drawing:
    """A ``Drawing`` (a platypus flowable) of the domain scores, ``width`` points wide."""
    register_fonts()
    label_room = min(
        width * 0.35, max((stringWidth(d.title, REGULAR, LABEL_SIZE) for d in domains), default=0)
    )
    left = label_room + 10
    plot_width = width - left - 26
    plot_height = max(1, len(domains)) * ROW_HEIGHT
    drawing = Drawing(width, plot_height + AXIS_ROOM)
    drawing.initialFontName = REGULAR  # else Helvetica is set first and listed in the PDF
    drawing.initialFontSize = LABEL_SIZE
    bottom = AXIS_ROOM

    for tick in TICKS:
        x = left + plot_width * tick / 100
        drawing.add(Line(x, bottom, x, bottom + plot_height, strokeColor=RULE, strokeWidth=0.4))
        drawing.add(
            String(x, bottom - 11, str(tick), fontName=REGULAR, fontSize=7.5,
                   fillColor=MUTED, textAnchor="middle")
        )  # fmt: skip
    drawing.add(Line(left, bottom, left + plot_width, bottom, strokeColor=MUTED, strokeWidth=0.6))

    for index, domain in enumerate(domains):
        middle = bottom + plot_height - ROW_HEIGHT * (index + 0.5)
        baseline = middle - LABEL_SIZE * 0.35
        drawing.add(
            String(left - 6, baseline, _fit(domain.title, label_room), fontName=REGULAR,
                   fontSize=LABEL_SIZE, fillColor=INK, textAnchor="end")
        )  # fmt: skip
        if domain.score is None:
            drawing.add(
                String(left + 4, baseline, no_score, fontName=REGULAR, fontSize=8,
                       fillColor=MUTED)
            )  # fmt: skip
            continue
        length = plot_width * max(0.0, min(domain.score, 100.0)) / 100
        drawing.add(
            Rect(left, middle - BAR_HEIGHT / 2, length, BAR_HEIGHT, strokeColor=None,
                 fillColor=LEVEL_COLOURS[domain.level.value])
        )  # fmt: skip
        drawing.add(
            String(left + length + 4, baseline, f"{domain.score:.0f}", fontName=BOLD,
                   fontSize=8.5, fillColor=INK)
        )  # fmt: skip

    drawing.add(
        String(left + plot_width / 2, 2, axis_title, fontName=REGULAR, fontSize=7.5,
               fillColor=MUTED, textAnchor="middle")
    )  # fmt: skip
    return drawing
