"""Finds and opens the compiled gettext catalogue of a language.

Each language but English has ``readiness/locale/<lang>/LC_MESSAGES/readiness.mo``,
compiled from ``readiness/locale/<lang>.po`` when the package is built or installed
(``build/compile_catalogues.py``). English is the msgid itself and needs no file.
A missing file means an install that skipped the build step: opening it raises
``CatalogueMissing`` with the command that makes it.
"""

from __future__ import annotations

import gettext
from importlib import resources
from importlib.resources.abc import Traversable

from readiness.errors import ReadinessError
from readiness.model import check_locale

DOMAIN = "readiness"
"""The gettext domain: the name of every compiled catalogue file."""
COMPILE_COMMAND = "python build/compile_catalogues.py"
"""What makes the compiled catalogues in a source checkout (an editable install runs it too)."""


class CatalogueMissing(ReadinessError):
    """A language's compiled catalogue is not where the package keeps it."""


def compiled_file(locale: str) -> Traversable:
    """Where the compiled catalogue of ``locale`` lives in the installed package."""
    return resources.files("readiness") / "locale" / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"


def source_file(locale: str) -> Traversable:
    """The ``.po`` file translators edit for ``locale``."""
    return resources.files("readiness") / "locale" / f"{locale}.po"


def open_catalogue(locale: str) -> gettext.NullTranslations:
    """The translations of ``locale`` (plural rule from the catalogue's header).

    English has no catalogue: its ``NullTranslations`` returns every msgid as written and
    picks the plural form by ``n != 1``.
    """
    if check_locale(locale) == "en":
        return gettext.NullTranslations()
    path = compiled_file(locale)
    if not path.is_file():
        raise CatalogueMissing(
            f"the {locale!r} catalogue has not been compiled ({path} is missing): "
            f"run `{COMPILE_COMMAND}` (an editable install does it too)"
        )
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)
