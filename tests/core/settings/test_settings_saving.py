"""Saving settings: checked, versioned, atomic, and keeping what a newer version wrote."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.errors import ReadinessError
from readiness.settings import SETTINGS_VERSION, Settings, load_settings, save_settings
from readiness.settings import saving as saving_module


def read(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_saving_writes_the_version_and_every_field_normalised(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"  # the folder is made
    save_settings(Settings(staff_initials=" lq ", rules_files=("a.yaml", " ")), path)
    data = read(path)
    assert data["version"] == SETTINGS_VERSION
    assert data["staff_initials"] == "LQ" and data["rules_files"] == ["a.yaml"]
    loaded = load_settings(path)
    assert loaded.settings == Settings(staff_initials="LQ", rules_files=("a.yaml",))
    assert loaded.problems == () and loaded.version == SETTINGS_VERSION


def test_saving_keeps_unknown_keys_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    newer = {"hub": {"url": "https://hub.example/", "devices": [1, 2]}, "théme": None}
    path.write_text(json.dumps({"version": 1, "staff_initials": "AB", **newer}), "utf-8")
    save_settings(Settings(staff_initials="CD", backup_count=2), path)
    data = read(path)
    assert {key: data[key] for key in newer} == newer
    assert data["staff_initials"] == "CD" and data["backup_count"] == 2
    assert data["version"] == SETTINGS_VERSION


def test_saving_over_a_broken_file_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    save_settings(Settings(agency_name="Esperanza"), path)
    assert load_settings(path).settings == Settings(agency_name="Esperanza")


def test_a_kept_key_with_half_a_character_pair_is_written_escaped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"future": "\\ud800", "agency_name": "Año"}', encoding="utf-8")
    save_settings(Settings(agency_name="Año"), path)
    data = read(path)
    assert data["future"] == "\ud800" and data["agency_name"] == "Año"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_saved_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o644)
    save_settings(Settings(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("field", "value"),
    [("lock_after_minutes", 0), ("staff_initials", "123"), ("lock_after_minutes", "5")],
)
def test_a_bad_value_is_refused_naming_the_field_and_nothing_is_written(
    tmp_path: Path, field: str, value: object
) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"staff_initials": "AB"}', encoding="utf-8")
    with pytest.raises(ReadinessError, match=field):
        save_settings(Settings(**{field: value}), path)  # type: ignore[arg-type]
    assert read(path) == {"staff_initials": "AB"}
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(staff_initials="AB"), path)
    before = path.read_bytes()

    def no_space(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(saving_module.os, "fsync", no_space)
    with pytest.raises(ReadinessError, match=r"settings\.json.*No space left"):
        save_settings(Settings(staff_initials="CD"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"

    def interrupted(_source: object, _target: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(saving_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_settings(Settings(), path)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_made_is_one_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ReadinessError, match="could not be saved"):
        save_settings(Settings(), blocker / "settings.json")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(file=st.dictionaries(st.text(max_size=12), JSON, max_size=6))
def test_load_then_save_keeps_every_valid_field_and_every_unknown_key(
    tmp_path: Path, file: dict[str, object]
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(file), encoding="utf-8")
    loaded = load_settings(path)
    save_settings(loaded.settings, path)
    again = load_settings(path)
    assert again.settings == loaded.settings
    known = set(Settings.__dataclass_fields__) | {"version"}
    data = read(path)
    assert {k: v for k, v in data.items() if k not in known} == {
        k: v for k, v in file.items() if k not in known
    }
