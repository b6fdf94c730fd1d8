"""The PDF reports' public face: render to bytes, protect with a password, write atomically.

``render_report(data, audience)`` picks the renderer; ``protect`` re-encrypts the
bytes with pypdf's AES-256 (revision 6): reportlab's own AES-256 output could not be
opened by poppler or pypdf (see the research notes), so reportlab writes a plain
document and pypdf encrypts it in memory. The plain bytes never touch the disk when
a password is given. ``write_report`` does all three for the GUI and the CLI.
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


def render_report(data: ReportData, audience: Audience | str) -> bytes:
    """The report for ``audience`` as PDF bytes."""
    audience = Audience(audience)
    if audience is Audience.STAFF:
        from readiness.reports.staff_pdf import render_staff_report

        return render_staff_report(data)
    from readiness.reports.service_user_pdf import render_service_user_copy

    return render_service_user_copy(data)


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
    data: ReportData, audience: Audience | str, path: Path, *, password: str | None = None
) -> Path:
    """Render, optionally protect, and atomically write the report to ``path``."""
    pdf = render_report(data, audience)
    if password:
        pdf = protect(pdf, password)
    write_bytes_atomic(Path(path), pdf)
    return Path(path)
