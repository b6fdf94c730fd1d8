"""Invariants over the built-in rule files: they load against the built-in questionnaires,
every rule and recommendation cites a source and speaks English and Spanish, every fact is
used, and connection numbers come only from thresholds.yaml (never repeated)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.equity.conditions import ThresholdRef, fact_tests
from readiness.equity.loading import BUILTIN_FILES, Rules, load_rules
from readiness.local_text import LocalText
from readiness.thresholds import builtin_thresholds
from tests.factories import builtin_interpretation

ROOT = Path(__file__).resolve().parents[3]
MEASURED_NUMBERS = {"download_mbps", "upload_mbps", "rtt_ms", "jitter_ms", "loss_pct"}


@pytest.fixture(scope="module")
def rules() -> Rules:
    loaded, warnings = load_rules(
        thresholds=builtin_thresholds(), instruments=builtin_interpretation().instruments
    )
    assert warnings == ()
    return loaded


def test_every_rule_and_entry_cites_a_source(rules: Rules) -> None:
    ruleset = rules.ruleset
    assert ruleset.bands_source and ruleset.overall.source
    for domain in ruleset.domains:
        assert len(domain.source) > 10, domain.id
    for channel in ruleset.channels:
        for rule in channel.rules:
            assert len(rule.source) > 10, f"{channel.id}/{rule.id}"
    for entry in ruleset.catalogue:
        assert len(entry.source) > 10, entry.id
    for fact in ruleset.facts:
        if fact.derived is not None:
            assert fact.source, fact.id


def _texts(rules: Rules) -> list[LocalText]:
    ruleset = rules.ruleset
    found = [ruleset.not_known.reason, ruleset.overall.note]
    found += [band.label for band in ruleset.bands]
    found += [fact.label for fact in ruleset.facts]
    for domain in ruleset.domains:
        found += [domain.title, *domain.band_labels.values()]
        found += [indicator.label for indicator in domain.indicators]
    for channel in ruleset.channels:
        found.append(channel.title)
        for rule in channel.rules:
            found += [rule.reason] + ([rule.relief_reason] if rule.relief_reason else [])
    for entry in ruleset.catalogue:
        found += [entry.title, entry.description, *entry.settings]
        found += [trigger.why for trigger in entry.triggers]
    return found


def test_every_text_is_in_english_and_spanish(rules: Rules) -> None:
    texts = _texts(rules)
    assert len(texts) > 300
    for text in texts:
        english, spanish = text.texts["en"], text.texts["es"]
        assert english.strip() and spanish.strip()
        if len(english) > 12:
            assert english != spanish, f"not translated: {english}"


def test_every_fact_is_used(rules: Rules) -> None:
    ruleset = rules.ruleset
    used: set[str] = set()
    for fact in ruleset.facts:
        if fact.derived is not None:
            used |= {test.fact for test in fact_tests(fact.derived)}
    for domain in ruleset.domains:
        used |= {part.fact for indicator in domain.indicators for part in indicator.facts}
    for channel in ruleset.channels:
        for rule in channel.rules:
            used |= {test.fact for test in fact_tests(rule.when)}
            if rule.unless is not None:
                used |= {test.fact for test in fact_tests(rule.unless)}
    for entry in ruleset.catalogue:
        used |= {test.fact for trigger in entry.triggers for test in fact_tests(trigger.when)}
    assert [fact.id for fact in ruleset.facts if fact.id not in used] == []


def test_connection_numbers_come_only_from_the_thresholds_file(rules: Rules) -> None:
    ruleset = rules.ruleset
    conditions = [rule.when for c in ruleset.channels for rule in c.rules]
    conditions += [t.when for e in ruleset.catalogue for t in e.triggers]
    compared = 0
    for condition in conditions:
        for test in fact_tests(condition):
            if test.fact in MEASURED_NUMBERS and test.op != "known":
                assert isinstance(test.operand, ThresholdRef), test
                compared += 1
    assert compared > 20
    for domain in ruleset.domains:
        for indicator in domain.indicators:
            for part in indicator.facts:
                for step in part.steps or ():
                    bound = step.at_least if step.at_least is not None else step.at_most
                    assert isinstance(bound, ThresholdRef), (domain.id, indicator.id)


def test_lam_criteria_are_hard_rules_for_video_and_phone(rules: Rules) -> None:
    video = {rule.id: rule for rule in rules.channel_rules["video"]}
    for rule_id in (
        "no_video_device",
        "hearing_need",
        "vision_cannot",
        "speech_need",
        "memory_need",
        "no_recent_use",
        "device_use_new",
    ):
        assert video[rule_id].effect == "not_suitable"
        assert "Lam" in video[rule_id].source
    phone = {rule.id: rule for rule in rules.channel_rules["phone"]}
    for rule_id in ("no_phone", "speech_need", "memory_need"):
        assert phone[rule_id].effect == "not_suitable" and "Lam" in phone[rule_id].source


def test_in_person_is_never_made_unsuitable(rules: Rules) -> None:
    assert all(rule.effect != "not_suitable" for rule in rules.channel_rules["in_person"])


def test_the_readme_describes_every_rule_file() -> None:
    readme = (ROOT / "readiness/rules/README.md").read_text(encoding="utf-8")
    for name in (*BUILTIN_FILES, "thresholds.yaml"):
        assert f"`{name}`" in readme
