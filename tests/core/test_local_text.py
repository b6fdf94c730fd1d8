"""``LocalText``: what a data file may give as a text, how it reads in a language, and its forms.

Property-based: any valid ``{locale: text}`` mapping validates to a text that keeps exactly
what was given, reads back by ``get`` with the English-then-any fallback, hashes and compares
by value, and serialises to the plain mapping; anything else is refused with an error located
at the language that is wrong. Code that builds a text is held to the same rules (except the
length limit, which is for files).
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from readiness.local_text import MAX_TEXT_LENGTH, BilingualText, LocalText
from readiness.model import LOCALES

ANY_TEXT = TypeAdapter(LocalText)
EVERY_LANGUAGE = TypeAdapter(BilingualText)

shown_text = st.text(min_size=1, max_size=60).filter(lambda text: text.strip() != "")
locales = st.sampled_from(LOCALES)
valid_mapping = st.dictionaries(locales, shown_text, min_size=1)
bilingual_mapping = st.fixed_dictionaries({locale: shown_text for locale in LOCALES})
blank = st.text(alphabet=" \t\n\r\u00a0\u2003", max_size=5)
other_locale = st.text(min_size=1, max_size=8).filter(lambda code: code not in LOCALES)
not_a_string = st.one_of(
    st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(), st.lists(shown_text)
)


def errors(adapter: TypeAdapter[Any], data: object) -> list[tuple[tuple[int | str, ...], str]]:
    """(location, error type) of each problem, or [] when ``data`` is valid."""
    try:
        adapter.validate_python(data)
    except ValidationError as error:
        return [(tuple(e["loc"]), e["type"]) for e in error.errors()]
    return []


# -- valid texts ------------------------------------------------------------------------


@given(valid_mapping)
def test_a_valid_mapping_keeps_exactly_its_texts(texts: dict[str, str]) -> None:
    text = ANY_TEXT.validate_python(texts)
    assert dict(text.texts) == texts
    assert text.languages == set(texts)
    assert text == LocalText(texts)
    assert hash(text) == hash(LocalText(dict(reversed(texts.items()))))


@given(valid_mapping, st.one_of(locales, st.text(max_size=5)))
def test_get_gives_the_language_asked_then_english_then_the_first(
    texts: dict[str, str], locale: str
) -> None:
    text = LocalText(texts)
    if locale in texts:
        assert text.get(locale) == texts[locale]
    elif "en" in texts:
        assert text.get(locale) == texts["en"]
    else:
        assert text.get(locale) == next(iter(texts.values()))


@given(bilingual_mapping)
def test_a_bilingual_text_reads_each_language_as_given(texts: dict[str, str]) -> None:
    text = EVERY_LANGUAGE.validate_python(texts)
    assert all(text.get(locale) == texts[locale] for locale in LOCALES)


@given(valid_mapping)
def test_the_json_form_is_the_plain_mapping_and_reads_back(texts: dict[str, str]) -> None:
    text = LocalText(texts)
    dumped = ANY_TEXT.dump_json(text)
    assert json.loads(dumped) == texts
    assert ANY_TEXT.dump_python(text) == texts
    assert ANY_TEXT.validate_json(dumped) == text
    assert pickle.loads(pickle.dumps(text)) == text


@given(valid_mapping)
def test_a_text_given_as_a_text_validates_to_an_equal_text(texts: dict[str, str]) -> None:
    assert ANY_TEXT.validate_python(LocalText(texts)) == LocalText(texts)


def test_a_text_is_longest_at_the_limit() -> None:
    assert errors(ANY_TEXT, {"en": "x" * MAX_TEXT_LENGTH}) == []
    assert errors(ANY_TEXT, {"en": "x" * (MAX_TEXT_LENGTH + 1)}) == [(("en",), "string_too_long")]


def test_a_text_cannot_be_changed() -> None:
    text = LocalText(en="Yes", es="Sí")
    with pytest.raises(AttributeError):
        text._texts = {"en": "No"}  # type: ignore[misc]
    with pytest.raises(TypeError):
        text.texts["en"] = "No"  # type: ignore[index]
    assert text.get("en") == "Yes"


def test_as_a_model_field_a_text_is_hashable_and_dumps_plain() -> None:
    class Option(BaseModel, frozen=True):
        text: LocalText
        help: BilingualText | None = None

    option = Option.model_validate({"text": {"es": "Sí", "en": "Yes"}})
    assert hash(option) == hash(Option(text=LocalText(en="Yes", es="Sí")))
    assert option.model_dump() == {"text": {"en": "Yes", "es": "Sí"}, "help": None}


# -- refused texts --------------------------------------------------------------------------


@given(valid_mapping, other_locale, shown_text)
def test_an_unknown_language_code_is_refused_where_it_is(
    texts: dict[str, str], code: str, extra: str
) -> None:
    given_texts = {**texts, code: extra}
    assert errors(ANY_TEXT, given_texts) == [((code,), "extra_forbidden")]
    with pytest.raises(ValueError, match="not a language code"):
        LocalText(given_texts)


@given(valid_mapping, locales, not_a_string)
def test_a_text_that_is_not_a_string_is_refused(
    texts: dict[str, str], locale: str, value: object
) -> None:
    given_texts = {**texts, locale: value}
    assert errors(ANY_TEXT, given_texts) == [((locale,), "string_type")]
    with pytest.raises(TypeError):
        LocalText(given_texts)  # type: ignore[arg-type]


@given(valid_mapping, locales, blank)
def test_an_empty_or_blank_text_is_refused(texts: dict[str, str], locale: str, empty: str) -> None:
    given_texts = {**texts, locale: empty}
    assert errors(ANY_TEXT, given_texts) == [((locale,), "blank_text")]
    with pytest.raises(ValueError, match="empty"):
        LocalText(given_texts)


def test_a_text_needs_at_least_one_language() -> None:
    assert errors(ANY_TEXT, {}) == [((), "no_language")]
    with pytest.raises(ValueError, match="at least one language"):
        LocalText()


@given(st.one_of(shown_text, st.lists(shown_text), st.integers(), st.none()))
def test_a_text_must_be_a_mapping(value: object) -> None:
    assert errors(ANY_TEXT, value) == [((), "dict_type")]


@given(bilingual_mapping, locales)
def test_a_bilingual_text_names_the_language_it_lacks(texts: dict[str, str], locale: str) -> None:
    del texts[locale]
    assert errors(EVERY_LANGUAGE, texts) == [((locale,), "missing")]
    assert errors(EVERY_LANGUAGE, LocalText(texts)) == [((locale,), "missing")]
    assert errors(ANY_TEXT, texts) == []


@given(
    st.dictionaries(
        st.one_of(locales, other_locale),
        st.one_of(shown_text, blank, not_a_string),
        max_size=4,
    )
)
def test_code_and_files_refuse_the_same_texts(given_texts: dict[str, Any]) -> None:
    """A text built in code holds to the same rules as one read from a file."""
    assume(all(not isinstance(v, str) or len(v) <= MAX_TEXT_LENGTH for v in given_texts.values()))
    refused_by_schema = bool(errors(ANY_TEXT, given_texts))
    try:
        LocalText(given_texts)
    except (ValueError, TypeError):
        refused_in_code = True
    else:
        refused_in_code = False
    assert refused_in_code == refused_by_schema


def test_importing_local_text_loads_no_pydantic() -> None:
    """Results and history import ``LocalText`` at start-up; pydantic loads only with a schema."""
    probe = (
        "import sys, readiness.local_text;"
        "print(sorted(m for m in ('pydantic', 'pydantic_core') if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert run.stdout.strip() == "[]"
