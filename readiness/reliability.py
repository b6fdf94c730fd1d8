"""Internal consistency of one scale: Cronbach's alpha, corrected item-total correlations and
alpha if an item is deleted, over complete cases, with the standard library only.

The input is one column of item scores per item, every column holding the same
complete cases (a case missing any item is left out before it gets here: listwise
deletion). Scores are turned into exact fractions and ``statistics.variance`` works
on those exactly, so the results do not depend on the order of the cases, alpha is
never above 1 through rounding, and items that are the same answer give exactly 1.
Each figure becomes a float only at the end, as the nearest float; one beyond the float
range (a total that varies by 1e-290 only, against items that vary by 1, has an alpha
near -1e580) is given as the largest float of its sign, so no finite score raises.

- Cronbach's alpha (Cronbach 1951): ``k / (k - 1) * (1 - sum of item variances /
  variance of the total)``, for ``k`` items. It can be negative (items that disagree).
- Corrected item-total correlation: the Pearson correlation of an item with the sum
  of the *other* items (the item itself left out of the total, so it does not
  correlate with itself).
- Alpha if item deleted: alpha of the other ``k - 1`` items (only with three items or
  more: one item left has no alpha).

No number is given where it would mislead: fewer complete cases than
``MINIMUM_CASES``, fewer than two items, or a total that does not vary (every
complete case has the same total) give a ``Status`` instead of an alpha; an item
that does not vary has no correlation.
"""

from __future__ import annotations

import math
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

MINIMUM_CASES = 30
"""Fewer complete cases than this give no alpha ("not enough cases").

Source: Bujang, Omar and Baharum (2018), "A review on sample size determination for
Cronbach's alpha test: a simple guide for researchers", Malaysian Journal of Medical
Sciences 25(6):85-99, doi:10.21315/mjms2018.25.6.9: 30 cases is the smallest sample
they find adequate, and only when the items correlate strongly. Karakaya and
Alparslan (2022), Psychiatry and Behavioral Sciences 12(3):150-157,
doi:10.5455/pbs.20220127074618, ask for at least 45, so a figure from 30 to 45
cases is a first look, not a finding.
"""


_LARGEST = Fraction(sys.float_info.max)


class Status(StrEnum):
    """Whether an alpha could be worked out, and if not, why."""

    COMPUTED = "computed"
    TOO_FEW_ITEMS = "too_few_items"
    """Fewer than two items: alpha needs at least two."""
    TOO_FEW_CASES = "too_few_cases"
    """Fewer complete cases than the minimum."""
    NO_VARIANCE = "no_variance"
    """Every complete case has the same total: there is nothing to be consistent about."""


@dataclass(frozen=True)
class ItemStatistics:
    """One item's part in a scale's reliability."""

    item: str
    mean: float
    standard_deviation: float
    corrected_item_total: float | None
    """Correlation with the sum of the other items; None when either does not vary."""
    alpha_if_deleted: float | None
    """Alpha of the other items; None with fewer than three items or when they do not vary."""


@dataclass(frozen=True)
class Reliability:
    """A scale's internal consistency over its complete cases."""

    items: tuple[str, ...]
    cases: int
    """Complete cases: every item of the scale has a score."""
    status: Status
    alpha: float | None
    """None unless ``status`` is ``COMPUTED``."""
    item_statistics: tuple[ItemStatistics, ...] = ()
    """Empty unless ``status`` is ``COMPUTED``."""
    minimum_cases: int = MINIMUM_CASES


def cronbach_alpha(columns: Sequence[Sequence[float]]) -> Fraction | None:
    """Alpha of the items in ``columns`` (one per item, the same cases in each), exactly.

    None with fewer than two items or two cases, or when the total does not vary.
    """
    if len(columns) < 2 or _cases(columns) < 2:
        return None
    exact = [_exact(column) for column in columns]
    total_variance = statistics.variance(_totals(exact))
    if total_variance == 0:
        return None
    return _alpha(len(exact), sum(map(statistics.variance, exact), Fraction(0)), total_variance)


