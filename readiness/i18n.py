"""Translation of interface and report text (gettext), switchable while the app runs.

Modules import ``_`` explicitly (``from readiness.i18n import _``); nothing is put in
builtins. ``_`` looks up the language chosen last with ``set_language``, so a page
that re-reads its texts after a switch shows the new language. ``N_`` marks text
for extraction without translating it yet (for module-level constants).
Questionnaire wording is not here: it is data with a text per language.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from readiness.model import LOCALES

DOMAIN = "readiness"


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
    catalogue = resources.files("readiness") / "locale" / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if catalogue.is_file():
        import gettext  # only when there is something to translate: faster start-up

        with catalogue.open("rb") as handle:
            _Current.lookup = gettext.GNUTranslations(handle).gettext
    else:
        _Current.lookup = _untranslated
    _Current.language = locale


def current_language() -> str:
    """The language ``_`` translates into now."""
    return _Current.language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _Current.lookup(message)


def N_(message: str) -> str:
    """Mark ``message`` for translation later; returns it unchanged."""
    return message
