"""The principles of readiness/rules/README.md that keep results true to the answers:
Evidence (a reason states only what the facts say, and names them), Not enough information
(a channel is never "ready" by default) and Worst need (one severe need is not averaged
away). Each is checked over generated documents and on the findings of issue 17."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.equity.conditions import evaluate, parse_condition
from readiness.equity.profile import band_for
from readiness.equity.results import ORIGIN_WORDS, AssessmentResult, Origin, Reason, Verdict
from tests.core.equity.helpers import document
from tests.core.equity.test_properties import connection_check, questionnaire_answers
from tests.factories import assess, builtin_interpretation

RULES = builtin_interpretation().rules
SOME = {"in": ["some"]}
HARD = {"in": ["a_lot", "cannot"]}
OFTEN = {"in": ["often", "always"]}


def fact(name: str, test: dict[str, Any]) -> dict[str, Any]:
    return {"fact": name, **test}


def any_of(*parts: dict[str, Any]) -> dict[str, Any]:
    return {"any": list(parts)}


CLAIMS: list[tuple[str, dict[str, Any]]] = [
    (r"[Pp]aying the phone bill is often hard", fact("bill_trouble", OFTEN)),
    (r"was cut off", fact("service_cut_off", {"eq": True})),
    (r"[Dd]ata[^.]*often run", fact("data_runs_out", OFTEN)),
    (r"[Dd]ata often runs out", fact("data_runs_out", OFTEN)),
    (
        r"small buttons takes some effort",
        any_of(*(fact(f, SOME) for f in ("vision", "hearing", "hands"))),
    ),
    (r"small buttons is hard", any_of(*(fact(f, HARD) for f in ("vision", "hearing", "hands")))),
    (r"^Hearing[^.]*(some effort|a little hard)", fact("hearing", SOME)),
    (r"^Hearing[^.]* is hard", fact("hearing", HARD)),
    (r"^Hearing[^.]*not possible", fact("hearing", {"eq": "cannot"})),
    (r"^(Seeing|Reading)[^.,]*(is very hard|is hard)", fact("vision", HARD)),
    (r"^(Seeing|Reading)[^.,]*(some effort|a little hard)", fact("vision", SOME)),
    (r"^(Seeing|Reading)[^.,]*not possible", fact("vision", {"eq": "cannot"})),
    (r"^Speaking[^.]*very hard", fact("speech", HARD)),
    (r"^Speaking[^.]*a little hard", fact("speech", SOME)),
    (r"^(Remembering|Memory or focus)[^.]*very hard", fact("memory", HARD)),
    (r"^Remembering[^.]*can be hard", fact("memory", SOME)),
    (
        r"(Small buttons are hard|buttons is very hard|Typing on a phone is hard)",
        fact("hands", HARD),
    ),
    (r"Typing takes some effort", fact("hands", SOME)),
    (r"Has not been online", fact("last_online", {"in": ["longer_ago", "never"]})),
    (
        r"(Has not joined a video call|Joining a video call is new)",
        fact("join_video_call", {"eq": "not_yet"}),
    ),
    (r"Can join a video call with some help", fact("join_video_call", {"eq": "with_help"})),
    (r"There is no phone (right|for)", fact("phone_type", {"eq": "none"})),
    (r"no internet at home or on the phone", fact("offline_at_home", {"eq": True})),
    (r"[Tt]here is no private place", fact("private_place", {"eq": "no_place"})),
    (r"private place is only there sometimes", fact("private_place", {"eq": "sometimes"})),
    (
        r"(Others use this phone|The phone is shared)",
        fact("phone_sharing", {"in": ["shared", "borrowed"]}),
    ),
    (r"The phone is borrowed", fact("phone_sharing", {"eq": "borrowed"})),
    (r"^An interpreter would help", fact("interpreter_help", {"eq": True})),
    (r"would not like a video call", fact("video_comfort", {"eq": "would_not_like"})),
    (r"would not like an online group", fact("group_interest", {"eq": "would_not_like"})),
    (r"but a helper can (set|join)", fact("capable_supporter", {"eq": True})),
    (r"support person can join", fact("support_person_ready", {"eq": True})),
    (r"Asked us not to send text", fact("messages_ok", {"in": ["voice_only", "neither"]})),
    (
        r"(Privacy worries them a lot|Worries a lot about privacy)",
        fact("privacy_worry", {"eq": "a_lot"}),
    ),
    (r"not sure about video", fact("video_comfort", {"eq": "not_sure"})),
    (r"not sure about groups", fact("group_interest", {"eq": "not_sure"})),
    (
        r"Installing apps is (still )?new|installing apps is still new",
        fact("install_app", {"in": ["with_help", "not_yet"]}),
    ),
    (r"Sending texts is new", fact("send_text", {"in": ["with_help", "not_yet"]})),
    (r"Email is new", fact("use_email", {"in": ["with_help", "not_yet"]})),
    (r"Passwords are new", fact("passwords", {"eq": "not_yet"})),
    (r"Spotting scams is new", fact("spot_scams", {"eq": "not_yet"})),
    (r"would like text check-ins", fact("text_check_ins", {"eq": True})),
    (
        r"Health papers or words are often hard",
        any_of(fact("reading_help", OFTEN), fact("hard_words", OFTEN)),
    ),
    (
        r"Help with health papers or forms is often wanted",
        any_of(fact("reading_help", OFTEN), fact("forms_help", OFTEN)),
    ),
    (r"Someone they trust can join", fact("helper_available", {"eq": True})),
    (r"There is no home internet", fact("home_internet", {"in": ["none", "phone_data_only"]})),
    (
        r"costs are hard or they asked",
        any_of(fact("cost_pressure", {"eq": True}), fact("cost_help_interest", {"eq": True})),
    ),
]
"""What a sentence claims (a pattern of its English text) and the facts that must hold for it."""
PARSED = [(re.compile(pattern), parse_condition(condition)) for pattern, condition in CLAIMS]


def texts(result: AssessmentResult) -> list[str]:
    """Every channel reason and recommendation "why", without the facts appended."""
    found = [reason.text.get("en") for c in result.channels for reason in c.reasons]
    return found + [rec.why.text.get("en") for rec in result.recommendations]


def contradictions(result: AssessmentResult) -> list[str]:
    wrong = []
    for text in texts(result):
        for sentence in re.split(r"(?<=[.;])\s+", text):
            for pattern, condition in PARSED:
                holds = evaluate(condition, result.facts, RULES.thresholds) is True
                if pattern.search(sentence) and not holds:
                    wrong.append(f"{sentence!r} claims {pattern.pattern!r}")
    return wrong


def generated(data: st.DataObject) -> AssessmentResult:
    """The result for a generated document: shown questions answered, maybe a connection test."""
    checks = [connection_check(data)] if data.draw(st.booleans()) else []
    answers = tuple(questionnaire_answers(data, hidden_too=False))
    return assess(replace(document(checks=checks), answers=answers))


def test_every_claim_pattern_is_used_by_some_text() -> None:
    """The claims table keeps up with the rule texts (a pattern nothing matches tests nothing)."""
    everything = [rule.reason.get("en") for rules in RULES.channel_rules.values() for rule in rules]
    everything += [
        r.relief_reason.get("en")
        for rs in RULES.channel_rules.values()
        for r in rs
        if r.relief_reason
    ]
    everything += [t.why.get("en") for entry in RULES.ruleset.catalogue for t in entry.triggers]
    sentences = [s for text in everything for s in re.split(r"(?<=[.;])\s+", text)]
    unused = [p for p, _ in CLAIMS if not any(re.search(p, s) for s in sentences)]
    assert unused == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_evidence_no_reason_states_a_fact_the_answers_contradict(data: st.DataObject) -> None:
    assert contradictions(generated(data)) == []


def names_facts(reason: Reason) -> bool:
    """Whether a reason lists facts after it, or shows one in its sentence ("(measured)")."""
    text = reason.text.get("en")
    return bool(reason.evidence) or any(f"({w.get('en')})" in text for w in ORIGIN_WORDS.values())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_evidence_every_reason_names_facts_from_the_document(data: st.DataObject) -> None:
    result = generated(data)
    for channel in result.channels:
        for reason in channel.reasons:
            assert names_facts(reason) or reason.rule == "no_technology_needed", reason.rule
            for item in reason.evidence:
                known = result.facts[item.fact].known
                assert known == (item.origin is not Origin.UNKNOWN), (reason.rule, item.fact)
    for rec in result.recommendations:
        assert names_facts(rec.why), rec.id
        assert all(result.facts[item.fact].known for item in rec.why.evidence)


def test_evidence_a_phone_reason_never_says_the_bill_is_hard_when_it_is_not() -> None:
    """The finding: data that runs out made the phone reason say bills were hard or cut off."""
    result = assess(
        document(
            {
                "access.phone_type": "smartphone",
                "access.data_plan": "prepaid",
                "access.data_runs_out": "often",
                "access.bill_trouble": "never",
                "access.service_cut_off": False,
            }
        )
    )
    phone = result.channel("phone")
    assert phone is not None and phone.verdict is Verdict.SUPPORT
    said = " ".join(r.render("en") for r in phone.reasons)
    assert "bill" not in said and "cut off" not in said and "minutes often run out" in said
    assert contradictions(result) == []


def test_not_enough_information_app_and_email_are_not_ready_without_skills() -> None:
    """The finding: app and email were "ready" when nothing was known about skills."""
    result = assess(
        document(
            {
                "access.phone_type": "smartphone",
                "access.other_devices": ["computer"],
                "access.video_device": True,
                "access.home_internet": "wifi",
            }
        )
    )
    for channel_id, item in (("app", "skills.install_app"), ("email", "skills.use_email")):
        channel = result.channel(channel_id)
        assert channel is not None and channel.verdict is Verdict.SUPPORT
        assert channel.reasons[0].rule == "not_known_yet"
        assert [e.ref for e in channel.reasons[0].evidence] == [item]
        assert "Not known yet" in channel.reasons[0].render("en")
        assert "Todavía no se sabe" in channel.reasons[0].render("es")


def test_not_enough_information_names_why_an_answer_is_missing() -> None:
    from readiness.model import Answer, MissingCode
    from tests.core.equity.helpers import WHEN

    declined = Answer("access", "access.phone_type", WHEN, missing=MissingCode.DECLINED)
    phone = assess(replace(document(), answers=(declined,))).channel("phone")
    assert phone is not None
    assert "Kind of phone: Prefer not to say (not known yet)" in phone.reasons[0].render("en")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_not_enough_information_a_channel_is_never_ready_by_default(data: st.DataObject) -> None:
    result = generated(data)
    for channel in result.channels:
        required = RULES.channel_requires[channel.id]
        if channel.verdict is Verdict.READY:
            assert all(result.facts[f].known for f in required), channel.id
            assert any(r.effect is Verdict.READY for r in channel.reasons), channel.id
        if any(not result.facts[f].known for f in required):
            assert channel.verdict is not Verdict.READY


def test_every_channel_but_in_person_requires_some_facts() -> None:
    assert {c: bool(f) for c, f in RULES.channel_requires.items()} == {
        "phone": True,
        "text": True,
        "video": True,
        "group_video": True,
        "app": True,
        "email": True,
        "in_person": False,
    }


def test_worst_need_one_severe_need_is_not_averaged_away() -> None:
    """The finding: severe hearing loss, low vision or memory trouble read "In place" (86)."""
    none = {
        f"comm.{n}_difficulty": "none" for n in ("hearing", "vision", "speech", "memory", "hand")
    }
    for item in ("hearing", "vision", "memory"):
        answers = {**none, f"comm.{item}_difficulty": "a_lot"}
        domain = assess(document(answers)).domain("communication")
        assert domain is not None and domain.band is not None
        assert domain.band.id == "more_support", (item, domain.score)
        assert domain.score == 39  # the mean, 86, placed in the band of the need (0-45)
        assert domain.reasons[0].rule == "communication.worst_need"
        assert "The average alone would be 86" in domain.reasons[0].render("en")


def test_worst_need_progress_on_other_needs_still_moves_the_score() -> None:
    base = {f"skills.{n}": "on_my_own" for n in ("turn_on_unlock", "connect_wifi", "send_text")}
    before = {**base, "skills.install_app": "not_yet", "skills.use_email": "with_help"}
    after = {**before, "skills.use_email": "on_my_own"}
    first = assess(document(before)).domain("digital_skills")
    second = assess(document(after)).domain("digital_skills")
    assert first is not None and second is not None and first.band and second.band
    assert first.band.id == second.band.id == "more_support"
    assert first.score is not None and second.score is not None
    assert first.score < second.score <= 45


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_worst_need_a_domain_is_in_the_band_of_its_worst_need(
    data: st.DataObject,
) -> None:
    result = generated(data)
    for definition in RULES.ruleset.domains:
        domain = result.domain(definition.id)
        assert domain is not None
        if not definition.worst_need or domain.band is None:
            continue
        lowest = min(
            float(r.text.get("en").rsplit(": ", 1)[1].split(" ")[0])
            for r in domain.reasons
            if r.rule != f"{definition.id}.worst_need"
        )
        worst_band = band_for(RULES.ruleset.bands, lowest).id
        assert domain.band.id == worst_band, (definition.id, lowest, domain.score)


def test_worst_need_applies_to_the_need_domains_only() -> None:
    flagged = {d.id for d in RULES.ruleset.domains if d.worst_need}
    assert flagged == {"digital_skills", "health_information", "communication"}
