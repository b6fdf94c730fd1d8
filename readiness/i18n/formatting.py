"""Numbers and dates as people of a language write them (Babel's CLDR data), for a given locale.

Babel is imported on first use, so a command that never formats a Spanish number
starts without it.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from readiness.messages import english_amount


def format_number(value: float, locale: str, digits: int = 1) -> str:
    """A number with the language's separators (``1,234.5`` / ``1234,5``), ``digits`` decimals."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return str(format_decimal(value, format=pattern, locale=locale))


def format_amount(value: float, locale: str) -> str:
    """A measured amount as read aloud: no needless zeros, the language's decimal mark.

    ``4``, ``3.7`` / ``3,7``, ``0.45`` / ``0,45``; at most three decimals and no
    thousands separator (``1024 x 768``).
    """
    text = english_amount(value)
    return text if locale == "en" else text.replace(".", _decimal_mark(locale))


@cache
def _decimal_mark(locale: str) -> str:
    from babel.numbers import get_decimal_symbol

    return str(get_decimal_symbol(locale))


def format_datetime(moment: datetime, locale: str, *, date_only: bool = False) -> str:
    """A time in this computer's time zone, in the language's medium style."""
    from babel.dates import format_date as babel_date
    from babel.dates import format_datetime as babel_datetime

    local = moment.astimezone()
    if date_only:
        return str(babel_date(local.date(), format="medium", locale=locale))
    return str(babel_datetime(local, format="medium", locale=locale))


def format_long_date(day: date, locale: str, *, weekday: bool = False) -> str:
    """A date written out: "December 7, 2026" / "7 de diciembre de 2026", with the weekday
    first when asked ("Monday, December 7, 2026" / "lunes, 7 de diciembre de 2026")."""
    from babel.dates import format_date as babel_date

    return str(babel_date(day, format="full" if weekday else "long", locale=locale))
