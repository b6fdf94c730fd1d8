"""Stored results: every result the engine gives comes back equal from its stored form."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.equity.output import result_codes
from readiness.equity.result_data import codes, from_data, to_data
from tests.core.reports.samples import filled_document
from tests.factories import builtin_interpretation

INTERPRETATION = builtin_interpretation()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=1, max_value=10_000), locale=st.sampled_from(["en", "es"]))
def test_a_result_round_trips_through_json(seed: int, locale: str) -> None:
    result = INTERPRETATION.assess(filled_document(seed, locale=locale))
    stored = json.loads(json.dumps(to_data(result)))
    again = from_data(stored)
    assert again == result
    for channel, kept in zip(result.channels, again.channels, strict=True):
        for reason, kept_reason in zip(channel.reasons, kept.reasons, strict=True):
            assert kept_reason.render("es") == reason.render("es")
            assert kept_reason.render("en") == reason.render("en")


def test_codes_are_the_decisions_with_the_overall_score() -> None:
    result = INTERPRETATION.assess(filled_document(3))
    found = codes(result)
    extra = {"overall", "channel_titles"}
    assert {k: v for k, v in found.items() if k not in extra} == result_codes(result)
    assert found["overall"] == (result.overall.score if result.overall else None)
    assert found["channel_titles"] == {c.id: dict(c.title.texts) for c in result.channels}


def test_facts_keep_lists_as_tuples() -> None:
    result = INTERPRETATION.assess(filled_document(5))
    chosen = [fact for fact in result.facts.values() if isinstance(fact.value, tuple)]
    again = from_data(json.loads(json.dumps(to_data(result))))
    assert chosen, "the sample has a multiple-choice fact"
    for fact in chosen:
        assert again.facts[fact.id].value == fact.value
