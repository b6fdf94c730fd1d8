"""The agency logo on the reports: read as every file handed to the app is, and left out,
never fatal, when it cannot be shown (a pipe or ``/dev/zero``: see ``test_doors.py``)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from readiness.reports.pdf_common import MAX_LOGO_PIXELS, draw_logo


def _drawn(path: Path) -> float:
    return draw_logo(Canvas(io.BytesIO()), str(path), 0, 100, max_w=100, max_h=20)


def test_a_logo_is_drawn_fitted_in_its_box(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    Image.new("RGB", (200, 100), "teal").save(path)
    assert _drawn(path) == 40  # 200 x 100 fitted in 100 x 20


def test_a_picture_too_large_to_be_a_logo_is_left_out(tmp_path: Path) -> None:
    """A few kilobytes that would unpack into hundreds of megabytes of pixels."""
    path = tmp_path / "bomb.png"
    Image.new("1", (6000, 6000)).save(path)
    assert path.stat().st_size < 100_000 and MAX_LOGO_PIXELS < 6000 * 6000
    assert _drawn(path) == 0


def test_a_file_that_is_not_a_picture_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(b"not a picture")
    assert _drawn(path) == 0
    assert _drawn(tmp_path / "missing.png") == 0
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG" + b"0" * (5 * 1024 * 1024))
    assert _drawn(big) == 0
