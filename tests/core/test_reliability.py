"""Cronbach's alpha, corrected item-total correlations and alpha if deleted
(``readiness.reliability``): a published worked example, small datasets worked by hand,
the cases where no number is given, and properties over generated data."""

from __future__ import annotations

import math
import random
import statistics
import sys
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from readiness.reliability import MINIMUM_CASES, Status, analyse, cronbach_alpha

# Statology, "How to Calculate Cronbach's Alpha in Python" (statology.org/cronbachs-alpha-python):
# ten customers rate a restaurant on three questions; pingouin.cronbach_alpha gives 0.7734375.
STATOLOGY = {
    "Q1": [1, 2, 2, 3, 2, 2, 3, 3, 2, 3],
    "Q2": [1, 1, 1, 2, 3, 3, 2, 3, 3, 3],
    "Q3": [1, 1, 2, 1, 2, 3, 3, 3, 2, 3],
}

# Four people, three items: small enough to work out on paper (below).
BY_HAND = {"one": [4, 3, 5, 2], "two": [5, 4, 5, 3], "three": [4, 3, 5, 2]}


def floats(column: list[int]) -> list[float]:
    return [float(value) for value in column]


def test_the_published_worked_example() -> None:
    columns = [floats(column) for column in STATOLOGY.values()]
    assert cronbach_alpha(columns) == Fraction(99, 128)  # 0.7734375 exactly
    result = analyse(list(STATOLOGY), columns, minimum_cases=10)
    assert result.status is Status.COMPUTED and result.alpha == 0.7734375
    assert (result.cases, result.items) == (10, ("Q1", "Q2", "Q3"))


def test_alpha_item_total_and_alpha_if_deleted_match_the_hand_calculation() -> None:
    # Item variances (n - 1 = 3): one 5/3, two 2.75/3 = 11/12, three 5/3; sum 17/4.
    # Totals 13, 10, 15, 7 (mean 11.25): squared deviations add up to 36.75, variance 49/4.
    # alpha = 3/2 * (1 - (17/4) / (49/4)) = 48/49.
    result = analyse(list(BY_HAND), [floats(c) for c in BY_HAND.values()], minimum_cases=4)
    assert result.alpha == pytest.approx(48 / 49)
    first = result.item_statistics[0]
    # Item one against the rest (two + three = 9, 7, 10, 5; mean 7.75): the products of the
    # deviations add up to 8.5, the rest's squared deviations to 14.75, item one's to 5.
    assert first.corrected_item_total == pytest.approx(8.5 / math.sqrt(5 * 14.75))
    # Without item one: 2 * (1 - (11/12 + 5/3) / (14.75/3)) = 56/59.
    assert first.alpha_if_deleted == pytest.approx(56 / 59)
    assert first.mean == 3.5 and first.standard_deviation == pytest.approx(math.sqrt(5 / 3))


def test_two_items_have_no_alpha_if_deleted_and_share_one_correlation() -> None:
    columns = [floats(STATOLOGY["Q1"]), floats(STATOLOGY["Q2"])]
    result = analyse(["Q1", "Q2"], columns, minimum_cases=10)
    first, second = result.item_statistics
    assert first.alpha_if_deleted is None and second.alpha_if_deleted is None
    expected = statistics.correlation(columns[0], columns[1])
    assert first.corrected_item_total == pytest.approx(expected)
    assert second.corrected_item_total == pytest.approx(expected)


def test_too_few_cases_give_no_number() -> None:
    columns = [floats(column) for column in STATOLOGY.values()]
    result = analyse(list(STATOLOGY), columns)  # 10 cases, the minimum is 30
    assert MINIMUM_CASES == 30
    assert result.status is Status.TOO_FEW_CASES
    assert result.alpha is None and result.item_statistics == ()
    assert result.cases == 10 and result.minimum_cases == 30


def test_one_item_gives_no_alpha() -> None:
    result = analyse(["only"], [[1.0, 2.0, 3.0]], minimum_cases=2)
    assert result.status is Status.TOO_FEW_ITEMS and result.alpha is None


