"""Messages: their JSON form, rendering in any language, plural forms, and a result's reason.

A check result keeps its reason as a ``Message`` in ``reason_message`` beside the
English ``reason``; records saved before (without one) and damaged ones show their
stored text. Where the message travels (store, documents, exports) is tested in
``test_reason_storage.py``.
"""

from __future__ import annotations

import copy
import gettext
import json
import math
import pickle
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.checks.device import check_memory
from readiness.i18n import ENGLISH, Translator, translator
from readiness.i18n.formatting import format_amount
from readiness.messages import M_, MN_, MP_, Message, english, joined, plain
from readiness.messages.stored import from_json as message_from_json
from readiness.messages.stored import to_json as message_to_json
from readiness.model import CheckResult
from readiness.progress import CancelToken
from readiness.thresholds import load_thresholds
from tests.core.device_fakes import fake_access, memory
from tests.factories import make_document

SPANISH = translator("es")


def _memory_result() -> CheckResult:
    access = fake_access(virtual_memory=lambda: memory(2.8, 2))
    return check_memory(load_thresholds(), access, CancelToken())


# -- well-formed messages, as hypothesis builds them --------------------------------------

_names = st.from_regex(r"[a-z]{1,8}", fullmatch=True).filter(lambda name: name != "count")
_texts = st.text(max_size=20)
_numbers = st.one_of(
    st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32)
)
_contexts = st.sampled_from(["", "report", "summary"])


def _messages() -> st.SearchStrategy[Message]:
    """Any well-formed message: nested messages, lists, numbers, plural forms, contexts."""

    def build(children: st.SearchStrategy[Message]) -> st.SearchStrategy[Message]:
        value = st.one_of(_texts, _numbers, children, st.tuples(children, _texts).map(tuple))
        plain_ones = st.builds(
            lambda args, context: Message(
                " ".join("{" + name + "}" for name in args) + " words", args, context=context
            ),
            st.dictionaries(_names, value, max_size=3),
            _contexts,
        )
        plural_ones = st.builds(
            lambda args, count, context: Message(
                "{count} thing " + " ".join("{" + name + "}" for name in args),
                {**args, "count": count},
                plural="{count} things " + " ".join("{" + name + "}" for name in args),
                context=context,
            ),
            st.dictionaries(_names, value, max_size=2),
            st.integers(0, 10**6),
            _contexts,
        )
        return st.one_of(plain_ones, plural_ones)

    leaf = _texts.filter(lambda t: "{" not in t and "}" not in t).map(Message)
    return st.recursive(leaf, build, max_leaves=8)


@given(_messages())
def test_a_message_survives_its_json_form(message: Message) -> None:
    assert message_from_json(message_to_json(message)) == message
    assert copy.deepcopy(message) == message == pickle.loads(pickle.dumps(message))


@given(_messages())
def test_any_well_formed_message_renders_in_both_languages(message: Message) -> None:
    english_text = ENGLISH.render(message)
    assert english_text == english(message)
    spanish_text = SPANISH.render(message)
    for part in _text_values(message):  # values given as text are shown as they are
        assert part in english_text and part in spanish_text


def _text_values(message: Message) -> list[str]:
    found = []
    for value in message.args.values():
        for part in value if isinstance(value, tuple) else (value,):
            if isinstance(part, Message):
                found += _text_values(part)
            elif isinstance(part, str):
                found.append(part)
    return found


@pytest.mark.parametrize(
    "stored",
    [
        None,
        17,
        "",
        "not json",
        "[]",
        '{"msgid": 3}',
        '{"msgid": "x", "args": []}',
        '{"msgid": "x", "extra": 1}',
        '{"msgid": "{a.__class__}", "args": {"a": "x"}}',  # attribute access: refused
        '{"msgid": "{a[0]}", "args": {"a": "x"}}',
        '{"msgid": "{missing} value"}',
        '{"msgid": "{a}", "args": {"a": true}}',
        '{"msgid": "{a}", "args": {"a": null}}',
        '{"msgid": "{a}", "args": {"a": [3]}}',
        '{"msgid": "lone { brace"}',
        '{"msgid": "{count} day", "plural": "{count} days"}',  # no count
        '{"msgid": "{count} day", "plural": "{count} days", "args": {"count": 1.5}}',
        '{"msgid": "one", "plural": "{count} {other}", "args": {"count": 2}}',
        '{"msgid": "x", "context": 3}',
        json.dumps({"msgid": "x" * 30_000}),
        "{" * 5000,
    ],
)
def test_a_damaged_message_is_ignored(stored: object) -> None:
    assert message_from_json(stored) is None


def test_too_deep_nesting_is_refused() -> None:
    message = Message("end")
    for _ in range(12):
        message = M_("({inner})", inner=message)
    assert message_from_json(message_to_json(message)) is None


