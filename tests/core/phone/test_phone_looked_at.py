"""The guided phone step: answers become check results judged against the phone thresholds."""

from __future__ import annotations

import pytest

from readiness.model import CheckStatus
from readiness.phone.guide import PLATFORMS, load_guide
from readiness.phone.looked_at import (
    SOURCE,
    PhoneLook,
    look_from_results,
    look_results,
    version_parts,
)
from readiness.thresholds import builtin_thresholds
from tests.factories import BASE_TIME

LIMITS = builtin_thresholds().phone


def _one(look: PhoneLook) -> tuple[str, CheckStatus, str]:
    [result] = look_results(look, LIMITS, measured_at=BASE_TIME)
    assert result.source == SOURCE
    return result.check_id, result.status, result.reason


@pytest.mark.parametrize(
    ("platform", "version", "status"),
    [
        ("iphone", "17.5.1", CheckStatus.GOOD),
        ("iphone", "15", CheckStatus.GOOD),  # the Zoom minimum itself
        ("iphone", "15.0.2", CheckStatus.GOOD),
        ("iphone", "12.5", CheckStatus.MISSING),
        ("android", "9", CheckStatus.GOOD),
        ("android", "8.1", CheckStatus.LIMITED),
        ("android", "4.4", CheckStatus.MISSING),
        ("android", "not a number", CheckStatus.UNKNOWN),
    ],
)
def test_the_system_version_is_judged_against_the_platforms_minimums(
    platform: str, version: str, status: CheckStatus
) -> None:
    check_id, found, reason = _one(PhoneLook(platform=platform, system_version=version))
    assert (check_id, found) == ("phone.system", status)
    if status is not CheckStatus.UNKNOWN:
        assert "source: Zoom system requirements" in reason


def test_an_old_iphone_that_still_runs_whatsapp_is_limited() -> None:
    limits = LIMITS.model_copy(
        update={"ios_supported": LIMITS.ios_supported.model_copy(update={"version": "16"})}
    )
    [result] = look_results(
        PhoneLook(platform="iphone", system_version="15.4"), limits, measured_at=BASE_TIME
    )
    assert result.status is CheckStatus.LIMITED
    assert "WhatsApp" in result.reason


@pytest.mark.parametrize(
    ("free", "status"),
    [(12, CheckStatus.GOOD), (2, CheckStatus.GOOD), (1.2, CheckStatus.LIMITED),
     (0.1, CheckStatus.MISSING)],
)  # fmt: skip
def test_free_storage_against_the_thresholds(free: float, status: CheckStatus) -> None:
    assert _one(PhoneLook(free_storage_gb=free))[:2] == ("phone.storage", status)


@pytest.mark.parametrize(
    ("look", "expected"),
    [
        (PhoneLook(camera="allowed"), ("phone.camera", CheckStatus.GOOD)),
        (PhoneLook(camera="not_allowed"), ("phone.camera", CheckStatus.LIMITED)),
        (PhoneLook(microphone="not_sure"), ("phone.microphone", CheckStatus.UNKNOWN)),
        (PhoneLook(data_plan="prepaid", wifi="none"), ("phone.data", CheckStatus.LIMITED)),
        (PhoneLook(data_plan="none", wifi="home"), ("phone.data", CheckStatus.GOOD)),
        (PhoneLook(data_plan="none", wifi="none"), ("phone.data", CheckStatus.MISSING)),
        (PhoneLook(apps=("whatsapp",)), ("phone.apps", CheckStatus.LIMITED)),
        (PhoneLook(apps=("video_app", "whatsapp")), ("phone.apps", CheckStatus.GOOD)),
        (PhoneLook(apps=()), ("phone.apps", CheckStatus.MISSING)),
        (PhoneLook(screen="with_changes"), ("phone.screen", CheckStatus.LIMITED)),
    ],
)
def test_each_answer_becomes_one_result(look: PhoneLook, expected: tuple[str, CheckStatus]) -> None:
    assert _one(look)[:2] == expected


def test_a_step_left_alone_saves_nothing() -> None:
    assert look_results(PhoneLook(), LIMITS, measured_at=BASE_TIME) == []
    assert look_results(PhoneLook(platform="android"), LIMITS, measured_at=BASE_TIME) == []


def test_saved_answers_come_back() -> None:
    look = PhoneLook(
        platform="android", system_version="14", free_storage_gb=3.5, camera="allowed",
        microphone="not_allowed", data_plan="limited", wifi="public_only",
        apps=("whatsapp", "agency_app"), screen="easy",
    )  # fmt: skip
    assert look_from_results(look_results(look, LIMITS, measured_at=BASE_TIME)) == look
    assert (
        look_from_results(look_results(PhoneLook(apps=()), LIMITS, measured_at=BASE_TIME)).apps
        == ()
    )


def test_the_guide_offers_exactly_the_answers_that_are_judged() -> None:
    guide = load_guide()
    assert guide.codes("platform") == PLATFORMS
    assert set(guide.codes("access")) == {"allowed", "not_allowed", "not_sure"}
    for code in guide.codes("data_plan"):
        assert _one(PhoneLook(data_plan=code))[1] is not None
    for code in guide.codes("screen"):
        assert _one(PhoneLook(screen=code))[1] is not CheckStatus.UNKNOWN
    for topic in guide.topics:
        assert topic.picture_path.is_file()
        for platform in PLATFORMS:
            assert topic.steps_for(platform, "en") and topic.steps_for(platform, "es")
            assert topic.steps_for(platform, "en") != topic.steps_for(platform, "es")


def test_version_numbers() -> None:
    assert version_parts(" 17.5.1 ") == (17, 5, 1)
    assert version_parts("14") == (14,)
    assert version_parts("14 beta") is None
