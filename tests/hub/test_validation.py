"""What a device sends is checked before anything is stored: hostile input never gets through."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.hub.validation import InvalidInput, check_erasures, check_versions
from readiness.sync import protocol
from tests.factories import builtin_interpretation
from tests.hub.helpers import completed, entry

INSTRUMENTS = builtin_interpretation().instruments

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)

GOOD = entry(completed(code="HV01-0001"))


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


PATHS = [path for path in _paths(GOOD) if path]


def test_a_good_version_passes_with_its_results_apart() -> None:
    (checked,) = check_versions({"versions": [GOOD]}, INSTRUMENTS)
    assert checked.version == 1 and checked.previous_version is None
    assert "results" not in checked.document
    assert checked.interpretation == GOOD["document"]["results"]["interpretation"]
    assert set(checked.results) == {"profile", "channels", "recommendations"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=JSON)
def test_any_body_is_refused_cleanly(body: Any) -> None:
    with pytest.raises(InvalidInput):
        check_versions(body, INSTRUMENTS)
    with pytest.raises(InvalidInput):
        check_erasures(body if not isinstance(body, dict) else {**body, "erasures": body})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=JSON)
def test_a_good_version_with_one_value_replaced_is_stored_or_refused_cleanly(
    path: tuple[Any, ...], value: Any
) -> None:
    changed = copy.deepcopy(GOOD)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    try:
        checked = check_versions({"versions": [changed]}, INSTRUMENTS)
    except InvalidInput as refused:
        assert refused.field.startswith("versions.0")
        assert refused.problem
    else:
        json.dumps(checked[0].document)  # what is stored is plain JSON


def test_too_many_versions_in_one_request_are_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_versions({"versions": [GOOD] * (protocol.MAX_BATCH + 1)}, INSTRUMENTS)
    assert refused.value.field == "versions"


def test_a_document_over_its_size_limit_is_refused() -> None:
    huge = copy.deepcopy(GOOD)
    huge["document"]["padding"] = "x" * protocol.MAX_DOCUMENT_BYTES
    with pytest.raises(InvalidInput) as refused:
        check_versions({"versions": [huge]}, INSTRUMENTS)
    assert refused.value.field == "versions.0.document"


@pytest.mark.parametrize("previous", [1, 0, "1", True, 5])
def test_a_previous_version_must_come_before(previous: object) -> None:
    bad = {**GOOD, "previous_version": previous}
    with pytest.raises(InvalidInput) as refused:
        check_versions({"versions": [bad]}, INSTRUMENTS)
    assert refused.value.field == "versions.0.previous_version"


def test_an_answer_to_a_question_the_hub_does_not_know_is_refused_by_name() -> None:
    """The hub checks answers against the questionnaires its settings name, as the laptop's
    import does: a question it does not have is refused, naming the answer."""
    unknown = copy.deepcopy(GOOD)
    answers = unknown["document"]["answers"]
    assert answers, "the sample has answers"
    answers[0]["item_id"] = "nowhere.q1"
    with pytest.raises(InvalidInput) as refused:
        check_versions({"versions": [unknown]}, INSTRUMENTS)
    assert refused.value.field == "versions.0.document.answers.0.item_id"
    assert "nowhere.q1" in refused.value.problem and "agency hub" in refused.value.problem
    (kept,) = check_versions({"versions": [GOOD]}, INSTRUMENTS)
    assert kept.assessment_id == GOOD["document"]["assessment"]["id"]