def test_a_total_that_never_varies_gives_no_alpha() -> None:
    result = analyse(["up", "down"], [[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], minimum_cases=3)
    assert result.status is Status.NO_VARIANCE and result.alpha is None
    assert cronbach_alpha([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]) is None


def test_an_item_that_never_varies_has_no_correlation_but_the_scale_has_an_alpha() -> None:
    columns = [[2.0, 2.0, 2.0, 2.0], floats(BY_HAND["one"]), floats(BY_HAND["two"])]
    result = analyse(["flat", "one", "two"], columns, minimum_cases=4)
    assert result.status is Status.COMPUTED and result.alpha is not None
    flat = result.item_statistics[0]
    assert flat.corrected_item_total is None and flat.standard_deviation == 0
    assert result.item_statistics[1].corrected_item_total is not None


def test_bad_input_is_refused_with_what_is_wrong() -> None:
    with pytest.raises(ValueError, match="2 item names for 1 columns"):
        analyse(["a", "b"], [[1.0, 2.0]])
    with pytest.raises(ValueError, match="same cases"):
        analyse(["a", "b"], [[1.0, 2.0], [1.0]], minimum_cases=2)
    with pytest.raises(ValueError, match="2 or more"):
        analyse(["a", "b"], [[1.0], [1.0]], minimum_cases=1)


# -- properties -----------------------------------------------------------------------------

SCORES = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 4.0, -1.0, 2.25])


@st.composite
def datasets(draw: st.DrawFn, min_cases: int = 2, max_cases: int = 40) -> list[list[float]]:
    """``k`` columns of scores for the same cases (2 to 6 items)."""
    items = draw(st.integers(2, 6))
    cases = draw(st.integers(min_cases, max_cases))
    value = st.one_of(SCORES, st.floats(-50, 50, allow_nan=False, allow_subnormal=False))
    return [draw(st.lists(value, min_size=cases, max_size=cases)) for _ in range(items)]


@settings(max_examples=200, deadline=None)
@given(datasets())
# Found by Hypothesis: a total that barely varies (by 4e-230) against items that do gives
# an exact alpha near -1e459, beyond the float range (it raised OverflowError).
@example([[0.5, 1.5], [1.0, 4.008603457214193e-230]])
@example([[1.0, 2.0], [-1.0, -2.0], [0.0, 8.6e-291]])
def test_alpha_is_never_above_one(columns: list[list[float]]) -> None:
    alpha = cronbach_alpha(columns)
    assert alpha is None or alpha <= 1
    result = analyse([f"i{n}" for n in range(len(columns))], columns, minimum_cases=2)
    assert result.alpha is None or result.alpha <= 1
    for item in result.item_statistics:
        r = item.corrected_item_total
        assert r is None or -1 <= r <= 1
        assert item.alpha_if_deleted is None or item.alpha_if_deleted <= 1


@settings(max_examples=100, deadline=None)
@given(datasets(), st.randoms(use_true_random=False))
def test_the_order_of_the_cases_changes_nothing(
    columns: list[list[float]], rng: random.Random
) -> None:
    order = list(range(len(columns[0])))
    rng.shuffle(order)
    shuffled = [[column[i] for i in order] for column in columns]
    names = [f"i{n}" for n in range(len(columns))]
    assert analyse(names, shuffled, minimum_cases=2) == analyse(names, columns, minimum_cases=2)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(SCORES, min_size=2, max_size=40).filter(lambda c: len(set(c)) > 1),
    st.lists(st.sampled_from([0.0, 1.0, -2.0, 10.5]), min_size=2, max_size=6),
)
def test_items_that_are_the_same_answer_give_exactly_one(
    answers: list[float], shifts: list[float]
) -> None:
    """Each item is the same answer, shifted by its own constant: perfectly consistent."""
    columns = [[value + shift for value in answers] for shift in shifts]
    result = analyse([f"i{n}" for n in range(len(shifts))], columns, minimum_cases=2)
    assert result.alpha == 1.0
    assert all(item.corrected_item_total == 1.0 for item in result.item_statistics)


@settings(max_examples=100, deadline=None)
@given(datasets(max_cases=MINIMUM_CASES - 1))
def test_fewer_cases_than_the_minimum_say_not_enough(columns: list[list[float]]) -> None:
    result = analyse([f"i{n}" for n in range(len(columns))], columns)
    assert result.status is Status.TOO_FEW_CASES and result.alpha is None
    assert result.item_statistics == ()


