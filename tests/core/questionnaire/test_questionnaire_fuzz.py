"""Property-based tests: random and mutated definitions never raise out of the loader.

Whatever goes in, the loader returns either an instrument and no problems, or no
instrument and at least one one-line problem naming the file. An instrument that does
load must also score, navigate and export to FHIR without error.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.model import Answer, MissingCode
from readiness.questionnaire.conditions import visible_items
from readiness.questionnaire.fhir import to_fhir
from readiness.questionnaire.loader import BUILTIN_PACKAGE, load_data, load_text
from readiness.questionnaire.schema import Instrument
from readiness.questionnaire.scoring import score_instrument
from tests.core.questionnaire.samples import T0, minimal

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(
        ["demo.has_phone", "demo.trouble", "yes_no", "likert", "often", "en", "es", "sum", "x"]
    )
)
plain_data = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "type", "text", "items", "en", "es", "min", "max", "item"])
            | st.text(max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=25,
)


def builtin_raw() -> list[dict[str, Any]]:
    folder = resources.files(BUILTIN_PACKAGE)
    return [
        yaml.safe_load(entry.read_text(encoding="utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml")
    ]


SEEDS = [minimal(), *builtin_raw()]


def check_outcome(instrument: Instrument | None, problems: list[Any], source: str) -> None:
    if instrument is None:
        assert problems, "a refused file must say why"
    else:
        assert problems == []
        exercise(instrument)
    for problem in problems:
        line = str(problem)
        assert line.startswith(f"{source}: ")
        assert "\n" not in line


def exercise(instrument: Instrument) -> None:
    """A loaded instrument must work everywhere, even if it came from a mutation."""
    answers: dict[str, Answer] = {}
    for item in instrument.items():
        if item.options:
            answers[item.id] = Answer(instrument.id, item.id, T0, value=item.options[-1].code)
        else:
            answers[item.id] = Answer(instrument.id, item.id, T0, missing=MissingCode.DONT_KNOW)
    visible_items(instrument, answers)
    score_instrument(instrument, answers)
    score_instrument(instrument, {})
    to_fhir(instrument, "es")


@FUZZ
@given(plain_data)
def test_random_data_never_raises(data: Any) -> None:
    instrument, problems = load_data(data, "random.yaml")
    check_outcome(instrument, problems, "random.yaml")


@FUZZ
@given(st.text(max_size=300))
def test_random_text_never_raises(text: str) -> None:
    for kind in ("yaml", "json"):
        instrument, problems = load_text(text, f"random.{kind}", kind)
        check_outcome(instrument, problems, f"random.{kind}")


@FUZZ
@given(
    st.sampled_from(["{", "[", "!!", "&a ", "*a", "? ", "- ", ": ", "\t", "%YAML 1.1\n", "---\n"]),
    st.lists(
        st.sampled_from(["a", "b: c", "[1, 2]", "{x: y}", "\n", " ", "!!str", "'q"]), max_size=20
    ),
)
def test_yaml_like_noise_never_raises(start: str, parts: list[str]) -> None:
    text = start + "".join(parts)
    instrument, problems = load_text(text, "noise.yaml")
    check_outcome(instrument, problems, "noise.yaml")


def _containers(node: Any, found: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key) place in the tree, so one can be mutated."""
    if isinstance(node, dict):
        for key in list(node):
            found.append((node, key))
            _containers(node[key], found)
    elif isinstance(node, list):
        for index in range(len(node)):
            found.append((node, index))
            _containers(node[index], found)
    return found


MUTATIONS = ["delete", "replace", "duplicate", "swap_type", "empty", "rename_key"]


@FUZZ
@given(
    st.sampled_from(range(len(SEEDS))),
    st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from(MUTATIONS), plain_data),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_definitions_never_raise(seed: int, mutations: list[tuple[int, str, Any]]) -> None:
    data = copy.deepcopy(SEEDS[seed])
    for position, kind, new_value in mutations:
        places = _containers(data, [])
        if not places:
            break
        container, key = places[position % len(places)]
        mutate(container, key, kind, new_value)
    instrument, problems = load_data(data, "mutated.yaml")
    check_outcome(instrument, problems, "mutated.yaml")
    text = json.dumps(data, default=str)
    instrument, problems = load_text(text, "mutated.json", "json")
    check_outcome(instrument, problems, "mutated.json")


def mutate(container: Any, key: Any, kind: str, new_value: Any) -> None:
    value = container[key]
    if kind == "delete":
        del container[key]
    elif kind == "replace":
        container[key] = new_value
    elif kind == "duplicate" and isinstance(container, list):
        container.insert(key, copy.deepcopy(value))
    elif kind == "swap_type":
        container[key] = str(value) if not isinstance(value, str) else [value]
    elif kind == "empty":
        container[key] = type(value)() if isinstance(value, (list, dict, str)) else None
    elif kind == "rename_key" and isinstance(container, dict):
        container[f"{key}_x" if isinstance(key, str) else "k"] = container.pop(key)


@FUZZ
@given(
    st.sampled_from(["demo.has_phone", "demo.phone_kind", "demo.trouble", "demo.ghost"]),
    st.sampled_from([True, False, "smart", "often", 3, ["smart"], None, 2.5]),
    st.sampled_from(["equals", "any_of", "at_least", "at_most"]),
    st.integers(min_value=0, max_value=2),
)
def test_random_conditions_never_raise(target: str, value: Any, form: str, where: int) -> None:
    data = minimal()
    condition: dict[str, Any] = {"item": target, form: [value] if form == "any_of" else value}
    data["sections"][0]["items"][where]["show_when"] = condition
    instrument, problems = load_data(data, "conditions.yaml")
    check_outcome(instrument, problems, "conditions.yaml")


@FUZZ
@given(
    st.lists(
        st.tuples(st.floats(-5, 10, allow_nan=False), st.floats(-5, 10, allow_nan=False)),
        max_size=4,
    ),
    st.sampled_from(["sum", "mean"]),
    st.integers(min_value=0, max_value=5),
    st.booleans(),
)
def test_random_bands_and_scales_never_raise(
    bands: list[tuple[float, float]], method: str, min_answered: int, prorate: bool
) -> None:
    data = minimal()
    scale = data["scales"][0]
    scale.update(method=method, min_answered=min_answered, prorate=prorate)
    scale["bands"] = [
        {"min": low, "max": high, "label": {"en": "x", "es": "y"}} for low, high in bands
    ]
    instrument, problems = load_data(data, "bands.yaml")
    check_outcome(instrument, problems, "bands.yaml")
