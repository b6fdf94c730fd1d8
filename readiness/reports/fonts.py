"""The report fonts: DejaVu Sans, bundled with the app and registered with reportlab once.

The TTF files live in ``readiness/reports/fonts/`` (with their licence) so a wheel or
a frozen app carries them: Windows and macOS laptops do not have DejaVu, and
reportlab's built-in Helvetica has no glyphs beyond Latin-1 and is never embedded.
reportlab embeds the subset of glyphs each PDF uses, so accents (``Núñez``) and
non-Latin names render and extract the same everywhere.
"""

from __future__ import annotations

import threading
from importlib import resources

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
OBLIQUE = "DejaVuSans-Oblique"
FAMILY = "DejaVuSans"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    OBLIQUE: "DejaVuSans-Oblique.ttf",
}
_lock = threading.Lock()
_done: list[bool] = []
"""Holds True once the fonts are registered (a list: no ``global`` statement needed)."""


def register_fonts() -> None:
    """Register the DejaVu faces and their family (so ``<b>`` and ``<i>`` work); idempotent.

    Safe to call from a worker thread; the first call parses the TTF files (about
    50 ms), later calls return at once.
    """
    if _done:
        return
    with _lock:
        if _done:
            return
        from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
        from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

        folder = resources.files("readiness.reports") / "fonts"
        for name, file_name in _FILES.items():
            with (folder / file_name).open("rb") as handle:
                pdfmetrics.registerFont(TTFont(name, handle))
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=OBLIQUE, boldItalic=BOLD
        )
        _done.append(True)


def font_files() -> dict[str, str]:
    """Font name -> bundled file name (for tests and the licence notice)."""
    return dict(_FILES)
