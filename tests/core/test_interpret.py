"""One interpretation: Settings plus explicit overrides give the files in force, in one place."""

from __future__ import annotations

from pathlib import Path

from readiness.interpret import Agency, Overrides, interpret, thresholds_in_force
from readiness.practice import personas
from readiness.settings import Settings

STRICT_VIDEO = """\
schema_version: 1
connection:
  video_basic: {download_mbps: 20, upload_mbps: 20, source: "Agency video policy (test)"}
  video_recommended: {download_mbps: 25, upload_mbps: 25, source: "Agency video policy (test)"}
  group_video: {download_mbps: 30, upload_mbps: 30, source: "Agency video policy (test)"}
"""


def test_settings_name_the_files_and_overrides_replace_them(tmp_path: Path) -> None:
    strict = tmp_path / "strict.yaml"
    strict.write_text(STRICT_VIDEO, encoding="utf-8")
    settings = Settings(thresholds_file=str(strict), agency_name="Centro Esperanza")
    from_settings = interpret(settings)
    assert from_settings.files.thresholds == strict
    assert from_settings.thresholds.connection["video_basic"].download_mbps == 20
    assert from_settings.agency == Agency(name="Centro Esperanza")
    built_in = interpret(settings, Overrides(thresholds_file=None, rules_files=()))
    assert built_in.files.thresholds == strict  # None in an override leaves Settings in force
    replaced = interpret(
        settings, Overrides(thresholds_file=tmp_path / "missing.yaml", agency=Agency("Other"))
    )
    assert replaced.thresholds.connection["video_basic"].download_mbps < 20
    assert any("missing.yaml" in warning for warning in replaced.warnings)
    assert replaced.agency.name == "Other"
    assert replaced.version != from_settings.version != interpret(Settings()).version


def test_device_checks_get_the_same_thresholds(tmp_path: Path) -> None:
    strict = tmp_path / "strict.yaml"
    strict.write_text(STRICT_VIDEO, encoding="utf-8")
    settings = Settings(thresholds_file=str(strict))
    thresholds, warnings = thresholds_in_force(settings)
    assert warnings == () and thresholds == interpret(settings).thresholds


def test_thresholds_that_break_the_rules_fall_back_to_the_built_ins(tmp_path: Path) -> None:
    """Video needing more than a group call makes the scoring steps out of order."""
    upside_down = tmp_path / "upside-down.yaml"
    upside_down.write_text(
        "schema_version: 1\nconnection:\n  video_basic: {download_mbps: 200, source: test}\n",
        encoding="utf-8",
    )
    interpretation = interpret(Settings(thresholds_file=str(upside_down)))
    assert interpretation.thresholds == interpret(Settings()).thresholds
    assert len(interpretation.warnings) == 1
    assert "upside-down.yaml" in interpretation.warnings[0]
    assert "built-in thresholds are used instead" in interpretation.warnings[0]
    document = personas()[0]
    assert interpretation.assess(document).channels  # it still interprets


def test_the_same_settings_give_the_same_verdicts() -> None:
    first, second = interpret(Settings()), interpret(Settings())
    for document in personas():
        assert first.assess(document) == second.assess(document)
