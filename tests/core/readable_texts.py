"""Test helper: every text a service user reads, one collector per source, as they meet it.

Each collector takes a language and yields ``Passage`` objects (``tests.core.readability``):
each text as it stands, since the rule for short texts
(``tests.core.readability``) needs no context. The reading-level test
(``tests/core/test_reading_level.py``) holds every source in ``CHECKED`` to the
targets, and ``tests/tools/reading_levels.py`` prints their figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from babel.messages.pofile import read_po

from readiness.i18n import translator
from readiness.interpret import Interpretation, Overrides, interpret
from readiness.local_text import LocalText
from readiness.model import LOCALES
from readiness.questionnaire.loader import load_builtin
from readiness.questionnaire.schema import Instrument
from readiness.reports import plain_words
from readiness.settings import Settings
from tests.core.readability import Passage
from tests.core.spanish import SPANISH_PO

Collector = Callable[[str], Iterator[Passage]]


def _instrument_texts(instrument: Instrument) -> Iterator[tuple[str, LocalText | None]]:
    """``(where, text)`` for every text of ``instrument`` the person may hear or see."""
    yield f"{instrument.id} title", instrument.title
    for section in instrument.sections:
        yield f"{instrument.id}.{section.id} title", section.title
        yield f"{instrument.id}.{section.id} intro", section.intro
        for item in section.items:
            yield item.id, item.text
            yield f"{item.id} help", item.help
            yield f"{item.id} unit", item.unit
            yield from ((f"{item.id}={option.code}", option.text) for option in item.options)
    for code in instrument.missing_codes:
        yield (
            f"missing answer {code.value}",
            LocalText({locale: instrument.missing_label(code, locale) for locale in LOCALES}),
        )


def questionnaire_passages(locale: str) -> Iterator[Passage]:
    """The built-in questionnaires: titles, section intros, questions, help lines, answer
    options and the missing-answer choices (asked aloud; the person may see the screen).
    An answer list several items share is measured once."""
    seen: set[str] = set()
    for instrument in load_builtin().instruments:
        for where, text in _instrument_texts(instrument):
            if text is not None and text.get(locale) not in seen:
                seen.add(text.get(locale))
                yield Passage("questionnaires", where, locale, text.get(locale))


PAGE_NUMBER = "Page {page} of {pages}"
"""The copy's page footer (a msgid of ``service_user_pdf``)."""


def copy_messages() -> Iterator[tuple[str, str]]:
    """Every msgid of the service user's copy as ``(where, msgid)``, tables by key. Of a
    term in ``TERMS`` only its explanation: the term is the hard word it is there for."""
    for name, value in vars(plain_words).items():
        if not name.isupper():
            continue
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, dict):
            for key, entry in value.items():
                yield f"{name}[{key}]", entry if isinstance(entry, str) else entry[1]
    yield "PAGE_NUMBER", PAGE_NUMBER


def copy_passages(locale: str) -> Iterator[Passage]:
    """The service user's copy (``readiness/reports/plain_words.py``), in ``locale``: each
    sentence and heading, and each way of connecting as the copy prints it with help."""
    t = translator(locale)
    for where, msgid in copy_messages():
        text = t.gettext(msgid)
        if msgid == plain_words.FOLLOW_UP:  # the date it prints after it ends the sentence
            text = f"{text} {{date}}."
        yield Passage("service user's copy", where, locale, text)
    for channel, msgid in plain_words.WAYS_TO_CONNECT.items():
        way = t.gettext(plain_words.WAY_WITH_HELP).format(way=t.gettext(msgid))
        yield Passage("service user's copy", f"way with help {channel}", locale, way)


@cache
def _interpretation() -> Interpretation:
    return interpret(Settings(), Overrides())


def _local(source: str, where: str, text: LocalText, locale: str) -> Passage:
    return Passage(source, where, locale, text.get(locale))


def rule_reason_passages(locale: str) -> Iterator[Passage]:
    """The channel rules' reasons (``readiness/rules/channels.yaml``)."""
    rules = _interpretation().rules.ruleset
    yield _local("rule reasons", "not_known", rules.not_known.reason, locale)
    for channel in rules.channels:
        for rule in channel.rules:
            where = f"{channel.id}.{rule.id}"
            yield _local("rule reasons", where, rule.reason, locale)
            if rule.relief_reason:
                yield _local("rule reasons", f"{where} relief", rule.relief_reason, locale)


def catalogue_passages(locale: str) -> Iterator[Passage]:
    """The recommendation catalogue (``readiness/rules/catalogue.yaml``): each title,
    description, setting and trigger's "why"."""
    for entry in _interpretation().rules.ruleset.catalogue:
        yield _local("catalogue", f"{entry.id} title", entry.title, locale)
        yield _local("catalogue", f"{entry.id} description", entry.description, locale)
        for number, setting in enumerate(entry.settings, start=1):
            yield _local("catalogue", f"{entry.id} setting {number}", setting, locale)
        for trigger in entry.triggers:
            yield _local("catalogue", f"{entry.id}.{trigger.id} why", trigger.why, locale)


def consent_passages(locale: str) -> Iterator[Passage]:
    """The consent step (``ui/pages/consent.py``), read with the person, from ``es.po``."""
    with SPANISH_PO.open("rb") as handle:
        catalogue = read_po(handle, locale="es")
    for message in catalogue:
        if any(path == "ui/pages/consent.py" for path, _line in message.locations):
            english = message.id[0] if isinstance(message.id, tuple) else message.id
            spanish = message.string[0] if isinstance(message.string, tuple) else message.string
            text = english if locale == "en" else spanish
            yield Passage("consent", english[:40], locale, text.replace("&", ""))


CHECKED: dict[str, Collector] = {
    "questionnaires": questionnaire_passages,
    "service user's copy": copy_passages,
    "consent": consent_passages,
    "rule reasons": rule_reason_passages,
    "catalogue": catalogue_passages,
}
"""The sources the reading-level test holds to the targets."""
