"""The rule-file format: facts, domains and bands, channel rules, and the recommendation catalogue.

Every model is frozen and rejects unknown keys, so a typo in an agency file is
reported rather than ignored. Every text is given in English and Spanish
(``BilingualText``). Conditions are parsed by ``readiness.equity.conditions``.
Rules that span files (a fact named in a channel rule must exist, a code must be one
of the fact's codes, a threshold must exist in ``thresholds.yaml``) are checked
afterwards by ``readiness.equity.integrity``. The format is described for agency
administrators in ``readiness/rules/README.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, model_validator

from readiness.equity.conditions import FACT_ID, Condition, ThresholdRef, parse_condition
from readiness.local_text import BilingualText

SCHEMA_VERSION = 1
FORMAT = "readiness-rules"

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
FactId = Annotated[str, Field(pattern=FACT_ID.pattern)]
ItemId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,47}(\.[a-z][a-z0-9_]{0,47}){1,3}$")]
Citation = Annotated[str, Field(min_length=3, max_length=600)]
Score = Annotated[float, Field(ge=0, le=100)]
Cond = Annotated[Condition, PlainValidator(parse_condition)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)


def _threshold_or_number(raw: Any) -> float | ThresholdRef:
    if isinstance(raw, ThresholdRef):
        return raw
    if isinstance(raw, Mapping):
        if set(raw) != {"threshold"} or not isinstance(raw["threshold"], str):
            raise ValueError("use a number or {threshold: <use>.<metric>}")
        return ThresholdRef(raw["threshold"])
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise ValueError(f"{raw!r} is not a finite number")
    return float(raw)


Limit = Annotated[float | ThresholdRef, PlainValidator(_threshold_or_number)]


# -- facts -------------------------------------------------------------------------

FactType = Literal["code", "codes", "bool", "number", "text"]


class MeasuredSource(Frozen):
    """A check result: one of its ``values`` or, with ``status: true``, its status."""

    check: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")]
    value: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]{0,63}$")] | None = None
    status: bool = False

    @model_validator(mode="after")
    def _one_source(self) -> MeasuredSource:
        if (self.value is None) == (not self.status):
            raise ValueError("give either 'value: <name>' or 'status: true'")
        return self


class FactDef(Frozen):
    """A named fact read from an answer, a check, or worked out from earlier facts."""

    id: FactId
    type: FactType
    label: BilingualText
    codes: tuple[Id, ...] = ()
    """For ``code`` and ``codes`` facts: every code the fact can have."""
    code_labels: Mapping[str, BilingualText] = Field(default_factory=dict)
    """Words for codes that do not come from a questionnaire (check statuses)."""
    unit: Annotated[str, Field(max_length=20)] = ""
    answer: ItemId | None = None
    measured: MeasuredSource | None = None
    derived: Cond | None = None
    source: Annotated[str, Field(max_length=600)] = ""

    @model_validator(mode="after")
    def _one_origin(self) -> FactDef:
        origins = [x for x in (self.answer, self.measured, self.derived) if x is not None]
        if len(origins) != 1:
            raise ValueError("give exactly one of 'answer', 'measured' or 'derived'")
        if self.type in ("code", "codes") and not self.codes:
            raise ValueError(f"a '{self.type}' fact needs its list of 'codes'")
        if self.derived is not None and self.type != "bool":
            raise ValueError("a 'derived' fact is a yes/no fact: use 'type: bool'")
        if self.derived is not None and not self.source:
            raise ValueError("a 'derived' fact needs a 'source'")
        return self


# -- profile -----------------------------------------------------------------------


class Step(Frozen):
    """For a number fact: this score when the value is at least (or at most) the limit."""

    at_least: Limit | None = None
    at_most: Limit | None = None
    score: Score

    @model_validator(mode="after")
    def _one_bound(self) -> Step:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("give exactly one of 'at_least' or 'at_most'")
        return self


class IndicatorFact(Frozen):
    """How one fact scores (0-100, higher: more in place): by code, or by number steps.

    Yes/no facts are scored with the keys ``"true"`` and ``"false"`` (in quotes).
    """

    fact: FactId
    scores: Mapping[str, Score] | None = None
    steps: tuple[Step, ...] | None = None
    otherwise: Score = 0.0
    """For steps: the score when no step matches."""

    @model_validator(mode="after")
    def _one_method(self) -> IndicatorFact:
        if (self.scores is None) == (self.steps is None):
            raise ValueError("give exactly one of 'scores' or 'steps'")
        if self.steps is not None:
            if not self.steps:
                raise ValueError("'steps' needs at least one step")
            ups = {step.at_least is not None for step in self.steps}
            if len(ups) > 1:
                raise ValueError("use 'at_least' in every step or 'at_most' in every step")
        return self


class Indicator(Frozen):
    """One thing a domain looks at; several facts combine by their lowest (or highest) score."""

    id: Id
    label: BilingualText
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0
    combine: Literal["min", "max", "mean"] = "min"
    facts: Annotated[tuple[IndicatorFact, ...], Field(min_length=1)]


class BandDef(Frozen):
    """A score band: from ``above`` (exclusive) or ``at_least`` (inclusive) up to the next band."""

    id: Id
    label: BilingualText
    above: Annotated[float, Field(ge=0, le=100)] | None = None
    at_least: Annotated[float, Field(ge=0, le=100)] | None = None

    @property
    def lower(self) -> float:
        return self.above if self.above is not None else (self.at_least or 0.0)

    def contains_from_below(self, score: float) -> bool:
        """Whether ``score`` reaches this band's lower bound."""
        if self.above is not None:
            return score > self.above
        return score >= (self.at_least or 0.0)


