"""What both PDF reports share: page size, colours, paragraph styles, metadata and the build.

``build_pdf`` lays out a platypus story on US Letter pages with the bundled DejaVu
fonts, writes the document metadata (title, author, subject, language, "display the
title"), and lets the caller draw a header and footer on every page knowing the
total page count ("Page 2 of 4") without a second layout pass: the canvas keeps each
page's drawing state and decorates all pages when the document is saved.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab import rl_config  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_LEFT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import LETTER  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, SimpleDocTemplate  # type: ignore[import-untyped]

from readiness import __version__
from readiness.reports.fonts import BOLD, OBLIQUE, REGULAR, register_fonts

PAGE_SIZE = LETTER
"""US Letter: the agencies this serves print on it."""
MARGIN = 0.75 * inch
FRAME_PADDING = 6
"""platypus frames keep 6 pt inside the margins on every side."""
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN - 2 * FRAME_PADDING

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#0b5e59")
RULE = colors.HexColor("#c9d3dc")
SHADE = colors.HexColor("#eef4f3")
HEADER_SHADE = colors.HexColor("#dde9e7")

LEVEL_COLOURS = {
    "strength": colors.HexColor("#2e7d4f"),
    "some_support": colors.HexColor("#b7791f"),
    "support": colors.HexColor("#9b2c3a"),
    "unknown": colors.HexColor("#7b8794"),
}
"""Bar and badge colours; every coloured mark also carries its meaning in words."""
VERDICT_COLOURS = {
    "ready": LEVEL_COLOURS["strength"],
    "with_support": LEVEL_COLOURS["some_support"],
    "not_now": LEVEL_COLOURS["support"],
    "unknown": LEVEL_COLOURS["unknown"],
}


@dataclass(frozen=True)
class PdfMeta:
    """Document information: shown by viewers and read by screen readers and archives."""

    title: str
    author: str
    subject: str
    lang: str
    """BCP 47 tag, e.g. ``en-US`` or ``es-US``."""
    keywords: tuple[str, ...] = ()


def lang_tag(locale: str) -> str:
    """The PDF language tag for a report locale."""
    return {"en": "en-US", "es": "es-US"}.get(locale, locale)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one audience's report."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    note: ParagraphStyle
    bullet: ParagraphStyle
    emphasis: ParagraphStyle


def _style(name: str, size: float, *, font: str = REGULAR, **extra: Any) -> ParagraphStyle:
    extra.setdefault("leading", round(size * 1.3, 1))
    extra.setdefault("textColor", INK)
    extra.setdefault("bulletFontName", REGULAR)  # the default, Helvetica, is not embedded
    extra.setdefault("bulletFontSize", size)
    return ParagraphStyle(name, fontName=font, fontSize=size, alignment=TA_LEFT, **extra)


@cache
def staff_styles() -> Styles:
    """Compact but readable (10 pt body) styles for the staff and agency report."""
    register_fonts()  # paragraphs resolve bold and italic faces when they are made
    return Styles(
        title=_style("StaffTitle", 19, font=BOLD, textColor=ACCENT, spaceAfter=2),
        subtitle=_style("StaffSubtitle", 10, textColor=MUTED, spaceAfter=8),
        heading=_style(
            "StaffHeading", 13.5, font=BOLD, textColor=ACCENT, spaceBefore=12, spaceAfter=5
        ),
        subheading=_style("StaffSub", 10.5, font=BOLD, spaceBefore=7, spaceAfter=3),
        body=_style("StaffBody", 10, spaceAfter=4),
        small=_style("StaffSmall", 8, textColor=MUTED),
        cell=_style("StaffCell", 8.6, leading=10.6),
        cell_bold=_style("StaffCellBold", 8.6, font=BOLD, leading=10.6),
        note=_style("StaffNote", 8.6, font=OBLIQUE, textColor=MUTED, spaceAfter=4),
        bullet=_style("StaffBullet", 10, leftIndent=12, bulletIndent=2, spaceAfter=2),
        emphasis=_style("StaffEmphasis", 10, font=BOLD),
    )


@cache
def service_user_styles() -> Styles:
    """Large type (15 pt body, 26 pt title) with generous spacing for the service user's copy."""
    register_fonts()
    return Styles(
        title=_style("SuTitle", 26, font=BOLD, textColor=ACCENT, leading=31, spaceAfter=6),
        subtitle=_style("SuSubtitle", 13, textColor=MUTED, spaceAfter=10),
        heading=_style("SuHeading", 19, font=BOLD, textColor=ACCENT, spaceBefore=16, spaceAfter=7),
        subheading=_style("SuSub", 16, font=BOLD, spaceBefore=6, spaceAfter=4),
        body=_style("SuBody", 15, leading=21, spaceAfter=6),
        small=_style("SuSmall", 12, textColor=MUTED, leading=16),
        cell=_style("SuCell", 15, leading=20),
        cell_bold=_style("SuCellBold", 15, font=BOLD, leading=20),
        note=_style("SuNote", 13, textColor=MUTED, leading=18),
        bullet=_style(
            "SuBullet",
            15,
            leading=21,
            leftIndent=26,
            bulletIndent=4,
            spaceAfter=5,
            bulletFontName=BOLD,
            bulletFontSize=15,
        ),
        emphasis=_style("SuEmphasis", 20, font=BOLD, leading=26, textColor=ACCENT),
    )


