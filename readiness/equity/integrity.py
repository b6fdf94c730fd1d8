"""Checks that span the rule files, run after each part has passed the schema.

A fact named in a condition must exist and suit the operator (codes for ``in``,
numbers for ``lt``); codes must be the fact's own; thresholds must exist in
``thresholds.yaml``; placeholders in texts must resolve; bands must rise; a channel
can only inherit from an earlier one; recommendations can only name known
channels; and, when the questionnaires are known, each answer fact must match its
item's type and answer codes. Each problem names where it is, e.g.
``channels[video].rules[no_device].when: fact 'video_devise' does not exist``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from readiness.equity.conditions import COMPARISONS, Condition, FactTest, ThresholdRef, fact_tests
from readiness.equity.results import Verdict
from readiness.equity.schema import FactDef, IndicatorFact, RuleSet
from readiness.equity.templates import KINDS, data_per_hour, placeholders, stray_braces
from readiness.local_text import LocalText

if TYPE_CHECKING:
    from readiness.questionnaire.schema import Item
    from readiness.thresholds import Thresholds

Problem = tuple[str, str]
"""(where, what is wrong)."""

ITEM_FACT_TYPES = {
    "yes_no": "bool",
    "single_choice": "code",
    "likert": "code",
    "multiple_choice": "codes",
    "number": "number",
    "short_text": "text",
}
VERDICT_CODES = tuple(v.value for v in Verdict)


class Scope:
    """The facts a part of the rules may use, with their types and codes."""

    def __init__(self, defs: Iterable[FactDef]) -> None:
        self.types: dict[str, str] = {}
        self.codes: dict[str, tuple[str, ...]] = {}
        for fact in defs:
            self.add(fact.id, fact.type, fact.codes)

    def add(self, fact_id: str, fact_type: str, codes: tuple[str, ...] = ()) -> None:
        self.types[fact_id] = fact_type
        self.codes[fact_id] = codes

    def copy(self) -> Scope:
        other = Scope(())
        other.types, other.codes = dict(self.types), dict(self.codes)
        return other


def problems(
    rules: RuleSet, thresholds: Thresholds, items: Mapping[str, Item] | None = None
) -> list[Problem]:
    """Everything wrong across ``rules`` (empty when the rules are sound)."""
    found: list[Problem] = []
    found += _duplicates("facts", [f.id for f in rules.facts])
    found += _duplicates("domains", [d.id for d in rules.domains])
    found += _duplicates("bands", [b.id for b in rules.bands])
    found += _duplicates("channels", [c.id for c in rules.channels])
    found += _duplicates("catalogue", [e.id for e in rules.catalogue])
    defined = _check_facts(rules, thresholds, items, found)
    _check_bands(rules, found)
    for domain in rules.domains:
        where = f"domains[{domain.id}]"
        found += _duplicates(f"{where}.indicators", [i.id for i in domain.indicators])
        for key in domain.band_labels:
            if key not in {b.id for b in rules.bands}:
                found.append((f"{where}.band_labels", f"'{key}' is not a band id"))
        for indicator in domain.indicators:
            for part in indicator.facts:
                spot = f"{where}.indicators[{indicator.id}].facts[{part.fact}]"
                _check_indicator(part, defined, thresholds, spot, found)
    for key in rules.overall.weights:
        if key not in {d.id for d in rules.domains}:
            found.append(("overall.weights", f"'{key}' is not a domain id"))
    profiled = defined.copy()
    band_ids = tuple(b.id for b in rules.bands)
    for domain in rules.domains:
        profiled.add(f"profile.{domain.id}", "number")
        profiled.add(f"band.{domain.id}", "code", band_ids)
    _check_channels(rules, profiled, thresholds, found)
    everything = profiled.copy()
    for channel in rules.channels:
        everything.add(f"verdict.{channel.id}", "code", VERDICT_CODES)
    _check_catalogue(rules, everything, thresholds, found)
    return found


def _duplicates(where: str, ids: list[str]) -> list[Problem]:
    return [
        (where, f"the id '{i}' is used more than once") for i, n in Counter(ids).items() if n > 1
    ]


def _check_facts(
    rules: RuleSet,
    thresholds: Thresholds,
    items: Mapping[str, Item] | None,
    found: list[Problem],
) -> Scope:
    scope = Scope(())
    for fact in rules.facts:
        where = f"facts[{fact.id}]"
        if fact.id.split(".")[0] in ("profile", "band", "verdict"):
            found.append((where, "names starting 'profile.', 'band.' or 'verdict.' are reserved"))
        if fact.derived is not None:
            _check_condition(fact.derived, scope, thresholds, f"{where}.derived", found)
        if fact.answer is not None and items is not None:
            _check_answer_fact(fact, items, where, found)
        unknown_labels = [code for code in fact.code_labels if code not in fact.codes]
        if unknown_labels:
            found.append((f"{where}.code_labels", f"'{unknown_labels[0]}' is not one of its codes"))
        scope.add(fact.id, fact.type, fact.codes)
    return scope


def _check_answer_fact(
    fact: FactDef, items: Mapping[str, Item], where: str, found: list[Problem]
) -> None:
    item = items.get(fact.answer or "")
    if item is None:
        found.append((f"{where}.answer", f"no questionnaire has the item '{fact.answer}'"))
        return
    expected = ITEM_FACT_TYPES.get(item.type.value)
    if expected != fact.type:
        found.append(
            (f"{where}.type", f"item '{item.id}' is {item.type.value}: use 'type: {expected}'")
        )
        return
    if fact.type in ("code", "codes"):
        options = tuple(option.code for option in item.options)
        if set(options) != set(fact.codes):
            found.append(
                (
                    f"{where}.codes",
                    f"must be the answer codes of '{item.id}': {', '.join(options)}",
                )
            )


def _check_bands(rules: RuleSet, found: list[Problem]) -> None:
    first, *rest = rules.bands
    if first.above is not None or first.at_least is not None:
        found.append((f"bands[{first.id}]", "the first band starts at 0: give no bound"))
    lower = -1.0
    for band in rest:
        where = f"bands[{band.id}]"
        if (band.above is None) == (band.at_least is None):
            found.append((where, "give exactly one of 'above' or 'at_least'"))
        elif band.lower <= lower:
            found.append((where, "bands must go up: each starts above the one before"))
        lower = band.lower


def _check_indicator(
    part: IndicatorFact, scope: Scope, thresholds: Thresholds, where: str, found: list[Problem]
) -> None:
    kind = scope.types.get(part.fact)
    if kind is None:
        found.append((where, f"fact '{part.fact}' does not exist"))
        return
    if part.steps is not None:
        if kind != "number":
            found.append((where, f"'steps' need a number fact; '{part.fact}' is {kind}"))
            return
        _check_steps(part, thresholds, where, found)
        return
    if kind == "bool":
        expected: tuple[str, ...] = ("true", "false")
    elif kind in ("code", "codes"):
        expected = scope.codes[part.fact]
    else:
        found.append((where, f"'scores' need a code or yes/no fact; '{part.fact}' is {kind}"))
        return
    given = tuple(part.scores or {})
    extra = [key for key in given if key not in expected]
    missing = [key for key in expected if key not in given]
    if extra:
        found.append((f"{where}.scores", f"'{extra[0]}' is not a code of '{part.fact}'"))
    elif missing:
        found.append((f"{where}.scores", f"give a score for every code; missing '{missing[0]}'"))


def _check_steps(
    part: IndicatorFact, thresholds: Thresholds, where: str, found: list[Problem]
) -> None:
    limits: list[float] = []
    for index, step in enumerate(part.steps or ()):
        raw = step.at_least if step.at_least is not None else step.at_most
        if isinstance(raw, ThresholdRef):
            problem = raw.problem(thresholds)
            if problem:
                found.append((f"{where}.steps.{index}", problem))
                return
            value = raw.value(thresholds)
            limits.append(value if value is not None else 0.0)
        elif raw is not None:
            limits.append(raw)
    scores = [step.score for step in part.steps or ()]
    rising = (part.steps or ())[0].at_most is not None
    ordered = limits == sorted(limits) if rising else limits == sorted(limits, reverse=True)
    if not ordered or scores != sorted(scores, reverse=True):
        found.append((f"{where}.steps", "list the steps from the best score down"))


def _check_channels(
    rules: RuleSet, scope: Scope, thresholds: Thresholds, found: list[Problem]
) -> None:
    seen: dict[str, set[str]] = {}
    for channel in rules.channels:
        where = f"channels[{channel.id}]"
        ids = [rule.id for rule in channel.rules]
        found += _duplicates(f"{where}.rules", ids)
        inherited: set[str] = set()
        if channel.inherits is not None:
            if channel.inherits not in seen:
                found.append(
                    (f"{where}.inherits", f"'{channel.inherits}' is not an earlier channel")
                )
            else:
                inherited = seen[channel.inherits]
                for rule_id in channel.drop:
                    if rule_id not in inherited:
                        found.append(
                            (f"{where}.drop", f"'{channel.inherits}' has no rule '{rule_id}'")
                        )
        elif channel.drop:
            found.append((f"{where}.drop", "'drop' needs 'inherits'"))
        for fact_id in channel.requires or ():
            if fact_id not in scope.types or fact_id.split(".")[0] in ("profile", "band"):
                found.append((f"{where}.requires", f"fact '{fact_id}' does not exist here"))
        for rule in channel.rules:
            spot = f"{where}.rules[{rule.id}]"
            _check_condition(rule.when, scope, thresholds, f"{spot}.when", found)
            if rule.unless is not None:
                _check_condition(rule.unless, scope, thresholds, f"{spot}.unless", found)
            _check_text(rule.reason, scope, thresholds, f"{spot}.reason", found)
            if rule.relief_reason is not None:
                _check_text(rule.relief_reason, scope, thresholds, f"{spot}.relief_reason", found)
            _check_source(rule.source, thresholds, f"{spot}.source", found)
        seen[channel.id] = (inherited - set(channel.drop)) | set(ids)
    _check_text(rules.not_known.reason, scope, thresholds, "not_known.reason", found)
    _check_source(rules.not_known.source, thresholds, "not_known.source", found)


def _check_catalogue(
    rules: RuleSet, scope: Scope, thresholds: Thresholds, found: list[Problem]
) -> None:
    channels = {c.id for c in rules.channels}
    for entry in rules.catalogue:
        where = f"catalogue[{entry.id}]"
        found += _duplicates(f"{where}.triggers", [t.id for t in entry.triggers])
        for channel in entry.channels:
            if channel not in channels:
                found.append((f"{where}.channels", f"'{channel}' is not a channel id"))
        _check_source(entry.source, thresholds, f"{where}.source", found)
        for trigger in entry.triggers:
            spot = f"{where}.triggers[{trigger.id}]"
            _check_condition(trigger.when, scope, thresholds, f"{spot}.when", found)
            _check_text(trigger.why, scope, thresholds, f"{spot}.why", found)
            _check_source(trigger.source, thresholds, f"{spot}.source", found)


def _check_condition(
    condition: Condition, scope: Scope, thresholds: Thresholds, where: str, found: list[Problem]
) -> None:
    for test in fact_tests(condition):
        message = _test_problem(test, scope, thresholds)
        if message:
            found.append((where, message))


def _test_problem(test: FactTest, scope: Scope, thresholds: Thresholds) -> str | None:
    kind = scope.types.get(test.fact)
    if kind is None:
        return f"fact '{test.fact}' does not exist here"
    if test.op == "known":
        return None
    operand = test.operand
    if kind == "text":
        return f"'{test.fact}' is free text: only 'known' can test it"
    if test.op in COMPARISONS:
        if kind != "number":
            return f"'{test.op}' needs a number fact; '{test.fact}' is {kind}"
        return operand.problem(thresholds) if isinstance(operand, ThresholdRef) else None
    if test.op == "in":
        if kind not in ("code", "codes"):
            return f"'in' needs a code fact; '{test.fact}' is {kind}"
        codes = operand if isinstance(operand, tuple) else ()
        bad = [code for code in codes if code not in scope.codes[test.fact]]
        return _bad_code(test.fact, bad[0], scope) if bad else None
    if kind == "bool":
        return None if isinstance(operand, bool) else f"'{test.fact}' is yes/no: use true or false"
    if kind == "number":
        ok = isinstance(operand, float)
        return None if ok else f"'{test.fact}' is a number: compare it with a number"
    if not isinstance(operand, str):
        return f"'{test.fact}' takes a code, not {operand!r}"
    return None if operand in scope.codes[test.fact] else _bad_code(test.fact, operand, scope)


def _bad_code(fact: str, code: str, scope: Scope) -> str:
    return f"'{code}' is not a code of '{fact}' (codes: {', '.join(scope.codes[fact])})"


def _check_text(
    text: LocalText, scope: Scope, thresholds: Thresholds, where: str, found: list[Problem]
) -> None:
    for language, template in text.texts.items():
        if stray_braces(template):
            found.append((f"{where}.{language}", "has a '{' or '}' that is not a placeholder"))
        for kind, name in placeholders(template):
            message = _placeholder_problem(kind, name, scope, thresholds)
            if message:
                found.append((f"{where}.{language}", message))


def _placeholder_problem(kind: str, name: str, scope: Scope, thresholds: Thresholds) -> str | None:
    if kind not in KINDS:
        return f"unknown placeholder '{{{kind}:{name}}}' (use fact, limit, source or data)"
    if kind == "fact":
        return None if name in scope.types else f"placeholder: fact '{name}' does not exist here"
    if kind == "limit":
        return ThresholdRef(name).problem(thresholds)
    known = data_per_hour(name, thresholds) is not None
    return None if known else f"placeholder: no connection use '{name}'"


def _check_source(source: str, thresholds: Thresholds, where: str, found: list[Problem]) -> None:
    if stray_braces(source):
        found.append((where, "has a '{' or '}' that is not a placeholder"))
    for kind, name in placeholders(source):
        if kind != "source":
            found.append((where, "only '{source:<use>}' placeholders belong in a source"))
        elif name not in thresholds.connection:
            found.append((where, f"placeholder: no connection use '{name}'"))
