"""Fictional personas, each an assessment document, give the expected verdict for every
channel and the expected top recommendations, with reasons that show the facts behind them."""

from __future__ import annotations

from typing import Any

import pytest

from readiness.equity.output import result_to_json
from readiness.equity.results import AssessmentResult, Origin
from tests.core.equity.helpers import PERSONAS, expected, persona
from tests.factories import assess

NAMES = sorted(expected())
CHANNELS = {"phone", "text", "video", "group_video", "app", "email", "in_person"}


def test_every_persona_document_has_expectations_and_there_are_at_least_ten() -> None:
    files = sorted(path.stem for path in PERSONAS.glob("*.json"))
    assert files == NAMES
    assert len(NAMES) >= 10


@pytest.fixture(scope="module")
def results() -> dict[str, AssessmentResult]:
    return {name: assess(persona(name)) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_persona_channel_verdicts(name: str, results: dict[str, AssessmentResult]) -> None:
    want: dict[str, str] = expected()[name]["channels"]
    got = {channel.id: channel.verdict.value for channel in results[name].channels}
    assert set(want) == CHANNELS
    assert got == want


@pytest.mark.parametrize("name", NAMES)
def test_persona_top_recommendations(name: str, results: dict[str, AssessmentResult]) -> None:
    case: dict[str, Any] = expected()[name]
    ids = [rec.id for rec in results[name].recommendations]
    assert ids[: len(case["top"])] == case["top"]
    assert set(case.get("includes", [])) <= set(ids)
    assert not set(case.get("excludes", [])) & set(ids)
    if not case["top"]:
        assert ids == []


@pytest.mark.parametrize("name", NAMES)
def test_persona_reasons_name_their_facts(name: str, results: dict[str, AssessmentResult]) -> None:
    result = results[name]
    for channel_id, phrases in expected()[name].get("reason_contains", {}).items():
        text = " ".join(r.render("en") for r in result.channel(channel_id).reasons)  # type: ignore[union-attr]
        for phrase in phrases:
            assert phrase in text, f"{channel_id}: {phrase!r} not in {text!r}"
    for channel in result.channels:
        assert channel.reasons, f"{channel.id} has no reason"
        worst = max(r.effect.rank for r in channel.reasons if r.effect is not None)
        assert worst == channel.verdict.rank, "the verdict is the least ready reason"
        for reason in channel.reasons:
            assert reason.source.strip(), f"{channel.id}/{reason.rule} has no source"
            assert reason.text.languages == {"en", "es"}


def test_a_measured_reason_says_measured_and_an_answer_says_answered(
    results: dict[str, AssessmentResult],
) -> None:
    video = results["p06_slow_upload_measured"].channel("video")
    assert video is not None
    assert video.reasons[0].rule == "upload_too_low"
    assert "Zoom" in video.reasons[0].source
    phone = results["p01_older_hearing_basic_phone"].channel("phone")
    assert phone is not None
    hearing = next(r for r in phone.reasons if r.rule == "hearing_a_lot")
    assert [e.origin for e in hearing.evidence] == [Origin.ANSWERED]
    assert hearing.evidence[0].ref == "comm.hearing_difficulty"
    assert hearing.render("en").endswith("Hearing on calls: A lot of trouble (answered)")


def test_declining_every_question_gives_no_made_up_numbers(
    results: dict[str, AssessmentResult],
) -> None:
    result = results["p11_declined_every_question"]
    missing = expected()["p11_declined_every_question"]["not_enough_information"]
    assert [d.id for d in result.profile if d.score is None] == missing
    assert all(d.band is None for d in result.profile)
    assert result.overall is None
    data = result_to_json(result)
    assert all(entry["score"] is None for entry in data["profile"].values())
    assert data["profile"]["devices"]["band_label"] == "Not enough information"


def test_spanish_persona_reads_in_spanish(results: dict[str, AssessmentResult]) -> None:
    result = results["p13_spanish_limited_plan"]
    video = result.channel("video")
    assert video is not None
    assert video.verdict.label.get("es") == "Listo con apoyo"
    spanish = " ".join(r.render("es") for r in video.reasons)
    assert "anotado a mano" in spanish and "0.9 Mbit/s" in spanish
    assert all(rec.why.text.get("es") != rec.why.text.get("en") for rec in result.recommendations)


def test_results_are_deterministic() -> None:
    for name in NAMES[:4]:
        first = result_to_json(assess(persona(name)), "es")
        assert result_to_json(assess(persona(name)), "es") == first


def test_no_result_text_labels_the_person(results: dict[str, AssessmentResult]) -> None:
    labels = ("low literacy", "illiterate", "non-compliant", "noncompliant", "unable person")
    for result in results.values():
        words = " ".join(
            [r.render("en") for c in result.channels for r in c.reasons]
            + [rec.why.render("en") + rec.description.get("en") for rec in result.recommendations]
            + [r.render("en") for d in result.profile for r in d.reasons]
        ).lower()
        assert not any(label in words for label in labels)
