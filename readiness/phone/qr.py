"""The one-time link as a QR code the phone's camera can read (segno).

Medium error correction and a quiet zone of four modules, as ISO/IEC 18004 asks, so a
phone camera reads it off a laptop screen; the address holds only the laptop's local
address, a port and the random token.
"""

from __future__ import annotations

import io

import segno


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """``url`` as a PNG QR code, ``scale`` pixels a module."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_text(url: str) -> str:
    """``url`` as a QR code drawn with block characters, for a terminal."""
    buffer = io.StringIO()
    segno.make(url, error="m", micro=False).terminal(out=buffer, compact=True, border=4)
    return buffer.getvalue()
