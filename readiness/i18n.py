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

Text that must be shown in whatever language is chosen *later* (a check's reason,
stored with the assessment and read again after a switch, or in a report in another
language) is kept as a ``readiness.messages.Message``: ``M_`` marks and builds one,
``render`` shows it in the current (or a given) language, and ``reason_text`` shows a
check result's reason, falling back to the stored English text for records saved
before reasons were kept as messages.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from importlib import resources
from string import Formatter
from typing import TYPE_CHECKING

from readiness.messages import Message, MessageArg, placeholders
from readiness.model import LOCALES

if TYPE_CHECKING:
    from readiness.model import CheckResult


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
        table = _table(locale)
        _Current.lookup = lambda message: table.get(message) or message
    _Current.language = locale


def catalogue(locale: str) -> dict[str, str]:
    """The translations of ``locale`` from its ``.po`` file (empty when there is none)."""
    return dict(_table(locale))


def _table(locale: str) -> dict[str, str]:
    """The catalogue of ``locale``, shared (do not change it); parsed once per file version."""
    path = resources.files("readiness") / "locale" / f"{locale}.po"
    if not path.is_file():
        return {}
    stamp = os.stat(str(path)).st_mtime_ns if isinstance(path, os.PathLike) else 0
    return _read_catalogue(locale, stamp)


@lru_cache(maxsize=4)
def _read_catalogue(locale: str, stamp: int) -> dict[str, str]:  # noqa: ARG001 - cache key
    """The parsed catalogue, read again only when the file changes (``stamp``)."""
    path = resources.files("readiness") / "locale" / f"{locale}.po"
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


def M_(msgid: str, /, **args: MessageArg) -> Message:
    """Mark ``msgid`` for translation and keep it with its values, to render in any language later.

    ``M_("This computer has {total} GB of memory", total=3.7)``; see ``readiness.messages``.
    """
    return Message(msgid, args)


def format_amount(value: float, locale: str | None = None) -> str:
    """A measured amount as read aloud: no needless zeros, the language's decimal mark.

    ``4``, ``3.7`` / ``3,7``, ``0.45`` / ``0,45``; at most three decimals and no
    thousands separator (``1024 x 768``), as the English reasons have always shown them.
    """
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    language = locale or _Current.language
    return text if language == "en" else text.replace(".", _decimal_mark(language))


@lru_cache(maxsize=4)
def _decimal_mark(locale: str) -> str:
    from babel.numbers import get_decimal_symbol

    return str(get_decimal_symbol(locale))


class _Unfilled(Exception):
    """A template names a placeholder its message has no value for."""


def render(message: Message, locale: str | None = None) -> str:
    """``message`` in ``locale`` (default: the current language).

    A msgid the catalogue does not know is shown as written (English); a translation
    whose placeholders do not match falls back to the English msgid. Raises
    ``ValueError`` only when the message cannot be filled in even in English.
    """
    language = locale or _Current.language
    return _fill(message, {} if language == "en" else _table(language), language)


def _fill(message: Message, table: dict[str, str], language: str) -> str:
    translated = table.get(message.msgid)
    if translated:
        try:
            return _substitute(translated, message, table, language)
        except _Unfilled:
            pass  # a faulty translation: the English wording is better than nothing
    try:
        return _substitute(message.msgid, message, table, language)
    except _Unfilled as exc:
        raise ValueError(f"message {message.msgid!r} lacks a value for {exc}") from None


def _substitute(template: str, message: Message, table: dict[str, str], language: str) -> str:
    if placeholders(template) is None:
        raise _Unfilled("a malformed template")
    pieces: list[str] = []
    for literal, name, _spec, _conversion in Formatter().parse(template):
        pieces.append(literal)
        if name is None:
            continue
        if name not in message.args:
            raise _Unfilled(name)
        pieces.append(_arg_text(message.args[name], table, language))
    return "".join(pieces)


def _arg_text(value: MessageArg, table: dict[str, str], language: str) -> str:
    if isinstance(value, Message):
        return _fill(value, table, language)
    if isinstance(value, tuple):
        return ", ".join(_arg_text(part, table, language) for part in value)
    if isinstance(value, str):
        return value
    return format_amount(value, language)


def render_english(message: Message) -> str:
    """``message`` in English (the form kept in ``CheckResult.reason``)."""
    return render(message, "en")


def reason_text(result: CheckResult, locale: str | None = None) -> str:
    """A check result's reason in ``locale`` (default: the current language).

    Records without a kept message (saved before reasons were kept that way, or typed
    in) show their stored text unchanged; so does a damaged message.
    """
    message = result.reason_message
    if message is None:
        return result.reason
    try:
        return render(message, locale)
    except ValueError:
        return result.reason
