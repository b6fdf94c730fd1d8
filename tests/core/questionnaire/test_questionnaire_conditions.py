"""Conditional items: shown only when an earlier, shown answer matches; missing never matches."""

from __future__ import annotations

from typing import Any

import pytest

from readiness.model import MissingCode
from readiness.questionnaire.answers import check_value, toggle_code
from readiness.questionnaire.conditions import effective_answers, is_visible, visible_items
from readiness.questionnaire.loader import load_builtin, load_data
from readiness.questionnaire.schema import Instrument, Item, Option
from tests.core.questionnaire.samples import answer, answers, item, items_of, minimal, option


def build(extra_items: list[dict[str, Any]]) -> Instrument:
    data = minimal()
    items_of(data).extend(extra_items)
    instrument, problems = load_data(data, "demo.yaml")
    assert problems == [], [str(p) for p in problems]
    assert instrument is not None
    return instrument


def shown(instrument: Instrument, given: dict[str, Any]) -> list[str]:
    return [i.id for i in visible_items(instrument, given)]


def test_follow_up_appears_only_for_the_matching_answer() -> None:
    instrument = build([])
    assert "demo.phone_kind" not in shown(instrument, {})
    assert "demo.phone_kind" in shown(instrument, answers(answer("demo.has_phone", True)))
    assert "demo.phone_kind" not in shown(instrument, answers(answer("demo.has_phone", False)))


def test_a_missing_answer_never_matches() -> None:
    instrument = build([])
    given = answers(answer("demo.has_phone", missing=MissingCode.DONT_KNOW))
    assert not is_visible(instrument, "demo.phone_kind", given)


def test_a_chain_hides_when_its_start_is_hidden() -> None:
    instrument = build(
        [item("demo.smart_ok", show_when={"item": "demo.phone_kind", "equals": "smart"})]
    )
    given = answers(answer("demo.has_phone", True), answer("demo.phone_kind", "smart"))
    assert "demo.smart_ok" in shown(instrument, given)
    given = answers(answer("demo.has_phone", False), answer("demo.phone_kind", "smart"))
    assert "demo.smart_ok" not in shown(instrument, given)  # its parent is hidden now


def test_multiple_choice_matches_any_of_the_codes() -> None:
    instrument = build(
        [
            item(
                "demo.devices",
                "multiple_choice",
                options=[option("tablet"), option("laptop"), option("none", exclusive=True)],
            ),
            item(
                "demo.screen_ok", show_when={"item": "demo.devices", "any_of": ["tablet", "laptop"]}
            ),
        ]
    )
    assert "demo.screen_ok" in shown(instrument, answers(answer("demo.devices", ("laptop",))))
    assert "demo.screen_ok" not in shown(instrument, answers(answer("demo.devices", ("none",))))


def test_number_ranges() -> None:
    instrument = build(
        [
            item("demo.people", "number", min=0, max=20, integer=True),
            item("demo.crowded", show_when={"item": "demo.people", "at_least": 4, "at_most": 10}),
        ]
    )
    for value, expected in [(3, False), (4, True), (10, True), (11, False)]:
        visible = is_visible(instrument, "demo.crowded", answers(answer("demo.people", value)))
        assert visible is expected, value


def test_true_is_not_the_number_one() -> None:
    instrument = build(
        [
            item("demo.count", "number", min=0, max=5),
            item("demo.one", show_when={"item": "demo.count", "equals": 1}),
        ]
    )
    assert is_visible(instrument, "demo.one", answers(answer("demo.count", 1)))
    assert not is_visible(instrument, "demo.one", answers(answer("demo.count", True)))


def test_a_stale_answer_code_is_treated_as_no_answer() -> None:
    instrument = build(
        [item("demo.smart_ok", show_when={"item": "demo.phone_kind", "equals": "smart"})]
    )
    given = answers(answer("demo.has_phone", True), answer("demo.phone_kind", "retired_code"))
    assert "demo.smart_ok" not in shown(instrument, given)


def test_effective_answers_drop_answers_to_hidden_items() -> None:
    instrument = build([])
    given = answers(answer("demo.has_phone", False), answer("demo.phone_kind", "smart"))
    assert set(effective_answers(instrument, given)) == {"demo.has_phone"}


def test_builtin_follow_ups() -> None:
    access = load_builtin().instrument("access")
    assert access is not None
    basic = answers(answer("access.phone_type", "basic"))
    assert not is_visible(access, "access.data_plan", basic)
    smart = answers(
        answer("access.phone_type", "smartphone"), answer("access.data_plan", "prepaid")
    )
    assert is_visible(access, "access.data_runs_out", smart)
    unlimited = answers(
        answer("access.phone_type", "smartphone"), answer("access.data_plan", "unlimited")
    )
    assert not is_visible(access, "access.data_runs_out", unlimited)


def test_check_value_normalises_and_refuses() -> None:
    instrument = build([item("demo.count", "number", min=0, max=5, integer=True)])
    count = instrument.item("demo.count")
    kind = instrument.item("demo.phone_kind")
    assert count is not None and kind is not None
    assert check_value(count, 3.0) == 3
    for bad in (7, 2.5, True, "3"):
        with pytest.raises(ValueError):
            check_value(count, bad)
    with pytest.raises(ValueError):
        check_value(kind, "tablet")


def devices_item() -> Item:
    """A multiple-choice item whose last option ("none") is exclusive."""
    instrument = build(
        [
            item(
                "demo.devices",
                "multiple_choice",
                options=[option("tablet"), option("laptop"), option("none", exclusive=True)],
            )
        ]
    )
    devices = instrument.item("demo.devices")
    assert devices is not None
    return devices


def test_toggle_code_keeps_exclusive_options_alone() -> None:
    devices = devices_item()
    assert toggle_code(devices, ("tablet",), "laptop") == ("tablet", "laptop")
    assert toggle_code(devices, ("tablet", "laptop"), "none") == ("none",)
    assert toggle_code(devices, ("none",), "tablet") == ("tablet",)
    assert toggle_code(devices, ("tablet",), "tablet") == ()
    with pytest.raises(ValueError):
        check_value(devices, ("none", "tablet"))


def test_options_are_looked_up_by_the_items_own_options() -> None:
    """An item keeps its options by code once asked; a copy with other options (as
    answer sets are filled in) answers by its own options, and the kept index is no
    field: the item dumps, compares and hashes as before."""
    devices = devices_item()
    before = devices.model_dump()
    assert check_value(devices, ["laptop", "tablet"]) == ("tablet", "laptop")
    assert devices.option("none") is devices.options[2]
    changed = devices.model_copy(update={"options": (Option.model_validate(option("phone")),)})
    assert changed.option("phone") is changed.options[0]
    assert changed.option("tablet") is None
    assert check_value(changed, ["phone"]) == ("phone",)
    with pytest.raises(ValueError):
        check_value(changed, ["tablet"])
    assert devices.model_dump() == before
    copy = devices.model_copy()
    assert copy == devices and hash(copy) == hash(devices)
