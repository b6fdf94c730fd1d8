"""The condition language: parsing with located errors, and three-valued (Kleene) evaluation."""

from __future__ import annotations

import pytest

from readiness.equity.conditions import (
    AllOf,
    ConditionError,
    FactTest,
    ThresholdRef,
    evaluate,
    explaining_facts,
    parse_condition,
)
from readiness.equity.results import FactValue
from readiness.thresholds import builtin_thresholds

T = builtin_thresholds()


def facts(**values: object) -> dict[str, FactValue]:
    return {k: FactValue(k, v) for k, v in values.items()}  # type: ignore[arg-type]


def test_parse_nested_conditions() -> None:
    condition = parse_condition(
        {"all": [{"fact": "a", "eq": "x"}, {"not": {"fact": "b", "in": ["p", "q"]}}]}
    )
    assert isinstance(condition, AllOf)
    assert condition.parts[0] == FactTest("a", "eq", "x")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fact": "a"}, "give exactly one operator"),
        ({"fact": "a", "eq": 1, "in": ["x"]}, "give exactly one operator"),
        ({"fact": "a", "equals": 1}, "equals: unknown operator"),
        ({"any": [{"fact": "a", "lt": "high"}]}, "any.0.lt: 'high' is not a finite number"),
        ({"fact": "a", "in": []}, "in: use a non-empty list of codes"),
        ({"fact": "Bad Name", "eq": 1}, "fact: 'Bad Name' is not a fact name"),
        ({"all": {"fact": "a", "eq": 1}}, "all: must be a list of conditions"),
        ({"all": [], "any": []}, "'all' cannot be combined"),
        ({"fact": "a", "lt": {"limit": "x"}}, "lt: use a number or {threshold"),
        ({"fact": "a", "known": "yes"}, "known: use true or false"),
        (["fact", "a"], "a condition must be a mapping"),
        ({"not": {"not": {"fact": "a", "eq": float("nan")}}}, "not.not.eq: nan is not a finite"),
    ],
)
def test_parse_errors_say_where(data: object, message: str) -> None:
    with pytest.raises(ConditionError, match=message.replace("(", r"\(").replace("{", r"\{")):
        parse_condition(data)


def test_unknown_facts_follow_kleene_logic() -> None:
    known_x = facts(a="x")
    unknown = {"a": FactValue("a", None)}
    assert evaluate(parse_condition({"fact": "a", "eq": "x"}), known_x, T) is True
    assert evaluate(parse_condition({"fact": "a", "eq": "x"}), unknown, T) is None
    assert evaluate(parse_condition({"not": {"fact": "a", "eq": "x"}}), unknown, T) is None
    both = {"all": [{"fact": "a", "eq": "x"}, {"fact": "b", "eq": True}]}
    assert evaluate(parse_condition(both), {**known_x, **facts(b=False)}, T) is False
    assert evaluate(parse_condition(both), known_x, T) is None  # b missing entirely
    either = {"any": [{"fact": "a", "eq": "x"}, {"fact": "b", "eq": True}]}
    assert evaluate(parse_condition(either), known_x, T) is True
    assert evaluate(parse_condition({"fact": "a", "known": False}), unknown, T) is True
    assert evaluate(parse_condition({"all": []}), {}, T) is True
    assert evaluate(parse_condition({"any": []}), {}, T) is False


def test_codes_bools_and_numbers() -> None:
    values = facts(devices=("computer", "tablet"), yes=True, n=3)
    assert evaluate(parse_condition({"fact": "devices", "in": ["tablet"]}), values, T) is True
    assert evaluate(parse_condition({"fact": "devices", "eq": "none"}), values, T) is False
    assert evaluate(parse_condition({"fact": "yes", "eq": True}), values, T) is True
    assert evaluate(parse_condition({"fact": "yes", "ne": True}), values, T) is False
    assert evaluate(parse_condition({"fact": "n", "gte": 3}), values, T) is True
    assert evaluate(parse_condition({"fact": "n", "lt": 3}), values, T) is False
    assert evaluate(parse_condition({"fact": "yes", "lt": 3}), values, T) is None


def test_thresholds_come_from_the_thresholds_file() -> None:
    ref = ThresholdRef("video_basic.upload_mbps")
    assert ref.value(T) == T.connection["video_basic"].upload_mbps == 0.6
    assert ref.unit() == "Mbit/s"
    assert ThresholdRef("bands.loss_pct.poor_above").value(T) == 5
    cond = parse_condition({"fact": "up", "lt": {"threshold": "video_basic.upload_mbps"}})
    assert evaluate(cond, facts(up=0.4), T) is True
    assert evaluate(cond, facts(up=0.6), T) is False
    assert "no connection use 'video_fancy'" in (
        ThresholdRef("video_fancy.upload_mbps").problem(T) or ""
    )
    assert "has no 'rtt_ms_degraded'" in (
        ThresholdRef("audio_call.rtt_ms_degraded").problem(T) or ""
    )


def test_explaining_facts_keep_only_what_made_it_true() -> None:
    cond = parse_condition({"any": [{"fact": "a", "eq": "x"}, {"fact": "b", "eq": True}]})
    assert explaining_facts(cond, facts(a="x", b=False), T) == ("a",)
    cond = parse_condition({"all": [{"fact": "a", "eq": "x"}, {"fact": "b", "eq": False}]})
    assert explaining_facts(cond, facts(a="x", b=False), T) == ("a", "b")
