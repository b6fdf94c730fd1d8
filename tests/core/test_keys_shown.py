"""A key or id read from an agency file is shown escaped in its message, never as written.

Found by the fuzz harness's long run: a thresholds file with the key ``"\\n"`` gave a
warning on two lines; a questionnaire, rules or thresholds key holding an escape code
recoloured the terminal, and a text-direction change reordered the line.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.equity.loading import load_rules
from readiness.files import shown_key
from readiness.questionnaire.loader import load_file
from readiness.thresholds import builtin_thresholds, load_thresholds_with_fallback
from tests.core.fuzz.tally import plain_line

HOSTILE = "x\n\x1b[31mred\u202e"


def _access() -> dict[str, Any]:
    text = resources.files("readiness_questionnaires").joinpath("access.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _questionnaire_with(change: str) -> dict[str, Any]:
    data = _access()
    if change == "item id":
        data["sections"][0]["items"][0]["id"] = HOSTILE
    elif change == "condition":  # a condition's option: the problem quotes it
        shown_when = {"item": "access.phone_type", "any_of": [HOSTILE]}
        next(i for i in data["sections"][0]["items"] if "show_when" in i)["show_when"] = shown_when
    elif change == "answer set":
        data["answer_sets"] = {HOSTILE: [{"code": 1}]}
    else:
        data[HOSTILE] = 1
    return data


def said(door: str, path: Path) -> list[str]:
    if door.startswith("questionnaire"):
        path.write_text(yaml.safe_dump(_questionnaire_with(door.split(": ")[1])), "utf-8")
        return [str(problem) for problem in load_file(path)[1]]
    if door in ("rules: code", "rules: operator", "rules: removal"):
        when = {"fact": "phone_type", "eq": HOSTILE}  # a code: the message quotes it
        if door == "rules: operator":
            when = {"fact": "phone_type", HOSTILE: "none"}
        rule = {"id": "no_phone", "when": when}
        section: dict[str, Any] = {"channels": [{"id": "text", "rules": [rule]}]}
        if door == "rules: removal":
            section = {"catalogue": [{"id": "a", HOSTILE: {"remove": True, "x": 1}}]}
        rules = {"format": "readiness-rules", "schema_version": 1, **section}
        path.write_text(yaml.safe_dump(rules), "utf-8")
        return list(load_rules([path], thresholds=builtin_thresholds())[1])
    if door.startswith("rules"):
        section = {"catalogue": [{"id": HOSTILE}]} if door.endswith("entry") else {HOSTILE: 1}
        rules = {"format": "readiness-rules", "schema_version": 1, **section}
        path.write_text(yaml.safe_dump(rules), "utf-8")
        return list(load_rules([path], thresholds=builtin_thresholds())[1])
    path.write_text(yaml.safe_dump({"schema_version": 1, "connection": {HOSTILE: 0}}), "utf-8")
    return [load_thresholds_with_fallback(path)[1] or ""]


@pytest.mark.parametrize(
    "door",
    [
        "questionnaire: item id",
        "questionnaire: answer set",
        "questionnaire: unknown field",
        "questionnaire: condition",
        "rules: entry",
        "rules: section",
        "rules: code",
        "rules: operator",
        "rules: removal",
        "thresholds",
    ],
)
def test_a_hidden_character_in_a_key_is_shown_escaped(door: str, tmp_path: Path) -> None:
    messages = said(door, tmp_path / "agency.yaml")
    assert messages and all(message.startswith(str(tmp_path)) for message in messages)
    for message in messages:
        assert plain_line(message), repr(message)
        assert r"\x1b[31mred\u202e" in message  # still there to find, escaped


def test_a_plain_key_is_shown_as_it_is_and_a_long_one_cut_short() -> None:
    assert shown_key("video_basic") == "video_basic"
    assert shown_key("año") == "año"
    assert shown_key("status", quote=True) == "'status'"
    assert shown_key("k" * 5000) == repr("k" * 40) + "..."
    assert shown_key(3) == "3"
