"""Every text a service user reads is plain, in English and Spanish (issue 17, item 4).

Targets: English median Flesch-Kincaid grade at most 6 and no text above grade 8; Spanish
median Fernández-Huerta ease at least 70 and no text below 60. The sources are
``CHECKED`` in ``tests/core/readable_texts.py`` (one collector each); how texts are
measured, and the rule for texts too short for either formula, is in
``tests/core/readability.py``. ``.venv/bin/python -m tests.tools.reading_levels`` prints
the figures.
"""

from __future__ import annotations

from functools import cache

import pytest

from readiness.i18n import translator
from readiness.questionnaire.loader import load_builtin
from readiness.reports import plain_words
from tests.core.readability import Passage, Summary, explain, filled, measure, summarise
from tests.core.readable_texts import (
    CHECKED,
    copy_messages,
    copy_passages,
    questionnaire_passages,
)
from tests.core.spanish import false_friends, spanish_entries

LOCALES = ("en", "es")


@cache
def summary_of(source: str, locale: str) -> Summary:
    return summarise(source, locale, CHECKED[source](locale))


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("source", sorted(CHECKED))
def test_the_median_text_is_plain(source: str, locale: str) -> None:
    summary = summary_of(source, locale)
    assert summary.median_passes, summary.line()


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("source", sorted(CHECKED))
def test_no_text_is_hard_to_read(source: str, locale: str) -> None:
    summary = summary_of(source, locale)
    assert summary.failing == [], f"{summary.line()}\n{explain(summary.failing)}"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("source", sorted(CHECKED))
def test_most_texts_are_long_enough_to_score(source: str, locale: str) -> None:
    """Short texts are held to a word rule, not the formula: they must not be the bulk."""
    summary = summary_of(source, locale)
    assert len(summary.scored) >= summary.short, summary.line()


@pytest.mark.parametrize(
    ("locale", "plain", "hard"),
    [
        (
            "en",
            "We will call you on Monday. You can ask us anything.",
            "Comprehensive telecommunications accessibility accommodations necessitate "
            "individualized configuration, notwithstanding organizational constraints.",
        ),
        (
            "es",
            "Le vamos a llamar el lunes. Nos puede preguntar lo que quiera.",
            "La configuración individualizada de las adaptaciones de accesibilidad "
            "telecomunicacional resulta imprescindible, independientemente de las "
            "restricciones.",
        ),
    ],
)
def test_the_measure_tells_a_hard_text_from_a_plain_one(locale: str, plain: str, hard: str) -> None:
    assert measure(Passage("test", "plain", locale, plain)).passes
    assert not measure(Passage("test", "hard", locale, hard)).passes


@pytest.mark.parametrize(
    ("locale", "text", "passes"),
    [
        ("en", "Never", True),
        ("en", "Email", True),
        ("en", "Telecommunications relay", False),
        ("es", "Correo electrónico", True),
        ("es", "Interoperabilidad", False),
    ],
)
def test_a_short_text_is_held_to_familiar_words(locale: str, text: str, passes: bool) -> None:
    measured = measure(Passage("test", text, locale, text))
    assert measured.score is None  # not scored, not in the median
    assert measured.passes is passes


def test_placeholders_are_measured_as_everyday_words() -> None:
    text = "{step} (by {date}) for {fact:upload_mbps}"
    assert filled(text, "en") == "Call the library (by May 4) for this"
    assert filled(text, "es") == "Llamar a la biblioteca (by 4 de mayo) for this"
    assert measure(Passage("test", "step", "en", text)).score is not None  # six words


def test_every_question_help_line_and_option_is_collected() -> None:
    collected = {p.where for p in questionnaire_passages("en")}
    texts = {p.text for p in questionnaire_passages("en")}
    for instrument in load_builtin().instruments:
        for item in instrument.items():
            assert item.id in collected
            assert item.help is None or item.help.get("en") in texts
            assert all(option.text.get("en") in texts for option in item.options)


def test_every_sentence_of_the_copy_is_collected() -> None:
    texts = {p.text for p in copy_passages("es")}
    t = translator("es")
    for _where, msgid in copy_messages():
        spanish = t.gettext(msgid)
        assert spanish in texts or spanish + " {date}." in texts, msgid
    assert len(list(copy_messages())) > len(plain_words.PLAIN_SENTENCES)


def _pairs(source: str) -> list[tuple[str, str, str]]:
    english = {p.where: p.text for p in CHECKED[source]("en")}
    return [(p.where, english[p.where], p.text) for p in CHECKED[source]("es")]


@pytest.mark.parametrize("source", sorted(CHECKED))
def test_the_spanish_avoids_false_friends(source: str) -> None:
    found = [(where, false_friends(en, es)) for where, en, es in _pairs(source)]
    assert [(where, words) for where, words in found if words] == []


def test_no_spanish_message_of_the_app_uses_a_false_friend() -> None:
    found = []
    for (_context, msgid), spanish in spanish_entries().items():
        for form in (spanish,) if isinstance(spanish, str) else spanish:
            if words := false_friends(msgid, form):
                found.append((msgid, words))
    assert found == []


def test_a_false_friend_is_caught_unless_the_english_means_it() -> None:
    assert false_friends("A digital navigator", "Un navegador digital") == ["navegador"]
    assert false_friends("open a web browser", "abra un navegador web") == []
    assert false_friends("headphones", "audífonos") == ["audífono"]
    assert false_friends("even with hearing aids", "aun con audífonos") == []
