"""The loader reports each kind of bad input precisely, one line per problem, and never raises."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.questionnaire.loader import (
    MAX_FILE_BYTES,
    load_all,
    load_data,
    load_file,
    load_paths,
    load_text,
)
from tests.core.questionnaire.samples import item, items_of, minimal, option, text


def problems_of(data: Any) -> list[str]:
    instrument, problems = load_data(data, "demo.yaml")
    assert instrument is None, "expected the definition to be refused"
    assert problems
    return [str(problem) for problem in problems]


def one_problem(data: Any) -> str:
    lines = problems_of(data)
    assert len(lines) == 1, lines
    return lines[0]


def test_the_minimal_sample_is_valid() -> None:
    instrument, problems = load_data(minimal(), "demo.yaml")
    assert problems == []
    assert instrument is not None
    trouble = instrument.item("demo.trouble")
    assert trouble is not None
    assert [o.code for o in trouble.options] == ["never", "sometimes", "often"]  # answer set


def test_json_and_yaml_give_the_same_instrument(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(minimal()), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(minimal()), encoding="utf-8")
    from_json, p1 = load_file(tmp_path / "a.json")
    from_yaml, p2 = load_file(tmp_path / "b.yaml")
    assert p1 == p2 == []
    assert from_json is not None and from_yaml is not None
    assert from_json.sections == from_yaml.sections


# -- files that are not instruments -------------------------------------------------------


def test_broken_yaml_names_line_and_column() -> None:
    instrument, problems = load_text("id: [unclosed\nversion: 1\n", "bad.yaml")
    assert instrument is None
    assert str(problems[0]).startswith("bad.yaml: not valid YAML (line ")


def test_broken_json_names_line_and_column() -> None:
    _, problems = load_text('{"id": }', "bad.json", kind="json")
    assert str(problems[0]).startswith("bad.json: not valid JSON (line 1, column 8: ")


def test_binary_file_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "photo.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    _, problems = load_file(path)
    assert str(problems[0]) == f"{path}: not a text file (expected UTF-8 YAML or JSON)"


def test_other_suffix_is_not_a_questionnaire_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    _, problems = load_file(path)
    assert "not a questionnaire file (expected .yaml, .yml or .json)" in str(problems[0])


def test_plain_text_yaml_is_not_a_questionnaire() -> None:
    _, problems = load_text("just some words", "words.yaml")
    assert str(problems[0]) == (
        "words.yaml: not a questionnaire: expected a mapping at the top level"
    )


def test_missing_format_marker() -> None:
    data = minimal()
    del data["format"]
    assert one_problem(data) == (
        "demo.yaml: not a questionnaire: 'format' must be 'readiness-questionnaire'"
    )


def test_newer_schema_version_is_refused_clearly() -> None:
    assert "newer version of Readiness (schema 7)" in one_problem(minimal(schema_version=7))


def test_hostile_yaml_tag_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    hostile = f'!!python/object/apply:os.system ["touch {marker}"]\n'
    instrument, problems = load_text(hostile, "evil.yaml")
    assert instrument is None
    assert not marker.exists()
    assert str(problems[0]).startswith(
        "evil.yaml: line 1: the YAML tag '!!python/object/apply:os.system' is not allowed"
    )


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    _, problems = load_file(path)
    assert str(problems[0]) == f"{path}: this file is too large to be a questionnaire"


def test_deep_nesting_is_refused() -> None:
    _, problems = load_text("[" * 5000 + "]" * 5000, "deep.yaml")
    assert "nested too deeply" in str(problems[0])
    _, problems = load_text("[" * 30 + "]" * 30, "deep.json", kind="json")
    assert str(problems[0]) == "deep.json: nested too deeply (more than 24 levels)"


def test_alias_bomb_is_refused_without_expanding_it() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    _, problems = load_text("\n".join(lines), "bomb.yaml")
    message = str(problems[0])
    assert message.startswith("bomb.yaml: ")
    assert "too large: more than 100000 values" in message


def test_duplicate_yaml_key_is_reported() -> None:
    body = yaml.safe_dump(minimal(), sort_keys=False).replace(
        "version: '1.0'", "version: '1.0'\nid: x"
    )
    _, problems = load_text(body, "dup.yaml")
    assert "the key 'id' appears twice in one mapping" in str(problems[0])


def test_duplicate_json_key_is_reported() -> None:
    _, problems = load_text('{"id": "a", "id": "b"}', "dup.json", kind="json")
    assert "the key 'id' appears twice" in str(problems[0])


def test_unquoted_yaml_no_as_a_code_gets_a_hint() -> None:
    body = yaml.safe_dump(minimal()).replace("code: basic", "code: no")
    message = "\n".join(str(p) for p in load_text(body, "demo.yaml")[1])
    assert "item demo.phone_kind: options[1].code: False is not text" in message
    assert "YAML reads yes/no/on/off as true/false" in message


# -- schema problems ------------------------------------------------------------------------


def test_unknown_item_type() -> None:
    data = minimal()
    items_of(data)[0]["type"] = "slider"
    assert one_problem(data).startswith(
        "demo.yaml: item demo.has_phone: type: unknown item type 'slider': use 'single_choice',"
    )


def test_unknown_field_is_named() -> None:
    data = minimal()
    items_of(data)[2]["colour"] = "red"
    assert one_problem(data) == (
        "demo.yaml: item demo.trouble: colour: not a known field (check the spelling)"
    )


def test_bad_item_id_gets_a_hint() -> None:
    data = minimal()
    items_of(data)[0]["id"] = "Demo Phone"
    assert "use '<instrument id>.<name>' in lower-case snake_case" in problems_of(data)[0]


def test_missing_required_field() -> None:
    data = minimal()
    del data["licence"]["citation"]
    assert one_problem(data) == "demo.yaml: licence.citation: required but missing"


def test_a_blank_translation_is_named_with_its_language() -> None:
    data = minimal()
    items_of(data)[0]["help"]["es"] = "   "
    assert one_problem(data) == "demo.yaml: item demo.has_phone: help.es: the text is empty"


def test_an_unknown_language_code_in_a_text_is_named() -> None:
    data = minimal()
    items_of(data)[1]["options"][0]["text"]["fr"] = "Smartphone"
    assert one_problem(data) == (
        "demo.yaml: item demo.phone_kind: options[0].text.fr: not a known field "
        "(check the spelling)"
    )


def test_a_text_with_no_language_is_refused() -> None:
    data = minimal()
    items_of(data)[0]["help"] = {}
    assert one_problem(data).startswith(
        "demo.yaml: item demo.has_phone: help: give the text in at least one language"
    )


# -- integrity problems ---------------------------------------------------------------------


def test_missing_translation_names_item_and_field() -> None:
    data = minimal()
    del items_of(data)[0]["help"]["es"]
    assert one_problem(data) == (
        "demo.yaml: item demo.has_phone: help: Spanish text ('es') is missing"
    )


def test_missing_translation_of_an_option_and_of_a_band() -> None:
    data = minimal()
    items_of(data)[1]["options"][1]["text"] = {"en": "Basic"}
    data["scales"][0]["bands"][0]["label"] = {"es": "Bajo"}
    lines = problems_of(data)
    assert (
        "demo.yaml: item demo.phone_kind: options[1] (basic).text: Spanish text ('es') is missing"
        in lines
    )
    assert "demo.yaml: scale total: bands[0].label: English text ('en') is missing" in lines


def test_an_english_only_agency_instrument_is_allowed() -> None:
    data = minimal(languages=["en"])
    del items_of(data)[0]["help"]["es"]
    instrument, problems = load_data(data, "agency.yaml")
    assert problems == [] and instrument is not None
    assert instrument.text_language("es") == "en"


def test_condition_on_an_unknown_item() -> None:
    data = minimal()
    items_of(data)[1]["show_when"]["item"] = "demo.nothing"
    assert one_problem(data) == (
        "demo.yaml: item demo.phone_kind: show_when: refers to item 'demo.nothing', "
        "which does not exist"
    )


def test_condition_on_a_later_item() -> None:
    data = minimal()
    items_of(data)[0]["show_when"] = {"item": "demo.trouble", "equals": "often"}
    assert one_problem(data) == (
        "demo.yaml: item demo.has_phone: show_when: refers to item 'demo.trouble', which comes "
        "later; a condition can only use an earlier answer"
    )


def test_loop_of_conditions() -> None:
    data = minimal()
    items_of(data)[0]["show_when"] = {"item": "demo.trouble", "equals": "often"}
    items_of(data)[2]["show_when"] = {"item": "demo.phone_kind", "equals": "smart"}
    lines = problems_of(data)
    assert len(lines) == 1
    assert "show_when: conditions form a loop: " in lines[0]
    assert "demo.has_phone -> demo.trouble -> demo.phone_kind -> demo.has_phone" in lines[0]


def test_item_that_depends_on_itself() -> None:
    data = minimal()
    items_of(data)[2]["show_when"] = {"item": "demo.trouble", "equals": "often"}
    assert one_problem(data) == (
        "demo.yaml: item demo.trouble: show_when: the item depends on its own answer"
    )


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"item": "demo.has_phone", "equals": "yes"}, "is yes/no: use 'equals: true'"),
        (
            {"item": "demo.trouble", "any_of": ["daily"]},
            "'daily' is not an option of 'demo.trouble'",
        ),
        ({"item": "demo.has_phone"}, "give exactly one of 'equals', 'any_of'"),
    ],
)
def test_condition_values_must_fit_the_item(condition: dict[str, Any], message: str) -> None:
    data = minimal()
    items_of(data).append(item("demo.follow_up", show_when=condition))
    assert message in one_problem(data)


def test_duplicate_ids() -> None:
    data = minimal()
    items_of(data).append(item("demo.has_phone"))
    data["sections"].append({"id": "main", "title": text("Again"), "items": [item("demo.x")]})
    items_of(data)[1]["options"].append(option("smart", 3))
    lines = problems_of(data)
    assert (
        "demo.yaml: item demo.has_phone: item id 'demo.has_phone' is used more than once" in lines
    )
    assert "demo.yaml: section main: section id 'main' is used more than once" in lines
    assert "demo.yaml: item demo.phone_kind: option code 'smart' is used more than once" in lines


def test_item_ids_must_start_with_the_instrument_id() -> None:
    data = minimal()
    items_of(data).append(item("other.thing"))
    assert one_problem(data) == (
        "demo.yaml: item other.thing: item ids must start with the instrument id and a dot: 'demo.'"
    )


def test_unknown_answer_set() -> None:
    data = minimal()
    items_of(data)[2]["answers"] = "sometimes_often"
    assert "answers: no answer set 'sometimes_often' (answer sets: often)" in one_problem(data)


def test_choice_without_enough_options_and_options_on_a_number() -> None:
    data = minimal()
    items_of(data).append(item("demo.one", "single_choice", options=[option("only")]))
    items_of(data).append(item("demo.count", "number", options=[option("x")]))
    lines = problems_of(data)
    assert (
        "demo.yaml: item demo.one: a single_choice item needs at least 2 options (it has 1)"
        in lines
    )
    assert any(
        line.startswith("demo.yaml: item demo.count: a number item has no answer options")
        for line in lines
    )


def test_likert_scores_must_be_ordered() -> None:
    data = minimal()
    data["answer_sets"]["often"][2]["score"] = 0.5
    assert "Likert option scores must go steadily up or steadily down" in one_problem(data)


def test_scale_with_no_items() -> None:
    data = minimal()
    data["scales"][0]["items"] = []
    assert one_problem(data) == "demo.yaml: scale total: the scale has no items"


def test_scale_item_problems() -> None:
    data = minimal()
    items_of(data).append(item("demo.note", "short_text"))
    data["scales"][0]["items"] += [{"item": "demo.note"}, {"item": "demo.ghost"}]
    data["scales"][0]["min_answered"] = 9
    lines = problems_of(data)
    assert (
        "demo.yaml: scale total: item 'demo.note' cannot be scored (short text has no score)"
        in lines
    )
    assert "demo.yaml: scale total: item 'demo.ghost' does not exist" in lines
    assert "demo.yaml: scale total: min_answered is 9 but the scale has only 4 items" in lines


def test_band_gap_between_bands() -> None:
    data = minimal()
    data["scales"][0]["bands"][1]["min"] = 2.5
    assert one_problem(data) == (
        "demo.yaml: scale total: bands leave a gap: values from 2 to 2.5 have no band"
    )


def test_band_overlap() -> None:
    data = minimal()
    data["scales"][0]["bands"][1]["min"] = 1
    assert "bands overlap or are out of order" in one_problem(data)


def test_bands_must_cover_every_possible_value() -> None:
    data = minimal()
    data["scales"][0]["bands"][1]["max"] = 3  # the sum can reach 2 + 2 = 4
    assert one_problem(data) == (
        "demo.yaml: scale total: bands leave a gap: values from 3 to 4 have no band"
    )


def test_many_problems_in_one_file_are_all_reported() -> None:
    data = minimal()
    del items_of(data)[0]["help"]["es"]
    items_of(data)[1]["show_when"]["item"] = "demo.ghost"
    data["scales"][0]["items"] = []
    assert len(problems_of(data)) == 3


def test_problem_lines_are_single_lines() -> None:
    data = minimal()
    items_of(data)[0]["text"] = {"en": "a\nb"}
    for line in problems_of(data):
        assert "\n" not in line


# -- several files --------------------------------------------------------------------------


def write(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_load_paths_keeps_the_valid_and_reports_the_skipped(tmp_path: Path) -> None:
    write(tmp_path / "good.yaml", minimal())
    bad = minimal(id="broken")
    bad["sections"][0]["items"][0]["type"] = "slider"
    write(tmp_path / "bad.yaml", bad)
    (tmp_path / "readme.txt").write_text("ignored in a folder", encoding="utf-8")
    report = load_paths([tmp_path])
    assert [i.id for i in report.instruments] == ["demo"]
    assert report.skipped_files() == (str(tmp_path / "bad.yaml"),)
    assert report.sources["demo"] == str(tmp_path / "good.yaml")


def test_the_same_instrument_id_in_two_files(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", minimal())
    write(tmp_path / "b.yaml", minimal())
    report = load_paths([tmp_path])
    assert len(report.instruments) == 1
    assert [str(p) for p in report.problems] == [
        f"{tmp_path / 'b.yaml'}: instrument id 'demo' is already used by {tmp_path / 'a.yaml'}; "
        "file skipped"
    ]


def test_an_agency_file_cannot_replace_a_builtin(tmp_path: Path) -> None:
    data = minimal(id="access")
    for entry in items_of(data):
        entry["id"] = entry["id"].replace("demo.", "access.")
    items_of(data)[1]["show_when"]["item"] = "access.has_phone"
    data["scales"][0]["items"] = [{"item": "access.phone_kind"}, {"item": "access.trouble"}]
    path = write(tmp_path / "access.yaml", data)
    report = load_all([path])
    assert report.sources["access"] == "built-in access.yaml"
    assert [str(p) for p in report.problems] == [
        f"{path}: instrument id 'access' is already used by built-in access.yaml; file skipped"
    ]


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    report = load_paths([tmp_path / "gone.yaml"])
    assert [str(p) for p in report.problems] == [f"{tmp_path / 'gone.yaml'}: no such file"]