Decorate = Callable[[Canvas, int, int], None]
"""Draws the header and footer of page ``n`` of ``total`` on the canvas."""


def _numbered_canvas(decorate: Decorate) -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Keeps every page's state until ``save`` so each page knows the total."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.saveState()
                decorate(self, number, total)
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(
    story: Sequence[Flowable],
    meta: PdfMeta,
    decorate: Decorate,
    *,
    top_margin: float = MARGIN,
    bottom_margin: float = MARGIN,
) -> bytes:
    """Lay out ``story`` and return the PDF bytes (nothing touches the disk)."""
    register_fonts()
    rl_config.useA85 = 0  # binary streams: smaller files, and no ASCII85 pass over the fonts
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top_margin,
        bottomMargin=bottom_margin,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=list(meta.keywords),
        creator=f"Readiness {__version__}",
        producer=f"Readiness {__version__} (reportlab)",
        lang=meta.lang,
        displayDocTitle=True,
        initialFontName=REGULAR,
    )
    document.build(list(story), canvasmaker=_numbered_canvas(decorate))
    return buffer.getvalue()


def draw_logo(
    canvas: Canvas, path: str, x: float, top: float, *, max_w: float, max_h: float
) -> float:
    """Draw the agency logo (PNG/JPEG) fitted in a box whose top-left is (x, top); its width.

    A missing or unreadable file is skipped (returns 0): a report never fails
    because a logo moved.
    """
    image = _logo_reader(path)
    if image is None:
        return 0.0
    width, height = image.getSize()
    if width <= 0 or height <= 0:
        return 0.0
    scale = min(max_w / width, max_h / height)
    w, h = width * scale, height * scale
    canvas.drawImage(image, x, top - h, width=w, height=h, mask="auto")
    return float(w)


def _logo_reader(path: str) -> Any:
    if not path:
        return None
    from pathlib import Path

    file = Path(path)
    try:
        stat = file.stat()
    except OSError:
        return None
    return _cached_logo(str(file), stat.st_mtime_ns, stat.st_size)


MAX_LOGO_PIXELS = 4096 * 4096
"""A logo is small; a larger picture (a decompression bomb, say) is skipped unread."""


@cache
def _cached_logo(path: str, _mtime_ns: int, _size: int) -> Any:
    from pathlib import Path

    from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped]

    from readiness.files import LOGO, read_file_bytes

    try:  # a regular file of at most 5 MB (never a pipe or /dev/zero), as every file
        image = ImageReader(io.BytesIO(read_file_bytes(Path(path), LOGO)))
        width, height = image.getSize()
    except Exception:  # an unreadable image is skipped, never fatal
        return None
    return image if width * height <= MAX_LOGO_PIXELS else None
