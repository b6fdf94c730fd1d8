"""Reasons kept as messages: their JSON form, rendering in any language, and the way they travel.

A check result keeps its reason as a ``Message`` under ``values["reason_message"]``:
it must survive the store, the assessment document and the export queries unchanged;
records saved before (without it) and damaged ones must show their stored text.
"""

from __future__ import annotations

import copy
import json
import math
import pickle
from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness import i18n
from readiness.checks.device import check_memory
from readiness.document import from_json, to_json
from readiness.i18n import M_, format_amount, reason_text, render, set_language
from readiness.messages import Message, joined, plain
from readiness.messages import from_json as message_from_json
from readiness.messages import to_json as message_to_json
from readiness.model import REASON_MESSAGE, CheckResult, CheckStatus, Measurement, utc_now
from readiness.progress import CancelToken
from readiness.store import repository
from readiness.store.database import open_memory_database
from readiness.store.export_queries import iter_documents
from readiness.thresholds import load_thresholds
from tests.core.device_fakes import fake_access, memory
from tests.factories import make_document


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


def _memory_result() -> CheckResult:
    access = fake_access(virtual_memory=lambda: memory(2.8, 2))
    return check_memory(load_thresholds(), access, CancelToken())


# -- the JSON form ---------------------------------------------------------------------

_names = st.from_regex(r"[a-z]{1,8}", fullmatch=True)
_texts = st.text(max_size=20)
_numbers = st.one_of(
    st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32)
)


def _messages() -> st.SearchStrategy[Message]:
    def build(children: st.SearchStrategy[Message]) -> st.SearchStrategy[Message]:
        value = st.one_of(_texts, _numbers, children, st.tuples(children, _texts).map(tuple))
        return st.dictionaries(_names, value, max_size=3).map(
            lambda args: Message(" ".join("{" + name + "}" for name in args) + " words", args)
        )

    leaf = _texts.filter(lambda t: "{" not in t and "}" not in t).map(Message)
    return st.recursive(leaf, build, max_leaves=8)


@given(_messages())
def test_a_message_survives_its_json_form(message: Message) -> None:
    assert message_from_json(message_to_json(message)) == message
    assert copy.deepcopy(message) == message == pickle.loads(pickle.dumps(message))


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
    assert format_amount(value, "en") == english
    assert format_amount(value, "es") == spanish
    assert math.isclose(float(format_amount(value, "es").replace(",", ".")), round(value, 3))


def test_format_specs_in_a_msgid_give_way_to_the_language() -> None:
    message = M_("{what} did not answer within {s:g} s.", what="speedtest.net", s=2.5)
    assert render(message, "en") == "speedtest.net did not answer within 2.5 s."
    assert render(message, "es") == "speedtest.net no respondió en 2,5 s."


def test_text_values_stay_as_given_and_messages_are_translated() -> None:
    message = M_(
        "{limit} (source: {source})",
        limit=M_("{amount} {purpose}", amount=M_("{value} {unit}", value=4, unit=Message("GB")),
                 purpose=Message("for 1:1 video calls")),
        source="for 1:1 video calls",
    )  # fmt: skip
    assert render(message, "es") == (
        "4 GB para videollamadas individuales (fuente: for 1:1 video calls)"
    )


def test_lists_and_joined_parts() -> None:
    uses = M_("Ready for: {uses}.", uses=(Message("Audio-only call"), "Something else"))
    assert render(uses, "en") == "Ready for: Audio-only call, Something else."
    assert render(uses, "es") == "Sirve para: Llamada solo de audio, Something else."
    both = joined((Message("The test was cancelled."), plain("Note: kept as typed.")))
    assert render(both, "es") == "Se canceló la prueba. Note: kept as typed."


