"""Results whose wording is built when read, and conditions compiled once per rule set.

A result's decisions (scores, bands, verdicts, rule ids, priorities) are there at
once; a reason's text, source and evidence, a fact's evidence and a domain's reasons
are built on first reading, and then read like any other field: equal to the same
reason built at once, pickled, copied and replaced with their values. A compiled
condition gives exactly what ``evaluate`` gives, for any facts.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from readiness.equity.compiled import compile_condition
from readiness.equity.conditions import (
    AllOf,
    AnyOf,
    Condition,
    FactTest,
    Not,
    ThresholdRef,
    evaluate,
)
from readiness.equity.deferred import PENDING
from readiness.equity.results import FactValue, Reason
from readiness.interpret import Interpretation, interpret
from readiness.settings import Settings
from readiness.thresholds import builtin_thresholds
from tests.core.equity.helpers import persona

THRESHOLDS = builtin_thresholds()
NAMES = ("a", "b", "c")
PERSON = "p01_older_hearing_basic_phone"


def _interpretation() -> Interpretation:
    return interpret(Settings())


def _all_reasons(result: Any) -> list[Reason]:
    found = [reason for channel in result.channels for reason in channel.reasons]
    return found + [recommendation.why for recommendation in result.recommendations]


def test_wording_is_built_only_when_read_and_then_kept() -> None:
    result = _interpretation().assess(persona(PERSON))
    reasons = _all_reasons(result)
    assert reasons
    assert all(PENDING in reason.__dict__ for reason in reasons)  # decisions only, so far
    assert all(PENDING in domain.__dict__ for domain in result.profile)
    assert all(
        reason.rule and reason.effect for channel in result.channels for reason in channel.reasons
    )
    first = reasons[0]
    text = first.text
    assert PENDING not in first.__dict__
    assert first.text is text  # built once
    assert PENDING in reasons[-1].__dict__  # reading one reason builds no other


def test_a_built_reason_is_the_same_as_one_made_at_once() -> None:
    result = _interpretation().assess(persona(PERSON))
    for reason in _all_reasons(result):
        eager = Reason(reason.text, reason.rule, reason.source, reason.evidence, reason.effect)
        assert reason == eager and eager == reason
        assert hash(reason) == hash(eager)
        assert dataclasses.asdict(reason) == dataclasses.asdict(eager)


def test_pending_results_pickle_copy_and_replace_with_their_values() -> None:
    result = _interpretation().assess(persona(PERSON))
    fresh = _interpretation().assess(persona(PERSON))
    again = pickle.loads(pickle.dumps(result))
    assert again == fresh
    assert copy.deepcopy(fresh) == result
    reason = fresh.channels[0].reasons[0]
    changed = dataclasses.replace(reason, rule="other")
    assert changed.rule == "other" and changed.text == reason.text


def test_a_fact_made_the_ordinary_way_keeps_its_evidence() -> None:
    fact = FactValue("a", True)
    assert fact.evidence == ()
    assert FactValue("a", True) == fact


_FACT_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(-5, 200, allow_nan=False),
    st.sampled_from(["x", "y", "z"]),
    st.lists(st.sampled_from(["x", "y", "z"]), min_size=1, max_size=3).map(tuple),
)
_OPERANDS: dict[str, st.SearchStrategy[Any]] = {
    "eq": st.one_of(st.booleans(), st.sampled_from(["x", "y"]), st.floats(0, 100)),
    "ne": st.one_of(st.booleans(), st.sampled_from(["x", "y"]), st.floats(0, 100)),
    "in": st.lists(st.sampled_from(["x", "y", "z"]), min_size=1, max_size=2).map(tuple),
    "known": st.booleans(),
    **{
        op: st.one_of(
            st.floats(0, 100),
            st.sampled_from(
                ["video_basic.upload_mbps", "audio_call.rtt_ms", "bands.loss_pct.poor_above"]
            ).map(ThresholdRef),
        )
        for op in ("lt", "lte", "gt", "gte")
    },
}


@st.composite
def _tests(draw: st.DrawFn) -> Condition:
    op = draw(st.sampled_from(sorted(_OPERANDS)))
    return FactTest(draw(st.sampled_from(NAMES)), op, draw(_OPERANDS[op]))


_CONDITIONS = st.recursive(
    _tests(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda parts: AllOf(tuple(parts))),
        st.lists(inner, max_size=3).map(lambda parts: AnyOf(tuple(parts))),
        inner.map(Not),
    ),
    max_leaves=8,
)


@given(_CONDITIONS, st.fixed_dictionaries({name: _FACT_VALUES for name in NAMES}))
def test_a_compiled_condition_gives_what_evaluate_gives(
    condition: Condition, values: dict[str, Any]
) -> None:
    facts = {name: FactValue(name, value) for name, value in values.items()}
    expected = evaluate(condition, facts, THRESHOLDS)
    assert compile_condition(condition, THRESHOLDS)(values) is expected


def test_an_assessment_leaves_no_cycles_for_the_collector() -> None:
    """Results are freed as soon as they are dropped (exports assess thousands in a row)."""
    import gc

    interpretation = _interpretation()
    document = persona(PERSON)
    interpretation.assess(document)
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            result = interpretation.assess(document)
            [reason.text for reason in _all_reasons(result)]
            [domain.reasons for domain in result.profile]
            del result
        assert gc.collect() == 0
    finally:
        gc.enable()
