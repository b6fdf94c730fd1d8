"""The fixed wording of reports and exports, in each language, from ``texts.yaml``.

Reports are written in the language chosen for the report, which may differ from the
language of the app's screens, so their sentences are data with a text per language
(as questionnaires are) rather than gettext lookups. ``texts_for(locale)`` returns a
``Texts`` that formats a key's text with named values; a key missing in a language
falls back to English, and an unknown key raises ``KeyError`` (a bug, caught by tests).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from readiness import safe_yaml
from readiness.model import LOCALES, check_locale

FILE_NAME = "texts.yaml"


@cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every key with its texts per language (read and checked once)."""
    raw = resources.files("readiness.reports").joinpath(FILE_NAME).read_text(encoding="utf-8")
    data: Any = safe_yaml.load(raw)
    if not isinstance(data, dict):
        raise ValueError(f"{FILE_NAME}: expected a mapping of keys")
    result: dict[str, Mapping[str, str]] = {}
    for key, texts in data.items():
        if not isinstance(texts, dict) or not all(isinstance(t, str) for t in texts.values()):
            raise ValueError(f"{FILE_NAME}: {key}: expected a text per language")
        result[str(key)] = MappingProxyType({str(k): str(v) for k, v in texts.items()})
    return MappingProxyType(result)


class Texts:
    """Report wording in one language: ``texts("su.date", date="2 March 2026")``."""

    def __init__(self, locale: str) -> None:
        self.locale = check_locale(locale)
        self._texts = catalogue()

    def __call__(self, key: str, **values: object) -> str:
        entry = self._texts[key]
        text = entry.get(self.locale) or entry["en"]
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        """Whether ``key`` exists (for optional wording such as a channel's plain title)."""
        return key in self._texts

    def get(self, key: str, default: str = "") -> str:
        """The text of ``key`` without formatting, or ``default`` if there is none."""
        return self(key) if key in self._texts else default


@cache
def texts_for(locale: str) -> Texts:
    """The report wording in ``locale`` ("en" or "es")."""
    return Texts(locale)


MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
}
assert set(MONTHS) == set(WEEKDAYS) == set(LOCALES)


def long_date(moment: Any, locale: str, *, weekday: bool = False) -> str:
    """A date as people write it: "Monday, December 7, 2026" / "lunes, 7 de diciembre de 2026"."""
    month = MONTHS[locale][moment.month - 1]
    day = WEEKDAYS[locale][moment.weekday()]
    if locale == "es":
        text = f"{moment.day} de {month} de {moment.year}"
    else:
        text = f"{month} {moment.day}, {moment.year}"
    return f"{day}, {text}" if weekday else text


def short_date(moment: Any) -> str:
    """A date in ISO form (2026-12-07): unambiguous in tables in any language."""
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
