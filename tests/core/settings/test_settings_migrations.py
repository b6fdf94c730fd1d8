"""Settings files of older formats brought up to the current one, each step on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from readiness.settings import SETTINGS_VERSION, Settings, load_settings
from readiness.settings.migrations import STEPS, Values, migrate, version_1_to_2


def test_every_version_before_the_current_one_has_a_step() -> None:
    assert sorted(STEPS) == list(range(1, SETTINGS_VERSION))


# -- 1 to 2: the lenient values version 1 accepted ---------------------------------------

V1_NUMBERS = ["10", " 10 ", "+10", "-2", "10.0", 10.0, True, False, 10, "9" * 30]
V1_NOT_NUMBERS = ["ten", "١٠", "0x10", "10.", 10.5, "", None, [10]]
V1_YES_NO = ["true", "True", "yes", "YES", "on", "1", 1, 0, 1.0, 0.0, "y", "t", "off"]
V1_YES_NO += ["no", "f", "n", "0", "false", True, False]
V1_NOT_YES_NO = [" yes", 2, "maybe", None, "", [True]]


@pytest.mark.parametrize("value", V1_NUMBERS + V1_NOT_NUMBERS, ids=repr)
def test_numbers_version_1_read_keep_their_value(value: object) -> None:
    """Version 1 read numbers as pydantic's lax mode did; the step gives the same numbers."""
    migrated = version_1_to_2({"lock_after_minutes": value, "agency_name": "10"})
    assert migrated["agency_name"] == "10"  # text settings were never converted
    try:
        expected: object = TypeAdapter(int).validate_python(value)
    except ValidationError:
        if value in V1_NOT_NUMBERS:
            assert migrated["lock_after_minutes"] == value  # left for the check to report
            return
        raise
    assert migrated["lock_after_minutes"] == expected
    assert type(migrated["lock_after_minutes"]) is int


@pytest.mark.parametrize("value", V1_YES_NO + V1_NOT_YES_NO, ids=repr)
def test_yes_and_no_version_1_read_keep_their_value(value: object) -> None:
    migrated = version_1_to_2({"allow_keychain": value})
    try:
        expected: object = TypeAdapter(bool).validate_python(value)
    except ValidationError:
        assert value in V1_NOT_YES_NO
        assert migrated["allow_keychain"] == value
        return
    assert migrated["allow_keychain"] is expected


def test_the_step_leaves_other_fields_and_unknown_keys_alone() -> None:
    values: Values = {"staff_initials": "ab", "rules_files": ["x"], "future": {"a": 1}}
    assert version_1_to_2(values) == values
    assert version_1_to_2({}) == {}


def test_a_version_1_file_written_by_hand_keeps_its_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"lock_after_minutes": "15", "backup_count": 3.0, "allow_keychain": "yes"})
    )
    loaded = load_settings(path)
    assert loaded.problems == ()
    assert loaded.settings == Settings(lock_after_minutes=15, backup_count=3, allow_keychain=True)


def test_a_version_2_file_is_read_strictly(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 2, "lock_after_minutes": "15"}))
    loaded = load_settings(path)
    assert loaded.settings.lock_after_minutes == 5
    assert [problem.field for problem in loaded.problems] == ["lock_after_minutes"]


# -- the chain -----------------------------------------------------------------------------


def test_steps_run_in_order_from_the_file_version_to_the_target() -> None:
    def rename(values: Values) -> Values:
        return {"b" if key == "a" else key: value for key, value in values.items()}

    def double(values: Values) -> Values:
        return {**values, "b": 2 * values["b"]} if isinstance(values.get("b"), int) else values

    steps = {1: rename, 2: double}
    assert migrate({"a": 4}, 1, to_version=3, steps=steps) == {"b": 8}
    assert migrate({"b": 4}, 2, to_version=3, steps=steps) == {"b": 8}
    assert migrate({"b": 4}, 3, to_version=3, steps=steps) == {"b": 4}
