"""Agency rule files: laid over the built-ins by id; a broken file is reported precisely
(file and key path) and skipped, so the rules before it stay in force."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readiness.equity.loading import RulesError, load_rules, merge
from readiness.equity.output import result_to_json
from readiness.thresholds import builtin_thresholds, thresholds_from_text
from tests.core.equity.helpers import persona
from tests.factories import assess, builtin_interpretation

HEADER = "format: readiness-rules\nschema_version: 1\n"


def agency(tmp_path: Path, body: str, name: str = "agency.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_merge_by_id_keeps_order_adds_and_removes() -> None:
    base = {"list": [{"id": "a", "x": 1, "y": {"k": 1}}, {"id": "b", "x": 2}], "n": 1}
    over = {"list": [{"id": "b", "x": 3}, {"id": "c", "x": 4}, {"id": "a", "remove": True}]}
    assert merge(base, over) == {"list": [{"id": "b", "x": 3}, {"id": "c", "x": 4}], "n": 1}
    assert merge({"steps": [1, 2]}, {"steps": [3]}) == {"steps": [3]}


def test_an_agency_file_changes_a_weight_and_a_rule(tmp_path: Path) -> None:
    path = agency(
        tmp_path,
        """
overall:
  enabled: false
channels:
  - id: video
    rules:
      - id: no_private_place
        effect: not_suitable
""",
    )
    rules, warnings = load_rules(
        [path], thresholds=builtin_thresholds(), instruments=builtin_interpretation().instruments
    )
    assert warnings == ()
    assert str(path) in rules.origin
    result = assess(persona("p04_laptop_low_confidence_no_privacy"), rules)
    assert result.overall is None
    video = result.channel("video")
    assert video is not None and video.verdict.value == "not_suitable_now"
    assert video.reasons[0].rule == "no_private_place"


def test_an_agency_file_adds_and_removes_catalogue_entries(tmp_path: Path) -> None:
    path = agency(
        tmp_path,
        """
catalogue:
  - id: phone_first
    remove: true
  - id: agency_tablets
    kind: support
    title: {en: "Tablet from our library", es: "Tableta de nuestra biblioteca"}
    description: {en: "Ask at the desk.", es: "Pregunte en la recepción."}
    source: "Agency policy 2026-04"
    triggers:
      - id: no_device
        priority: high
        when: {fact: video_device, eq: false}
        why: {en: "No device for video.", es: "No hay aparato para video."}
