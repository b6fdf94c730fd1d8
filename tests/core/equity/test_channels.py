"""Channel rules one at a time: hard rules win over the profile, a capable supporter or
captions soften a rule as in Lam et al. 2020, measured figures are quoted with their limits,
and in-person contact is always possible."""

from __future__ import annotations

from typing import Any

import pytest

from readiness.equity.results import ChannelVerdict
from readiness.model import CheckStatus
from tests.core.equity.helpers import check, connection, document
from tests.factories import assess

READY_FOR_VIDEO: dict[str, Any] = {
    "access.phone_type": "smartphone",
    "access.video_device": True,
    "access.home_internet": "wifi",
    "access.last_online": "past_week",
    "skills.join_video_call": "on_my_own",
}


def channel(answers: dict[str, Any], name: str, checks: Any = ()) -> ChannelVerdict:
    found = assess(document(answers, checks)).channel(name)
    assert found is not None
    return found


def rules_of(verdict: ChannelVerdict) -> list[str]:
    return [reason.rule for reason in verdict.reasons]


def test_no_video_device_is_not_suitable_whatever_else_is_in_place() -> None:
    answers = {**READY_FOR_VIDEO, "access.video_device": False}
    video = channel(answers, "video", [connection(50, 20)])
    assert video.verdict.value == "not_suitable_now"
    assert video.reasons[0].rule == "no_video_device"
    assert "speed_good" in rules_of(video)  # good facts are still shown


@pytest.mark.parametrize(
    ("captions", "verdict"),
    [(None, "not_suitable_now"), (False, "not_suitable_now"), (True, "ready_with_support")],
)
def test_a_hearing_need_without_captions_makes_video_not_suitable(
    captions: bool | None, verdict: str
) -> None:
    answers = {**READY_FOR_VIDEO, "comm.hearing_difficulty": "a_lot"}
    if captions is not None:
        answers["comm.text_or_captions"] = captions
    video = channel(answers, "video")
    assert video.verdict.value == verdict
    assert video.reasons[0].rule == "hearing_need"


def test_a_capable_supporter_turns_inexperience_into_ready_with_support() -> None:
    new_to_it = {
        **READY_FOR_VIDEO,
        "access.last_online": "never",
        "skills.join_video_call": "not_yet",
    }
    alone = channel({**new_to_it, "access.helper_available": False}, "video")
    assert alone.verdict.value == "not_suitable_now"
    helped = channel(
        {**new_to_it, "access.helper_available": True, "access.helper_can_join": True}, "video"
    )
    assert helped.verdict.value == "ready_with_support"
    reason = next(r for r in helped.reasons if r.rule == "no_recent_use")
    assert "a helper can set up and join" in reason.text.get("en")
    assert "Helper can set up or join a video call: Yes (answered)" in reason.render("en")


def test_a_supporter_does_not_soften_the_disability_criteria_for_video() -> None:
    answers = {
        **READY_FOR_VIDEO,
        "comm.memory_difficulty": "a_lot",
        "access.helper_available": True,
        "access.helper_can_join": True,
    }
    assert channel(answers, "video").verdict.value == "not_suitable_now"


def test_phone_needs_a_phone_and_a_support_person_helps_with_speech() -> None:
    assert channel({"access.phone_type": "none"}, "phone").verdict.value == "not_suitable_now"
    speech = {"access.phone_type": "basic", "comm.speech_difficulty": "cannot"}
    assert channel(speech, "phone").verdict.value == "not_suitable_now"
    with_person = {**speech, "comm.support_person_in_calls": True, "access.helper_available": True}
    assert channel(with_person, "phone").verdict.value == "ready_with_support"


def test_captioned_calls_make_the_phone_work_for_someone_who_cannot_hear() -> None:
    deaf = {"access.phone_type": "basic", "comm.hearing_difficulty": "cannot"}
    assert channel(deaf, "phone").verdict.value == "not_suitable_now"
    phone = channel({**deaf, "comm.text_or_captions": True}, "phone")
    assert phone.verdict.value == "ready_with_support"
    assert "captioned phone service" in phone.reasons[0].text.get("en")
    assert "47 U.S.C. 225" in phone.reasons[0].source


