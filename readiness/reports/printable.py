"""Text the report fonts cannot draw is shown as a visible box, never silently dropped.

reportlab leaves out any character its font has no glyph for, so an emoji in a plan
note or a name in a script DejaVu Sans does not cover would vanish from the PDF
without a trace. ``printable(data)`` replaces each such character in everything a
report shows with ``MISSING`` (a white square, which every face has) and marks the
report, so both PDFs can say in words that something could not be printed.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any, TypeVar

from readiness.reports.data import ReportData
from readiness.reports.fonts import BOLD, OBLIQUE, REGULAR, register_fonts

MISSING = "\u25a1"
"""WHITE SQUARE: stands in for a character the fonts cannot draw."""
KEPT = frozenset("\n\t\r")
"""Layout characters the renderers handle themselves."""

T = TypeVar("T")


@cache
def drawable() -> frozenset[int]:
    """The code points every report face (regular, bold, oblique) has a glyph for."""
    register_fonts()
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]

    faces = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in (REGULAR, BOLD, OBLIQUE)]
    return frozenset(set.intersection(*faces))


def printable_text(text: str) -> tuple[str, bool]:
    """``text`` with undrawable characters replaced, and whether any was."""
    known = drawable()
    if all(ord(char) in known or char in KEPT for char in text):
        return text, False
    return "".join(char if ord(char) in known or char in KEPT else MISSING for char in text), True


def _clean(value: T, found: list[bool]) -> T:
    if isinstance(value, str):
        text, changed = printable_text(value)
        if changed:
            found.append(True)
        return text  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_clean(item, found) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {}
        for item in dataclasses.fields(value):
            current = getattr(value, item.name)
            cleaned = _clean(current, found)
            if cleaned is not current:
                changes[item.name] = cleaned
        return dataclasses.replace(value, **changes) if changes else value
    return value


def printable(data: ReportData) -> ReportData:
    """``data`` with every text drawable; ``unprintable`` says whether anything was replaced."""
    found: list[bool] = []
    cleaned = _clean(data, found)
    return dataclasses.replace(cleaned, unprintable=bool(found))
