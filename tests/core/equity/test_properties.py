"""Property-based tests: any valid assessment document gives a complete result without an
exception, and adding a barrier never makes a channel more ready."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from readiness.document import AssessmentDocument
from readiness.equity.compare import compare
from readiness.equity.output import result_to_json
from readiness.equity.results import AssessmentResult
from readiness.model import Answer, CheckResult, CheckStatus, Measurement, MissingCode
from readiness.questionnaire.conditions import effective_answers, visible_items
from readiness.questionnaire.schema import Item, ItemType
from tests.core.equity.helpers import WHEN, document
from tests.factories import assess, builtin_interpretation

INSTRUMENTS = builtin_interpretation().instruments
ITEMS = {item.id: item for instrument in INSTRUMENTS for item in instrument.items()}
CHECK_IDS = [
    "connection.bandwidth",
    "device.camera",
    "device.microphone",
    "device.speaker",
    "device.memory",
    "device.cpu",
    "device.network",
    "device.wifi",
    "device.display",
    "device.other",
]
FREQUENCY = ["never", "rarely", "sometimes", "often", "always"]
SKILL = ["on_my_own", "with_help", "not_yet"]
TROUBLE = ["none", "some", "a_lot", "cannot"]
FEELING = ["would_like", "okay", "not_sure", "would_not_like"]
EASE = ["very_easy", "easy", "hard", "very_hard"]
ORDERS: dict[str, list[Any]] = {
    "access.phone_type": ["smartphone", "basic", "none"],
    "access.phone_sharing": ["own", "shared", "borrowed"],
    "access.video_device": [True, False],
    "access.home_internet": ["wifi", "phone_data_only", "none"],
    "access.data_plan": ["unlimited", "limited", "prepaid"],
    "access.data_runs_out": FREQUENCY,
    "access.last_online": ["past_week", "past_month", "longer_ago", "never"],
    "access.connection_drops": FREQUENCY,
    "access.bill_trouble": FREQUENCY,
    "access.service_cut_off": [False, True],
    "access.private_place": ["most_times", "sometimes", "no_place"],
    "access.helper_available": [True, False],
    "access.helper_can_join": [True, False],
    **{item_id: SKILL for item_id in ITEMS if item_id.startswith("skills.")},
    "health_info.reading_help": FREQUENCY,
    "health_info.forms_help": FREQUENCY,
    "health_info.hard_words": FREQUENCY,
    "health_info.find_online": EASE,
    "health_info.understand_online": EASE,
    "health_info.judge_online": EASE,
    "health_info.use_info": EASE,
    "comm.hearing_difficulty": TROUBLE,
    "comm.vision_difficulty": TROUBLE,
    "comm.speech_difficulty": TROUBLE,
    "comm.memory_difficulty": TROUBLE,
    "comm.hand_difficulty": TROUBLE,
    "comm.text_or_captions": [True, False],
    "comm.bigger_text_help": [True, False],
    "comm.support_person_in_calls": [True, False],
    "preferences.video_comfort": FEELING,
    "preferences.group_interest": FEELING,
    "preferences.camera_off_ok": [True, False],
    "preferences.learning_interest": ["interested", "maybe", "not_now"],
    "preferences.privacy_worry": ["not_at_all", "a_little", "some", "a_lot"],
    "preferences.trust_services": ["a_lot", "some", "a_little", "not_at_all"],
    "preferences.messages_ok": ["both_ok", "text_only", "voice_only", "neither"],
}
"""Answers from most to least in place: moving right adds a barrier."""
NOT_ADDED = {"access.data_plan"}
"""Never added from nothing: its worst code is not the lowest score in every domain."""
RELIEVERS = {"access.helper_who", "access.helper_can_join"}
"""Follow-up answers a barrier may hide: they can only soften rules."""
DEVICE_RANK = {"computer": 0, "tablet": 0, "public_computer": 1, "none": 2}
STATUS_ORDER = [CheckStatus.GOOD, CheckStatus.LIMITED, CheckStatus.MISSING]


def valid_value(item: Item, data: st.DataObject) -> Any:
    if item.type is ItemType.YES_NO:
        return data.draw(st.booleans())
    if item.type is ItemType.NUMBER:
        return data.draw(st.integers(0, 10))
    if item.type is ItemType.SHORT_TEXT:
        return data.draw(st.text(min_size=1, max_size=20).filter(str.strip))
    codes = [option.code for option in item.options]
    if item.type is ItemType.MULTIPLE_CHOICE:
        plain = [o.code for o in item.options if not o.exclusive]
        chosen = data.draw(st.lists(st.sampled_from(plain), min_size=1, unique=True))
        return tuple(code for code in codes if code in chosen)
    return data.draw(st.sampled_from(codes))


def questionnaire_answers(data: st.DataObject, *, hidden_too: bool) -> list[Answer]:
    """Answers that fit the questionnaires: shown items, valid values or missing codes."""
    answers: list[Answer] = []
    moment = WHEN
    for instrument in INSTRUMENTS:
        given: dict[str, Answer] = {}
        for item in instrument.items():
            shown = item.id in {i.id for i in visible_items(instrument, given)}
            if not shown and not (hidden_too and data.draw(st.booleans())):
                continue
            choice = data.draw(st.sampled_from(["value", "value", "value", "missing", "skip"]))
            if choice == "skip":
                continue
            moment += timedelta(seconds=5)
            if choice == "missing":
                code = data.draw(st.sampled_from(list(MissingCode)))
                answer = Answer(instrument.id, item.id, moment, missing=code)
            else:
                answer = Answer(instrument.id, item.id, moment, value=valid_value(item, data))
            given[item.id] = answer
            answers.append(answer)
    return answers


measured = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=8),
    st.floats(allow_nan=True, allow_infinity=True),
)


def any_check(data: st.DataObject) -> CheckResult:
    keys = ["download_mbps", "upload_mbps", "rtt_ms", "jitter_ms", "loss_pct", "status", "x"]
    values = data.draw(st.dictionaries(st.sampled_from(keys), measured, max_size=7))
    return CheckResult(
        check_id=data.draw(st.sampled_from(CHECK_IDS)),
        status=data.draw(st.sampled_from(list(CheckStatus))),
        measured_at=WHEN + timedelta(seconds=data.draw(st.integers(0, 600))),
        reason="fuzz",
        values={key: Measurement(value, "u") for key, value in values.items()},
        source=data.draw(st.sampled_from(["measured", "manual"])),
    )


def odd_answer(data: st.DataObject) -> Answer:
    """A schema-valid answer that fits no question: wrong type, unknown code or item."""
    item_id = data.draw(st.sampled_from([*ITEMS, "access.not_an_item", "agency.extra"]))
    value = data.draw(
        st.one_of(
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=False),
            st.text(max_size=10),
            st.lists(st.text(max_size=6), max_size=3).map(tuple),
        )
    )
    return Answer(item_id.split(".")[0], item_id, WHEN, value=value)


def check_complete(result: AssessmentResult) -> None:
    assert [d.id for d in result.profile] == [
        "connectivity",
        "devices",
        "affordability",
        "digital_skills",
        "health_information",
        "communication",
        "support_privacy",
        "motivation",
    ]
    for domain in result.profile:
        assert (domain.score is None) == (domain.band is None)
        assert domain.score is None or 0 <= domain.score <= 100
        assert domain.reasons
    assert [c.id for c in result.channels] == [
        "phone",
        "text",
        "video",
        "group_video",
        "app",
        "email",
        "in_person",
    ]
    for channel in result.channels:
        assert channel.reasons
        assert channel.verdict.rank == max(r.effect.rank for r in channel.reasons if r.effect)
    ranks = [rec.priority.rank for rec in result.recommendations]
    assert ranks == sorted(ranks)
    json.dumps(result_to_json(result, "es"), allow_nan=False)
    assert compare(result, result).changed_channels == ()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_valid_document_gives_a_complete_result(data: st.DataObject) -> None:
    answers = questionnaire_answers(data, hidden_too=True)
    answers += [odd_answer(data) for _ in range(data.draw(st.integers(0, 4)))]
    checks = [any_check(data) for _ in range(data.draw(st.integers(0, 5)))]
    doc = document(checks=checks)
    doc = replace(doc, answers=tuple(answers))
    check_complete(assess(doc))


def shown_answered(doc: AssessmentDocument) -> set[str]:
    found: set[str] = set()
    for instrument in INSTRUMENTS:
        answers = {a.item_id: a for a in doc.answers if a.questionnaire_id == instrument.id}
        found |= set(effective_answers(instrument, answers))
    return found


def add_barrier(doc: AssessmentDocument, data: st.DataObject) -> AssessmentDocument:
    """The same document with one barrier added (or None if the move does not apply)."""
    kind = data.draw(st.sampled_from(["answer", "answer", "answer", "devices", "check"]))
    answers = {a.item_id: a for a in doc.answers}
    later = WHEN + timedelta(hours=1)
    if kind == "check":
        return replace(doc, check_results=(*doc.check_results, worse_check(doc, data)))
    if kind == "devices":
        current = answers.get("access.other_devices")
        if current is None or not isinstance(current.value, tuple):
            value: Any = ("none",)  # from nothing, only the worst answer is a barrier
        else:
            rank = min(DEVICE_RANK[code] for code in current.value)
            assume(rank < 2)
            value = data.draw(st.sampled_from([c for c, r in DEVICE_RANK.items() if r > rank]))
            value = (value,)
        item_id = "access.other_devices"
    else:
        item_id = data.draw(st.sampled_from(sorted(ORDERS)))
        order = ORDERS[item_id]
        current = answers.get(item_id)
        if current is None or current.value is None or current.value not in order:
            assume(item_id not in NOT_ADDED)
            value = order[-1]
        else:
            position = order.index(current.value)
            assume(position < len(order) - 1)
            value = data.draw(st.sampled_from(order[position + 1 :]))
    answers[item_id] = Answer(item_id.split(".")[0], item_id, later, value=value)
    return replace(doc, answers=tuple(answers.values()))


def worse_check(doc: AssessmentDocument, data: st.DataObject) -> CheckResult:
    old = next((c for c in doc.check_results if c.check_id == "connection.bandwidth"), None)
    if old is None or data.draw(st.booleans()):
        check_id = data.draw(st.sampled_from(CHECK_IDS[1:9]))
        current = next((c for c in doc.check_results if c.check_id == check_id), None)
        rank = (
            STATUS_ORDER.index(current.status) if current and current.status in STATUS_ORDER else 0
        )
        status = data.draw(st.sampled_from(STATUS_ORDER[rank:]))
        return CheckResult(check_id, status, WHEN + timedelta(hours=1), "worse")
    factor = data.draw(st.floats(0.0, 1.0))
    values = dict(old.values)
    for key in ("download_mbps", "upload_mbps"):
        if data.draw(st.booleans()):
            values[key] = Measurement(float(values[key].value or 0) * factor, "Mbit/s")
    for key in ("rtt_ms", "jitter_ms", "loss_pct"):
        if data.draw(st.booleans()):
            bigger = float(values[key].value or 0) + data.draw(st.floats(0, 400))
            values[key] = Measurement(min(bigger, 100.0) if key == "loss_pct" else bigger, "")
    return replace(old, values=values, measured_at=WHEN + timedelta(hours=1))


def connection_check(data: st.DataObject) -> CheckResult:
    def amount(high: float) -> float:
        return data.draw(st.floats(0, high, allow_nan=False))

    values = {
        "download_mbps": Measurement(amount(60), "Mbit/s"),
        "upload_mbps": Measurement(amount(30), "Mbit/s"),
        "rtt_ms": Measurement(amount(600), "ms"),
        "jitter_ms": Measurement(amount(150), "ms"),
        "loss_pct": Measurement(amount(10), "%"),
        "status": Measurement("ok"),
    }
    return CheckResult("connection.bandwidth", CheckStatus.GOOD, WHEN, "test", values)


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.data())
def test_adding_a_barrier_never_makes_a_channel_more_ready(data: st.DataObject) -> None:
    checks = [connection_check(data)] if data.draw(st.booleans()) else []
    doc = document(checks=checks)
    doc = replace(doc, answers=tuple(questionnaire_answers(data, hidden_too=False)))
    worse = add_barrier(doc, data)
    lost = shown_answered(doc) - shown_answered(worse)
    assume(lost <= RELIEVERS)  # a hidden follow-up answer no longer counts, by design
    before, after = assess(doc), assess(worse)
    for old, new in zip(before.channels, after.channels, strict=True):
        assert new.verdict.rank >= old.verdict.rank, (
            f"{old.id}: {old.verdict.value} -> {new.verdict.value}; "
            f"reasons before {[r.rule for r in old.reasons]}, after {[r.rule for r in new.reasons]}"
        )


def test_compare_lines_up_domains_and_channels() -> None:
    first = assess(
        document(
            {"access.video_device": False, "access.phone_type": "basic"},
            created=datetime(2026, 6, 1, tzinfo=UTC),
        )
    )
    second = assess(
        document(
            {
                "access.video_device": True,
                "access.phone_type": "smartphone",
                "access.home_internet": "wifi",
                "access.other_devices": ["computer"],
            }
        )
    )
    comparison = compare(first, second)
    video = next(c for c in comparison.channels if c.id == "video")
    old_video, new_video = first.channel("video"), second.channel("video")
    assert old_video is not None and new_video is not None
    assert (video.before, video.after) == (old_video.verdict, new_video.verdict)
    assert video.direction.value == "better"
    devices = next(d for d in comparison.domains if d.id == "devices")
    assert devices.before is not None and devices.after is not None and devices.delta > 0  # type: ignore[operator]
    assert "→" in devices.describe("en") and "más en su lugar" in devices.describe("es")
    skills = next(d for d in comparison.domains if d.id == "digital_skills")
    assert skills.delta is None and skills.direction.value == "new"
    assert comparison.previous_at == datetime(2026, 6, 1, tzinfo=UTC)