@pytest.mark.parametrize(
    ("figures", "rule", "verdict", "phrase"),
    [
        (
            (10, 0.4, 30, 0),
            "upload_too_low",
            "not_suitable_now",
            "Upload 0.4 Mbit/s (measured) is below the 0.6 Mbit/s a 1:1 video call needs.",
        ),
        ((0.5, 5, 30, 0), "download_too_low", "not_suitable_now", "below the 0.6 Mbit/s"),
        ((10, 1.0, 30, 0), "upload_fair", "ready_with_support", "below the 1.5 Mbit/s advised"),
        (
            (10, 5, 400, 0),
            "round_trip_too_long",
            "not_suitable_now",
            "400 ms (measured) is over 300 ms",
        ),
        ((10, 5, 200, 0), "round_trip_slow", "ready_with_support", "over the 150 ms"),
        ((10, 5, 30, 8), "loss_too_high", "not_suitable_now", "8% (measured) is over 5%"),
        ((10, 5, 30, 2), "loss_some", "ready_with_support", "over 1%"),
    ],
)
def test_measured_connection_is_quoted_with_its_limit(
    figures: tuple[float, float, float, float], rule: str, verdict: str, phrase: str
) -> None:
    down, up, rtt, loss = figures
    video = channel(READY_FOR_VIDEO, "video", [connection(down, up, rtt=rtt, loss=loss)])
    assert video.verdict.value == verdict
    reason = next(r for r in video.reasons if r.rule == rule)
    assert phrase in reason.text.get("en")
    assert reason.source  # the threshold's own citation from thresholds.yaml


def test_figures_typed_in_by_hand_say_so() -> None:
    video = channel(READY_FOR_VIDEO, "video", [connection(10, 0.4, source="manual")])
    assert "0.4 Mbit/s (entered by hand)" in video.reasons[0].text.get("en")
    assert "0.4 Mbit/s (anotado a mano)" in video.reasons[0].text.get("es")


def test_a_failed_camera_on_the_tested_device_means_support() -> None:
    video = channel(READY_FOR_VIDEO, "video", [check("device.camera", CheckStatus.MISSING)])
    assert video.verdict.value == "ready_with_support"
    assert "camera_trouble" in rules_of(video)


def test_a_choice_not_to_use_video_is_respected_and_camera_off_can_help() -> None:
    no = channel({**READY_FOR_VIDEO, "preferences.video_comfort": "would_not_like"}, "video")
    assert no.verdict.value == "not_suitable_now"
    assert "That is their choice" in no.reasons[0].text.get("en")
    camera_off = channel(
        {
            **READY_FOR_VIDEO,
            "preferences.video_comfort": "would_not_like",
            "preferences.camera_off_ok": True,
        },
        "video",
    )
    assert camera_off.verdict.value == "ready_with_support"


def test_unknown_device_asks_to_check_together_instead_of_guessing() -> None:
    video = channel({}, "video")
    assert video.verdict.value == "ready_with_support"
    assert rules_of(video) == ["not_known_yet"]
    named = [evidence.ref for evidence in video.reasons[0].evidence]
    assert named == ["access.video_device", "access.home_internet", "skills.join_video_call"]
    assert "Device that can do video calls: No answer yet (not known yet)" in video.reasons[
        0
    ].render("en")


def test_the_profile_adds_support_when_a_domain_needs_it_most() -> None:
    offline = {
        **READY_FOR_VIDEO,
        "access.home_internet": "none",
        "access.phone_type": "basic",
        "access.connection_drops": "always",
    }
    video = channel(offline, "video", [connection(0.05, 0.05)])
    assert "profile_connection" in rules_of(video)
    reason = next(r for r in video.reasons if r.rule == "profile_connection")
    assert reason.evidence[0].fact == "profile.connectivity"


def test_in_person_is_always_possible() -> None:
    worst = {
        "access.phone_type": "none",
        "access.video_device": False,
        "comm.hearing_difficulty": "cannot",
        "comm.vision_difficulty": "cannot",
    }
    assert channel(worst, "in_person").verdict.value == "ready"