def test_a_faulty_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    faulty = {"Disk {free}": "Disco {libre}", "Nested {x}": "Anidado {x}"}
    monkeypatch.setattr(i18n, "_table", lambda locale: faulty)
    message = M_("Nested {x}", x=M_("Disk {free}", free=3.5))
    assert render(message, "es") == "Anidado Disk 3,5"
    with pytest.raises(ValueError, match="lacks a value"):
        render(Message("{nothing}"), "es")


def test_the_current_language_is_the_default() -> None:
    message = M_("The test was cancelled.")
    assert render(message) == "The test was cancelled."
    set_language("es")
    assert render(message) == "Se canceló la prueba."
    assert render(message, "en") == "The test was cancelled."


# -- check results ----------------------------------------------------------------------


def test_a_result_keeps_its_message_beside_the_english_reason() -> None:
    outcome = _memory_result()
    assert outcome.reason.startswith("This computer has 2.8 GB of memory, below the 4 GB")
    assert outcome.reason_message is not None
    assert render(outcome.reason_message, "en") == outcome.reason
    assert REASON_MESSAGE in outcome.values and REASON_MESSAGE not in outcome.measurements
    assert set(outcome.measurements) == {"total", "available"}


def test_an_old_record_shows_its_stored_text_in_any_language() -> None:
    old = make_document().check_results[0]
    assert old.reason_message is None
    set_language("es")
    assert reason_text(old) == "This computer has 3.7 GB of memory."
    assert reason_text(old, "es") == old.reason


@pytest.mark.parametrize(
    "kept",
    ['{"msgid": "{x} broken"}', "garbage", 42],
)
def test_a_damaged_kept_message_shows_the_stored_text(kept: object) -> None:
    outcome = replace(
        _memory_result(),
        values={"total": Measurement(2.8, "GB"), REASON_MESSAGE: Measurement(kept)},
    )
    assert reason_text(outcome, "es") == outcome.reason


def test_a_message_whose_values_do_not_fill_it_shows_the_stored_text() -> None:
    stored = message_to_json(M_("Disk {free}", free=1))
    outcome = CheckResult(
        "device.disk",
        CheckStatus.GOOD,
        utc_now(),
        "Disk 1",
        {REASON_MESSAGE: Measurement(stored.replace('"free"', '"other"'))},
    )
    assert outcome.reason_message is None  # the placeholder has no value: not a message
    assert reason_text(outcome, "es") == "Disk 1"


# -- travelling: store, document, export queries ----------------------------------------


def test_the_store_keeps_the_message() -> None:
    db = open_memory_database()
    document = make_document()
    repository.import_document(db, document)
    outcome = _memory_result()
    repository.save_check_result(db, document.assessment.id, outcome)
    stored = {r.check_id: r for r in repository.list_check_results(db, document.assessment.id)}
    again = stored["device.memory"]
    assert again.reason_message == outcome.reason_message
    assert again.reason == outcome.reason
    assert reason_text(again, "es").startswith("Esta computadora tiene 2,8 GB de memoria")
    exported = next(iter_documents(db, ids=[document.assessment.id]))
    assert exported.check_results[0].reason_message == outcome.reason_message


def test_an_old_record_in_the_store_still_reads() -> None:
    db = open_memory_database()
    document = make_document()
    repository.import_document(db, document)
    (result,) = repository.list_check_results(db, document.assessment.id)
    assert result.reason_message is None and reason_text(result, "es") == result.reason


def test_the_document_keeps_the_message_without_a_new_schema() -> None:
    document = make_document()
    outcome = _memory_result()
    document = replace(document, check_results=(outcome,))
    text = to_json(document)
    data = json.loads(text)
    assert set(data["check_results"][0]) == {
        "check_id", "status", "measured_at", "reason", "values", "source",
    }  # fmt: skip
    data["schema_version"] = 2  # the message needs nothing newer than schema 2
    back = from_json(json.dumps(data), "test.json")
    assert back.check_results[0].reason_message == outcome.reason_message
    assert reason_text(back.check_results[0], "es") == reason_text(outcome, "es")
