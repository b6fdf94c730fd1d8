"""Translation of interface and report text (gettext catalogues), switchable while the app runs.

Modules import ``_`` explicitly (``from readiness.i18n import _``); nothing is put in
builtins. ``_`` looks up the language chosen last with ``set_language``, so a page
that re-reads its texts after a switch shows the new language. ``N_`` marks text
for extraction without translating it yet (for module-level constants).
Questionnaire wording is not here: it is data with a text per language.

The catalogue for each language is a gettext ``.po`` file in ``readiness/locale/``
(``es.po``), read directly with Babel, so translators edit one text file and no
compiled ``.mo`` file is kept in git. Dates and numbers are formatted for the
current language with Babel's CLDR data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib import resources

from readiness.model import LOCALES


def _untranslated(message: str) -> str:
    return message


class _Current:
    """The language in use; one per process, as with gettext itself."""

    lookup: Callable[[str], str] = _untranslated
    language = "en"


def set_language(locale: str) -> None:
    """Use ``locale`` ("en" or "es") for every ``_`` call from now on."""
    if locale not in LOCALES:
        raise ValueError(f"language {locale!r} is not supported")
    if locale == "en":
        _Current.lookup = _untranslated
    else:
        table = catalogue(locale)
        _Current.lookup = lambda message: table.get(message) or message
    _Current.language = locale


def catalogue(locale: str) -> dict[str, str]:
    """The translations of ``locale`` from its ``.po`` file (empty when there is none)."""
    path = resources.files("readiness") / "locale" / f"{locale}.po"
    if not path.is_file():
        return {}
    from babel.messages.pofile import read_po  # only when translating: faster start-up

    with path.open("rb") as handle:
        parsed = read_po(handle, locale=locale)
    return {
        str(message.id): str(message.string)
        for message in parsed
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def current_language() -> str:
    """The language ``_`` translates into now."""
    return _Current.language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _Current.lookup(message)


def format_datetime(moment: datetime, *, date_only: bool = False) -> str:
    """A time as people of the current language write it, in this computer's time zone."""
    from babel.dates import format_date
    from babel.dates import format_datetime as babel_format

    local = moment.astimezone()
    if date_only:
        return str(format_date(local.date(), format="medium", locale=_Current.language))
    return str(babel_format(local, format="medium", locale=_Current.language))


def format_number(value: float, digits: int = 1) -> str:
    """A number with the current language's decimal mark (``3.5`` or ``3,5``)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return str(format_decimal(value, format=pattern, locale=_Current.language))


def N_(message: str) -> str:
    """Mark ``message`` for translation later; returns it unchanged."""
    return message
