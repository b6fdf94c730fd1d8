"""The language of the screens: the one place where the GUI's current language lives.

The core holds no language: it takes a ``Translator`` or returns a ``Message``. The
window switches language at any time (the box under the navigation), so the GUI
keeps the translator of the moment here; ``_``, ``ngettext`` and ``pgettext`` look
text up in it, ``render`` shows a kept ``Message`` (a stored reason, a core error),
and ``error_text`` shows an exception in the screen's language. Modules import
these explicitly (``from ui.language import _``); nothing is put in builtins.
"""

from __future__ import annotations

from datetime import datetime

from readiness.errors import ReadinessError
from readiness.i18n import Translator
from readiness.i18n import translator as translator_for
from readiness.messages import Message
from readiness.model import CheckResult, check_locale


class _Current:
    """The screen's translator; one per process, switched by ``set_language``."""

    translator: Translator = translator_for("en")


def set_language(locale: str) -> None:
    """Show the screens in ``locale`` ("en" or "es") from now on."""
    _Current.translator = translator_for(check_locale(locale))


def current_language() -> str:
    """The language the screens are shown in now."""
    return _Current.translator.locale


def translator() -> Translator:
    """The screens' translator now (hand it to core functions that write words)."""
    return _Current.translator


def _(message: str) -> str:
    """``message`` in the screens' language."""
    return _Current.translator.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for the count ``n`` in the screens' language."""
    return _Current.translator.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` as meant in ``context``, in the screens' language."""
    return _Current.translator.pgettext(context, message)


def render(message: Message) -> str:
    """A kept message in the screens' language."""
    return _Current.translator.render(message)


def reason_text(result: CheckResult) -> str:
    """A check result's reason in the screens' language (its stored English if none is kept)."""
    return _Current.translator.reason(result)


def error_text(error: BaseException) -> str:
    """An error as the person reads it: a core error in the screens' language, else as it is."""
    if isinstance(error, ReadinessError):
        return _Current.translator.render(error.message)
    return str(error)


def format_datetime(moment: datetime, *, date_only: bool = False) -> str:
    """A time as people of the screens' language write it, in this computer's time zone."""
    return _Current.translator.format_datetime(moment, date_only=date_only)


def format_number(value: float, digits: int = 1) -> str:
    """A number with the screens' language's separators."""
    return _Current.translator.format_number(value, digits)


def format_amount(value: float) -> str:
    """A measured amount as read aloud in the screens' language (``3.7`` / ``3,7``)."""
    return _Current.translator.format_amount(value)