@settings(max_examples=100, deadline=None)
@given(datasets())
def test_alpha_agrees_with_the_average_covariance_formula(columns: list[list[float]]) -> None:
    """alpha = k * mean covariance / (mean variance + (k - 1) * mean covariance)."""
    alpha = cronbach_alpha(columns)
    k = len(columns)
    variances = [statistics.variance(c) for c in columns]
    pairs = [(i, j) for i in range(k) for j in range(k) if i < j]
    covariance = statistics.fmean(statistics.covariance(columns[i], columns[j]) for i, j in pairs)
    variance = statistics.fmean(variances)
    denominator = variance + (k - 1) * covariance
    if alpha is None or abs(denominator) < 1e-6:
        return
    assert float(alpha) == pytest.approx(k * covariance / denominator, rel=1e-6, abs=1e-6)


# -- the ends of the float range ------------------------------------------------------------

LARGEST = sys.float_info.max


def test_an_alpha_beyond_the_float_range_is_the_lowest_float() -> None:
    """Items that vary but cancel out in a total that varies by t = 8.6e-291 only: the
    exact alpha is about -3e580, far below the float range."""
    t = 8.6e-291
    columns = [[1.0, 2.0], [-1.0, -2.0], [0.0, t]]
    exact = cronbach_alpha(columns)
    assert exact is not None and exact < -LARGEST
    result = analyse(["up", "down", "tiny"], columns, minimum_cases=2)
    assert result.status is Status.COMPUTED and result.alpha == -LARGEST
    up, _down, tiny = result.item_statistics
    # Without "up": totals -1 and -2 + t; alpha = 2 * (1 - (1 + t*t) / (1 - t)**2), about -4t.
    assert up.alpha_if_deleted == pytest.approx(-4 * t, rel=1e-9, abs=0)
    assert tiny.alpha_if_deleted is None  # up and down alone always total 0
    assert tiny.standard_deviation == pytest.approx(t / math.sqrt(2), rel=1e-15, abs=0)


def test_scores_at_the_ends_of_the_float_range_give_figures() -> None:
    columns = [[-1e308, 1e308, 1e308], [1e308, -1e308, 0.0], [5e-324, 0.0, 1e-300]]
    result = analyse(["big", "opposite", "tiny"], columns, minimum_cases=3)
    assert result.status is Status.COMPUTED and result.alpha is not None
    big = result.item_statistics[0]
    assert big.standard_deviation == pytest.approx(1e308 * math.sqrt(4 / 3), rel=1e-15)
    assert big.mean == pytest.approx(1e308 / 3, rel=1e-15)
    for item in result.item_statistics:
        assert item.corrected_item_total is None or -1 <= item.corrected_item_total <= 1
        assert math.isfinite(item.standard_deviation) and math.isfinite(item.mean)
    # A spread wider than the float range: the largest float.
    wide = analyse(["wide", "plain"], [[-1.7e308, 1.7e308], [0.0, 1.0]], minimum_cases=2)
    assert wide.item_statistics[0].standard_deviation == LARGEST  # 2.4e308 exactly


@st.composite
def finite_datasets(draw: st.DrawFn) -> list[list[float]]:
    """2 to 5 columns of 2 to 5 cases, each score any finite float (the whole float range)."""
    cases = draw(st.integers(2, 5))
    value = st.one_of(SCORES, st.floats(allow_nan=False, allow_infinity=False))
    column = st.lists(value, min_size=cases, max_size=cases)
    return draw(st.lists(column, min_size=2, max_size=5))


@settings(max_examples=200, deadline=None)
@given(finite_datasets())
def test_any_finite_scores_give_finite_figures(columns: list[list[float]]) -> None:
    result = analyse([f"i{n}" for n in range(len(columns))], columns, minimum_cases=2)
    figures = [result.alpha] + [
        value
        for item in result.item_statistics
        for value in (
            item.mean,
            item.standard_deviation,
            item.corrected_item_total,
            item.alpha_if_deleted,
        )
    ]
    assert all(value is None or math.isfinite(value) for value in figures)
    assert result.alpha is None or result.alpha <= 1
