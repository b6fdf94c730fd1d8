"""``Translator``: the wording of one language, passed to whatever produces words.

There is no current language in the core: a function that writes words for people
takes a ``Translator`` (``translator("es")``), or returns a ``Message`` that its
caller renders with one. A translator looks msgids up in the compiled catalogue
(``gettext.GNUTranslations``; plural rule from the catalogue's header), renders
kept messages, and formats numbers and dates for its language.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

from readiness.i18n import formatting
from readiness.i18n.catalogues import open_catalogue
from readiness.messages import Message, fill

if TYPE_CHECKING:
    from readiness.model import CheckResult


class Translator:
    """The words of one language: gettext lookups, kept messages, numbers and dates."""

    def __init__(self, locale: str, translations: gettext.NullTranslations) -> None:
        self.locale = locale
        self._translations = translations

    def __repr__(self) -> str:
        return f"Translator({self.locale!r})"

    def gettext(self, message: str) -> str:
        """``message`` in this language (as written when the catalogue has no translation)."""
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular``/``plural`` for the count ``n``, in this language."""
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` in this language, as meant in ``context``."""
        return self._translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """The form for ``n`` of ``singular``/``plural`` as meant in ``context``."""
        return self._translations.npgettext(context, singular, plural, n)

    def template(self, message: Message) -> str:
        """The template of ``message`` in this language (plural form and context applied)."""
        if message.plural:
            if message.context:
                return self.npgettext(message.context, message.msgid, message.plural, message.count)
            return self.ngettext(message.msgid, message.plural, message.count)
        if message.context:
            return self.pgettext(message.context, message.msgid)
        return self.gettext(message.msgid)

    def render(self, message: Message) -> str:
        """``message`` in this language.

        A msgid the catalogue does not know is shown as written (English); a translation
        whose placeholders do not match falls back to the English wording. Raises
        ``ValueError`` only when the message cannot be filled in even in English.
        """
        return fill(message, self.template, self.format_amount)

    def reason(self, result: CheckResult) -> str:
        """A check result's reason in this language.

        Records without a kept message (typed in, or saved before reasons were kept
        that way) show their stored English text; so does a damaged message.
        """
        if result.reason_message is None:
            return result.reason
        try:
            return self.render(result.reason_message)
        except ValueError:
            return result.reason

    def format_amount(self, value: float) -> str:
        """A measured amount as read aloud (``3.7`` / ``3,7``); see ``formatting``."""
        return formatting.format_amount(value, self.locale)

    def format_number(self, value: float, digits: int = 1) -> str:
        """A number with this language's separators and ``digits`` decimals."""
        return formatting.format_number(value, self.locale, digits)

    def format_datetime(self, moment: datetime, *, date_only: bool = False) -> str:
        """A time in this computer's time zone, in this language's medium style."""
        return formatting.format_datetime(moment, self.locale, date_only=date_only)

    def format_long_date(self, day: date, *, weekday: bool = False) -> str:
        """A date written out in words ("Monday, December 7, 2026")."""
        return formatting.format_long_date(day, self.locale, weekday=weekday)


@cache
def translator(locale: str) -> Translator:
    """The translator of ``locale`` ("en" or "es"), made once per process.

    Raises ``ValueError`` for a language the app does not speak and
    ``CatalogueMissing`` when the language's compiled catalogue is not installed.
    """
    return Translator(locale, open_catalogue(locale))


ENGLISH = translator("en")
"""English, which needs no catalogue: the wording of the CLI, logs and ``str(error)``."""
