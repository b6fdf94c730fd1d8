"""The principles of readiness/rules/README.md about the person: Support (a named helper
softens a skills barrier and the reason says who), Experience is not capability, Data cost
(a limited plan weighs on each channel by the data it uses) and the person's wishes (what
they declined, or cannot use, is not recommended)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.equity.results import Verdict
from readiness.equity.templates import data_per_hour, data_text
from tests.core.equity.helpers import document
from tests.core.equity.test_principles import generated
from tests.factories import assess, builtin_interpretation

RULES = builtin_interpretation().rules
CAPABLE: dict[str, Any] = {
    "access.phone_type": "smartphone",
    "access.phone_sharing": "own",
    "access.other_devices": ["computer"],
    "access.video_device": True,
    "access.home_internet": "wifi",
    "access.data_plan": "unlimited",
    "access.last_online": "past_week",
    "skills.turn_on_unlock": "on_my_own",
    "skills.install_app": "on_my_own",
    "skills.send_text": "on_my_own",
    "skills.use_email": "on_my_own",
    "skills.join_video_call": "on_my_own",
}
NEW_TO_IT = {
    **CAPABLE,
    "access.last_online": "longer_ago",
    "skills.join_video_call": "not_yet",
}


def verdict(answers: dict[str, Any], channel_id: str) -> Verdict:
    found = assess(document(answers)).channel(channel_id)
    assert found is not None
    return found.verdict


def ranks(answers: dict[str, Any]) -> dict[str, int]:
    return {c.id: c.verdict.rank for c in assess(document(answers)).channels}


def ids(answers: dict[str, Any]) -> list[str]:
    return [rec.id for rec in assess(document(answers)).recommendations]


# -- Support ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["family", "friend", "program_staff"])
def test_support_a_named_helper_makes_video_ready_with_support_and_is_named(who: str) -> None:
    """The finding: a family member who helps never made any barrier "ready with support"."""
    alone = {**NEW_TO_IT, "access.helper_available": False}
    assert verdict(alone, "video") is Verdict.NOT_SUITABLE
    helped = {**NEW_TO_IT, "access.helper_available": True, "access.helper_who": [who]}
    video = assess(document(helped)).channel("video")
    assert video is not None and video.verdict is Verdict.SUPPORT
    reason = next(r for r in video.reasons if r.rule == "no_recent_use")
    assert "a helper can set up and join" in reason.text.get("en")
    assert any(e.fact == "helper_who" for e in reason.evidence)
    assert "Who helps" in reason.render("en") and "Quién ayuda" in reason.render("es")
    assert "helper_joins" in ids(helped)


def test_support_a_helper_who_cannot_join_video_does_not_soften_it() -> None:
    cannot = {
        **NEW_TO_IT,
        "access.helper_available": True,
        "access.helper_who": ["family"],
        "access.helper_can_join": False,
    }
    assert verdict(cannot, "video") is Verdict.NOT_SUITABLE
    assert "helper_joins" not in ids(cannot)


def test_support_a_helper_softens_a_device_skill_barrier_but_not_a_memory_need() -> None:
    cannot_unlock = {**CAPABLE, "skills.turn_on_unlock": "not_yet"}
    assert verdict(cannot_unlock, "video") is Verdict.NOT_SUITABLE
    named = {"access.helper_available": True, "access.helper_who": ["friend"]}
    assert verdict({**cannot_unlock, **named}, "video") is Verdict.SUPPORT
    memory = {**CAPABLE, **named, "access.helper_can_join": True, "comm.memory_difficulty": "a_lot"}
    assert (
        verdict(memory, "video") is Verdict.NOT_SUITABLE
    )  # Lam: a supporter meets technology only
    phone = {
        **memory,
        "comm.support_person_in_calls": True,
    }
    assert verdict(phone, "phone") is Verdict.SUPPORT
    assert (
        verdict({**memory, "comm.support_person_in_calls": False}, "phone") is Verdict.NOT_SUITABLE
    )


# -- Experience is not capability ---------------------------------------------------


def test_experience_never_having_joined_a_video_call_is_support_and_a_practice_call() -> None:
    """The finding: "never joined a video call" alone made video "not suitable now"."""
    answers = {**CAPABLE, "skills.join_video_call": "not_yet"}
    video = assess(document(answers)).channel("video")
    assert video is not None and video.verdict is Verdict.SUPPORT
    assert [r.rule for r in video.reasons if r.effect is Verdict.SUPPORT] == ["never_joined"]
    assert "practice_call" in ids(answers)


def test_experience_a_lam_criterion_still_applies() -> None:
    answers = {**CAPABLE, "skills.join_video_call": "not_yet", "access.last_online": "never"}
    assert verdict(answers, "video") is Verdict.NOT_SUITABLE


# -- Data cost ----------------------------------------------------------------------

LIMITED = {"access.home_internet": "phone_data_only", "access.data_plan": "limited"}
RUNS_OUT = {**LIMITED, "access.data_plan": "prepaid", "access.data_runs_out": "always"}


@pytest.mark.parametrize("plan", [LIMITED, RUNS_OUT], ids=["limited", "runs out"])
def test_data_cost_weighs_on_each_channel_by_the_data_it_uses(plan: dict[str, Any]) -> None:
    """The finding: running out of mobile data lowered text messages, which need almost none."""
    base = {**CAPABLE, "access.other_devices": ["none"]}
    before, after = ranks(base), ranks({**base, **plan})
    change = {channel: after[channel] - before[channel] for channel in before}
    assert change["text"] == 0
    assert change["group_video"] >= change["video"] >= 1
    assert change["video"] >= change["app"] >= change["email"] == 0


def test_data_cost_reasons_give_the_data_an_hour_from_the_thresholds() -> None:
    video = assess(document({**CAPABLE, **LIMITED})).channel("video")
    group = assess(document({**CAPABLE, **LIMITED})).channel("group_video")
    assert video is not None and group is not None
    one_to_one = data_text(data_per_hour("video_basic", RULES.thresholds) or 0)
    assert one_to_one == "540 MB"  # (0.6 + 0.6) Mbit/s for 3600 s
    assert f"about {one_to_one} an hour" in " ".join(r.text.get("en") for r in video.reasons)
    assert "about 2.5 GB an hour" in " ".join(r.text.get("en") for r in group.reasons)


def test_data_cost_home_wifi_makes_the_phone_plan_irrelevant_to_video() -> None:
    answers = {**CAPABLE, "access.data_plan": "prepaid", "access.data_runs_out": "often"}
    assert verdict(answers, "video") is Verdict.READY
    assert verdict(answers, "text") is Verdict.READY


# -- The person's wishes ------------------------------------------------------------

DECLINES = {
    "access.cost_help_interest": ("lifeline", "low_cost_internet"),
    "access.device_help_interest": ("device_lending", "hotspot_lending"),
    "comm.interpreter_help": ("interpreter",),
    "comm.text_or_captions": ("captions",),
    "comm.bigger_text_help": ("large_text", "screen_reader"),
    "comm.reminders_help": ("reminders",),
    "preferences.learning_interest": ("skills_class",),
}
"""An answer saying no (for learning, "not now") and what must then not be recommended."""


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_wishes_nothing_declined_or_unusable_is_recommended(data: st.DataObject) -> None:
    result = generated(data)
    recommended = {rec.id for rec in result.recommendations}
    facts = result.facts
    for item_id, entries in DECLINES.items():
        fact_id = next(f.id for f in RULES.ruleset.facts if f.answer == item_id)
        if facts[fact_id].value in (False, "not_now"):
            assert not recommended & set(entries), (item_id, recommended & set(entries))
    if facts["wifi_device"].value is not True:
        assert not recommended & {"hotspot_lending", "low_cost_internet"}


def test_wishes_declined_programmes_are_left_out() -> None:
    """The finding: programmes were recommended, one at high priority, against the answers."""
    answers = {
        "access.phone_type": "basic",
        "access.other_devices": ["none"],
        "access.video_device": False,
        "access.home_internet": "none",
        "access.bill_trouble": "often",
        "preferences.video_comfort": "okay",
    }
    offered = ids(answers)
    assert {"lifeline", "device_lending"} <= set(offered)
    assert "hotspot_lending" not in offered  # nothing here can join Wi-Fi
    declined = {
        **answers,
        "access.cost_help_interest": False,
        "access.device_help_interest": False,
    }
    assert not {"lifeline", "low_cost_internet", "device_lending", "hotspot_lending"} & set(
        ids(declined)
    )


def test_wishes_a_hotspot_only_for_someone_with_a_device_that_joins_wifi() -> None:
    offline = {
        "access.phone_type": "smartphone",
        "access.data_plan": "wifi_only",
        "access.home_internet": "none",
        "access.video_device": True,
    }
    assert "hotspot_lending" in ids(offline)
    assert "hotspot_lending" not in ids(
        {**offline, "access.phone_type": "basic", "access.video_device": False}
    )
