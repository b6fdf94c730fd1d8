"""The small condition language of the rule files, and its three-valued evaluation.

A condition is plain data::

    {fact: hearing, in: [a_lot, cannot]}
    {fact: upload_mbps, lt: {threshold: video_basic.upload_mbps}}
    {all: [...]}   {any: [...]}   {not: {...}}

A test names one fact and exactly one operator: ``eq``, ``ne``, ``in`` (codes),
``lt``, ``lte``, ``gt``, ``gte`` (numbers or a threshold from ``thresholds.yaml``),
or ``known`` (true/false). An unknown fact makes a test *unknown*, and unknowns
follow Kleene logic (``all`` is false if any part is false, unknown if any part is
unknown; ``not unknown`` stays unknown). A rule fires only when its condition is
true, so a missing answer never invents a barrier; ``known: false`` asks about
missing information explicitly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from readiness.equity.results import FactData, FactValue

if TYPE_CHECKING:
    from readiness.thresholds import Thresholds

COMPARISONS = ("lt", "lte", "gt", "gte")
OPERATORS = ("eq", "ne", "in", *COMPARISONS, "known")
CONNECTION_METRICS = (
    "download_mbps",
    "upload_mbps",
    "rtt_ms",
    "jitter_ms",
    "loss_pct",
    "rtt_ms_degraded",
    "loss_pct_degraded",
)
BAND_METRICS = ("rtt_ms", "jitter_ms", "loss_pct")
BAND_BOUNDS = ("good_below", "poor_above")
FACT_ID = re.compile(r"^[a-z][a-z0-9_]{0,47}(\.[a-z][a-z0-9_]{0,47})?$")
MAX_DEPTH = 12


class ConditionError(ValueError):
    """A condition is malformed; ``path`` says where inside it (``all.1.fact``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


@dataclass(frozen=True)
class ThresholdRef:
    """A number taken from ``thresholds.yaml``: ``video_basic.upload_mbps`` or
    ``bands.loss_pct.poor_above``."""

    ref: str

    @cached_property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.ref.split("."))

    def problem(self, thresholds: Thresholds) -> str | None:
        """What is wrong with this reference for ``thresholds`` (None if it resolves)."""
        parts = self.parts
        if parts[0] == "bands":
            if len(parts) != 3 or parts[1] not in BAND_METRICS or parts[2] not in BAND_BOUNDS:
                return (
                    f"threshold '{self.ref}' is not valid: use bands.<{'|'.join(BAND_METRICS)}>"
                    f".<{'|'.join(BAND_BOUNDS)}>"
                )
            return None
        if len(parts) != 2 or parts[1] not in CONNECTION_METRICS:
            return (
                f"threshold '{self.ref}' is not valid: use <connection use>."
                f"<{'|'.join(CONNECTION_METRICS)}>"
            )
        if parts[0] not in thresholds.connection:
            known = ", ".join(sorted(thresholds.connection))
            return f"threshold '{self.ref}': no connection use '{parts[0]}' (known: {known})"
        if self.value(thresholds) is None:
            return f"threshold '{self.ref}': this use has no '{parts[1]}' limit"
        return None

    def value(self, thresholds: Thresholds) -> float | None:
        parts = self.parts
        if parts[0] == "bands":
            band = getattr(thresholds.connection_bands, parts[1], None)
            found = getattr(band, parts[2], None)
        else:
            tier = thresholds.connection.get(parts[0])
            found = getattr(tier, parts[1], None) if tier is not None else None
        return float(found) if isinstance(found, int | float) else None

    def unit(self) -> str:
        metric = self.parts[1]
        if metric.endswith("mbps"):
            return "Mbit/s"
        return "%" if metric.startswith("loss") else "ms"

    def source(self, thresholds: Thresholds) -> str:
        parts = self.parts
        if parts[0] == "bands":
            return thresholds.connection_bands.source
        tier = thresholds.connection.get(parts[0])
        return tier.source if tier is not None else ""


Operand = str | float | bool | tuple[str, ...] | ThresholdRef


@dataclass(frozen=True)
class FactTest:
    fact: str
    op: str
    operand: Operand


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    part: Condition


Condition = FactTest | AllOf | AnyOf | Not


def parse_condition(data: Any, path: str = "", depth: int = 0) -> Condition:
    """A ``Condition`` from plain data, or ``ConditionError`` naming where it is wrong."""
    if isinstance(data, FactTest | AllOf | AnyOf | Not):
        return data
    if depth > MAX_DEPTH:
        raise ConditionError(path, f"nested more than {MAX_DEPTH} levels deep")
    if not isinstance(data, Mapping):
        raise ConditionError(path, "a condition must be a mapping such as {fact: ..., eq: ...}")
    keys = set(data)
    for group in ("all", "any"):
        if group in keys:
            if keys != {group}:
                raise ConditionError(path, f"'{group}' cannot be combined with other keys")
            items = data[group]
            if not isinstance(items, list):
                raise ConditionError(_join(path, group), "must be a list of conditions")
            parts = tuple(
                parse_condition(item, _join(path, group, str(i)), depth + 1)
                for i, item in enumerate(items)
            )
            return AllOf(parts) if group == "all" else AnyOf(parts)
    if "not" in keys:
        if keys != {"not"}:
            raise ConditionError(path, "'not' cannot be combined with other keys")
        return Not(parse_condition(data["not"], _join(path, "not"), depth + 1))
    return _parse_test(data, path)


