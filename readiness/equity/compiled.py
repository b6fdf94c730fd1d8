"""Conditions turned into functions once per rule set, so assessing only looks values up.

``compile_condition(condition, thresholds)`` gives a function of the fact values
(fact id -> value, None when unknown) that returns exactly what
``readiness.equity.conditions.evaluate`` returns for the same facts: True, False or
None (unknown), in Kleene logic. Thresholds are read and operators chosen when the
rules are loaded, and ``all``/``any`` stop at the first part that decides them. The
reading of a condition for explanations (``explaining_facts``) stays with
``conditions``: it is needed only when a reason's wording is read.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readiness.equity.conditions import (
    AllOf,
    AnyOf,
    Condition,
    FactTest,
    Not,
    ThresholdRef,
    fact_tests,
)
from readiness.equity.results import FactData, Priority, RecommendationKind

if TYPE_CHECKING:
    from readiness.equity.schema import Entry, IndicatorFact, Rule, RuleSet, Trigger
    from readiness.thresholds import Thresholds

Values = Mapping[str, FactData | None]
Test = Callable[[Values], bool | None]
Scorer = Callable[[FactData | None], float | None]
"""A fact's 0-100 score for one indicator, from its value (None: unknown or not scored)."""

_COMPARE: Mapping[str, Callable[[float, float], bool]] = {
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


def compile_condition(condition: Condition, thresholds: Thresholds) -> Test:
    """A function of the fact values giving what ``evaluate`` gives for ``condition``."""
    if isinstance(condition, FactTest):
        return _compile_test(condition, thresholds)
    if isinstance(condition, Not):
        inner = compile_condition(condition.part, thresholds)

        def negated(values: Values) -> bool | None:
            found = inner(values)
            return None if found is None else not found

        return negated
    parts = tuple(compile_condition(part, thresholds) for part in condition.parts)
    if isinstance(condition, AllOf):
        return _combined(parts, decisive=False)
    assert isinstance(condition, AnyOf)
    return _combined(parts, decisive=True)


def _combined(parts: tuple[Test, ...], *, decisive: bool) -> Test:
    """``all`` (a False part decides) or ``any`` (a True part decides), in Kleene logic."""

    def combined(values: Values) -> bool | None:
        unknown = False
        for part in parts:
            found = part(values)
            if found is decisive:
                return decisive
            if found is None:
                unknown = True
        return None if unknown else not decisive

    return combined


def _unknown(_values: Values) -> None:
    return None


def _compile_test(test: FactTest, thresholds: Thresholds) -> Test:
    name, op, operand = test.fact, test.op, test.operand
    if op == "known":
        wanted = operand is True

        def known(values: Values) -> bool:
            return (values.get(name) is not None) is wanted

        return known
    if op in _COMPARE:
        limit = operand.value(thresholds) if isinstance(operand, ThresholdRef) else operand
        if not isinstance(limit, float):
            return _unknown
        return _comparison(name, _COMPARE[op], limit)
    if op == "in":
        return _member(name, frozenset(operand) if isinstance(operand, tuple) else frozenset())
    equal = _equality(name, operand)
    if op == "eq":
        return equal

    def differs(values: Values) -> bool | None:
        found = equal(values)
        return None if found is None else not found

    return differs


def _comparison(name: str, compare: Callable[[float, float], bool], limit: float) -> Test:
    def comparison(values: Values) -> bool | None:
        value = values.get(name)
        if value is None or value is True or value is False:
            return None
        if not isinstance(value, int | float):
            return None
        return compare(float(value), limit)

    return comparison


def _member(name: str, wanted: frozenset[str]) -> Test:
    def member(values: Values) -> bool | None:
        value = values.get(name)
        if value is None:
            return None
        if isinstance(value, tuple):
            return not wanted.isdisjoint(value)
        return isinstance(value, str) and value in wanted

    return member


def _equality(name: str, operand: object) -> Test:
    """``eq``: a code among chosen codes, a yes/no by identity, text or a number by value."""
    if isinstance(operand, bool):

        def same_flag(values: Values) -> bool | None:
            value = values.get(name)
            return None if value is None else value is operand

        return same_flag
    if isinstance(operand, str):

        def same_code(values: Values) -> bool | None:
            value = values.get(name)
            if value is None:
                return None
            if isinstance(value, tuple):
                return operand in value
            return value is not True and value is not False and value == operand

        return same_code

    def same_number(values: Values) -> bool | None:
        value = values.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return isinstance(operand, float) and float(value) == operand

    return same_number


@dataclass(frozen=True)
class CompiledRule:
    """A channel rule with its conditions compiled."""

    rule: Rule
    when: Test
    unless: Test | None


@dataclass(frozen=True)
class CompiledEntry:
    """A catalogue entry with each trigger's condition compiled (and its priority), in order."""

    entry: Entry
    kind: RecommendationKind
    triggers: tuple[tuple[Trigger, Test, Priority], ...]


@dataclass(frozen=True)
class CompiledRules:
    """Every condition of a rule set, compiled against its thresholds."""

    derived: Mapping[str, Test]
    """Derived fact id -> its condition."""
    inputs: Mapping[str, tuple[str, ...]]
    """Derived fact id -> the facts its condition names, each once."""
    rules: tuple[CompiledRule, ...]
    """Every channel rule once (a rule inherited by later channels is one rule)."""
    channels: Mapping[str, tuple[int, ...]]
    """Channel id -> the positions in ``rules`` of its rules (inheritance worked out), in order."""
    catalogue: tuple[CompiledEntry, ...]
    scorers: Mapping[tuple[str, str], tuple[tuple[str, Scorer], ...]]
    """(domain id, indicator id) -> each fact of the indicator with its scorer, in order."""


def compile_score(part: IndicatorFact, thresholds: Thresholds) -> Scorer:
    """How one fact scores for an indicator: by code (yes/no as "true"/"false"; several
    codes by the best), or a number by the first step it reaches (else ``otherwise``)."""
    if part.scores is not None:
        scores = dict(part.scores)

        def by_code(value: FactData | None) -> float | None:
            if value is None:
                return None
            if isinstance(value, bool):
                return scores.get("true" if value else "false")
            if isinstance(value, tuple):
                known = [scores[code] for code in value if code in scores]
                return max(known) if known else None
            return scores.get(value) if isinstance(value, str) else None

        return by_code
    steps: list[tuple[bool, float, float]] = []
    for step in part.steps or ():
        bound = step.at_least if step.at_least is not None else step.at_most
        limit = bound.value(thresholds) if isinstance(bound, ThresholdRef) else bound
        if limit is not None:
            steps.append((step.at_least is not None, limit, step.score))
    otherwise = part.otherwise

    def by_steps(value: FactData | None) -> float | None:
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            return None
        for at_least, limit, score in steps:
            if (value >= limit) if at_least else (value <= limit):
                return score
        return otherwise

    return by_steps


def compile_rules(
    ruleset: RuleSet, channel_rules: Mapping[str, tuple[Rule, ...]], thresholds: Thresholds
) -> CompiledRules:
    """Compile the derived facts, the channel rules and the catalogue's triggers."""

    def compiled(condition: Condition) -> Test:
        return compile_condition(condition, thresholds)

    unique: dict[int, int] = {}  # id of a rule object -> its position in ``compiled_rules``
    compiled_rules: list[CompiledRule] = []

    def position(rule: Rule) -> int:
        if id(rule) not in unique:
            unless = compiled(rule.unless) if rule.unless is not None else None
            unique[id(rule)] = len(compiled_rules)
            compiled_rules.append(CompiledRule(rule, compiled(rule.when), unless))
        return unique[id(rule)]

    derived = [fact for fact in ruleset.facts if fact.derived is not None]
    channels = {
        channel_id: tuple(position(rule) for rule in rules)
        for channel_id, rules in channel_rules.items()
    }
    return CompiledRules(
        derived={fact.id: compiled(fact.derived) for fact in derived if fact.derived is not None},
        inputs={
            fact.id: tuple(dict.fromkeys(test.fact for test in fact_tests(fact.derived)))
            for fact in derived
            if fact.derived is not None
        },
        rules=tuple(compiled_rules),
        scorers={
            (domain.id, indicator.id): tuple(
                (part.fact, compile_score(part, thresholds)) for part in indicator.facts
            )
            for domain in ruleset.domains
            for indicator in domain.indicators
        },
        channels=channels,
        catalogue=tuple(
            CompiledEntry(
                entry,
                RecommendationKind(entry.kind),
                tuple(
                    (trigger, compiled(trigger.when), Priority(trigger.priority))
                    for trigger in entry.triggers
                ),
            )
            for entry in ruleset.catalogue
        ),
    )
