"""Helpers for report tests: PDF text and fonts via pypdf, report data built the app's way."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from pypdf import PdfReader

from readiness.document import AssessmentDocument
from readiness.interpret import Agency, Interpretation, Overrides, interpret
from readiness.questionnaire.loader import load_builtin
from readiness.questionnaire.schema import Instrument
from readiness.reports.assemble import report_data
from readiness.reports.data import Outcome, ReportData
from readiness.settings import Settings

AGENCY = Agency("Centro Comunitario Esperanza", "Teléfono 555-0100\n12 Main Street")


@cache
def instruments() -> tuple[Instrument, ...]:
    return load_builtin().instruments


@cache
def inputs() -> Interpretation:
    """The built-in interpretation, issued by a fictional agency."""
    return interpret(Settings(), Overrides(agency=AGENCY))


def data_for(
    document: AssessmentDocument, outcome: Outcome | None = None, locale: str | None = None
) -> ReportData:
    return report_data(
        document,
        instruments=instruments(),
        thresholds=inputs().thresholds,
        agency=AGENCY,
        outcome=outcome,
        locale=locale,
    )


def reader(pdf: bytes, password: str | None = None) -> PdfReader:
    found = PdfReader(io.BytesIO(pdf))
    if password is not None:
        found.decrypt(password)
    return found


def pdf_text(pdf: bytes, password: str | None = None) -> str:
    """All the text of a PDF, pages joined, whitespace runs collapsed to one space."""
    pages = reader(pdf, password).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in reader(pdf).pages]


def fonts(pdf: bytes) -> dict[str, dict[str, Any]]:
    """Every font a page uses: base name -> its dictionary (resolved)."""
    found: dict[str, dict[str, Any]] = {}
    for page in reader(pdf).pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        resources = resources.get_object()
        font_dict = resources.get("/Font")
        if font_dict is None:
            continue
        for ref in font_dict.get_object().values():
            font = ref.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def embedded(font: dict[str, Any]) -> bool:
    """Whether a font's program is in the file (TrueType directly or under a Type0 font)."""
    candidates = [font]
    for descendant in font.get("/DescendantFonts", []) or []:
        candidates.append(descendant.get_object())
    for candidate in candidates:
        descriptor = candidate.get("/FontDescriptor")
        if descriptor is not None:
            descriptor = descriptor.get_object()
            if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                return True
    return False