def _join(*parts: str) -> str:
    return ".".join(part for part in parts if part)


def _parse_test(data: Mapping[Any, Any], path: str) -> FactTest:
    if "fact" not in data:
        raise ConditionError(path, "needs 'fact' (or 'all', 'any', 'not')")
    fact = data["fact"]
    if not isinstance(fact, str) or not FACT_ID.fullmatch(fact):
        raise ConditionError(_join(path, "fact"), f"{fact!r} is not a fact name")
    ops = [key for key in data if key != "fact"]
    unknown = [key for key in ops if key not in OPERATORS]
    if unknown:
        raise ConditionError(
            _join(path, str(unknown[0])),
            f"unknown operator; use one of {', '.join(OPERATORS)}",
        )
    if len(ops) != 1:
        raise ConditionError(path, f"give exactly one operator ({', '.join(OPERATORS)})")
    op = ops[0]
    where = _join(path, op)
    return FactTest(fact, op, _operand(op, data[op], where))


def _operand(op: str, raw: Any, where: str) -> Operand:
    if op == "known":
        if not isinstance(raw, bool):
            raise ConditionError(where, "use true or false")
        return raw
    if op == "in":
        if not isinstance(raw, list) or not raw or not all(isinstance(c, str) for c in raw):
            raise ConditionError(where, "use a non-empty list of codes")
        return tuple(raw)
    if op in COMPARISONS:
        if isinstance(raw, Mapping):
            if set(raw) != {"threshold"} or not isinstance(raw["threshold"], str):
                raise ConditionError(where, "use a number or {threshold: <use>.<metric>}")
            return ThresholdRef(raw["threshold"])
        return _number(raw, where)
    if isinstance(raw, bool | str):
        return raw
    return _number(raw, where)


def _number(raw: Any, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise ConditionError(where, f"{raw!r} is not a finite number")
    return float(raw)


def fact_tests(condition: Condition) -> Iterator[FactTest]:
    """Every test inside ``condition``."""
    if isinstance(condition, FactTest):
        yield condition
    elif isinstance(condition, Not):
        yield from fact_tests(condition.part)
    else:
        for part in condition.parts:
            yield from fact_tests(part)


# -- evaluation --------------------------------------------------------------------


def evaluate(
    condition: Condition, facts: Mapping[str, FactValue], thresholds: Thresholds
) -> bool | None:
    """True, False or None (unknown) for ``condition`` over ``facts``."""
    if isinstance(condition, FactTest):
        return _test(condition, facts, thresholds)
    if isinstance(condition, Not):
        inner = evaluate(condition.part, facts, thresholds)
        return None if inner is None else not inner
    results = [evaluate(part, facts, thresholds) for part in condition.parts]
    if isinstance(condition, AllOf):
        if False in results:
            return False
        return None if None in results else True
    if True in results:
        return True
    return None if None in results else False


def _test(test: FactTest, facts: Mapping[str, FactValue], thresholds: Thresholds) -> bool | None:
    fact = facts.get(test.fact)
    value = fact.value if fact is not None else None
    if test.op == "known":
        return (value is not None) is test.operand
    if value is None:
        return None
    if test.op in COMPARISONS:
        return _compare(test, value, thresholds)
    if test.op == "in":
        wanted = set(test.operand) if isinstance(test.operand, tuple) else set()
        if isinstance(value, tuple):
            return bool(wanted.intersection(value))
        return isinstance(value, str) and value in wanted
    matches = _equals(value, test.operand)
    return matches if test.op == "eq" else not matches


def _equals(value: FactData, operand: Operand) -> bool:
    if isinstance(value, tuple):
        return isinstance(operand, str) and operand in value
    if isinstance(value, bool) or isinstance(operand, bool):
        return value is operand
    if isinstance(value, str) or isinstance(operand, str):
        return value == operand
    return isinstance(operand, float) and float(value) == operand


def _compare(test: FactTest, value: FactData, thresholds: Thresholds) -> bool | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    operand = test.operand
    limit = operand.value(thresholds) if isinstance(operand, ThresholdRef) else operand
    if not isinstance(limit, float):
        return None
    number = float(value)
    return {
        "lt": number < limit,
        "lte": number <= limit,
        "gt": number > limit,
        "gte": number >= limit,
    }[test.op]


def explaining_facts(
    condition: Condition, facts: Mapping[str, FactValue], thresholds: Thresholds
) -> tuple[str, ...]:
    """The facts that make ``condition`` come out as it does, in order, each once.

    For a true ``any`` only the true parts count; for ``all`` every part does; a
    ``known: false`` test explains nothing (there is no fact to show).
    """
    found: dict[str, None] = {}
    _explain(condition, facts, thresholds, found)
    return tuple(found)


def _explain(
    condition: Condition,
    facts: Mapping[str, FactValue],
    thresholds: Thresholds,
    found: dict[str, None],
) -> None:
    if isinstance(condition, FactTest):
        fact = facts.get(condition.fact)
        if fact is not None and fact.known:
            found.setdefault(condition.fact, None)
        return
    if isinstance(condition, Not):
        _explain(condition.part, facts, thresholds, found)
        return
    outcome = evaluate(condition, facts, thresholds)
    for part in condition.parts:
        skip = isinstance(condition, AnyOf) and outcome is True
        if skip and evaluate(part, facts, thresholds) is not True:
            continue
        _explain(part, facts, thresholds, found)