# -- rendering ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "english", "spanish"),
    [(4, "4", "4"), (4.0, "4", "4"), (3.75, "3.75", "3,75"), (0.4567, "0.457", "0,457"),
     (-67, "-67", "-67"), (1024, "1024", "1024"), (-0.0001, "0", "0")],
)  # fmt: skip
def test_amounts_use_the_language_decimal_mark(value: float, english: str, spanish: str) -> None:
    assert format_amount(value, "en") == ENGLISH.format_amount(value) == english
    assert format_amount(value, "es") == SPANISH.format_amount(value) == spanish
    assert math.isclose(float(format_amount(value, "es").replace(",", ".")), round(value, 3))


def test_format_specs_in_a_msgid_give_way_to_the_language() -> None:
    message = M_("{what} did not answer within {s:g} s.", what="speedtest.net", s=2.5)
    assert ENGLISH.render(message) == "speedtest.net did not answer within 2.5 s."
    assert SPANISH.render(message) == "speedtest.net no respondió en 2,5 s."


def test_text_values_stay_as_given_and_messages_are_translated() -> None:
    message = M_(
        "{limit} (source: {source})",
        limit=M_("{amount} {purpose}", amount=M_("{value} {unit}", value=4, unit=Message("GB")),
                 purpose=Message("for 1:1 video calls")),
        source="for 1:1 video calls",
    )  # fmt: skip
    assert SPANISH.render(message) == (
        "4 GB para videollamadas individuales (fuente: for 1:1 video calls)"
    )


def test_lists_and_joined_parts() -> None:
    uses = M_("Ready for: {uses}.", uses=(Message("Audio-only call"), "Something else"))
    assert ENGLISH.render(uses) == "Ready for: Audio-only call, Something else."
    assert SPANISH.render(uses) == "Sirve para: Llamada solo de audio, Something else."
    both = joined((Message("The test was cancelled."), plain("Note: kept as typed.")))
    assert SPANISH.render(both) == "Se canceló la prueba. Note: kept as typed."


@pytest.mark.parametrize(
    ("count", "english", "spanish"),
    [(1, "1 day ago", "hace 1 día"), (2, "2 days ago", "hace 2 días"),
     (0, "0 days ago", "hace 0 días"), (21, "21 days ago", "hace 21 días")],
)  # fmt: skip
def test_plural_messages_choose_their_form_by_count(count: int, english: str, spanish: str) -> None:
    message = MN_("{count} day ago", "{count} days ago", count=count)
    assert ENGLISH.render(message) == english
    assert SPANISH.render(message) == spanish


@given(st.integers(0, 10**9))
def test_the_plural_form_follows_the_catalogue_rule(count: int) -> None:
    singular, plural = "{count} minute ago", "{count} minutes ago"
    expected = "hace {count} minuto" if count == 1 else "hace {count} minutos"  # n != 1
    assert SPANISH.ngettext(singular, plural, count) == expected
    assert ENGLISH.ngettext(singular, plural, count) == (singular if count == 1 else plural)
    rendered = SPANISH.render(MN_(singular, plural, count=count))
    assert rendered == expected.format(count=SPANISH.format_amount(count))


def test_a_context_picks_the_translation_meant_there() -> None:
    assert SPANISH.render(MP_("report", "Download")) == "Bajada"
    assert SPANISH.render(M_("Download")) == "Descarga"
    assert ENGLISH.render(MP_("report", "Download")) == "Download"


class _Faulty(gettext.NullTranslations):
    """A catalogue whose translations name placeholders their msgids do not have."""

    def gettext(self, message: str) -> str:
        return {"Disk {free}": "Disco {libre}", "Nested {x}": "Anidado {x}"}.get(message, message)


def test_a_faulty_translation_falls_back_to_english() -> None:
    faulty = Translator("es", _Faulty())
    message = M_("Nested {x}", x=M_("Disk {free}", free=3.5))
    assert faulty.render(message) == "Anidado Disk 3,5"
    with pytest.raises(ValueError, match="lacks a value"):
        faulty.render(Message("{nothing}"))


def test_a_language_the_app_does_not_speak_is_refused() -> None:
    with pytest.raises(ValueError, match="not supported"):
        translator("fr")


# -- check results ----------------------------------------------------------------------


def test_a_result_keeps_its_message_beside_the_english_reason() -> None:
    outcome = _memory_result()
    assert outcome.reason.startswith("This computer has 2.8 GB of memory, below the 4 GB")
    assert outcome.reason_message is not None
    assert english(outcome.reason_message) == outcome.reason
    assert set(outcome.values) == {"total", "available"}
    assert SPANISH.reason(outcome).startswith("Esta computadora tiene 2,8 GB de memoria")


def test_an_old_record_shows_its_stored_text_in_any_language() -> None:
    old = make_document().check_results[0]
    assert old.reason_message is None
    assert SPANISH.reason(old) == ENGLISH.reason(old) == "This computer has 3.7 GB of memory."


def test_a_message_whose_values_do_not_fill_it_shows_the_stored_text() -> None:
    outcome = replace(_memory_result(), reason="Disk 1", reason_message=Message("Disk {free}"))
    assert SPANISH.reason(outcome) == ENGLISH.reason(outcome) == "Disk 1"
