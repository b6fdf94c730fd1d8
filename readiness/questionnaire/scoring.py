"""Scale scores: weighted sum or mean of item scores, with reverse coding, a minimum
number of answered items, and labelled bands.

Only items that are shown and answered with a valid value count. A missing-answer
code (declined, unable, don't know, not applicable) is counted and reported, never
scored as zero: with fewer answered items than the scale's ``min_answered`` the score
is "not enough information" rather than a misleading number. Every score carries the
instrument's note ("not validated; for planning support, not for diagnosis" for the
project's own instruments) so it can never be shown without it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from readiness.local_text import LocalText
from readiness.model import Answer, AnswerValue, MissingCode
from readiness.questionnaire.answers import valid_value
from readiness.questionnaire.conditions import visible_items
from readiness.questionnaire.schema import (
    NOT_VALIDATED_NOTE,
    Band,
    Domain,
    Instrument,
    Item,
    ItemType,
    Scale,
    ScaleMethod,
)

NOT_ENOUGH_INFORMATION = LocalText(en="Not enough information", es="No hay suficiente información")


class ScoreStatus(StrEnum):
    SCORED = "scored"
    NOT_ENOUGH_INFORMATION = "not_enough_information"


@dataclass(frozen=True)
class ScaleScore:
    """One scale's result, with everything needed to explain it."""

    instrument_id: str
    scale_id: str
    title: LocalText
    domain: Domain
    status: ScoreStatus
    value: float | None
    """Rounded to two decimals; None when there is not enough information."""
    minimum: float
    maximum: float
    answered: int
    """Shown items answered with a valid value."""
    shown: int
    """Items of the scale that were shown and apply (not hidden, not 'does not apply')."""
    required: int
    """The scale's ``min_answered``."""
    band: Band | None
    note: LocalText
    missing: Mapping[MissingCode, int] = field(default_factory=dict)

    @property
    def scored(self) -> bool:
        return self.status is ScoreStatus.SCORED

    def label(self, locale: str) -> str:
        """The band label, "not enough information", or "" for a score without bands."""
        if not self.scored:
            return NOT_ENOUGH_INFORMATION.get(locale)
        return self.band.label.get(locale) if self.band else ""


def item_score_range(item: Item) -> tuple[float, float] | None:
    """The lowest and highest score ``item`` can give, or None if it cannot be scored."""
    if item.type is ItemType.YES_NO:
        return min(item.yes_score, item.no_score), max(item.yes_score, item.no_score)
    if item.type is ItemType.NUMBER:
        return (item.min, item.max) if item.min is not None and item.max is not None else None
    if item.type is ItemType.SHORT_TEXT or not item.options:
        return None
    scores = [option.score for option in item.options]
    if any(score is None for score in scores):
        return None
    known = [float(score) for score in scores if score is not None]
    if item.type is ItemType.MULTIPLE_CHOICE:
        return sum(min(s, 0.0) for s in known), sum(max(s, 0.0) for s in known)
    return min(known), max(known)


def item_score(item: Item, value: AnswerValue, *, reverse: bool = False) -> float | None:
    """The score of a valid ``value`` for ``item`` (reverse-coded within the item's range)."""
    bounds = item_score_range(item)
    if bounds is None:
        return None
    score: float
    if isinstance(value, bool):
        score = item.yes_score if value else item.no_score
    elif isinstance(value, tuple):
        score = sum(_option_score(item, code) for code in value)
    elif isinstance(value, str):
        score = _option_score(item, value)
    else:
        score = min(max(float(value), bounds[0]), bounds[1])
    return bounds[0] + bounds[1] - score if reverse else score


def _option_score(item: Item, code: str) -> float:
    option = item.option(code)
    return float(option.score) if option is not None and option.score is not None else 0.0


