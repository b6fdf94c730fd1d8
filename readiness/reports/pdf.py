"""The reports' public face: render to bytes in a format, protect with a password, write atomically.

``render_report(data, audience, kind)`` picks the renderer: the service user's copy
as a tagged PDF (WeasyPrint), an HTML page or plain text, all three from one
``service_user_content.CopyContent``; the staff report as a PDF (reportlab) or an
accessible HTML record. ``protect`` encrypts PDF bytes with pypdf's AES-256
(revision 6): reportlab's own AES-256 output could not be opened by poppler or pypdf
(see the research notes), so the renderers write a plain document and pypdf
encrypts it in memory, keeping the structure tree and language. The plain bytes
never touch the disk when a password is given. ``write_report`` does all three for
the GUI and the CLI.
"""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path

from readiness.atomic import write_bytes_atomic
from readiness.errors import ReadinessError
from readiness.messages import M_, MN_
from readiness.reports.data import ReportData

MIN_PASSWORD_LENGTH = 6


class Audience(StrEnum):
    """Who a report is for."""

    SERVICE_USER = "service-user"
    STAFF = "staff"


class ReportFormat(StrEnum):
    """The forms a report comes in."""

    PDF = "pdf"
    HTML = "html"
    """An accessible web page: headings, lists, tables, large print; opens in any browser."""
    TEXT = "text"
    """Plain text, for an email or a screen reader (the service user's copy only)."""

    @property
    def suffix(self) -> str:
        """The file name ending."""
        return {"pdf": ".pdf", "html": ".html", "text": ".txt"}[self.value]


FORMATS = {
    Audience.SERVICE_USER: (ReportFormat.PDF, ReportFormat.HTML, ReportFormat.TEXT),
    Audience.STAFF: (ReportFormat.PDF, ReportFormat.HTML),
}
"""The formats each report comes in."""


def render_report(
    data: ReportData, audience: Audience | str, kind: ReportFormat | str = ReportFormat.PDF
) -> bytes:
    """The report for ``audience`` as bytes in ``kind`` (HTML and text are UTF-8)."""
    audience, kind = Audience(audience), ReportFormat(kind)
    if kind not in FORMATS[audience]:
        raise ReadinessError(
            M_("the {audience} report has no {kind} form", audience=audience, kind=kind)
        )
    if audience is Audience.STAFF:
        if kind is ReportFormat.HTML:
            from readiness.reports.staff_html import staff_html

            return staff_html(data).encode("utf-8")
        from readiness.reports.staff_pdf import render_staff_report

        staff: bytes = render_staff_report(data)
        return staff
    if kind is ReportFormat.PDF:
        from readiness.reports.service_user_pdf import render_service_user_copy

        return render_service_user_copy(data)
    from readiness.reports.service_user_content import copy_content

    content = copy_content(data)
    if kind is ReportFormat.HTML:
        from readiness.reports.service_user_html import copy_html

        return copy_html(content).encode("utf-8")
    from readiness.reports.service_user_text import copy_text

    return copy_text(content).encode("utf-8")


def protect(pdf: bytes, password: str) -> bytes:
    """``pdf`` encrypted with AES-256 so it opens only with ``password``.

    The same password is the owner password, so nobody without it can lift
    restrictions; metadata (title, language) is kept.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ReadinessError(
            MN_(
                "the password is too short: use at least {count} character",
                "the password is too short: use at least {count} characters",
                count=MIN_PASSWORD_LENGTH,
            )
        )
    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError:  # pragma: no cover - pypdf is a dependency of the app
        raise ReadinessError(M_("password protection needs the pypdf package")) from None
    from pypdf.errors import DependencyError

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    try:
        writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
    except DependencyError:  # pypdf does AES through the cryptography package
        raise ReadinessError(M_("password protection needs the cryptography package")) from None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_report(
    data: ReportData,
    audience: Audience | str,
    path: Path,
    *,
    kind: ReportFormat | str = ReportFormat.PDF,
    password: str | None = None,
) -> Path:
    """Render, optionally protect (PDF only), and atomically write the report to ``path``."""
    kind = ReportFormat(kind)
    if password and kind is not ReportFormat.PDF:
        raise ReadinessError(M_("only a PDF can be protected with a password"))
    content = render_report(data, audience, kind)
    if password:
        content = protect(content, password)
    write_bytes_atomic(Path(path), content)
    return Path(path)
