"""The assessment document: round trips and precise errors for bad files."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.document import SCHEMA_VERSION, from_data, from_json, to_dict, to_json
from readiness.errors import DocumentError
from tests.factories import make_document


def test_round_trip_keeps_every_fact() -> None:
    document = make_document(answers=5)
    text = to_json(document)
    assert from_json(text, "a.json") == document
    data = json.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["format"] == "readiness-assessment"
    assert data["answers"][0]["value"] == ["computer", "tablet"]
    assert "Prefiere llamadas por la mañana" in text  # accents stay readable


def test_naive_times_are_read_as_utc() -> None:
    data = to_dict(make_document())
    data["assessment"]["created"] = "2026-03-02T15:30:00"
    document = from_data(data, "a.json")
    assert document.assessment.created.tzinfo == UTC


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["answers"][0].pop("item_id"), "a.json: answers.0.item_id"),
        (lambda d: d["assessment"].update(status="finished"), "a.json: assessment.status"),
        (lambda d: d["assessment"].update(colour="red"), "a.json: assessment.colour"),
        (lambda d: d["answers"][1].update(value=None), "exactly one of 'value' or 'missing'"),
        (lambda d: d.update(schema_version=SCHEMA_VERSION + 1), "newer version of Readiness"),
        (lambda d: d.update(schema_version="1"), "'schema_version' must be a whole number"),
        (lambda d: d.update(format="something-else"), "'format' is 'something-else'"),
        (lambda d: d["check_results"][0].update(status="great"), "check_results.0.status"),
    ],
)
def test_bad_documents_name_the_field(mutate: object, expected: str) -> None:
    data = to_dict(make_document())
    mutate(data)  # type: ignore[operator]
    with pytest.raises(DocumentError) as info:
        from_data(data, "a.json")
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_a_wrong_format_is_quoted_short() -> None:
    data = to_dict(make_document())
    data["format"] = "\u202e" + "x" * 5_000_000
    with pytest.raises(DocumentError) as info:
        from_data(data, "a.json")
    said = str(info.value)
    assert said.startswith("a.json: 'format' is ")
    assert len(said) < 200
    assert "\u202e" not in said


@pytest.mark.parametrize(
    ("text", "expected"),
    [("{", "not valid JSON (line 1"), ("[]", "expected a JSON object"), ("", "not valid JSON")],
)
def test_not_json_at_all(text: str, expected: str) -> None:
    with pytest.raises(DocumentError, match=r"b\.json"):
        from_json(text, "b.json")
    with pytest.raises(DocumentError, match=expected.replace("(", r"\(")):
        from_json(text, "b.json")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=150)
@given(st.data())
def test_mutated_documents_never_crash_the_loader(data: st.DataObject) -> None:
    document = to_dict(make_document(answers=5))
    section = data.draw(st.sampled_from(["assessment", "service_user", "answers", "check_results"]))
    if section in ("answers", "check_results"):
        target = data.draw(st.sampled_from(document[section]))
    else:
        target = document[section]
    key = data.draw(st.sampled_from([*target.keys(), "extra"]))
    target[key] = data.draw(json_values)
    try:
        from_data(document, "fuzz.json")
    except DocumentError as exc:
        assert str(exc).startswith("fuzz.json: ")


def test_no_pydantic_plugin_sees_a_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """A package installed on the machine can register a pydantic plugin; it is never
    handed the validator that reads a person's assessment (pydantic asks its plugins each
    time it builds one)."""
    from types import SimpleNamespace

    from pydantic.plugin import _loader

    from readiness import document as document_module

    handed: list[object] = []

    def new_schema_validator(*args: object) -> tuple[None, None, None]:
        handed.append(args[1])
        return None, None, None

    spy = SimpleNamespace(new_schema_validator=new_schema_validator)
    monkeypatch.setattr(_loader, "_plugins", {"spy": spy})
    document_module._adapter.cache_clear()
    try:
        assert from_json(to_json(make_document(answers=3)), "a.json").answers
    finally:
        document_module._adapter.cache_clear()
    assert handed == []