class Domain(Frozen):
    """A domain of the profile: indicators with weights, and how many are needed."""

    id: Id
    title: BilingualText
    description: BilingualText | None = None
    min_indicators: Annotated[int, Field(ge=1, le=100)]
    indicators: Annotated[tuple[Indicator, ...], Field(min_length=1)]
    band_labels: Mapping[Id, BilingualText] = Field(default_factory=dict)
    worst_need: bool = False
    """Each indicator is a need of its own: the domain is in the band of its lowest
    indicator, never a better one; inside that band the score follows the mean."""
    source: Citation


class Overall(Frozen):
    """The optional summary score: a weighted mean of the scored domains (equal by default)."""

    enabled: bool = True
    min_domains: Annotated[int, Field(ge=1, le=100)] = 6
    weights: Mapping[Id, Annotated[float, Field(gt=0, le=100)]] = Field(default_factory=dict)
    note: BilingualText
    source: Citation


# -- channels ----------------------------------------------------------------------

Effect = Literal["not_suitable", "support", "ready"]


class Rule(Frozen):
    """If ``when`` holds, the channel is at most this ready; ``unless`` can soften it."""

    id: Id
    stage: Literal["hard", "profile"] = "hard"
    effect: Effect
    when: Cond
    reason: BilingualText
    unless: Cond | None = None
    relief_effect: Literal["support", "ready"] = "support"
    relief_reason: BilingualText | None = None
    source: Citation

    @model_validator(mode="after")
    def _relief(self) -> Rule:
        if (self.unless is None) != (self.relief_reason is None):
            raise ValueError("'unless' and 'relief_reason' go together")
        if self.unless is not None and self.effect == "ready":
            raise ValueError("a 'ready' rule cannot have 'unless'")
        return self


class Channel(Frozen):
    """A way of connecting and the rules that decide how ready it is."""

    id: Id
    title: BilingualText
    inherits: Id | None = None
    """Start from the rules of this earlier channel (its ``drop`` list removes some)."""
    drop: tuple[Id, ...] = ()
    requires: tuple[FactId, ...] | None = None
    """Facts this way of connecting depends on: while one is unknown the channel says
    what is not known yet and is never "ready". None: those of the inherited channel."""
    rules: tuple[Rule, ...] = ()


# -- catalogue ---------------------------------------------------------------------


class Trigger(Frozen):
    """When a recommendation applies, how urgent it is then, and why."""

    id: Id
    priority: Literal["high", "medium", "low"]
    when: Cond
    why: BilingualText
    source: Annotated[str, Field(max_length=600)] = ""


class Entry(Frozen):
    """A technology to use or a support to offer; the first trigger that holds applies."""

    id: Id
    kind: Literal["technology", "support"]
    title: BilingualText
    description: BilingualText
    settings: tuple[BilingualText, ...] = ()
    channels: tuple[Id, ...] = ()
    source: Citation
    triggers: Annotated[tuple[Trigger, ...], Field(min_length=1)]


class NotKnown(Frozen):
    """The reason a channel gives while a fact it requires is unknown, or when no rule applies."""

    reason: BilingualText
    source: Citation


class RuleSet(Frozen):
    """Every rule file merged into one validated whole."""

    schema_version: Literal[1]
    facts: Annotated[tuple[FactDef, ...], Field(min_length=1)]
    bands: Annotated[tuple[BandDef, ...], Field(min_length=1)]
    bands_source: Citation
    overall: Overall
    not_known: NotKnown
    domains: Annotated[tuple[Domain, ...], Field(min_length=1)]
    channels: Annotated[tuple[Channel, ...], Field(min_length=1)]
    catalogue: tuple[Entry, ...] = ()