def analyse(
    items: Sequence[str],
    columns: Sequence[Sequence[float]],
    *,
    minimum_cases: int = MINIMUM_CASES,
) -> Reliability:
    """Alpha and item statistics of the items named ``items``, scored in ``columns``."""
    if len(items) != len(columns):
        raise ValueError(f"{len(items)} item names for {len(columns)} columns of scores")
    if minimum_cases < 2:
        raise ValueError("the minimum number of cases must be 2 or more")
    names = tuple(items)
    cases = _cases(columns)

    def without_alpha(status: Status) -> Reliability:
        return Reliability(names, cases, status, None, (), minimum_cases)

    if len(names) < 2:
        return without_alpha(Status.TOO_FEW_ITEMS)
    if cases < minimum_cases:
        return without_alpha(Status.TOO_FEW_CASES)
    exact = [_exact(column) for column in columns]
    totals = _totals(exact)
    total_variance = statistics.variance(totals)
    if total_variance == 0:
        return without_alpha(Status.NO_VARIANCE)
    variances = [statistics.variance(column) for column in exact]
    summed = sum(variances, Fraction(0))
    item_statistics = []
    for name, column, variance in zip(names, exact, variances, strict=True):
        rest_variance = statistics.variance([t - x for t, x in zip(totals, column, strict=True)])
        # var(total) = var(item) + var(rest) + 2 cov(item, rest)
        covariance = (total_variance - variance - rest_variance) / 2
        alpha_without = (
            _alpha(len(names) - 1, summed - variance, rest_variance)
            if len(names) >= 3 and rest_variance > 0
            else None
        )
        item_statistics.append(
            ItemStatistics(
                item=name,
                mean=_float(statistics.mean(column)),
                standard_deviation=_square_root(variance),
                corrected_item_total=_correlation(covariance, variance, rest_variance),
                alpha_if_deleted=None if alpha_without is None else _float(alpha_without),
            )
        )
    alpha = _alpha(len(names), summed, total_variance)
    return Reliability(
        names, cases, Status.COMPUTED, _float(alpha), tuple(item_statistics), minimum_cases
    )


def _cases(columns: Sequence[Sequence[float]]) -> int:
    lengths = {len(column) for column in columns}
    if len(lengths) > 1:
        raise ValueError("every item needs a score for the same cases")
    return lengths.pop() if lengths else 0


def _exact(column: Sequence[float]) -> list[Fraction]:
    """The scores as exact fractions (a float's binary value, with no rounding)."""
    known = {value: Fraction(value) for value in set(column)}  # few distinct scores
    return [known[value] for value in column]


def _totals(exact: Sequence[Sequence[Fraction]]) -> list[Fraction]:
    return [sum(case, Fraction(0)) for case in zip(*exact, strict=True)]


def _alpha(items: int, item_variances: Fraction, total_variance: Fraction) -> Fraction:
    return Fraction(items, items - 1) * (1 - item_variances / total_variance)


def _correlation(covariance: Fraction, first: Fraction, second: Fraction) -> float | None:
    """Pearson's r from a covariance and two variances; |r| <= 1 exactly (squared first)."""
    if first == 0 or second == 0:
        return None
    root = _square_root(covariance * covariance / (first * second))
    return root if covariance >= 0 else -root


def _float(value: Fraction) -> float:
    """The nearest float to ``value``; beyond the float range, the largest float of its sign
    (``float()`` raises OverflowError there)."""
    return float(min(max(value, -_LARGEST), _LARGEST))


def _square_root(value: Fraction) -> float:
    """The square root of ``value`` (0 or more) as in ``_float``, also where ``value`` itself
    is beyond the float range or below its smallest step (a variance of 1e-600)."""
    if value == 0:
        return 0.0
    # value = scaled * 4**power with scaled between 1/4 and 16, so float(scaled) is exact to
    # the float's precision and sqrt(value) = sqrt(scaled) * 2**power.
    power = (value.numerator.bit_length() - value.denominator.bit_length()) // 2
    scaled = value / Fraction(4) ** power
    return _float(Fraction(math.sqrt(scaled)) * Fraction(2) ** power)
