"""The service user's copy as a tagged PDF (PDF/UA-1), made by WeasyPrint from its HTML page.

The PDF is the HTML page of ``service_user_html`` laid out on US Letter pages, so the
two cannot differ. WeasyPrint's ``pdf/ua-1`` variant writes the structure tree (H1,
H2, P, L/LI with Lbl and LBody), the document language (``/Lang``), the title shown
in the viewer's title bar, the logo's text alternative and the PDF/UA identification
in the XMP metadata; the bundled DejaVu Sans fonts are embedded. Only ``file:`` and
``data:`` addresses may be read while rendering: nothing is ever fetched from a
network.

WeasyPrint needs the Pango library of the system (``build/README.md``; Debian:
``libpango-1.0-0 libpangoft2-1.0-0``); without it the copy cannot be made as a PDF
and says so, while the HTML and text copies still work.
"""

from __future__ import annotations

from contextlib import ExitStack
from importlib import resources
from pathlib import Path

from readiness.errors import ReadinessError
from readiness.messages import M_
from readiness.reports.data import ReportData
from readiness.reports.fonts import font_files
from readiness.reports.service_user_content import copy_content
from readiness.reports.service_user_html import copy_html

PDF_VARIANT = "pdf/ua-1"
WEIGHTS = {"DejaVuSans.ttf": "normal", "DejaVuSans-Bold.ttf": "bold"}


def render_service_user_copy(data: ReportData) -> bytes:
    """The service user's copy as tagged PDF bytes."""
    try:
        from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]
    except OSError:  # the Pango library is missing (WeasyPrint loads it on import)
        raise ReadinessError(
            M_(
                "the PDF copy needs the Pango library, which is not installed on this"
                " computer; save the copy as a web page or as text instead"
            )
        ) from None
    content = copy_content(data)
    with ExitStack() as stack:
        folder = resources.files("readiness.reports") / "fonts"
        fonts: dict[str, Path] = {}
        for file_name in font_files().values():
            if file_name in WEIGHTS:
                path = stack.enter_context(resources.as_file(folder / file_name))
                fonts[WEIGHTS[file_name]] = Path(path).resolve()
        page = copy_html(content, paged=True, fonts=fonts)
        fetcher = URLFetcher(allowed_protocols={"file", "data"})
        pdf: bytes = HTML(string=page, url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
