"""The case library (``cases/``): short stories written before the engine ran on them, each
with the verdict range per channel and the recommendations the published sources expect or
forbid; and three properties over every case: an improvement never makes a channel less
ready, a new barrier never makes one more ready, and English and Spanish give the same
verdicts."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from readiness.document import AssessmentDocument
from readiness.equity.results import AssessmentResult, Verdict
from readiness.model import Answer, CheckResult, CheckStatus, MissingCode
from tests.core.equity.helpers import WHEN, check, connection, document
from tests.core.equity.test_properties import ORDERS, add_barrier, shown_answered
from tests.factories import assess, builtin_interpretation

CASES = Path(__file__).resolve().parent / "cases"
CHANNELS = ("phone", "text", "video", "group_video", "app", "email", "in_person")
VERDICTS = {verdict.value for verdict in Verdict}
IMPROVERS: dict[str, list[Any]] = {
    "access.helper_can_join": [True, False],
    "access.device_help_interest": [True, False],
    "comm.text_or_captions": [True, False],
    "comm.bigger_text_help": [True, False],
    "comm.reminders_help": [True, False],
    "preferences.camera_off_ok": [True, False],
}
"""Answers that only ever soften a barrier, best first (besides the orders of the properties)."""


@cache
def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CASES / f"{name}.yaml").read_text("utf-8"))
    return data


NAMES = sorted(path.stem for path in CASES.glob("c*.yaml"))


def case_answer(item_id: str, value: Any, moment: Any) -> Answer:
    instrument = item_id.split(".", maxsplit=1)[0]
    if isinstance(value, dict):
        return Answer(instrument, item_id, moment, missing=MissingCode(value["missing"]))
    stored = tuple(value) if isinstance(value, list) else value
    return Answer(instrument, item_id, moment, value=stored)


def case_checks(case: dict[str, Any]) -> list[CheckResult]:
    given_checks = case.get("checks") or {}
    found: list[CheckResult] = []
    if "connection" in given_checks:
        line = given_checks["connection"]
        found.append(
            connection(
                line["down"], line["up"], rtt=line["rtt"], jitter=line["jitter"], loss=line["loss"]
            )
        )
    for name, status in (given_checks.get("device") or {}).items():
        found.append(check(f"device.{name}", CheckStatus(status)))
    return found


def case_document(name: str, locale: str | None = None) -> AssessmentDocument:
    case = load(name)
    answers = tuple(
        case_answer(item_id, value, WHEN + timedelta(seconds=index))
        for index, (item_id, value) in enumerate(case["answers"].items())
    )
    doc = document(checks=case_checks(case), locale=locale or case.get("locale", "en"))
    return replace(doc, answers=answers)


@cache
def result(name: str) -> AssessmentResult:
    return assess(case_document(name))


def test_there_are_at_least_thirty_cases_each_a_story_with_sourced_expectations() -> None:
    assert len(NAMES) >= 30
    catalogue = {entry.id for entry in builtin_interpretation().rules.ruleset.catalogue}
    items = {item.id for i in builtin_interpretation().instruments for item in i.items()}
    for name in NAMES:
        case = load(name)
        assert len(case["story"].split()) >= 25, f"{name}: the story comes first"
        assert set(case["answers"]) <= items, f"{name}: unknown items"
        assert set(case["channels"]) == set(CHANNELS), f"{name}: every channel has a range"
        for channel, expected in case["channels"].items():
            assert set(expected["verdicts"]) <= VERDICTS and expected["verdicts"], (name, channel)
            assert len(expected["source"]) > 10, (name, channel)
        for entry in [*case.get("recommended", []), *case.get("forbidden", [])]:
            assert entry["id"] in catalogue, f"{name}: no catalogue entry {entry['id']}"
            assert len(entry["source"]) > 10, (name, entry["id"])
        for entry in [*case.get("domains", {}).values(), *case.get("reasons", [])]:
            assert len(entry["source"]) > 10, name


def test_the_answers_are_those_the_app_would_show() -> None:
    """Each case is entered as a worker would: no answer to a question that is not shown."""
    for name in NAMES:
        doc = case_document(name)
        assert shown_answered(doc) == {a.item_id for a in doc.answers}, name


@pytest.mark.parametrize("name", NAMES)
def test_case_verdicts_are_in_range(name: str) -> None:
    got = {channel.id: channel for channel in result(name).channels}
    wrong = {
        channel_id: (got[channel_id].verdict.value, expected["verdicts"], expected["source"])
        for channel_id, expected in load(name)["channels"].items()
        if got[channel_id].verdict.value not in expected["verdicts"]
    }
    assert not wrong, "\n".join(
        f"{channel}: got {verdict}, expected {allowed} ({source}); reasons: "
        + "; ".join(r.render("en") for r in got[channel].reasons)
        for channel, (verdict, allowed, source) in wrong.items()
    )


@pytest.mark.parametrize("name", NAMES)
def test_case_domain_bands_are_in_range(name: str) -> None:
    for domain_id, expected in load(name).get("domains", {}).items():
        domain = result(name).domain(domain_id)
        assert domain is not None and domain.band is not None, domain_id
        assert domain.band.id in expected["bands"], (
            f"{domain_id}: {domain.score} {domain.band.id}, expected {expected['bands']} "
            f"({expected['source']})"
        )


@pytest.mark.parametrize("name", NAMES)
def test_case_recommendations(name: str) -> None:
    case = load(name)
    ids = [rec.id for rec in result(name).recommendations]
    missing = [e["id"] for e in case.get("recommended", []) if e["id"] not in ids]
    forbidden = [e["id"] for e in case.get("forbidden", []) if e["id"] in ids]
    assert not missing and not forbidden, f"missing {missing}, forbidden {forbidden}; got {ids}"


@pytest.mark.parametrize("name", [n for n in NAMES if load(n).get("reasons")])
def test_case_reasons_say_what_the_answers_say(name: str) -> None:
    found = result(name)
    for entry in load(name)["reasons"]:
        where = entry["in"]
        if where == "recommendations":
            texts = [rec.why.render("en") for rec in found.recommendations]
        else:
            channel = found.channel(where)
            assert channel is not None
            texts = [reason.render("en") for reason in channel.reasons]
        text = " ".join(texts)
        if "says" in entry:
            assert entry["says"] in text, f"{where}: {entry['says']!r} not in {text!r}"
        else:
            assert entry["never_says"] not in text, f"{where}: {entry['never_says']!r} in {text!r}"


def verdicts(doc: AssessmentDocument) -> dict[str, int]:
    return {channel.id: channel.verdict.rank for channel in assess(doc).channels}


def improve(doc: AssessmentDocument, data: st.DataObject) -> AssessmentDocument:
    """The same document with one answer moved towards more in place."""
    orders = {**ORDERS, **IMPROVERS}
    item_id = data.draw(st.sampled_from(sorted(orders)))
    order = orders[item_id]
    current = {a.item_id: a for a in doc.answers}.get(item_id)
    if current is None or current.value not in order:
        value = order[0]
    else:
        position = order.index(current.value)
        assume(position > 0)
        value = data.draw(st.sampled_from(order[:position]))
    later = Answer(item_id.split(".")[0], item_id, WHEN + timedelta(hours=1), value=value)
    kept = tuple(a for a in doc.answers if a.item_id != item_id)
    return replace(doc, answers=(*kept, later))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_an_improvement_never_makes_a_channel_less_ready(data: st.DataObject) -> None:
    before_doc = case_document(data.draw(st.sampled_from(NAMES)))
    after_doc = improve(before_doc, data)
    assume(shown_answered(after_doc) >= shown_answered(before_doc))
    before, after = verdicts(before_doc), verdicts(after_doc)
    worse = {c: (before[c], after[c]) for c in CHANNELS if after[c] > before[c]}
    assert not worse, worse


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_new_barrier_never_makes_a_channel_more_ready(data: st.DataObject) -> None:
    before_doc = case_document(data.draw(st.sampled_from(NAMES)))
    after_doc = add_barrier(before_doc, data)
    hidden = shown_answered(before_doc) - shown_answered(after_doc)
    assume(hidden <= set(IMPROVERS) | {"access.helper_who"})
    before, after = verdicts(before_doc), verdicts(after_doc)
    better = {c: (before[c], after[c]) for c in CHANNELS if after[c] < before[c]}
    assert not better, better


@pytest.mark.parametrize("name", NAMES)
def test_english_and_spanish_give_the_same_verdicts(name: str) -> None:
    english, spanish = assess(case_document(name, "en")), assess(case_document(name, "es"))
    assert [(c.id, c.verdict) for c in english.channels] == [
        (c.id, c.verdict) for c in spanish.channels
    ]
    assert [r.id for r in english.recommendations] == [r.id for r in spanish.recommendations]
    for channel in spanish.channels:
        for reason in channel.reasons:
            assert reason.render("es") != reason.render("en") or not reason.text.get("en")