""",
    )
    rules, warnings = load_rules([path], thresholds=builtin_thresholds())
    assert warnings == ()
    found = assess(persona("p01_older_hearing_basic_phone"), rules).recommendations
    ids = [r.id for r in found]
    assert "phone_first" not in ids
    added = found[ids.index("agency_tablets")]
    assert added.priority.value == "high" and added.why.source == "Agency policy 2026-04"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "channels:\n  - id: video\n    rules:\n      - id: no_private_place\n"
            "        when: {fact: private_plase, eq: no_place}\n",
            "agency.yaml: channels[video].rules[no_private_place].when: "
            "fact 'private_plase' does not exist here",
        ),
        (
            "domains:\n  - id: connectivity\n    indicators:\n      - id: measured_speed\n"
            "        weight: 0\n",
            "agency.yaml: domains[connectivity].indicators[measured_speed].weight: ",
        ),
        (
            "channels:\n  - id: phone\n    rules:\n      - id: no_phone\n"
            "        when: {fact: phone_type, eq: landline}\n",
            "channels[phone].rules[no_phone].when: 'landline' is not a code of 'phone_type'",
        ),
        (
            "channels:\n  - id: video\n    rules:\n      - id: upload_too_low\n"
            "        when: {fact: upload_mbps, lt: {threshold: video_hd.upload_mbps}}\n",
            "threshold 'video_hd.upload_mbps': no connection use 'video_hd'",
        ),
        (
            "channels:\n  - id: app\n    requires: [install_ap]\n",
            "agency.yaml: channels[app].requires: fact 'install_ap' does not exist here",
        ),
        (
            "channels:\n  - id: video\n    rules:\n      - id: data_capped\n"
            "        reason: {en: 'Uses {data:video_hd} an hour', es: 'Usa {data:video_hd}'}\n",
            "channels[video].rules[data_capped].reason.en: placeholder: no connection use",
        ),
        (
            "catalogue:\n  - id: new_entry\n    kind: support\n    title: {en: Only English}\n"
            "    description: {en: a, es: b}\n    source: Agency policy\n    triggers:\n"
            "      - {id: t, priority: low, when: {all: []}, why: {en: a, es: b}}\n",
            "agency.yaml: catalogue[new_entry].title.es: ",
        ),
        (
            "channels:\n  - id: phone\n    title: {en: Phone call, es: '  '}\n",
            "agency.yaml: channels[phone].title.es: the text is empty",
        ),
        (
            "channels:\n  - id: phone\n    title: {fr: Appel}\n",
            "agency.yaml: channels[phone].title.fr: ",
        ),
        (
            "catalogue:\n  - id: captions\n    channels: [fax]\n",
            "catalogue[captions].channels: 'fax' is not a channel id",
        ),
        (
            "channels:\n  - id: video\n    rules:\n      - id: new_rule\n        effect: maybe\n",
            "channels[video].rules[new_rule].effect: ",
        ),
        (
            "domains:\n  - id: devices\n    indicators:\n      - id: phone\n        facts:\n"
            "          - fact: phone_type\n            scores: {smartphone: 100, basic: 50}\n",
            "domains[devices].indicators[phone].facts[phone_type].scores: give a score for "
            "every code; missing 'none'",
        ),
        (
            "channels:\n  - id: text\n    rules:\n      - id: asked_no_texts\n"
            "        reason: {en: 'Asked {fact:mesages_ok}', es: 'Pidió'}\n",
            "channels[text].rules[asked_no_texts].reason.en: placeholder: fact 'mesages_ok'",
        ),
        ("bandz: []\n", "agency.yaml: key 'bandz' is not a rules section"),
        ("channels: [\n", "agency.yaml: not valid YAML (line"),
        (
            "catalogue:\n  - id: lifeline\n    remove: true\n    priority: high\n",
            "catalogue[lifeline]: use only 'id' with 'remove: true'",
        ),
    ],
)
def test_a_broken_agency_file_is_reported_precisely_and_skipped(
    tmp_path: Path, body: str, message: str
) -> None:
    path = agency(tmp_path, body)
    rules, warnings = load_rules(
        [path], thresholds=builtin_thresholds(), instruments=builtin_interpretation().instruments
    )
    assert len(warnings) == 1
    assert message in warnings[0], warnings[0]
    assert warnings[0].startswith(str(path))
    assert "the rules before it stay in force" in warnings[0]
    assert rules.origin == "built-in"
    built_in = result_to_json(assess(persona("p04_laptop_low_confidence_no_privacy")))
    assert (
        result_to_json(assess(persona("p04_laptop_low_confidence_no_privacy"), rules)) == built_in
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema_version: 1\n", "key 'format' must be 'readiness-rules'"),
        ("format: readiness-rules\n", "key 'schema_version' is missing"),
        ("format: readiness-rules\nschema_version: 2\n", "key 'schema_version': this version"),
        (
            "format: readiness-rules\nschema_version: 1\nfacts: !!python/name:os.system\n",
            "not allowed",
        ),
    ],
)
def test_headers_and_unsafe_yaml_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "agency.yaml"
    path.write_text(text, encoding="utf-8")
    _rules, warnings = load_rules([path], thresholds=builtin_thresholds())
    assert message in warnings[0]


def test_a_good_file_after_a_bad_one_still_applies(tmp_path: Path) -> None:
    bad = agency(tmp_path, "overall: {enabled: maybe}\n", "bad.yaml")
    good = agency(tmp_path, "overall: {enabled: false}\n", "good.yaml")
    missing = tmp_path / "missing.yaml"
    rules, warnings = load_rules([bad, missing, good], thresholds=builtin_thresholds())
    assert [w.split(":")[0] for w in warnings] == [str(bad), str(missing)]
    assert "no such file" in warnings[1]
    assert rules.ruleset.overall.enabled is False
    assert rules.origin == f"built-in + {good}"


def test_agency_thresholds_flow_into_verdicts_and_reasons() -> None:
    thresholds = thresholds_from_text(
        "schema_version: 1\nconnection:\n  video_basic:\n    upload_mbps: 0.3\n",
        "agency thresholds",
    )
    rules, _ = load_rules(thresholds=thresholds)
    video = assess(persona("p06_slow_upload_measured"), rules).channel("video")
    assert video is not None and video.verdict.value == "ready_with_support"
    assert any("0.3 Mbit/s" not in r.text.get("en") for r in video.reasons)
    assert re.search(
        r"Upload 0\.4 Mbit/s \(measured\) is enough for basic video",
        video.reasons[0].text.get("en"),
    )


def test_the_readme_example_is_a_valid_agency_file(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[3] / "readiness/rules/README.md").read_text("utf-8")
    blocks = re.findall(r"```yaml\n(format: readiness-rules.*?)```", readme, re.S)
    assert blocks, "the README shows an agency file"
    path = tmp_path / "example.yaml"
    path.write_text(blocks[0], encoding="utf-8")
    rules, warnings = load_rules(
        [path], thresholds=builtin_thresholds(), instruments=builtin_interpretation().instruments
    )
    assert warnings == ()
    assert rules.ruleset.overall.enabled is False


def test_broken_builtin_rules_raise() -> None:
    from readiness.equity.loading import validate

    with pytest.raises(RulesError, match="built-in rules: facts: "):
        validate(
            {"schema_version": 1},
            "built-in rules",
            thresholds_from_text("schema_version: 1\n", "t"),
            None,
        )
