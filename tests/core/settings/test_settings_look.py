"""The worker's text size and high contrast: two settings added without a new file version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.errors import ReadinessError
from readiness.settings import (
    HIGH_CONTRAST_CHOICES,
    ORIGIN_DEFAULT,
    ORIGIN_FILE,
    SETTINGS_VERSION,
    Settings,
    load_settings,
    save_settings,
)

WRITTEN_BEFORE = {
    "version": 2,
    "default_locale": "es",
    "staff_initials": "MJ",
    "lock_after_minutes": 15,
}
"""A version 2 file saved by the app before it had the text size and contrast settings."""


def test_the_defaults_are_the_normal_size_and_following_the_system() -> None:
    assert Settings().text_size == 100
    assert Settings().high_contrast == "system"
    assert HIGH_CONTRAST_CHOICES == ("system", "on", "off")


def test_a_file_from_before_the_look_settings_reads_them_as_defaults_without_a_word(
    tmp_path: Path,
) -> None:
    """No migration step: the version stays 2 and nothing is reported as dropped."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(WRITTEN_BEFORE), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.problems == () and loaded.version == 2 == SETTINGS_VERSION
    assert loaded.settings == Settings(
        default_locale="es", staff_initials="MJ", lock_after_minutes=15
    )
    assert loaded.origins["text_size"] == loaded.origins["high_contrast"] == ORIGIN_DEFAULT


@pytest.mark.parametrize("size", [100, 125, 150, 175, 200, 130])
@pytest.mark.parametrize("contrast", HIGH_CONTRAST_CHOICES)
def test_the_look_is_saved_and_read_back(tmp_path: Path, size: int, contrast: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(WRITTEN_BEFORE), encoding="utf-8")
    before = load_settings(path).settings
    save_settings(Settings(**{**vars(before), "text_size": size, "high_contrast": contrast}), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == SETTINGS_VERSION
    assert (data["text_size"], data["high_contrast"]) == (size, contrast)
    loaded = load_settings(path)
    assert loaded.problems == ()
    assert (loaded.settings.text_size, loaded.settings.high_contrast) == (size, contrast)
    assert loaded.origins["text_size"] == loaded.origins["high_contrast"] == ORIGIN_FILE
    assert loaded.settings.staff_initials == "MJ"  # the rest is untouched


@pytest.mark.parametrize(
    ("name", "value"),
    [("text_size", 99), ("text_size", 201), ("text_size", 150.0), ("high_contrast", "dark")],
)
def test_a_look_outside_the_choices_is_refused_when_saving(
    tmp_path: Path, name: str, value: object
) -> None:
    path = tmp_path / "settings.json"
    with pytest.raises(ReadinessError, match=name):
        save_settings(Settings(**{name: value}), path)  # type: ignore[arg-type]
    assert not path.exists()


def test_a_bad_text_size_keeps_the_contrast_chosen(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"text_size": 400, "high_contrast": "on"}), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.text_size == 100 and loaded.settings.high_contrast == "on"
    problem = loaded.problem_with("text_size")
    assert problem is not None and "100" in problem.message and "200" in problem.message
