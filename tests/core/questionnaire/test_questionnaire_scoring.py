"""Scale scores, with worked examples: weights, reverse coding, sum and mean, the
minimum-answered rule, missing codes, bands and the not-validated note."""

from __future__ import annotations

from typing import Any

import pytest

from readiness.model import MissingCode
from readiness.questionnaire.loader import load_builtin, load_data
from readiness.questionnaire.schema import NOT_VALIDATED_NOTE, Instrument
from readiness.questionnaire.scoring import (
    ScoreStatus,
    possible_range,
    score_instrument,
    score_scale,
)
from tests.core.questionnaire.samples import answer, answers, item, items_of, minimal, option, text

DECLINED, UNABLE, NA, DONT_KNOW = (
    MissingCode.DECLINED,
    MissingCode.UNABLE,
    MissingCode.NOT_APPLICABLE,
    MissingCode.DONT_KNOW,
)


@pytest.fixture(scope="module")
def builtin() -> dict[str, Instrument]:
    return {i.id: i for i in load_builtin().instruments}


def scale_score(instrument: Instrument, scale_id: str, *given: Any) -> Any:
    scale = instrument.scale(scale_id)
    assert scale is not None
    return score_scale(instrument, scale, answers(*given))


# -- worked examples on the built-in instruments -------------------------------------------


def test_cost_pressure_worked_example(builtin: dict[str, Instrument]) -> None:
    # A basic phone hides the data questions; bill trouble "sometimes" (2) and a
    # cut-off "yes" (scored 4): mean (2 + 4) / 2 = 3.0, in the top band [2.5, 4].
    result = scale_score(
        builtin["access"],
        "cost_pressure",
        answer("access.phone_type", "basic"),
        answer("access.bill_trouble", "sometimes"),
        answer("access.service_cut_off", True),
    )
    assert result.status is ScoreStatus.SCORED
    assert result.value == 3.0
    assert (result.answered, result.shown, result.required) == (2, 2, 2)
    assert result.label("en") == "Costs get in the way: help with costs would likely help"
    assert result.label("es").startswith("Los costos son un problema")
    assert result.note == NOT_VALIDATED_NOTE
    assert result.note.get("en") == "Not validated; for planning support, not for diagnosis."


def test_minimum_answered_rule_gives_not_enough_information(builtin: dict[str, Instrument]) -> None:
    # Only one of the shown cost items has a value: the scale needs two.
    result = scale_score(
        builtin["access"],
        "cost_pressure",
        answer("access.phone_type", "basic"),
        answer("access.bill_trouble", "often"),
        answer("access.service_cut_off", missing=DECLINED),
    )
    assert result.status is ScoreStatus.NOT_ENOUGH_INFORMATION
    assert result.value is None and result.band is None
    assert (result.answered, result.required) == (1, 2)
    assert result.missing == {DECLINED: 1}
    assert result.label("en") == "Not enough information"
    assert result.label("es") == "No hay suficiente información"


def test_missing_codes_are_not_scored_as_zero(builtin: dict[str, Instrument]) -> None:
    # A smartphone on prepaid shows all three items. Bill trouble is declined, data
    # runs out "often" (3), no cut-off (0): mean over the two answered = 1.5, not 1.0.
    result = scale_score(
        builtin["access"],
        "cost_pressure",
        answer("access.phone_type", "smartphone"),
        answer("access.data_plan", "prepaid"),
        answer("access.bill_trouble", missing=DECLINED),
        answer("access.data_runs_out", "often"),
        answer("access.service_cut_off", False),
    )
    assert result.value == 1.5
    assert (result.answered, result.shown) == (2, 3)
    assert result.missing == {DECLINED: 1}
    assert result.label("en") == "Some cost pressure: help with costs may be useful"


def test_device_access_with_a_reverse_coded_item(builtin: dict[str, Instrument]) -> None:
    # smartphone 4, video device yes 4, Wi-Fi 4, online this week 4, connection drops
    # "often" (3) reverse-coded to 4 - 3 = 1: mean 17 / 5 = 3.4, "Good access".
    result = scale_score(
        builtin["access"],
        "device_and_internet",
        answer("access.phone_type", "smartphone"),
        answer("access.video_device", True),
        answer("access.home_internet", "wifi"),
        answer("access.last_online", "past_week"),
        answer("access.connection_drops", "often"),
    )
    assert result.value == 3.4
    assert result.label("en") == "Good access"


def test_privacy_concern_reverse_codes_trust(builtin: dict[str, Instrument]) -> None:
    # worry "a lot" (3); trust "a lot" (3) reversed to 0: mean 1.5, the middle band.
    result = scale_score(
        builtin["preferences"],
        "privacy_concern",
        answer("preferences.privacy_worry", "a_lot"),
        answer("preferences.trust_services", "a_lot"),
    )
    assert result.value == 1.5
    assert result.label("en") == "Some privacy worries: explain the privacy steps"


def test_hidden_items_do_not_count(builtin: dict[str, Instrument]) -> None:
    # "Never looks online" hides all three online items: nothing to score.
    result = scale_score(
        builtin["health_info"],
        "online_information",
        answer("health_info.looks_online", False),
        answer("health_info.find_online", "very_easy"),  # a stale answer to a hidden item
    )
    assert result.status is ScoreStatus.NOT_ENOUGH_INFORMATION
    assert (result.answered, result.shown) == (0, 0)


