"""The domain profile: weighted means of indicators, "not enough information", bands after the
ADII (<=45, >45, >=61, >=80), indicators that keep their lowest fact, and the optional summary."""

from __future__ import annotations

import pytest

from readiness.equity.profile import band_for, round_score
from readiness.model import CheckStatus
from tests.core.equity.helpers import check, connection, document
from tests.factories import assess, builtin_interpretation


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "more_support"),
        (45, "more_support"),
        (46, "some_support"),
        (60, "some_support"),
        (61, "mostly_in_place"),
        (79, "mostly_in_place"),
        (80, "in_place"),
        (100, "in_place"),
    ],
)
def test_bands_follow_the_adii_boundaries(score: int, band: str) -> None:
    assert band_for(builtin_interpretation().rules.ruleset.bands, score).id == band


def test_rounding_is_half_up() -> None:
    assert round_score(44.5) == 45
    assert round_score(45.49) == 45


def test_too_few_answers_give_not_enough_information_not_a_number() -> None:
    result = assess(document({"access.bill_trouble": "never"}))
    costs = result.domain("affordability")
    assert costs is not None
    assert costs.score is None and costs.band is None
    assert costs.answered == 1 and costs.required == 2
    assert "1 of the 2" in costs.reasons[0].text.get("en")
    assert result.facts["profile.affordability"].value is None


def test_domain_score_is_the_weighted_mean_of_known_indicators() -> None:
    result = assess(document({"access.bill_trouble": "sometimes", "access.service_cut_off": False}))
    costs = result.domain("affordability")
    assert costs is not None
    assert costs.score == 75  # (50 + 100) / 2
    assert costs.band is not None and costs.band.id == "mostly_in_place"
    assert [r.rule for r in costs.reasons] == ["affordability.bills", "affordability.cut_off"]


def test_an_indicator_keeps_its_lowest_fact() -> None:
    home = {"access.phone_type": "smartphone", "access.home_internet": "wifi"}
    steady = assess(document({**home, "access.connection_drops": "never"}))
    drops = assess(document({**home, "access.connection_drops": "always"}))
    reasons = {r.rule: r for r in drops.domain("connectivity").reasons}  # type: ignore[union-attr]
    assert reasons["connectivity.home_internet"].text.get("en") == "Internet at home: 0 of 100"
    assert drops.domain("connectivity").score < steady.domain("connectivity").score  # type: ignore[operator,union-attr]


def test_measured_speed_is_scored_against_the_thresholds_file() -> None:
    def speed(down: float, up: float) -> int | None:
        result = assess(
            document({}, [connection(down, up), check("device.network", CheckStatus.GOOD)])
        )
        reasons = {r.rule: r for r in result.domain("connectivity").reasons}  # type: ignore[union-attr]
        text = reasons["connectivity.measured_speed"].text.get("en")
        return int(text.split(": ")[1].split(" ")[0])

    assert speed(50, 20) == 100  # at least group video (2.5 / 3.0)
    assert speed(50, 1.5) == 80  # recommended 1:1 video
    assert speed(50, 0.6) == 55  # basic video
    assert speed(50, 0.1) == 25  # audio only
    assert speed(50, 0.05) == 0


def test_answers_to_questions_that_were_not_shown_are_ignored() -> None:
    # data_runs_out is only asked with a limited or prepaid plan
    shown = assess(
        document(
            {
                "access.phone_type": "smartphone",
                "access.data_plan": "prepaid",
                "access.data_runs_out": "always",
                "access.bill_trouble": "never",
            }
        )
    )
    hidden = assess(
        document(
            {
                "access.phone_type": "smartphone",
                "access.data_plan": "unlimited",
                "access.data_runs_out": "always",
                "access.bill_trouble": "never",
            }
        )
    )
    assert shown.facts["data_runs_out"].value == "always"
    assert hidden.facts["data_runs_out"].value is None


def test_overall_summary_needs_enough_domains_and_says_it_is_not_validated() -> None:
    assert assess(document({"access.bill_trouble": "never"})).overall is None
    from tests.core.equity.helpers import persona

    overall = assess(persona("p05_connected_and_confident")).overall
    assert overall is not None and overall.score >= 80
    assert "not validated" in overall.note.get("en") and "no validado" in overall.note.get("es")