def possible_range(instrument: Instrument, scale: Scale) -> tuple[float, float]:
    """Every value ``scale`` can produce lies in this range (bands must cover it)."""
    parts: list[tuple[float, float, float]] = []  # (weight, low, high) per scorable item
    for scale_item in scale.items:
        item = instrument.item(scale_item.item)
        bounds = item_score_range(item) if item else None
        if bounds is not None:
            parts.append((scale_item.weight, bounds[0], bounds[1]))
    if not parts:
        return 0.0, 0.0
    lowest = min(low for _, low, _ in parts)
    highest = max(high for _, _, high in parts)
    if scale.method is ScaleMethod.MEAN:
        return lowest, highest
    count = max(1, min(scale.min_answered, len(parts)))
    lows = sorted(weight * low for weight, low, _ in parts)
    highs = sorted((weight * high for weight, _, high in parts), reverse=True)
    # A sum over fewer items: the first ``count`` extremes plus every further one that
    # pushes the same way.
    low_sum = sum(lows[:count]) + sum(v for v in lows[count:] if v < 0)
    high_sum = sum(highs[:count]) + sum(v for v in highs[count:] if v > 0)
    if scale.prorate:
        total = sum(weight for weight, _, _ in parts)
        least = sum(sorted(weight for weight, _, _ in parts)[:count])
        low_sum = min(low_sum, lowest * total, lowest * least)
        high_sum = max(high_sum, highest * total, highest * least)
    return low_sum, high_sum


def band_for(scale: Scale, value: float) -> Band | None:
    """The band ``value`` falls in: ``min <= value < max``, the last band including ``max``."""
    for index, band in enumerate(scale.bands):
        last = index == len(scale.bands) - 1
        if band.min <= value < band.max or (last and band.min <= value <= band.max):
            return band
    return None


def score_scale(instrument: Instrument, scale: Scale, answers: Mapping[str, Answer]) -> ScaleScore:
    """Score ``scale`` from ``answers`` (item id -> Answer) for this instrument."""
    shown_ids = {item.id for item in visible_items(instrument, answers)}
    missing: Counter[MissingCode] = Counter()
    shown = answered = 0
    total_weight = answered_weight = weighted = 0.0
    for scale_item in scale.items:
        item = instrument.item(scale_item.item)
        if item is None or item.id not in shown_ids:
            continue
        answer = answers.get(item.id)
        if answer is not None and answer.missing is not None:
            missing[answer.missing] += 1
            if answer.missing is MissingCode.NOT_APPLICABLE:
                continue
        shown += 1
        total_weight += scale_item.weight
        value = valid_value(item, answer)
        score = item_score(item, value, reverse=scale_item.reverse) if value is not None else None
        if score is None:
            continue
        answered += 1
        answered_weight += scale_item.weight
        weighted += scale_item.weight * score
    low, high = possible_range(instrument, scale)
    result = ScaleScore(
        instrument_id=instrument.id,
        scale_id=scale.id,
        title=scale.title,
        domain=scale.domain,
        status=ScoreStatus.NOT_ENOUGH_INFORMATION,
        value=None,
        minimum=low,
        maximum=high,
        answered=answered,
        shown=shown,
        required=scale.min_answered,
        band=None,
        note=instrument.score_note or NOT_VALIDATED_NOTE,
        missing=dict(missing),
    )
    if answered < scale.min_answered or answered_weight <= 0:
        return result
    if scale.method is ScaleMethod.MEAN:
        value = weighted / answered_weight
    elif scale.prorate:
        value = weighted * total_weight / answered_weight
    else:
        value = weighted
    value = round(value, 6)
    band = band_for(scale, value)
    return replace(result, status=ScoreStatus.SCORED, value=round(value, 2), band=band)


def complete_item_scores(
    instrument: Instrument, answers: Mapping[str, Answer]
) -> dict[str, tuple[float, ...] | None]:
    """Scale id -> each item's weighted score in that scale (reverse-coded as scored), or None
    unless every item was shown and answered with a valid value: a complete case for
    reliability. Every scale of ``instrument``, its conditions worked out once."""
    shown = {item.id: item for item in visible_items(instrument, answers)}
    return {scale.id: _complete(scale, shown, answers) for scale in instrument.scales}


def _complete(
    scale: Scale, shown: Mapping[str, Item], answers: Mapping[str, Answer]
) -> tuple[float, ...] | None:
    scores = []
    for scale_item in scale.items:
        item = shown.get(scale_item.item)
        value = valid_value(item, answers.get(item.id)) if item is not None else None
        if item is None or value is None:
            return None
        score = item_score(item, value, reverse=scale_item.reverse)
        if score is None:
            return None
        scores.append(scale_item.weight * score)
    return tuple(scores)


def score_instrument(
    instrument: Instrument, answers: Mapping[str, Answer]
) -> tuple[ScaleScore, ...]:
    """Every scale of ``instrument``, in the order defined."""
    return tuple(score_scale(instrument, scale, answers) for scale in instrument.scales)
