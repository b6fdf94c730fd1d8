"""Compiles the gettext catalogues: every ``readiness/locale/<lang>.po`` to its ``.mo``.

The app reads compiled catalogues (``readiness/locale/<lang>/LC_MESSAGES/readiness.mo``)
with the standard library's ``gettext``; the ``.mo`` files are build output, kept out of
git. The wheel build (``setup.py``, also run by an editable install) calls
``compile_all``; run this file by hand after editing a ``.po``::

    .venv/bin/python build/compile_catalogues.py

It needs only Babel and the standard library, so it runs in an isolated build
environment without the app's other dependencies.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOMAIN = "readiness"
"""The gettext domain: the name of every compiled file."""
ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "readiness" / "locale"


def compiled_path(po_file: Path) -> Path:
    """Where the ``.mo`` compiled from ``po_file`` (``<dir>/<lang>.po``) goes."""
    return po_file.parent / po_file.stem / "LC_MESSAGES" / f"{DOMAIN}.mo"


def compile_catalogue(po_file: Path) -> Path:
    """Compile one ``.po`` file to its ``.mo`` (fuzzy entries left out); returns the ``.mo``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file.open("rb") as handle:
        catalogue = read_po(handle, locale=po_file.stem, abort_invalid=True)
    target = compiled_path(po_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".mo.tmp")
    with temporary.open("wb") as handle:
        write_mo(handle, catalogue, use_fuzzy=False)
    temporary.replace(target)
    return target


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every ``.po`` file in ``locale_dir``; returns the ``.mo`` files written."""
    return [compile_catalogue(po_file) for po_file in sorted(locale_dir.glob("*.po"))]


if __name__ == "__main__":
    for written in compile_all():
        print(written.relative_to(ROOT))
    sys.exit(0)