def test_paper_support_boundary_goes_to_the_upper_band(builtin: dict[str, Instrument]) -> None:
    # never 0, sometimes 2, always 4: mean exactly 2.0, the start of the top band.
    result = scale_score(
        builtin["health_info"],
        "paper_support",
        answer("health_info.reading_help", "never"),
        answer("health_info.forms_help", "sometimes"),
        answer("health_info.hard_words", "always"),
    )
    assert result.value == 2.0
    assert result.label("en") == "Regular support with papers would help"


def test_the_top_of_the_last_band_is_included(builtin: dict[str, Instrument]) -> None:
    given = [
        answer(f"skills.{name}", "on_my_own")
        for name in (
            "turn_on_unlock",
            "connect_wifi",
            "make_easier",
            "install_app",
            "passwords",
            "updates",
        )
    ]
    result = scale_score(builtin["skills"], "basics", *given)
    assert result.value == 2.0
    assert result.label("en") == "Basics in place"


def test_every_builtin_scale_scores_empty_answers_without_error(
    builtin: dict[str, Instrument],
) -> None:
    for instrument in builtin.values():
        for result in score_instrument(instrument, {}):
            assert result.status is ScoreStatus.NOT_ENOUGH_INFORMATION
            assert result.note.get("es").startswith("No validado")


# -- synthetic scales: weights, sums, proration --------------------------------------------


def weighted(method: str, prorate: bool = False, **scale: Any) -> Instrument:
    data = minimal()
    items_of(data).extend(
        [
            item("demo.a", "likert", answers="often"),
            item("demo.b", "likert", answers="often"),
            item("demo.c", "number", min=0, max=10),
        ]
    )
    data["scales"] = [
        {
            "id": "w",
            "title": text("Weighted"),
            "domain": "device",
            "method": method,
            "prorate": prorate,
            "min_answered": 2,
            "items": [
                {"item": "demo.a", "weight": 2},
                {"item": "demo.b", "weight": 1, "reverse": True},
                {"item": "demo.c", "weight": 0.5},
            ],
            **scale,
        }
    ]
    instrument, problems = load_data(data, "w.yaml")
    assert problems == [], [str(p) for p in problems]
    assert instrument is not None
    return instrument


def test_weighted_sum() -> None:
    # a "often" 2 x 2 = 4; b "never" 0 reversed to 2, x 1 = 2; c 6 x 0.5 = 3: sum 9.
    instrument = weighted("sum")
    result = scale_score(
        instrument, "w", answer("demo.a", "often"), answer("demo.b", "never"), answer("demo.c", 6)
    )
    assert result.value == 9.0
    assert possible_range(instrument, instrument.scales[0]) == (0.0, 4 + 2 + 5)


def test_weighted_mean() -> None:
    # (2 x 2 + 1 x 2 + 0.5 x 6) / (2 + 1 + 0.5) = 9 / 3.5 = 2.571...
    instrument = weighted("mean")
    result = scale_score(
        instrument, "w", answer("demo.a", "often"), answer("demo.b", "never"), answer("demo.c", 6)
    )
    assert result.value == 2.57


def test_prorated_sum_scales_up_to_all_shown_items() -> None:
    # c declined: 6 from a and b with weight 3 of 3.5 -> 6 x 3.5 / 3 = 7.
    instrument = weighted("sum", prorate=True)
    result = scale_score(
        instrument,
        "w",
        answer("demo.a", "often"),
        answer("demo.b", "never"),
        answer("demo.c", missing=UNABLE),
    )
    assert result.value == 7.0
    plain = scale_score(
        weighted("sum"),
        "w",
        answer("demo.a", "often"),
        answer("demo.b", "never"),
        answer("demo.c", missing=UNABLE),
    )
    assert plain.value == 6.0


def test_not_applicable_leaves_the_shown_count() -> None:
    instrument = weighted("mean")
    result = scale_score(
        instrument,
        "w",
        answer("demo.a", "often"),
        answer("demo.b", missing=NA),
        answer("demo.c", missing=DONT_KNOW),
    )
    assert result.status is ScoreStatus.NOT_ENOUGH_INFORMATION
    assert (result.answered, result.shown) == (1, 2)
    assert result.missing == {NA: 1, DONT_KNOW: 1}


def test_a_scale_without_bands_has_a_value_and_no_label() -> None:
    instrument = weighted("mean")
    result = scale_score(instrument, "w", answer("demo.a", "never"), answer("demo.b", "often"))
    assert result.value == 0.0
    assert result.label("en") == ""


def test_an_agency_instrument_can_carry_its_own_note() -> None:
    data = minimal(score_note=text("Validated in adults; cut-off from the manual."))
    data["licence"]["holder"] = "Agency"
    instrument, problems = load_data(data, "agency.yaml")
    assert instrument is not None and problems == []
    result = score_instrument(instrument, answers(answer("demo.trouble", "often")))[0]
    assert result.note.get("en") == "Validated in adults; cut-off from the manual."


def test_multiple_choice_scores_add_up() -> None:
    data = minimal()
    items_of(data).append(
        item(
            "demo.devices",
            "multiple_choice",
            options=[option("tablet", 1), option("laptop", 2), option("none", 0, exclusive=True)],
        )
    )
    data["scales"][0]["items"] = [{"item": "demo.devices"}]
    data["scales"][0]["bands"] = [
        {"min": 0, "max": 1, "label": text("None")},
        {"min": 1, "max": 3, "label": text("Some")},
    ]
    instrument, problems = load_data(data, "demo.yaml")
    assert instrument is not None, [str(p) for p in problems]
    result = scale_score(instrument, "total", answer("demo.devices", ("tablet", "laptop")))
    assert result.value == 3.0 and result.label("en") == "Some"
